"""Reads for needs, scoped by who asks, and matching both ways (need -> volunteers, volunteer ->
needs and activities). The public sees needs without personal data, sensitive ones blurred."""

import datetime as dt
import math
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from volunteerhub.accounts.models import Role
from volunteerhub.activities.models import Activity
from volunteerhub.activities.selectors import volunteer_busy_ids
from volunteerhub.regions.scope import can_manage_region, in_reach
from volunteerhub.core.errors import NotFound, PermissionDenied
from volunteerhub.core.i18n import in_language, localized
from volunteerhub.core.masking import mask_name, mask_phone
from volunteerhub.geo.spatial import Hit, nearest
from volunteerhub.needs.matching import Assignment, assign_greedy, candidate_pairs, qualification_masks, solve_pairs
from volunteerhub.needs import deadlines
from volunteerhub.needs.models import (ACTIVE_STATUSES, HomeVisitRound, Need, NeedCall,
                                      NeedEscalation, NeedEvent, NeedStatus, ServiceEvidence)
from volunteerhub.regions.models import Region
from volunteerhub.volunteers.models import Qualification, Volunteer, VolunteerQualification
from volunteerhub.volunteers.selectors import verified_codes

PUBLIC_STATUSES = [s for s in NeedStatus.values if s not in (NeedStatus.CANCELLED, NeedStatus.EXPIRED)]
VOLUNTEER_SEARCH_RADIUS_M = 30_000


# --- access -------------------------------------------------------------------------------------

def needs_public() -> QuerySet[Need]:
    """Needs anyone may see on the map (their public fields only)."""
    return Need.objects.filter(status__in=PUBLIC_STATUSES).select_related("volunteer", "region")


def needs_managed_by(*, user) -> QuerySet[Need]:
    return in_reach(Need.objects.select_related("volunteer", "region", "resident", "created_by"), user)


def needs_of(*, user) -> QuerySet[Need]:
    """Needs a person asked for, posted, or handles."""
    if user is None or not user.is_authenticated:
        return Need.objects.none()
    return Need.objects.filter(Q(resident=user) | Q(created_by=user) | Q(volunteer__user=user)) \
        .select_related("volunteer", "region").distinct()


def takes_calls_for(user, region) -> bool:
    """Who records and follows needs in a region by phone: its organisers and administrators, and the operators
    (hotline, village doctors, grid workers) whose region holds it."""
    if can_manage_region(user, region):
        return True
    return (user is not None and user.is_authenticated and user.role == Role.OPERATOR and user.is_active
            and user.region_id is not None and region is not None and region.path.startswith(user.region.path))


def needs_taken_by_phone(*, user) -> QuerySet[Need]:
    """The needs an operator follows: those in their region."""
    if user is None or not user.is_authenticated or user.role != Role.OPERATOR or user.region_id is None:
        return Need.objects.none()
    return Need.objects.filter(region__path__startswith=user.region.path) \
        .select_related("volunteer", "region", "resident", "created_by")


def is_involved(*, need: Need, user) -> bool:
    """The resident, whoever posted it, its volunteer, the organisers and admins of its region, and its operators."""
    if user is None or not user.is_authenticated:
        return False
    return (user.pk in (need.resident_id, need.created_by_id)
            or (need.volunteer_id is not None and need.volunteer.user_id == user.pk)
            or takes_calls_for(user, need.region))


def need_get(*, need_id: int) -> Need:
    need = Need.objects.select_related("volunteer", "volunteer__user", "region", "resident", "created_by") \
        .prefetch_related("required_qualifications").filter(pk=need_id).first()
    if need is None:
        raise NotFound(gettext_lazy("No such need"))
    return need


def need_get_for(*, user, need_id: int) -> tuple[Need, bool]:
    """The need and whether this user sees it in full; others see it only while it is public."""
    need = need_get(need_id=need_id)
    involved = is_involved(need=need, user=user)
    if not involved and need.status not in PUBLIC_STATUSES:
        raise NotFound(gettext_lazy("No such need"))
    return need, involved


def need_get_to_manage(*, user, need_id: int) -> Need:
    need = need_get(need_id=need_id)
    if not can_manage_region(user, need.region):
        raise PermissionDenied(gettext_lazy("You may manage needs only in your own region"))
    return need


