"""Writes for service posts: every location change goes through here so `cell` is always kept."""

import json
import re

from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy, pgettext_lazy

from volunteerhub.regions.scope import can_manage_region
from volunteerhub.audit.services import audit_record
from volunteerhub.geo.coords import SYSTEMS, to_wgs84
from volunteerhub.core.errors import PermissionDenied, ValidationFailed
from volunteerhub.geo.sphere import validate_lat_lng
from volunteerhub.geo.spatial import cell_for
from volunteerhub.core.versions import POSTS, version_bump
from volunteerhub.organizations.models import ServicePost, Team
from volunteerhub.regions.models import Region

_DAY_NAMES = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6,
              "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
_TIME = r"([01]?\d|2[0-4]):([0-5]\d)"
_RANGE = re.compile(_TIME + r"\s*[-–~至到]\s*" + _TIME)
_DAYS = re.compile(r"(?:周|星期|礼拜)?([一二三四五六日天]|mon|tue|wed|thu|fri|sat|sun)[a-z]*\s*(?:[-–~至到]\s*"
                   r"(?:周|星期|礼拜)?([一二三四五六日天]|mon|tue|wed|thu|fri|sat|sun)[a-z]*)?", re.IGNORECASE)
ALL_DAYS = list(range(7))


def parse_opening_hours(text: str) -> list[dict]:
    """'周一至周五 08:00-17:30；周六 08:00-12:00' (or JSON, or '全天') -> the structured schedule.

    Raises ValueError with a bilingual Text when the text cannot be read.
    """
    text = (text or "").strip()
    if not text:
        return []
    if text.startswith("["):
        try:
            return validate_schedule(json.loads(text))
        except json.JSONDecodeError:
            raise ValueError(gettext_lazy("opening hours are not valid JSON")) from None
    if text in {"全天", "24小时", "24h", "24/7", "always"}:
        return [{"days": ALL_DAYS, "open": "00:00", "close": "24:00"}]
    schedule = []
    for part in re.split(r"[;；\n]", text):
        part = part.strip()
        if not part:
            continue
        times = _RANGE.findall(part)
        if not times:
            if re.search(r"全天|24小时", part):
                times = [("0", "00", "24", "00")]
            else:
                raise ValueError(format_lazy(gettext_lazy("cannot read opening hours '{part}'"), part=part))
        days_text = _RANGE.sub("", part)
        days = _parse_days(days_text)
        for h1, m1, h2, m2 in times:
            schedule.append({"days": days, "open": f"{int(h1):02d}:{m1}", "close": f"{int(h2):02d}:{m2}"})
    return validate_schedule(schedule)


def _parse_days(text: str) -> list[int]:
    text = text.strip(" ,，、:：")
    if not text or re.search(r"每天|全天|daily|every", text, re.IGNORECASE):
        return ALL_DAYS
    days: set[int] = set()
    for first, last in _DAYS.findall(text):
        start = _DAY_NAMES[first.lower()[:3] if first.isascii() else first]
        if not last:
            days.add(start)
            continue
        end = _DAY_NAMES[last.lower()[:3] if last.isascii() else last]
        day = start
        while True:
            days.add(day)
            if day == end:
                break
            day = (day + 1) % 7
    if not days:
        raise ValueError(format_lazy(gettext_lazy("cannot read the days '{text}'"), text=text))
    return sorted(days)


def validate_schedule(schedule) -> list[dict]:
    """Check a structured schedule: [{"days": [0..6], "open": "HH:MM", "close": "HH:MM"}], Monday = 0."""
    problem = ValueError(gettext_lazy("schedule must be [{days: [0-6], open: HH:MM, close: HH:MM}]"))
    if not isinstance(schedule, list):
        raise problem
    cleaned = []
    for slot in schedule:
        if not isinstance(slot, dict) or not isinstance(slot.get("days"), list):
            raise problem
        days = slot["days"]
        if not days or not all(isinstance(d, int) and 0 <= d <= 6 for d in days):
            raise problem
        opens, closes = str(slot.get("open", "")), str(slot.get("close", ""))
        if not (re.fullmatch(_TIME, opens) and re.fullmatch(_TIME, closes)) or opens > "24:00" or closes > "24:00":
            raise problem
        opens, closes = _hhmm(opens), _hhmm(closes)
        if opens == closes:
            raise problem
        cleaned.append({"days": sorted(set(days)), "open": opens, "close": closes})
    return cleaned


def _hhmm(value: str) -> str:
    hours, minutes = value.split(":")
    return f"{int(hours):02d}:{minutes}"


