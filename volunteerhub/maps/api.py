import datetime as dt
from typing import Any

from django.http import HttpResponse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy
from ninja import Router
from pydantic import BaseModel, Field

from volunteerhub.accounts.auth import optional_user
from volunteerhub.geo.coords import SYSTEMS, WGS84, from_wgs84, to_wgs84
from volunteerhub.core.errors import ValidationFailed
from volunteerhub.maps import selectors
from volunteerhub.maps.navigation import navigation_links
from volunteerhub.organizations.selectors import service_post_get
from volunteerhub.regions.loader import boundaries_geojson

router = Router(tags=["map"])
MAX_K = 200


class NavigateLink(BaseModel):
    app: str = Field(..., description="amap | baidu | tencent")
    label: str
    url: str = Field(..., description="the app's URI API link, in its own coordinate system (GCJ-02, BD-09)")


class MapItem(BaseModel):
    id: int
    kind: str = Field(..., description="post | activity | need")
    name: str
    lat: float = Field(..., description="in the caller's coordinate system (coord)")
    lng: float
    distance_m: float | None = Field(None, description="great-circle metres from the query point")
    subtype: str
    subtype_name: str
    status: str
    address: str = ""
    url: str
    extra: dict[str, Any] = Field(default_factory=dict, description="kind-specific fields")
    navigate: list[NavigateLink] = Field(default_factory=list, description="'navigate here' links (posts and "
                                         "needs, from /map/nearest and /map/posts/{id}; a need at its public place)")


class NearestOut(BaseModel):
    coord: str
    items: list[MapItem]


class PinsOut(BaseModel):
    coord: str
    items: list[MapItem]


def _check_common(*, coord: str, kind: str | None = None, k: int | None = None, radius_m: float | None = None,
                  lat: float | None = None, lng: float | None = None) -> dict:
    problems: dict = {}
    if coord not in SYSTEMS:
        problems["coord"] = [gettext_lazy("must be wgs84, gcj02 or bd09")]
    if kind is not None and kind not in selectors.KINDS:
        problems["kind"] = [gettext_lazy("must be post, activity or need")]
    if lat is not None and not -90 <= lat <= 90:
        problems["lat"] = [gettext_lazy("latitude must be between -90 and 90")]
    if lng is not None and not -180 <= lng <= 180:
        problems["lng"] = [gettext_lazy("longitude must be between -180 and 180")]
    if k is not None and not 1 <= k <= MAX_K:
        problems["k"] = [format_lazy(gettext_lazy("k must be 1 to {MAX_K}"), MAX_K=MAX_K)]
    if radius_m is not None and not 0 < radius_m <= 20_000_000:
        problems["radius_m"] = [gettext_lazy("radius must be positive metres")]
    return problems


def _filters(kind: str | None, *, activity_kind, post_kind, need_kind, date_from, date_to, open_now, status):
    problems = {}
    if date_from and date_to and date_to < date_from:
        problems["date_to"] = [gettext_lazy("must not be before date_from")]
    subtype = {"activity": activity_kind, "post": post_kind, "need": need_kind}.get(kind or "", None)
    return selectors.MapFilters(subtype=subtype or None, date_from=date_from, date_to=date_to,
                                open_now=open_now, status=status or None), problems


_BASE_KEYS = frozenset(MapItem.model_fields) - {"extra"}


def _out(item: dict, coord: str) -> dict:
    """A map item in the caller's coordinate system, kind-specific fields under `extra`."""
    lat, lng = item["lat"], item["lng"]
    if coord != WGS84:
        lat, lng = from_wgs84(lat, lng, coord)
    return {"id": item["id"], "kind": item["kind"], "name": item["name"], "lat": round(lat, 7), "lng": round(lng, 7),
            "distance_m": item.get("distance_m"), "subtype": item["subtype"], "subtype_name": item["subtype_name"],
            "status": item["status"], "address": item.get("address") or "", "url": item["url"],
            "extra": {k: v for k, v in item.items() if k not in _BASE_KEYS}, "navigate": item.get("navigate", [])}


def _navigable(item: dict) -> dict:
    """The item with its 'navigate here' links (from the WGS-84 point, before any conversion)."""
    if item["kind"] in ("post", "need"):
        return {**item, "navigate": navigation_links(name=item["name"], lat=item["lat"], lng=item["lng"])}
    return item


@router.get("/map/nearest", response=NearestOut, summary="Nearest service posts, activities or needs")
def map_nearest(request, lat: float, lng: float, coord: str = "wgs84", kind: str = "post", k: int = 10,
                radius_m: float | None = None, activity_kind: str | None = None, post_kind: str | None = None,
                need_kind: str | None = None, date_from: dt.date | None = None, date_to: dt.date | None = None,
                open_now: bool = False, status: str | None = None):
    """`lat`/`lng` in `coord` (wgs84, gcj02 for WeChat/AMap/Tencent, bd09 for Baidu); the answer uses the
    same system. Sorted by great-circle `distance_m`. Needs of sensitive kinds are shown (and measured)
    at a blurred place only. Filters: `activity_kind`, `post_kind`, `need_kind`, `date_from`/`date_to`,
    `open_now` (posts by their opening schedule, Asia/Shanghai time; activities and needs happening now)."""
    problems = _check_common(coord=coord, kind=kind, k=k, radius_m=radius_m, lat=lat, lng=lng)
    filters, more = _filters(kind, activity_kind=activity_kind, post_kind=post_kind, need_kind=need_kind,
                             date_from=date_from, date_to=date_to, open_now=open_now, status=status)
    problems.update(more)
    if problems:
        raise ValidationFailed(problems)
    w_lat, w_lng = to_wgs84(lat, lng, coord)
    user = optional_user(request) if kind == "activity" else None  # only activities depend on who asks
    items = selectors.map_nearest(user=user, kind=kind, lat=w_lat, lng=w_lng, k=k, radius_m=radius_m,
                                  filters=filters)
    return {"coord": coord, "items": [_out(_navigable(item), coord) for item in items]}


@router.get("/map/pins", response=PinsOut, summary="Every pin for the map page")
def map_pins(request, coord: str = "wgs84", kinds: str = "post,activity,need", activity_kind: str | None = None,
             post_kind: str | None = None, need_kind: str | None = None, date_from: dt.date | None = None,
             date_to: dt.date | None = None, open_now: bool = False):
    wanted = [k.strip() for k in kinds.split(",") if k.strip()]
    problems = _check_common(coord=coord)
    if not wanted or any(k not in selectors.KINDS for k in wanted):
        problems["kinds"] = [gettext_lazy("a comma list of post, activity, need")]
    if problems:
        raise ValidationFailed(problems)
    items = []
    for kind in wanted:
        filters, _ = _filters(kind, activity_kind=activity_kind, post_kind=post_kind, need_kind=need_kind,
                              date_from=date_from, date_to=date_to, open_now=open_now, status=None)
        items.extend(selectors.map_pins(user=optional_user(request), kinds=[kind], filters=filters))
    return {"coord": coord, "items": [_out(item, coord) for item in items]}


@router.get("/map/boundaries", summary="Binzhou's city and county boundaries (GeoJSON, WGS-84): the offline basemap")
def map_boundaries(request):
    response = HttpResponse(boundaries_geojson(), content_type="application/geo+json; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@router.get("/map/posts/{post_id}", response=MapItem, summary="One service post")
def map_post(request, post_id: int, coord: str = "wgs84"):
    problems = _check_common(coord=coord)
    if problems:
        raise ValidationFailed(problems)
    return _out(_navigable(selectors.post_item(service_post_get(post_id=post_id))), coord)