# --- shaping --------------------------------------------------------------------------------------

def handler_label(need: Need) -> str | None:
    """Who handles it, as everyone may see it: the name masked unless the volunteer chose otherwise."""
    if need.volunteer_id is None:
        return None
    volunteer = need.volunteer
    return volunteer.name if volunteer.show_name_publicly else mask_name(volunteer.name)


def need_public(need: Need) -> dict:
    """What everyone not involved sees (the public map and API, volunteers looking for work): the kind, the
    time and a blurred place, since a need is at someone's home; never the address, the description or a contact."""
    sensitive = need.is_sensitive
    return {
        "id": need.pk, "kind": need.kind, "kind_name": in_language(need.get_kind_display(), "zh-hans"), "kind_name_en": in_language(need.get_kind_display(), "en"),
        "status": need.status, "status_name": in_language(need.get_status_display(), "zh-hans"), "status_name_en": in_language(need.get_status_display(), "en"),
        "urgency": need.urgency, "sensitive": sensitive, "blurred": True,
        "lat": need.public_lat, "lng": need.public_lng, "description": "", "place": "", "region_code": need.region_id,
        "window_start": need.window_start, "window_end": need.window_end,
        "required_qualifications": [q.code for q in need.required_qualifications.all()],
        "handled_by": handler_label(need),
    }


def band_m(distance_m: float) -> float:
    """A distance as shown to anyone but managers: up to 1 km in steps of 500 m, then in whole kilometres."""
    step = 500 if distance_m <= 1000 else 1000
    return float(math.ceil(distance_m / step) * step) or float(step)


def evidence_out(evidence: ServiceEvidence) -> dict:
    """A photo is served by the need's own page (for those who see it in full), never from a public address."""
    return {"id": evidence.pk, "note": evidence.note, "at": evidence.at,
            "photo_url": f"/needs/{evidence.need_id}/evidence/{evidence.pk}/" if evidence.photo else None}


def with_full_view(qs: QuerySet[Need]) -> QuerySet[Need]:
    """What need_full reads, fetched for a whole page of needs at once (not a few queries per need)."""
    return qs.select_related("volunteer__user", "resident", "created_by", "region").prefetch_related(
        "required_qualifications", "vulnerabilities", "evidence", "escalations",
        Prefetch("calls", queryset=NeedCall.objects.select_related("by")),
        Prefetch("events", queryset=NeedEvent.objects.select_related("actor")))


def need_full(need: Need, *, viewer) -> dict:
    """What the people involved see: the true place and the contacts (phones masked); who the volunteer is in
    the corps' records (id, number) only for the organisers and administrators of its region."""
    data = need_public(need)
    manager = can_manage_region(viewer, need.region)
    data.update(
        lat=need.lat, lng=need.lng, blurred=False, description=need.description, place=need.place,
        resident_name=(need.resident.display_name if need.resident_id else "") or need.contact_name,
        contact_phone_masked=mask_phone(need.contact_phone or (need.resident.phone if need.resident_id else "")),
        handler=None if need.volunteer_id is None else {
            "volunteer_id": need.volunteer_id if manager else None,
            "name": need.volunteer.name if manager else handler_label(need),
            "volunteer_number": need.volunteer.volunteer_number if manager else "",
            "phone_masked": mask_phone(need.volunteer.user.phone)},
        rating=need.rating, feedback=need.feedback, closed_reason=need.closed_reason,
        vulnerabilities=[{"code": v.code, "name": v.name, "name_en": v.name_en} for v in need.vulnerabilities.all()],
        deadlines=[{**d, "label": NeedEscalation.Stage(d["stage"]).label} for d in deadlines.stage_states(need)],
        evidence=[evidence_out(e) for e in need.evidence.all()], confirmed_at=need.confirmed_at,
        confirmed_how=need.confirmed_how or None,
        escalations=[{"stage": e.stage, "level": e.level_id, "at": e.at} for e in need.escalations.all()],
        calls=[{"at": c.at, "callee": c.callee, "purpose": c.purpose, "outcome": c.outcome, "note": c.note,
                "purpose_name": c.get_purpose_display(), "outcome_name": c.get_outcome_display(),
                "satisfaction": c.satisfaction, "by": c.by.display_name or mask_phone(c.by.phone)}
               for c in need.calls.all()] if takes_calls_for(viewer, need.region) else [],
        events=[{"status": e.status, "status_name": in_language(NeedStatus(e.status).label, "zh-hans"), "status_name_en": in_language(NeedStatus(e.status).label, "en"), "status_label": NeedStatus(e.status).label,
                 "at": e.at, "note": e.note,
                 "actor": (e.actor.display_name or mask_phone(e.actor.phone)) if e.actor_id else None}
                for e in need.events.all()],
    )
    return data


