"""Writes for needs: posting, the lifecycle open -> matched -> in_progress -> done -> rated, and
cancelled/expired. Every status change is a conditional UPDATE on the expected status, so two
volunteers accepting at once cannot both win."""

import datetime as dt
import logging

import h3
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy, pgettext_lazy

from volunteerhub.accounts.models import Role, User
from volunteerhub.regions.scope import can_manage_region
from volunteerhub.audit.services import audit_record
from volunteerhub.geo.coords import SYSTEMS, to_wgs84
from volunteerhub.core.errors import Conflict, PermissionDenied, ValidationFailed
from volunteerhub.core.i18n import in_language
from volunteerhub.core.throttle import rate_limit
from volunteerhub.core.versions import FIGURES, version_bump
from volunteerhub.geo.sphere import validate_lat_lng
from volunteerhub.core.masking import mask_in_text
from volunteerhub.geo.spatial import cell_for
from volunteerhub.hours.services import ledger_record_home_service
from volunteerhub.needs.models import (SENSITIVE_KIND_QUALIFICATION, Need, NeedEvent, NeedKind, NeedStatus,
                                      Urgency, Vulnerability)
from volunteerhub.needs import deadlines
from volunteerhub.needs.selectors import handler_label, takes_calls_for
from volunteerhub.notifications.services import notify, text_number
from volunteerhub.regions.models import Region
from volunteerhub.volunteers.models import Qualification, Volunteer
from volunteerhub.volunteers.selectors import verified_codes

logger = logging.getLogger(__name__)
MAX_WINDOW = dt.timedelta(days=60)


# --- blurring ---------------------------------------------------------------------------------

def blur_resolution(radius_m: float) -> int:
    """The finest H3 resolution whose cells are at least radius_m across (edge ~ circumradius)."""
    for res in range(15, -1, -1):
        if h3.average_hexagon_edge_length(res, "m") >= radius_m:
            return res
    return 0


def blur_point(lat: float, lng: float, radius_m: float | None = None) -> tuple[float, float]:
    """Snap a point to the centre of its coarse cell: deterministic, so averaging many answers
    reveals nothing more than one answer does."""
    radius_m = settings.NEED_BLUR_RADIUS_M if radius_m is None else radius_m
    if radius_m <= 0:
        return lat, lng
    centre = h3.cell_to_latlng(h3.latlng_to_cell(lat, lng, blur_resolution(radius_m)))
    return round(centre[0], 6), round(centre[1], 6)


def public_point(lat: float, lng: float) -> tuple[float, float]:
    """Where everyone but those involved sees a need: a need is at someone's home, so never the true place."""
    return blur_point(lat, lng)


# --- telling people ---------------------------------------------------------------------------

def tell(*, users: list[User], kind: str, title: str, body: str, link: str) -> None:
    """The one place needs tell people."""
    users = [u for u in users if u is not None]
    if users:
        notify(users=users, kind=kind, title=title, body=body, link=link)


def _people_of(need: Need) -> list[User]:
    people = [need.resident, need.created_by]
    return list({u.pk: u for u in people if u is not None}.values())


def kind_text(need: Need) -> str:
    return in_language(NeedKind(need.kind).label, settings.LANGUAGE_CODE)  # stored text: one language


# --- posting ------------------------------------------------------------------------------------

