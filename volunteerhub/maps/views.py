from django.conf import settings
from django.shortcuts import render

from volunteerhub.geo.coords import SYSTEMS
from volunteerhub.maps import selectors
from volunteerhub.needs.models import NeedKind
from volunteerhub.organizations.models import ServicePost
from volunteerhub.organizations.selectors import service_post_get


def _float(value, low, high):
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


def _activity_kinds():
    try:
        from volunteerhub.activities.models import Kind

        return Kind.choices
    except ImportError:
        return []


def map_page(request):
    """The map, with a list sorted by distance underneath (from ?lat=&lng= or the city centre)."""
    lat, lng = _float(request.GET.get("lat"), -90, 90), _float(request.GET.get("lng"), -180, 180)
    located = lat is not None and lng is not None
    if not located:
        lat, lng = settings.MAP_CENTER
    kind = request.GET.get("kind") if request.GET.get("kind") in selectors.KINDS else "post"
    items = selectors.map_nearest(user=request.user if request.user.is_authenticated else None, kind=kind,
                                  lat=lat, lng=lng, k=20)
    for item in items:
        item["distance_km"] = round(item["distance_m"] / 1000, 1)
    tile_coord = settings.MAP_TILE_COORD if settings.MAP_TILE_COORD in SYSTEMS else "wgs84"
    return render(request, "maps/map.html", {
        "items": items, "kind": kind, "located": located, "lat": lat, "lng": lng,
        "tile_url": settings.MAP_TILE_URL, "tile_coord": tile_coord, "center": settings.MAP_CENTER,
        "post_kinds": ServicePost.Kind.choices, "activity_kinds": _activity_kinds(), "need_kinds": NeedKind.choices,
    })


def post_page(request, post_id: int):
    post = service_post_get(post_id=post_id)
    return render(request, "maps/post.html", {"post": post, "item": selectors.post_item(post)})
