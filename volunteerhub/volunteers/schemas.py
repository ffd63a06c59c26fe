from ninja import Field, Schema


class QualificationOut(Schema):
    code: str
    name: str


class VolunteerOut(Schema):
    id: int
    volunteer_number: str
    name: str
    id_number_masked: str
    gender: str
    birth_date: str
    phone_masked: str
    region_code: str
    region_name: str
    team: str | None
    skills: list[str]
    qualifications: list[QualificationOut]
    home_lat: float | None = Field(None, description="WGS-84")
    home_lng: float | None = Field(None, description="WGS-84")
    channel: str
    show_name_publicly: bool


def volunteer_out(volunteer) -> dict:
    from volunteerhub.core.masking import mask_phone

    return {
        "id": volunteer.pk,
        "volunteer_number": volunteer.volunteer_number,
        "name": volunteer.name,
        "id_number_masked": volunteer.id_number_masked,
        "gender": volunteer.gender,
        "birth_date": volunteer.birth_date.isoformat(),
        "phone_masked": mask_phone(volunteer.user.phone),
        "region_code": volunteer.region_id,
        "region_name": volunteer.region.name,
        "team": volunteer.team.name if volunteer.team_id else None,
        "skills": volunteer.skills,
        "qualifications": [{"code": q.code, "name": q.name} for q in volunteer.qualifications.all()],
        "home_lat": volunteer.home_lat,
        "home_lng": volunteer.home_lng,
        "channel": volunteer.channel,
        "show_name_publicly": volunteer.show_name_publicly,
    }