def _clean_need(*, kind, description, place, lat, lng, coord, region_code, window_start, window_end, urgency,
                qualifications, contact_phone, now, vulnerabilities=()) -> tuple[dict, dict]:
    problems: dict = {}

    def add(name, message):
        problems.setdefault(name, []).append(message)

    if kind not in NeedKind.values:
        add("kind", format_lazy(pgettext_lazy("variant-eb736383", "one of {join}"), join=', '.join(NeedKind.values)))
    description = mask_in_text((description or "").strip())
    if not 4 <= len(description) <= 2000:
        add("description", gettext_lazy("describe the need in 4 to 2000 characters"))
    if coord not in SYSTEMS:
        add("coord", gettext_lazy("must be wgs84, gcj02 or bd09"))
    elif not validate_lat_lng(lat, lng):
        add("lat", gettext_lazy("lat and lng must be given and in range"))
    region = Region.objects.filter(code=(region_code or "").strip()).first()
    if region is None:
        add("region_code", gettext_lazy("no region has this code"))
    if window_start is None or window_end is None or window_end <= window_start:
        add("window_end", gettext_lazy("the window must end after it starts"))
    elif window_end <= now:
        add("window_end", gettext_lazy("the window is already over"))
    elif window_end - window_start > MAX_WINDOW:
        add("window_end", gettext_lazy("the window may be at most 60 days"))
    if urgency not in Urgency.values:
        add("urgency", gettext_lazy("urgency must be 1, 2 or 3"))
    quals = list(Qualification.objects.filter(code__in=set(qualifications or [])))
    unknown = set(qualifications or []) - {q.code for q in quals}
    if unknown:
        add("qualifications", format_lazy(pgettext_lazy("variant-33131542", "unknown: {join}"), join=', '.join(sorted(unknown))))
    if contact_phone and not (contact_phone.isdigit() or "-" in contact_phone) or len(contact_phone or "") > 20:
        add("contact_phone", gettext_lazy("not a phone number"))
    flags = list(Vulnerability.objects.filter(code__in=set(vulnerabilities or [])))
    unknown = set(vulnerabilities or []) - {v.code for v in flags}
    if unknown:
        add("vulnerabilities", format_lazy(gettext_lazy("unknown: {join}"), join=', '.join(sorted(unknown))))
    cleaned = {"description": description, "place": (place or "").strip()[:255], "region": region,
               "quals": quals, "flags": flags, "priority": sum(v.weight for v in flags)}
    if "lat" not in problems and "coord" not in problems:
        cleaned["lat"], cleaned["lng"] = (round(v, 7) for v in to_wgs84(lat, lng, coord))
    return cleaned, problems


@transaction.atomic
def need_create(*, actor: User, kind: str, description: str, lat: float, lng: float, region_code: str,
                window_start: dt.datetime, window_end: dt.datetime, coord: str = "wgs84", place: str = "",
                urgency: int = Urgency.NORMAL, qualifications: list[str] | None = None,
                resident: User | None = None, contact_name: str = "", contact_phone: str = "",
                vulnerabilities: list[str] | None = None) -> Need:
    """Post a need: a signed-in person for themselves, or an organiser/admin for a resident.

    Residents and volunteers post at most settings.NEED_POSTING_RATE_PER_HOUR needs an hour (429 beyond); organisers
    and admins, who enter the requests residents phone in, are not counted."""
    now = timezone.now()
    cleaned, problems = _clean_need(kind=kind, description=description, place=place, lat=lat, lng=lng,
                                    coord=(coord or "wgs84").lower(), region_code=region_code,
                                    window_start=window_start, window_end=window_end, urgency=urgency,
                                    qualifications=qualifications, contact_phone=contact_phone, now=now,
                                    vulnerabilities=vulnerabilities)
    may_post_for_others = actor.is_admin or actor.role in (Role.ORGANIZER, Role.OPERATOR)
    on_behalf = (resident is not None and resident.pk != actor.pk) or (
        resident is None and may_post_for_others and bool((contact_name or "").strip()))
    if on_behalf and not may_post_for_others:
        problems.setdefault("resident", []).append(gettext_lazy("only organisers post for others"))
    if problems:
        raise ValidationFailed(problems)
    if not may_post_for_others:
        rate_limit(f"need:user:{actor.pk}", limit=settings.NEED_POSTING_RATE_PER_HOUR, window_seconds=3600)
    if on_behalf and not takes_calls_for(actor, cleaned["region"]):
        raise PermissionDenied(gettext_lazy("You may post needs only in your own region"))
    if resident is None and not on_behalf:
        resident = actor
    public_lat, public_lng = public_point(cleaned["lat"], cleaned["lng"])
    need = Need.objects.create(
        kind=kind, description=cleaned["description"], place=cleaned["place"], lat=cleaned["lat"],
        lng=cleaned["lng"], cell=cell_for(cleaned["lat"], cleaned["lng"]), public_lat=public_lat,
        public_lng=public_lng, public_cell=cell_for(public_lat, public_lng), region=cleaned["region"],
        window_start=window_start, window_end=window_end, urgency=urgency, resident=resident, created_by=actor,
        contact_name=(contact_name or "").strip()[:64], contact_phone=(contact_phone or "").strip(),
        priority=cleaned["priority"], **deadlines.on_posting(kind=kind, urgency=urgency, at=now),
    )
    need.required_qualifications.set(cleaned["quals"])
    need.vulnerabilities.set(cleaned["flags"])
    NeedEvent.objects.create(need=need, status=NeedStatus.OPEN, actor=actor)
    version_bump(FIGURES)
    audit_record(action="create", target_type="need", target_id=need.pk, region=need.region, actor=actor,
                 changes={"kind": kind, "on_behalf": bool(on_behalf), "urgency": urgency,
                          "vulnerabilities": sorted(v.code for v in cleaned["flags"])})
    return need


