from volunteerhub.core.masking import mask_phone
from volunteerhub.volunteers.models import Volunteer
from volunteerhub.volunteers.selectors import may_see_clear_ids

COLUMNS = ["volunteer_number", "name", "id_number_masked", "gender", "birth_date", "phone_masked",
           "region_code", "region_name", "team", "qualifications", "skills", "channel", "registered_at"]


def volunteers_for(user):
    from volunteerhub.volunteers.selectors import volunteers_visible_to

    qs = Volunteer.objects.all() if user is None else volunteers_visible_to(user=user)
    return qs.select_related("region", "team", "user").prefetch_related("qualifications").order_by("pk")


def rows(*, user=None):
    identity = may_see_clear_ids(user)  # a masked ID number is never completed by the birth date and gender
    for v in volunteers_for(user).iterator(chunk_size=1000):
        yield {
            "volunteer_number": v.volunteer_number, "name": v.name, "id_number_masked": v.id_number_masked,
            "gender": v.gender if identity else "", "birth_date": v.birth_date.isoformat() if identity else "", "phone_masked": mask_phone(v.user.phone),
            "region_code": v.region_id, "region_name": v.region.name, "team": v.team.name if v.team_id else "",
            "qualifications": [q.code for q in v.qualifications.all()], "skills": v.skills,
            "channel": v.channel, "registered_at": v.created_at.isoformat(),
        }