def clean_post_fields(data: dict, problems: dict) -> dict:
    """Validate the fields of a service post (shared by the services and the bulk import)."""
    def add(name, message):
        problems.setdefault(name, []).append(message)

    cleaned: dict = {}
    if "name" in data:
        cleaned["name"] = (data["name"] or "").strip()
        if not 2 <= len(cleaned["name"]) <= 128:
            add("name", gettext_lazy("must be 2 to 128 characters"))
    if "kind" in data:
        cleaned["kind"] = (data["kind"] or "").strip()
        if cleaned["kind"] not in ServicePost.Kind.values:
            add("kind", format_lazy(pgettext_lazy("variant-d6cfffc7", "one of {join}"), join=', '.join(ServicePost.Kind.values)))
    if "address" in data:
        cleaned["address"] = (data["address"] or "").strip()[:255]
    if "region_code" in data:
        cleaned["region"] = Region.objects.filter(code=(data["region_code"] or "").strip()).first()
        if cleaned["region"] is None:
            add("region_code", gettext_lazy("no region has this code"))
    if "lat" in data or "lng" in data:
        coord = (data.get("coord") or "wgs84").strip().lower()
        lat, lng = data.get("lat"), data.get("lng")
        if coord not in SYSTEMS:
            add("coord", gettext_lazy("must be wgs84, gcj02 or bd09"))
        elif not validate_lat_lng(lat, lng):
            add("lat", pgettext_lazy("variant-af4590db", "lat and lng must come together and be in range"))
        else:
            cleaned["lat"], cleaned["lng"] = (round(v, 7) for v in to_wgs84(lat, lng, coord))
            cleaned["cell"] = cell_for(cleaned["lat"], cleaned["lng"])
    if "opening_hours" in data:
        cleaned["opening_hours"] = (data["opening_hours"] or "").strip()[:255]
        if "opening_schedule" not in data:
            try:
                cleaned["opening_schedule"] = parse_opening_hours(cleaned["opening_hours"])
            except ValueError as exc:
                problems.setdefault("opening_hours", []).append(exc.args[0])
    if "opening_schedule" in data:
        try:
            cleaned["opening_schedule"] = validate_schedule(data["opening_schedule"] or [])
        except ValueError as exc:
            problems.setdefault("opening_schedule", []).append(exc.args[0])
    if "services" in data:
        services = data["services"] or []
        if isinstance(services, str):
            services = re.split(r"[、,，;；|]", services)
        cleaned["services"] = [s.strip() for s in services if isinstance(s, str) and s.strip()][:30]
    for key in ("contact_name", "contact_phone"):
        if key in data:
            cleaned[key] = (data[key] or "").strip()[:64 if key == "contact_name" else 20]
    if "is_active" in data:
        cleaned["is_active"] = bool(data["is_active"])
    if "team" in data:
        cleaned["team"] = data["team"]
    return cleaned


def _check_manager(actor, region) -> None:
    if actor is not None and not can_manage_region(actor, region):
        raise PermissionDenied(gettext_lazy("You may manage service posts only in your own region"))


@transaction.atomic
def service_post_create(*, name: str, kind: str, region_code: str, lat: float, lng: float, coord: str = "wgs84",
                        address: str = "", team: Team | None = None, opening_hours: str = "",
                        opening_schedule: list | None = None, services: list[str] | str | None = None,
                        contact_name: str = "", contact_phone: str = "", actor=None) -> ServicePost:
    """Register a service post; `actor` None means the system (imports, demo)."""
    problems: dict = {}
    data = {"name": name, "kind": kind, "region_code": region_code, "lat": lat, "lng": lng, "coord": coord,
            "address": address, "opening_hours": opening_hours, "services": services,
            "contact_name": contact_name, "contact_phone": contact_phone}
    if opening_schedule is not None:
        data["opening_schedule"] = opening_schedule
    cleaned = clean_post_fields(data, problems)
    if problems:
        raise ValidationFailed(problems)
    _check_manager(actor, cleaned["region"])
    post = ServicePost.objects.create(team=team, **cleaned)
    version_bump(POSTS)  # the map's index follows, in every process
    audit_record(action="create", target_type="service_post", target_id=post.pk, region=post.region, actor=actor,
                 changes={"name": post.name, "kind": post.kind, "lat": post.lat, "lng": post.lng})
    return post


@transaction.atomic
def service_post_update(*, post: ServicePost, changes: dict, actor=None) -> ServicePost:
    """Change a post; a new location (in any coordinate system) recomputes its cell."""
    _check_manager(actor, post.region)
    problems: dict = {}
    if ("lat" in changes) != ("lng" in changes):
        changes = {"lat": post.lat, "lng": post.lng, "coord": "wgs84", **changes}
    cleaned = clean_post_fields(changes, problems)
    if problems:
        raise ValidationFailed(problems)
    if "region" in cleaned:
        _check_manager(actor, cleaned["region"])
    for key, value in cleaned.items():
        setattr(post, key, value)
    if cleaned:
        post.save(update_fields=[*cleaned.keys(), "updated_at"])
        version_bump(POSTS)  # the map's index follows, in every process
    audit_record(action="update", target_type="service_post", target_id=post.pk, region=post.region, actor=actor,
                 changes={k: (v.pk if isinstance(v, (Region, Team)) else v) for k, v in cleaned.items()})
    return post