EDITABLE = ("kind", "description", "place", "lat", "lng", "region_code", "window_start", "window_end", "urgency",
            "qualifications", "contact_name", "contact_phone", "vulnerabilities")


@transaction.atomic
def need_update(*, need: Need, actor: User, changes: dict, coord: str = "wgs84") -> Need:
    """Change an open need: the person who asked (for their own need), or an organiser or administrator in reach,
    under the rules of posting it: the fields cleaned alike, and a move to another region only within the
    manager's reach. Once a volunteer has taken it, the need is what they agreed to: cancel and post anew."""
    manages = can_manage_region(actor, need.region)
    if not (_is_requester(need, actor) or manages):
        raise PermissionDenied()
    changes = {k: v for k, v in changes.items() if k in EDITABLE}
    if ("lat" in changes) != ("lng" in changes):
        raise ValidationFailed({"lat" if "lat" not in changes else "lng": [
            gettext_lazy("give lat and lng together")]})
    merged = {"kind": need.kind, "description": need.description, "place": need.place, "lat": need.lat,
              "lng": need.lng, "region_code": need.region_id, "window_start": need.window_start,
              "window_end": need.window_end, "urgency": need.urgency, "contact_phone": need.contact_phone,
              "qualifications": [q.code for q in need.required_qualifications.all()],
              "vulnerabilities": [v.code for v in need.vulnerabilities.all()]}
    merged.update({k: v for k, v in changes.items() if k != "contact_name"})
    point_coord = (coord or "wgs84").lower() if "lat" in changes else "wgs84"
    cleaned, problems = _clean_need(coord=point_coord, now=timezone.now(), **merged)
    if problems:
        raise ValidationFailed(problems)
    own_need = need.resident_id == actor.pk  # posted for oneself: any region, as when posting it
    if cleaned["region"].pk != need.region_id and not own_need and not can_manage_region(actor, cleaned["region"]):
        raise PermissionDenied(gettext_lazy("You may move a need only within your own region"))
    updates = {"kind": merged["kind"], "description": cleaned["description"], "place": cleaned["place"],
               "lat": cleaned["lat"], "lng": cleaned["lng"], "region": cleaned["region"],
               "window_start": merged["window_start"], "window_end": merged["window_end"],
               "urgency": merged["urgency"], "contact_phone": (merged["contact_phone"] or "").strip(),
               "priority": cleaned["priority"]}
    if "contact_name" in changes:
        updates["contact_name"] = (changes["contact_name"] or "").strip()[:64]
    if (merged["kind"], merged["urgency"]) != (need.kind, need.urgency):  # the promise follows what was asked
        updates.update(deadlines.on_posting(kind=merged["kind"], urgency=merged["urgency"], at=need.created_at))
    if (cleaned["lat"], cleaned["lng"]) != (need.lat, need.lng):
        updates["cell"] = cell_for(cleaned["lat"], cleaned["lng"])
        updates["public_lat"], updates["public_lng"] = public_point(cleaned["lat"], cleaned["lng"])
        updates["public_cell"] = cell_for(updates["public_lat"], updates["public_lng"])
    changed = {k: v for k, v in updates.items() if getattr(need, k) != v}
    quals_changed = "qualifications" in changes and {q.pk for q in cleaned["quals"]} != {
        q.pk for q in need.required_qualifications.all()}
    if not Need.objects.filter(pk=need.pk, status=NeedStatus.OPEN).update(**changed, updated_at=timezone.now()):
        raise Conflict(format_lazy(gettext_lazy("The need is {get_status_display}: only an open need can be changed; cancel it and post anew"), get_status_display=need.get_status_display()), code="need_state_conflict")
    flags_changed = "vulnerabilities" in changes and {v.pk for v in cleaned["flags"]} != {
        v.pk for v in need.vulnerabilities.all()}
    if quals_changed:
        need.required_qualifications.set(cleaned["quals"])
    if flags_changed:
        need.vulnerabilities.set(cleaned["flags"])
    need.refresh_from_db()
    private = {"lat", "lng", "cell", "public_lat", "public_lng", "public_cell", "description", "place",
               "contact_phone", "contact_name", "accept_by", "finish_by"}
    audit_record(action="update", target_type="need", target_id=need.pk, region=need.region, actor=actor,
                 changes={**{k: ("(changed)" if k in private else getattr(v, "pk", v)) for k, v in changed.items()},
                          **({"qualifications": sorted(q.code for q in cleaned["quals"])} if quals_changed else {}),
                          **({"vulnerabilities": sorted(v.code for v in cleaned["flags"])} if flags_changed else {})})
    return need