# --- busy volunteers --------------------------------------------------------------------------------

def busy_volunteer_ids(*, starts_at: dt.datetime, ends_at: dt.datetime) -> set[int]:
    """Volunteers already committed in [starts_at, ends_at): a need in hand, or a confirmed activity."""
    busy = set(Need.objects.filter(status__in=ACTIVE_STATUSES, window_start__lt=ends_at, window_end__gt=starts_at)
               .values_list("volunteer_id", flat=True))
    return busy | volunteer_busy_ids(starts_at=starts_at, ends_at=ends_at)


# --- matching: need -> volunteers ----------------------------------------------------------------

@dataclass
class RankedVolunteer:
    rank: int
    volunteer: Volunteer
    distance_m: float
    reasons: list[str] = field(default_factory=list)


def _verified_by_volunteer(volunteer_ids: list[int]) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for volunteer_id, code in VolunteerQualification.objects.filter(volunteer_id__in=volunteer_ids,
                                                                    verified_at__isnull=False) \
            .values_list("volunteer_id", "qualification_id"):
        found.setdefault(volunteer_id, set()).add(code)
    return found


def _qualified(qs: QuerySet, codes: list[str]) -> QuerySet:
    """Volunteers holding every one of these qualifications, verified."""
    for code in codes:
        qs = qs.filter(volunteerqualification__qualification_id=code, volunteerqualification__verified_at__isnull=False)
    return qs


def volunteers_for_need(*, need: Need, user, limit: int = 20,
                        radius_m: float | None = VOLUNTEER_SEARCH_RADIUS_M) -> list[RankedVolunteer]:
    """Volunteers ranked for a need: qualified, free in its window, nearest home first; with reasons. For the
    organisers and administrators of its region only: who the candidates are, and how far from home, is never
    shown to the resident."""
    if not can_manage_region(user, need.region):
        raise PermissionDenied(gettext_lazy("Only the organisers and admins of the region see the candidates"))
    codes = sorted(need.required_qualifications.values_list("code", flat=True))
    busy = busy_volunteer_ids(starts_at=need.window_start, ends_at=need.window_end)
    qs = _qualified(Volunteer.objects.filter(status=Volunteer.Status.ACTIVE, home_cell__isnull=False), codes)
    qs = qs.exclude(pk__in=busy).exclude(user_id__in=[need.resident_id, need.created_by_id])
    hits = nearest(qs.select_related("user", "region").prefetch_related("qualifications"), lat=need.lat,
                   lng=need.lng, k=limit, radius_m=radius_m, cell_field="home_cell", lat_field="home_lat",
                   lng_field="home_lng")
    names = dict(Qualification.objects.filter(code__in=codes).values_list("code", "name"))
    ranked = []
    for rank, hit in enumerate(hits, start=1):
        ranked.append(RankedVolunteer(rank=rank, volunteer=hit.obj, distance_m=hit.distance_m,
                                      reasons=_reasons(rank, hit, codes, names)))
    return ranked


def _reasons(rank: int, hit: Hit, codes: list[str], names: dict) -> list[str]:
    km = hit.distance_m / 1000
    listed = localized("、".join(names[c] for c in codes), ", ".join(codes))
    qual = (format_lazy(gettext_lazy("Holds the required: {listed}"), listed=listed)
            if codes else gettext_lazy("No qualification required"))
    return [str(format_lazy(gettext_lazy("#{rank} nearest: home {km:.1f} km away"), rank=rank, km=km)),
            str(qual), str(gettext_lazy("Free in the time window"))]


# --- matching: volunteer -> needs and activities --------------------------------------------------

