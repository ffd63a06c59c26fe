from django.utils import timezone

from volunteerhub.core.masking import mask_phone
from volunteerhub.volunteers.models import Volunteer, VolunteerQualification
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



# --- the credentials register: every credential a volunteer declared, its number, validity and verification -----

CREDENTIAL_COLUMNS = ["volunteer_number", "name", "id_number_masked", "region_code", "region_name", "qualification",
                      "qualification_name", "number", "valid_until", "status", "valid_today", "verified_at",
                      "verified_by", "rejected_at", "reject_reason"]


def credentials_for(user):
    from volunteerhub.regions.scope import in_reach

    qs = VolunteerQualification.objects.select_related("volunteer__region", "qualification", "verified_by")
    return (qs if user is None else in_reach(qs, user, region_field="volunteer__region")).order_by("volunteer_id", "pk")


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S") if value else ""


def credential_rows(*, user=None):
    """One row per credential, in the user's reach; the ID number masked as in every export."""
    today = timezone.localdate()
    for c in credentials_for(user).iterator(chunk_size=1000):
        v = c.volunteer
        yield {
            "volunteer_number": v.volunteer_number, "name": v.name, "id_number_masked": v.id_number_masked,
            "region_code": v.region_id, "region_name": v.region.name, "qualification": c.qualification_id,
            "qualification_name": c.qualification.name, "number": c.number,
            "valid_until": c.valid_until.isoformat() if c.valid_until else "", "status": c.status,
            "valid_today": "yes" if c.valid_on(today) else "no", "verified_at": _when(c.verified_at),
            "verified_by": c.verified_by.display_name if c.verified_by_id else "", "rejected_at": _when(c.rejected_at),
            "reject_reason": c.reject_reason,
        }
