from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from volunteerhub.maps import basemaps, selectors
from volunteerhub.maps.navigation import navigation_links
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


GROUPS = (("post", gettext_lazy("Service posts"), 10), ("activity", gettext_lazy("Activities"), 5),
          ("need", gettext_lazy("Residents' needs"), 5))


def _with_distance_and_links(item: dict) -> dict:
    item["distance_km"] = round(item["distance_m"] / 1000, 1)
    if item["kind"] in ("post", "need"):  # a need's item is at its public (blurred) place
        item["navigate"] = navigation_links(name=item["name"], lat=item["lat"], lng=item["lng"])
    return item


def map_page(request):
    """The map, with lists by distance underneath (from ?lat=&lng= or the city centre): service posts first, then
    activities, then needs; ?kind= lists one kind only."""
    lat, lng = _float(request.GET.get("lat"), -90, 90), _float(request.GET.get("lng"), -180, 180)
    located = lat is not None and lng is not None
    if not located:
        lat, lng = settings.MAP_CENTER
    kind = request.GET.get("kind") if request.GET.get("kind") in selectors.KINDS else None
    user = request.user if request.user.is_authenticated else None
    groups = [{"kind": name, "title": title,
               "items": [_with_distance_and_links(item) for item in
                         selectors.map_nearest(user=user, kind=name, lat=lat, lng=lng, k=20 if kind else k)]}
              for name, title, k in GROUPS if kind in (None, name)]
    offered = basemaps.basemaps()
    return render(request, "maps/map.html", {
        "groups": groups, "kind": kind, "located": located, "lat": lat, "lng": lng, "center": settings.MAP_CENTER,
        "basemaps": offered, "basemap_key_missing": basemaps.key_missing(), "townships": selectors.township_labels(),
        "post_kinds": ServicePost.Kind.choices, "activity_kinds": _activity_kinds(), "need_kinds": NeedKind.choices,
    })


def post_page(request, post_id: int):
    post = service_post_get(post_id=post_id)
    return render(request, "maps/post.html", {"post": post, "item": selectors.post_item(post),
                                              "navigate": navigation_links(name=post.name, lat=post.lat, lng=post.lng)})