def _from_home(volunteer: Volunteer, lat, lng) -> tuple[float | None, float | None]:
    """The point given, or else the volunteer's home; (None, None) when neither is known."""
    lat = volunteer.home_lat if lat is None else lat
    lng = volunteer.home_lng if lng is None else lng
    return (lat, lng) if lat is not None and lng is not None else (None, None)


def _lacking(codes: set[str]):
    """Rows requiring any qualification outside `codes`."""
    return Qualification.objects.exclude(code__in=codes)


def needs_for_volunteer(*, volunteer: Volunteer, limit: int = 20, radius_m: float = VOLUNTEER_SEARCH_RADIUS_M,
                        lat: float | None = None, lng: float | None = None) -> list[Hit]:
    """Open needs near the volunteer (home, or the given point) that fit their qualifications."""
    lat, lng = _from_home(volunteer, lat, lng)
    if lat is None:
        return []
    codes = verified_codes(volunteer=volunteer)
    qs = Need.objects.filter(status=NeedStatus.OPEN, window_end__gt=timezone.now()) \
        .exclude(required_qualifications__in=_lacking(codes)).exclude(resident_id=volunteer.user_id) \
        .prefetch_related("required_qualifications").select_related("region")
    return nearest(qs, lat=lat, lng=lng, k=limit, radius_m=radius_m, cell_field="public_cell",
                   lat_field="public_lat", lng_field="public_lng")


def activities_for_volunteer(*, volunteer: Volunteer, limit: int = 20, radius_m: float = VOLUNTEER_SEARCH_RADIUS_M,
                             lat: float | None = None, lng: float | None = None) -> list[Hit]:
    """Published, upcoming activities near the volunteer that fit their qualifications."""
    lat, lng = _from_home(volunteer, lat, lng)
    if lat is None:
        return []
    codes = verified_codes(volunteer=volunteer)
    qs = Activity.objects.filter(status="published", ends_at__gt=timezone.now()) \
        .exclude(required_qualifications__in=_lacking(codes)).select_related("team", "region")
    return nearest(qs, lat=lat, lng=lng, k=limit, radius_m=radius_m)


# --- batch assignment ----------------------------------------------------------------------------

@dataclass
class BatchPlan:
    needs: list[Need]
    volunteers: list[Volunteer]
    optimal: Assignment
    greedy: Assignment

    def pairs(self) -> list[tuple[Need, Volunteer, float]]:
        return [(self.needs[i], self.volunteers[v], float(self.optimal.distance_m[i]))
                for i, v in enumerate(self.optimal.volunteer_of) if v >= 0]

    def unassigned(self) -> list[Need]:
        return [self.needs[i] for i, v in enumerate(self.optimal.volunteer_of) if v < 0]


def need_weights(needs: list[Need]) -> list[float]:
    """How much leaving each need unserved costs, relative to the others: urgency first, then the person's
    vulnerabilities, so a flagged need outranks an unflagged one of the same urgency."""
    return [1 + (n.urgency - 1) * 100 + min(n.priority, 99) for n in needs]


