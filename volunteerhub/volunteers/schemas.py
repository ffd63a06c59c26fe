from ninja import Field, Schema

from volunteerhub.core.masking import mask_phone
from volunteerhub.volunteers.selectors import may_see_identity


class QualificationOut(Schema):
    code: str
    name: str


class HeldQualificationOut(Schema):
    code: str
    name: str
    verified: bool = Field(..., description="verified by an organiser or administrator: only these open gated work")


class VolunteerOut(Schema):
    id: int
    volunteer_number: str
    name: str
    id_number_masked: str
    gender: str | None = Field(None, description="only to the volunteer and to roles that may see clear ID numbers")
    birth_date: str | None = Field(None, description="as gender")
    phone_masked: str = Field(..., description="the person's own mobile, their login, masked; empty for someone "
                                               "registered on their behalf who has none yet")
    contact_phone_masked: str = Field("", description="a contact phone (a family member's, the village clinic's), "
                                                      "masked; not a login, several people may share it")
    contact_name: str = Field("", description="whose contact phone it is (女儿, 村卫生室)")
    has_login: bool = Field(True, description="whether the person signs in themself (own mobile and password); "
                                              "false until an account registered on their behalf is claimed")
    region_code: str
    region_name: str
    team: str | None
    skills: list[str]
    qualifications: list[HeldQualificationOut]
    home_lat: float | None = Field(None, description="WGS-84")
    home_lng: float | None = Field(None, description="WGS-84")
    channel: str
    show_name_publicly: bool


def volunteer_out(volunteer, *, viewer) -> dict:
    """The volunteer as the viewer may see them: a masked ID number is never completed by a birth date and a
    gender beside it for someone who may not see the clear number."""
    identity = may_see_identity(viewer=viewer, volunteer=volunteer)
    return {
        "id": volunteer.pk,
        "volunteer_number": volunteer.volunteer_number,
        "name": volunteer.name,
        "id_number_masked": volunteer.id_number_masked,
        "gender": volunteer.gender if identity else None,
        "birth_date": volunteer.birth_date.isoformat() if identity else None,
        "phone_masked": mask_phone(volunteer.user.phone),
        "contact_phone_masked": volunteer.contact_phone_masked,
        "contact_name": volunteer.contact_name,
        "has_login": volunteer.user.has_login,
        "region_code": volunteer.region_id,
        "region_name": volunteer.region.name,
        "team": volunteer.team.name if volunteer.team_id else None,
        "skills": volunteer.skills,
        "qualifications": [{"code": held.qualification_id, "name": held.qualification.name,
                            "verified": held.verified_at is not None}
                           for held in volunteer.volunteerqualification_set.all()],
        "home_lat": volunteer.home_lat,
        "home_lng": volunteer.home_lng,
        "channel": volunteer.channel,
        "show_name_publicly": volunteer.show_name_publicly,
    }
