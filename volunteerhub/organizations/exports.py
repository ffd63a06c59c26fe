"""`volunteerhub export posts --format csv|json|xlsx`: service posts with WGS-84 lat/lng.

The columns match `import posts`, so an export can be edited and imported elsewhere.
"""

import json

from volunteerhub.organizations.models import ServicePost

COLUMNS = ["id", "name", "kind", "address", "lat", "lng", "coord", "region_code", "region_name", "team",
           "services", "opening_hours", "opening_schedule", "contact_name", "contact_phone", "is_active"]


def posts_for(user):
    from volunteerhub.organizations.selectors import posts_managed_by

    qs = ServicePost.objects.all() if user is None else posts_managed_by(user=user)
    return qs.select_related("region", "team").order_by("pk")


def rows(*, user=None):
    for post in posts_for(user).iterator(chunk_size=1000):
        yield {
            "id": post.pk, "name": post.name, "kind": post.kind, "address": post.address,
            "lat": post.lat, "lng": post.lng, "coord": "wgs84", "region_code": post.region_id,
            "region_name": post.region.name, "team": post.team.name if post.team_id else "",
            "services": "、".join(post.services or []), "opening_hours": post.opening_hours,
            "opening_schedule": json.dumps(post.opening_schedule, ensure_ascii=False),
            "contact_name": post.contact_name, "contact_phone": post.contact_phone, "is_active": post.is_active,
        }