def batch_plan(*, user, region_code: str | None = None, max_needs: int = 1000, candidates: int = 20,
               max_distance_m: float | None = VOLUNTEER_SEARCH_RADIUS_M) -> BatchPlan:
    """The optimal assignment of the open needs in the user's reach to free, qualified volunteers."""
    needs_qs = needs_managed_by(user=user).filter(status=NeedStatus.OPEN, window_end__gt=timezone.now())
    vols_qs = in_reach(Volunteer.objects.filter(status=Volunteer.Status.ACTIVE, home_cell__isnull=False), user)
    if region_code:
        needs_qs = needs_qs.filter(region__path__contains=f"/{region_code}/")
        vols_qs = vols_qs.filter(region__path__contains=f"/{region_code}/")
    needs = list(needs_qs.prefetch_related("required_qualifications")
                 .order_by("-urgency", "-priority", "window_end", "pk")[:max_needs])
    volunteers = list(vols_qs.select_related("user").order_by("pk"))
    need_codes = [{q.code for q in n.required_qualifications.all()} for n in needs]
    verified = _verified_by_volunteer([v.pk for v in volunteers])
    vol_codes = [verified.get(v.pk, set()) for v in volunteers]
    vocabulary = sorted(set().union(*need_codes, *vol_codes)) if (need_codes or vol_codes) else []
    busy_cache: dict = {}

    def pair_ok(rows, cols):
        ok = np.ones(len(rows), dtype=bool)
        for i, (r, c) in enumerate(zip(rows, cols, strict=True)):
            need, volunteer = needs[r], volunteers[c]
            key = (need.window_start, need.window_end)
            if key not in busy_cache:
                busy_cache[key] = busy_volunteer_ids(starts_at=key[0], ends_at=key[1])
            ok[i] = volunteer.pk not in busy_cache[key] and volunteer.user_id not in (need.resident_id,
                                                                                     need.created_by_id)
        return ok

    if not needs or not volunteers:
        empty = Assignment(np.full(len(needs), -1), np.full(len(needs), np.nan))
        return BatchPlan(needs, volunteers, empty, empty)
    rows, cols, dists = candidate_pairs(
        [n.lat for n in needs], [n.lng for n in needs], qualification_masks(need_codes, vocabulary),
        [v.home_lat for v in volunteers], [v.home_lng for v in volunteers], qualification_masks(vol_codes, vocabulary),
        candidates=candidates, max_distance_m=max_distance_m, pair_ok=pair_ok)
    return BatchPlan(needs, volunteers, solve_pairs(len(needs), rows, cols, dists, weights=need_weights(needs)),
                     assign_greedy(len(needs), rows, cols, dists))


# --- home-visit rounds ------------------------------------------------------------------------------

def round_get_for(*, user, round_id: int) -> HomeVisitRound:
    """A round, for its volunteer and the managers of its area; nobody else learns it exists."""
    planned = HomeVisitRound.objects.select_related("volunteer", "region").filter(pk=round_id).first()
    if planned is None or not (planned.volunteer.user_id == user.pk or can_manage_region(user, planned.region)):
        raise NotFound()
    return planned


def rounds_of(*, user) -> list[HomeVisitRound]:
    """The user's own rounds from today on, soonest first."""
    return list(HomeVisitRound.objects.filter(volunteer__user=user, day__gte=timezone.localdate())
                .select_related("volunteer", "region").order_by("day", "pk"))


# --- the service loop's figures ---------------------------------------------------------------------------

@dataclass
class LoopFigures:
    """Needs finished in a region's subtree in a year: how many on time, and how satisfied the residents were."""

    code: str
    name: str
    finished: int = 0
    on_time: int = 0
    rated: int = 0
    rating_sum: int = 0
    escalated: int = 0

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.finished if self.finished else None

    @property
    def satisfaction(self) -> float | None:
        return self.rating_sum / self.rated if self.rated else None


def loop_figures(*, region: Region, year: int) -> tuple[LoopFigures, list[LoopFigures]]:
    """The region's figures and each division's one level down (rolled up from the needs of their subtrees).
    A need counts in the year it was finished; its satisfaction is the resident's rating, else the score given
    on the call-back."""
    children = list(Region.objects.filter(parent=region).order_by("code"))
    total = LoopFigures(region.code, region.name)
    by_child = {c.code: LoopFigures(c.code, c.name) for c in children}
    depth = len(region.path.strip("/").split("/"))
    rows = Need.objects.filter(region__path__startswith=region.path, done_at__year=year) \
        .values_list("region__path", "done_at", "finish_by", "rating", "pk")
    call_scores = dict(NeedCall.objects.filter(need__region__path__startswith=region.path, need__done_at__year=year,
                                               satisfaction__isnull=False)
                       .order_by("need_id", "at").values_list("need_id", "satisfaction"))
    escalated = set(NeedEscalation.objects.filter(need__region__path__startswith=region.path,
                                                  need__done_at__year=year).values_list("need_id", flat=True))
    for path, done_at, finish_by, rating, pk in rows:
        codes = path.strip("/").split("/")
        child = by_child.get(codes[depth]) if len(codes) > depth else None
        score = rating or call_scores.get(pk)
        for figures in (total, child):
            if figures is None:
                continue
            figures.finished += 1
            figures.on_time += finish_by is None or done_at <= finish_by
            figures.rated += score is not None
            figures.rating_sum += score or 0
            figures.escalated += pk in escalated
    return total, [by_child[c.code] for c in children]