# --- the lifecycle ------------------------------------------------------------------------------

def _move(need: Need, *, expected: set[str], updates: dict, actor: User | None, note: str = "") -> Need:
    """Conditional UPDATE ... WHERE status IN expected: the database decides who wins a race."""
    changed = Need.objects.filter(pk=need.pk, status__in=expected).update(**updates, updated_at=timezone.now())
    if not changed:
        need.refresh_from_db()
        raise Conflict(format_lazy(gettext_lazy("The need is {get_status_display}; this step is not possible now"), get_status_display=need.get_status_display()),
                       code="need_state_conflict")
    need.refresh_from_db()
    NeedEvent.objects.create(need=need, status=need.status, actor=actor, note=mask_in_text(note)[:255])
    version_bump(FIGURES)  # the dashboards' service-loop figures follow
    audit_record(action=f"need_{need.status}", target_type="need", target_id=need.pk, region=need.region,
                 actor=actor, changes={k: (v.pk if hasattr(v, "pk") else v) for k, v in updates.items()})
    return need


def missing_qualifications(*, need: Need, volunteer: Volunteer) -> set[str]:
    """The need's required qualifications the volunteer does not hold verified and valid on its last day."""
    required = set(need.required_qualifications.values_list("code", flat=True))
    return required - verified_codes(volunteer=volunteer, on=timezone.localdate(need.window_end))


def _check_can_handle(need: Need, volunteer: Volunteer) -> None:
    if volunteer.status != Volunteer.Status.ACTIVE:
        raise PermissionDenied(gettext_lazy("A suspended volunteer cannot accept needs"))
    if need.resident_id == volunteer.user_id or need.created_by_id == volunteer.user_id:
        raise PermissionDenied(gettext_lazy("You cannot handle your own need"))
    missing = missing_qualifications(need=need, volunteer=volunteer)
    if missing:
        names = ", ".join(sorted(missing))
        raise PermissionDenied(format_lazy(gettext_lazy("Missing required qualifications: {names}"), names=names),
                               code="not_qualified")


@transaction.atomic
def need_accept(*, need: Need, volunteer: Volunteer) -> Need:
    """A volunteer takes an open need; the first accept wins and the resident is told. A sensitive need is taken
    only with the qualification its kind asks for, verified; otherwise an organiser assigns it."""
    _check_can_handle(need, volunteer)
    _check_may_take_sensitive(need, volunteer)
    if need.window_end <= timezone.now():
        raise Conflict(gettext_lazy("The need's time window is over"), code="need_expired")
    now = timezone.now()
    need = _move(need, expected={NeedStatus.OPEN}, actor=volunteer.user,
                 updates={"status": NeedStatus.MATCHED, "volunteer": volunteer, "matched_at": now,
                          **deadlines.on_taking(need, now)})
    _tell_matched(need)
    return need


