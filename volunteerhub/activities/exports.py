from volunteerhub.accounts.phones import mask_contact_phone
from volunteerhub.core.masking import mask_phone

ROSTER_COLUMNS = ["signup_id", "volunteer_id", "volunteer_number", "name", "phone_masked", "status", "position",
                  "checked_in_at", "checked_out_at", "checkin_method", "rating", "rating_note", "rated_at"]
ACTIVITY_COLUMNS = ["id", "title", "kind", "setting", "status", "team", "region_code", "place", "lat", "lng",
                    "starts_at", "ends_at", "capacity", "confirmed_count", "waitlist_count", "people_served"]


def roster_rows(*, activity):
    from volunteerhub.activities.selectors import roster, waitlist_rank

    for s in roster(activity=activity):
        yield {"signup_id": s.pk, "volunteer_id": s.volunteer_id, "volunteer_number": s.volunteer.volunteer_number,
               "name": s.volunteer.name, "phone_masked": mask_phone(s.volunteer.user.phone) if s.volunteer.user.phone
               else mask_contact_phone(s.volunteer.contact_phone), "status": s.status,
               "position": waitlist_rank(s), "checked_in_at": s.checked_in_at, "checked_out_at": s.checked_out_at,
               "checkin_method": s.checkin_method, "rating": s.rating,
               "rating_note": s.rating_note, "rated_at": s.rated_at}


def activities_for(user):
    from volunteerhub.activities.models import Activity
    from volunteerhub.activities.selectors import activities_visible_to

    qs = Activity.objects.all() if user is None else activities_visible_to(user=user)
    return qs.select_related("team").order_by("pk")


def activity_rows(*, user=None):
    for a in activities_for(user).iterator(chunk_size=1000):
        yield {"id": a.pk, "title": a.title, "kind": a.kind, "setting": a.setting, "status": a.status,
               "team": a.team.name, "region_code": a.region_id, "place": a.place, "lat": a.lat, "lng": a.lng,
               "starts_at": a.starts_at.isoformat(), "ends_at": a.ends_at.isoformat(), "capacity": a.capacity,
               "confirmed_count": a.confirmed_count, "waitlist_count": a.waitlist_count,
               "people_served": a.people_served}

