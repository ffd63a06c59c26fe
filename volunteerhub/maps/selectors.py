"""What the map shows: nearest service posts, activities and needs, and every pin for the page.

All coordinates here are WGS-84; the API converts at the edge. Needs are searched and shown at
their public (for sensitive kinds, blurred) place, never at the true one.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from volunteerhub.activities import selectors as activity_selectors
from volunteerhub.geo.spatial import nearest
from volunteerhub.maps import index as warm_index
from volunteerhub.needs.models import Need
from volunteerhub.needs.selectors import band_m, need_public, needs_public, takes_calls_for
from volunteerhub.organizations.models import ServicePost
from volunteerhub.organizations.selectors import is_open_at, posts_public

KINDS = ("post", "activity", "need")
MAX_PINS = 5000


@dataclass(frozen=True)
class MapFilters:
    subtype: str | None = None  # post kind, activity kind or need kind
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    open_now: bool = False
    status: str | None = None


# What a post's map item is made of: read as plain values on the hot path (no model objects, no joins).
POST_ITEM_FIELDS = ("pk", "name", "lat", "lng", "kind", "opening_schedule", "address", "opening_hours", "services",
                    "contact_phone")
_POST_KIND_NAMES = dict(ServicePost.Kind.choices)


def post_item_from_values(row: dict, now: dt.datetime | None = None, status: str | None = None) -> dict:
    if status is None:
        status = "open" if is_open_at(row["opening_schedule"], now) else "closed"
    return {"id": row["pk"], "kind": "post", "name": row["name"], "lat": row["lat"], "lng": row["lng"],
            "subtype": row["kind"], "subtype_name": str(_POST_KIND_NAMES.get(row["kind"], row["kind"])),
            "status": status, "address": row["address"],
            "opening_hours": row["opening_hours"], "services": list(row["services"] or []), "phone": row["contact_phone"],
            "url": f"/map/posts/{row['pk']}/"}


def post_item(post: ServicePost, now: dt.datetime | None = None) -> dict:
    return post_item_from_values({name: getattr(post, name) for name in POST_ITEM_FIELDS}, now)


def activity_item(activity) -> dict:
    return {"id": activity.pk, "kind": "activity", "name": activity.title, "lat": activity.lat, "lng": activity.lng,
            "subtype": activity.kind, "subtype_name": activity.get_kind_display(), "status": activity.status,
            "address": activity.place, "starts_at": activity.starts_at.isoformat(),
            "ends_at": activity.ends_at.isoformat(), "seats_left": activity.seats_left,
            "url": f"/activities/{activity.pk}/"}


def need_item(need: Need) -> dict:
    public = need_public(need)
    return {"id": need.pk, "kind": "need", "name": public["kind_name"], "lat": public["lat"], "lng": public["lng"],
            "subtype": need.kind, "subtype_name": public["kind_name"], "status": need.status,
            "address": public["place"], "blurred": public["blurred"], "urgency": need.urgency,
            "starts_at": need.window_start.isoformat(), "ends_at": need.window_end.isoformat(),
            "handled_by": public["handled_by"], "url": f"/needs/{need.pk}/"}


def _posts(filters: MapFilters) -> QuerySet:
    qs = posts_public()
    return qs.filter(kind=filters.subtype) if filters.subtype else qs


def _activities(user, filters: MapFilters) -> QuerySet:
    qs = activity_selectors.activities_visible_to(user=user).exclude(status__in=["draft", "cancelled"])
    qs = activity_selectors.activities_filtered(qs, kind=filters.subtype, status=filters.status, date_from=filters.date_from,
                                       date_to=filters.date_to)
    if filters.open_now:
        now = timezone.now()
        qs = qs.filter(starts_at__lte=now, ends_at__gt=now)
    elif not filters.date_from and not filters.status:
        qs = qs.filter(ends_at__gt=timezone.now())  # what is still to come, unless asked otherwise
    return qs


def _needs(filters: MapFilters) -> QuerySet:
    qs = needs_public().prefetch_related("required_qualifications")
    if filters.subtype:
        qs = qs.filter(kind=filters.subtype)
    if filters.status:
        qs = qs.filter(status=filters.status)
    else:
        qs = qs.filter(status__in=["open", "matched", "in_progress"])
    if filters.date_from:
        qs = qs.filter(window_end__date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(window_start__date__lte=filters.date_to)
    if filters.open_now:
        now = timezone.now()
        qs = qs.filter(window_start__lte=now, window_end__gt=now)
    return qs


def _post_rows(pks: list) -> dict:
    return {row["pk"]: row for row in posts_public().select_related(None).order_by().filter(pk__in=pks)
            .values(*POST_ITEM_FIELDS)}


def _posts_from_index(lat, lng, k, radius_m, now) -> list[dict] | None:
    """The index's answer as map items; None when there is no index at the current version yet, or a post
    moved or closed after the version was read."""
    posts = warm_index.posts_index()
    if posts is None:
        return None
    found = posts.index.query_points(lat=lat, lng=lng, k=k, radius_m=radius_m)
    rows = posts.rows([hit[0] for hit in found], _post_rows)
    items = []
    for pk, distance, indexed_lat, indexed_lng in found:
        row = rows.get(pk)
        if row is None or row["lat"] != indexed_lat or row["lng"] != indexed_lng:
            return None
        items.append({**post_item_from_values(row, now), "distance_m": round(distance, 1)})
    return items


def map_nearest(*, user, kind: str, lat: float, lng: float, k: int = 10, radius_m: float | None = None,
                filters: MapFilters | None = None) -> list[dict]:
    """The k nearest of one kind to a WGS-84 point, as map items with distance_m, nearest first."""
    filters = filters or MapFilters()
    now = timezone.now()
    if kind == "post":
        if not filters.subtype and not filters.open_now:
            items = _posts_from_index(lat, lng, k, radius_m, now)
            if items is not None:
                return items
        accept = (lambda p: is_open_at(p.opening_schedule, now)) if filters.open_now else None
        hits = nearest(_posts(filters), lat=lat, lng=lng, k=k, radius_m=radius_m, accept=accept)
        return [{**post_item(h.obj, now), "distance_m": round(h.distance_m, 1)} for h in hits]
    if kind == "activity":
        return [{**activity_item(h.obj), "distance_m": round(h.distance_m, 1)}
                for h in nearest(_activities(user, filters), lat=lat, lng=lng, k=k, radius_m=radius_m)]
    if kind == "need":  # measured to the blurred point, and shown in bands
        hits = nearest(_needs(filters), lat=lat, lng=lng, k=k, radius_m=radius_m, cell_field="public_cell",
                       lat_field="public_lat", lng_field="public_lng")
        return [{**need_item(h.obj), "distance_m": band_m(h.distance_m)} for h in hits]
    raise ValueError(kind)


_SEAT_KINDS = (ServicePost.Kind.HEALTH_CENTER, ServicePost.Kind.STATION)


def township_labels() -> list[dict]:
    """Where to write each township's name on the offline map, WGS-84: at its health centre or station (the
    township seat, where such posts sit), else the middle of its posts. Townships with no post have no label."""
    rows = (posts_public().select_related(None).order_by("pk")
            .filter(Q(region__level="township") | Q(region__level="village", region__parent__level="township"))
            .values("lat", "lng", "kind", "region_id", "region__level", "region__name", "region__parent_id",
                    "region__parent__name"))
    seats: dict[str, dict] = {}
    for row in rows:
        is_township = row["region__level"] == "township"
        code = row["region_id"] if is_township else row["region__parent_id"]
        seat = seats.setdefault(code, {"code": code, "points": [], "seat": None,
                                       "name": row["region__name"] if is_township else row["region__parent__name"]})
        seat["points"].append((row["lat"], row["lng"]))
        if is_township and row["kind"] in _SEAT_KINDS and seat["seat"] is None:
            seat["seat"] = (row["lat"], row["lng"])
    return [{"code": s["code"], "name": s["name"], "lat": round(lat, 6), "lng": round(lng, 6)}
            for s in sorted(seats.values(), key=lambda s: s["code"]) for lat, lng in [s["seat"] or _middle(s["points"])]]


def _middle(points: list[tuple[float, float]]) -> tuple[float, float]:
    return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)


def map_pins(*, user, kinds: list[str], filters: MapFilters | None = None) -> list[dict]:
    """Every pin of the requested kinds for the map page (capped), WGS-84."""
    filters = filters or MapFilters()
    items: list[dict] = []
    now = timezone.now()
    if "post" in kinds:
        for post in _posts(filters)[:MAX_PINS]:
            if not filters.open_now or is_open_at(post.opening_schedule, now):
                items.append(post_item(post, now))
    if "activity" in kinds:
        items.extend(activity_item(a) for a in _activities(user, filters).order_by("starts_at")[:MAX_PINS])
    if "need" in kinds:
        need_items = []
        for need in _needs(filters).select_related("region").order_by("-urgency", "window_end")[:MAX_PINS]:
            item = need_item(need)
            if takes_calls_for(user, need.region):  # those who handle it see who is vulnerable, no one else
                item["first"] = need.priority > 0
            need_items.append(item)
        items.extend(sorted(need_items, key=lambda i: (-i["urgency"], not i.get("first", False))))  # stable
    return items