def _check_may_take_sensitive(need: Need, volunteer: Volunteer) -> None:
    if not need.is_sensitive:
        return
    code = SENSITIVE_KIND_QUALIFICATION.get(need.kind)
    if code is None or code not in verified_codes(volunteer=volunteer, on=timezone.localdate(need.window_end)):
        raise PermissionDenied(gettext_lazy("A need of this kind is assigned by an organiser, or taken with its verified qualification"), code="assignment_required")


@transaction.atomic
def need_assign(*, need: Need, volunteer: Volunteer, actor: User) -> Need:
    """An organiser gives an open need in their region to a volunteer (batch assignment uses this)."""
    if not can_manage_region(actor, need.region):
        raise PermissionDenied(gettext_lazy("You may assign needs only in your own region"))
    _check_can_handle(need, volunteer)
    now = timezone.now()
    need = _move(need, expected={NeedStatus.OPEN}, actor=actor, note=f"指派：{volunteer.volunteer_number}",
                 updates={"status": NeedStatus.MATCHED, "volunteer": volunteer, "matched_at": now,
                          "assigned_by": actor, **deadlines.on_taking(need, now)})
    _tell_matched(need)
    tell(users=[volunteer.user], kind="need_assigned", title=f"您被指派了一项需求：{kind_text(need)}",
         body="", link=f"/needs/{need.pk}/")
    return need


def tell_caller(need: Need, text: str) -> None:
    """A person who asked by phone, with no account of their own, hears of their request by SMS."""
    if need.resident_id is None and need.contact_phone:
        text_number(phone=need.contact_phone, text=f"您的求助（{need.get_kind_display()}）{text}",
                    key=f"need-{need.pk}-{need.status}-{need.updated_at.timestamp():.0f}")


def _tell_matched(need: Need) -> None:
    tell(users=_people_of(need), kind="need_matched", title=f"您的需求已有志愿者接单：{kind_text(need)}",
         body=f"志愿者 {handler_label(need)} 将为您提供服务。", link=f"/needs/{need.pk}/")
    tell_caller(need, f"已有志愿者接单，志愿者{handler_label(need)}将与您联系。")


def _is_handler(need: Need, user: User) -> bool:
    return need.volunteer_id is not None and need.volunteer.user_id == user.pk


def _is_requester(need: Need, user: User) -> bool:
    return user.pk in (need.resident_id, need.created_by_id)


@transaction.atomic
def need_start(*, need: Need, actor: User) -> Need:
    if not (_is_handler(need, actor) or can_manage_region(actor, need.region)):
        raise PermissionDenied()
    return _move(need, expected={NeedStatus.MATCHED}, actor=actor,
                 updates={"status": NeedStatus.IN_PROGRESS, "started_at": timezone.now()})


@transaction.atomic
def need_complete(*, need: Need, actor: User, note: str = "") -> Need:
    if not (_is_handler(need, actor) or can_manage_region(actor, need.region)):
        raise PermissionDenied()
    now = timezone.now()
    need = _move(need, expected={NeedStatus.MATCHED, NeedStatus.IN_PROGRESS}, actor=actor, note=note,
                 updates={"status": NeedStatus.DONE, "done_at": now, **deadlines.on_done(need, now)})
    tell(users=_people_of(need), kind="need_done", title=f"服务已完成，请评价：{kind_text(need)}",
         body="", link=f"/needs/{need.pk}/")
    tell_caller(need, f"服务已完成。请点击评价（1至5星）：{rating_link(need)}")
    return record_hours_if_ready(need)


@transaction.atomic
def need_rate(*, need: Need, actor: User, rating: int, feedback: str = "") -> Need:
    """The resident (or the organiser who posted for them) rates the finished service."""
    if not _is_requester(need, actor):
        raise PermissionDenied(gettext_lazy("Only the person who asked can rate"))
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationFailed({"rating": [gettext_lazy("must be 1 to 5")]})
    need = _move(need, expected={NeedStatus.DONE}, actor=actor,
                 updates={"status": NeedStatus.RATED, "rating": rating, "rated_at": timezone.now(),
                          "callback_at": need.callback_at or timezone.now(),  # the resident answered: called back
                          "feedback": mask_in_text((feedback or "").strip())[:2000]})
    if need.volunteer_id:
        tell(users=[need.volunteer.user], kind="need_rated", title=f"居民为您的服务评分：{rating}星",
             body="", link=f"/needs/{need.pk}/")
    return need


@transaction.atomic
def need_cancel(*, need: Need, actor: User, reason: str = "") -> Need:
    """The person who asked, or an organiser of the region, withdraws an open or matched need."""
    if not (_is_requester(need, actor) or can_manage_region(actor, need.region)):
        raise PermissionDenied()
    was_handled_by = need.volunteer
    reason = mask_in_text((reason or "").strip())
    need = _move(need, expected={NeedStatus.OPEN, NeedStatus.MATCHED}, actor=actor, note=reason,
                 updates={"status": NeedStatus.CANCELLED, "closed_reason": reason[:255]})
    tell_caller(need, "已取消。如仍需帮助，请再次来电。")
    if was_handled_by is not None:
        tell(users=[was_handled_by.user], kind="need_cancelled", title=f"需求已取消：{kind_text(need)}",
             body=reason, link=f"/needs/{need.pk}/")
    return need


@transaction.atomic
def need_release(*, need: Need, actor: User, reason: str = "") -> Need:
    """The handling volunteer gives a matched need back, with a reason: it is open again for others. A few
    times a month at most (NEED_RELEASES_PER_MONTH); after that, the organiser decides."""
    if not _is_handler(need, actor):
        raise PermissionDenied()
    if len((reason or "").strip()) < 2:
        raise ValidationFailed({"reason": [gettext_lazy("say why you cannot go")]})
    since = timezone.now() - dt.timedelta(days=30)
    if NeedEvent.objects.filter(actor=actor, status=NeedStatus.OPEN, at__gte=since, note__startswith=RELEASED) \
            .count() >= settings.NEED_RELEASES_PER_MONTH:
        raise Conflict(gettext_lazy("You have given back as many needs as a month allows: ask your organiser"), code="release_limit")
    need = _move(need, expected={NeedStatus.MATCHED}, actor=actor, note=f"{RELEASED}{reason.strip()}",
                 updates={"status": NeedStatus.OPEN, "volunteer": None, "matched_at": None, "assigned_by": None,
                          "start_by": None})
    tell(users=_people_of(need), kind="need_released", title=f"志愿者无法前往，需求已重新开放：{kind_text(need)}",
         body="", link=f"/needs/{need.pk}/")
    tell_caller(need, "原志愿者无法前往，正在为您另行安排。")
    return need


RELEASED = "退回 released: "


@transaction.atomic
def needs_expire(*, now: dt.datetime | None = None) -> int:
    """Open needs whose window has passed become expired; returns how many. Safe to run any time."""
    now = now or timezone.now()
    ids = list(Need.objects.filter(status=NeedStatus.OPEN, window_end__lte=now).values_list("pk", flat=True))
    if not ids:
        return 0
    expired = Need.objects.filter(pk__in=ids, status=NeedStatus.OPEN).update(status=NeedStatus.EXPIRED,
                                                                            closed_reason="时间已过",
                                                                            updated_at=now)
    NeedEvent.objects.bulk_create([NeedEvent(need_id=pk, city_code=city, status=NeedStatus.EXPIRED,
                                             note="时间已过")
                                   for pk, city in Need.objects.filter(pk__in=ids, status=NeedStatus.EXPIRED)
                                   .values_list("pk", "city_code")])
    audit_record(action="expire", target_type="need", changes={"count": expired})
    return expired


def needs_batch_assign(*, actor: User, pairs: list[tuple[int, int]]) -> dict:
    """Commit a previewed batch plan: each (need id, volunteer id) pair is assigned if the need is
    still open; pairs that meanwhile became impossible are reported, not forced."""
    assigned, skipped = [], []
    needs = {n.pk: n for n in Need.objects.select_related("region").filter(pk__in=[p[0] for p in pairs])}
    volunteers = {v.pk: v for v in Volunteer.objects.select_related("user").filter(pk__in=[p[1] for p in pairs])}
    for need_id, volunteer_id in pairs:
        need, volunteer = needs.get(need_id), volunteers.get(volunteer_id)
        if need is None or volunteer is None:
            skipped.append({"need_id": need_id, "volunteer_id": volunteer_id, "reason": str(gettext_lazy("not found"))})
            continue
        try:
            with transaction.atomic():
                need_assign(need=need, volunteer=volunteer, actor=actor)
            assigned.append({"need_id": need_id, "volunteer_id": volunteer_id})
        except (Conflict, PermissionDenied) as exc:
            skipped.append({"need_id": need_id, "volunteer_id": volunteer_id, "reason": str(exc.message)})
    return {"assigned": assigned, "skipped": skipped}


# --- proof of service -------------------------------------------------------------------------------

HOW_LABEL = {"code": "居民输入确认码", "sms": "短信确认码", "call": "电话确认"}


def record_hours_if_ready(need: Need) -> Need:
    """A done and confirmed service, not yet in the ledger: its pending entry, carrying its proof (who confirmed
    and how, the photos, the notes), for someone other than the volunteer to approve."""
    if need.status not in (NeedStatus.DONE, NeedStatus.RATED) or need.confirmed_at is None or need.ledger_entry_id:
        return need
    photos = need.evidence.exclude(photo="").count()
    notes = "；".join(e.note for e in need.evidence.all() if e.note)[:120]
    entry = ledger_record_home_service(
        volunteer=need.volunteer, started_at=need.started_at or need.matched_at, ended_at=need.done_at,
        region=need.region, content=f"{need.get_kind_display()}：求助 #{need.pk}", author=need.volunteer.user,
        reason=f"上门服务，居民已确认（{HOW_LABEL[need.confirmed_how]}）",
        evidence={"need_id": need.pk, "link": f"/needs/{need.pk}/", "confirmed_how": need.confirmed_how,
                  "confirmed_label": HOW_LABEL[need.confirmed_how], "confirmed_at": need.confirmed_at.isoformat(),
                  "photos": photos, "note": notes})
    Need.objects.filter(pk=need.pk).update(ledger_entry=entry)
    need.refresh_from_db()
    tell(users=[need.volunteer.user], kind="need_hours", title=f"服务时长已登记，待审核：{kind_text(need)}",
         body="", link="/me/hours/")
    return need


# --- the one-tap rating link ----------------------------------------------------------------------------

RATING_SALT = "need-rating-link"


def rating_link(need: Need) -> str:
    """A link that lets the person who asked rate the service in one tap, without an account (sent by SMS)."""
    token = signing.dumps({"n": need.pk}, salt=RATING_SALT, compress=True)
    return f"{settings.PUBLIC_SITE_URL}/needs/rate/{token}/"


def need_for_rating_link(token: str) -> Need | None:
    """The need a rating link is for, while the link is fresh and the service awaits its rating."""
    try:
        data = signing.loads(token, salt=RATING_SALT, max_age=dt.timedelta(days=settings.RATING_LINK_DAYS))
    except signing.BadSignature:
        return None
    return Need.objects.filter(pk=data.get("n"), status=NeedStatus.DONE).select_related("volunteer__user").first()


@transaction.atomic
def need_rate_by_link(*, token: str, rating: int, feedback: str = "") -> Need:
    """The one-tap rating: the link stands for the person who asked; it answers the call-back too."""
    need = need_for_rating_link(token)
    if need is None:
        raise Conflict(gettext_lazy("The link has expired or the service is rated"), code="link_expired")
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationFailed({"rating": [gettext_lazy("must be 1 to 5")]})
    need = _move(need, expected={NeedStatus.DONE}, actor=None, note="短信评价",
                 updates={"status": NeedStatus.RATED, "rating": rating, "rated_at": timezone.now(),
                          "callback_at": need.callback_at or timezone.now(),
                          "feedback": mask_in_text((feedback or "").strip())[:2000]})
    if need.volunteer_id:
        tell(users=[need.volunteer.user], kind="need_rated", title=f"居民为您的服务评分：{rating}星",
             body="", link=f"/needs/{need.pk}/")
    return need
