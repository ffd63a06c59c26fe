import datetime as dt
from typing import Any

from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from django.utils.translation import gettext_lazy
from volunteerhub.accounts.auth import AUTH, optional_user
from volunteerhub.accounts.models import Role, User
from volunteerhub.geo.coords import from_wgs84, require_system
from volunteerhub.core.errors import NotFound, PermissionDenied, ValidationFailed
from volunteerhub.needs import calls, proof, rounds, selectors, services
from volunteerhub.needs.models import Vulnerability
from volunteerhub.volunteers.models import Volunteer
from volunteerhub.volunteers.selectors import volunteer_of

router = Router(tags=["needs"])


class NeedIn(Schema):
    kind: str = Field(..., description="home_visit, escort, medicine_delivery, psychological_support, "
                                       "health_checkup, poverty_relief, family_planning_support, rehabilitation, "
                                       "chronic_care, other")
    description: str
    place: str = ""
    lat: float
    lng: float
    coord: str = Field("wgs84", description="wgs84 | gcj02 | bd09; stored as WGS-84")
    region_code: str
    window_start: dt.datetime
    window_end: dt.datetime
    urgency: int = Field(1, description="1 normal, 2 soon, 3 urgent")
    qualifications: list[str] = Field([], description="required qualification codes")
    vulnerabilities: list[str] = Field([], description="codes of the person's circumstances (GET /vulnerabilities): "
                                                       "they put the need first; seen only by those who see it in full")
    resident_phone: str | None = Field(None, description="organisers: the resident's account, when they have one")
    contact_name: str = ""
    contact_phone: str = ""


class NeedPatch(Schema):
    """What changes; absent fields stay. An open need only."""
    kind: str | None = None
    description: str | None = None
    place: str | None = None
    lat: float | None = None
    lng: float | None = None
    coord: str = Field("wgs84", description="the system of lat and lng: wgs84 | gcj02 | bd09")
    region_code: str | None = None
    window_start: dt.datetime | None = None
    window_end: dt.datetime | None = None
    urgency: int | None = None
    qualifications: list[str] | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    vulnerabilities: list[str] | None = None


class DeadlineOut(Schema):
    stage: str = Field(..., description="accept | start | finish | callback")
    due: dt.datetime | None
    reached_at: dt.datetime | None
    state: str = Field(..., description="met | missed | due | n/a")


class CallIn(Schema):
    callee: str = Field(..., description="who was called: the resident, a relative, the volunteer")
    purpose: str = Field(..., description="intake | callback | follow_up")
    outcome: str = Field(..., description="reached | no_answer | wrong_number")
    satisfaction: int | None = Field(None, description="1-5, on a call-back that reached the resident")
    note: str = ""
    at: dt.datetime | None = Field(None, description="when the call was made; now if absent")


class EvidenceOut(Schema):
    id: int
    note: str
    photo_url: str | None = Field(None, description="shown only to those who see the need in full")
    at: dt.datetime


class NeedOut(Schema):
    id: int
    kind: str
    kind_name: str
    status: str
    status_name: str
    urgency: int
    sensitive: bool
    blurred: bool = Field(..., description="true when lat/lng are the blurred public place")
    lat: float
    lng: float
    description: str
    place: str
    region_code: str
    window_start: dt.datetime
    window_end: dt.datetime
    required_qualifications: list[str]
    handled_by: str | None = Field(None, description="who handles it, as the public sees it")
    involved: bool = Field(False, description="true when the caller sees the full record")
    resident_name: str | None = None
    contact_phone_masked: str | None = None
    handler: dict[str, Any] | None = None
    rating: int | None = None
    feedback: str | None = None
    closed_reason: str | None = None
    vulnerabilities: list[dict[str, str]] | None = Field(None, description="only for those who see the need in full")
    deadlines: list[DeadlineOut] | None = Field(None, description="each stage's deadline and whether it was met "
                                                             "(for those who see the need in full)")
    escalations: list[dict[str, Any]] | None = None
    calls: list[dict[str, Any]] | None = Field(None, description="the call log, for the managers of its region")
    evidence: list[EvidenceOut] | None = Field(None, description="the volunteer's photos and notes")
    confirmed_at: dt.datetime | None = None
    confirmed_how: str | None = Field(None, description="code | sms | call")
    events: list[dict[str, Any]] = []


class ReasonIn(Schema):
    reason: str = ""


class RateIn(Schema):
    rating: int = Field(..., ge=1, le=5)
    feedback: str = ""


class AssignIn(Schema):
    volunteer_id: int


class RankedVolunteerOut(Schema):
    rank: int
    volunteer_id: int
    name: str
    volunteer_number: str
    distance_m: float
    qualifications: list[str]
    reasons: list[str]


class NearbyItem(Schema):
    id: int
    kind: str
    name: str
    lat: float
    lng: float
    distance_m: float
    starts_at: dt.datetime
    ends_at: dt.datetime
    url: str


class MyMatchesOut(Schema):
    needs: list[NearbyItem]
    activities: list[NearbyItem]


class BatchPreviewIn(Schema):
    region_code: str | None = None
    candidates: int = Field(20, ge=1, le=100)
    max_distance_m: float | None = Field(30_000, gt=0)


class PairOut(Schema):
    need_id: int
    need_kind: str
    volunteer_id: int
    volunteer_name: str
    distance_m: float


class BatchPreviewOut(Schema):
    pairs: list[PairOut]
    unassigned_need_ids: list[int]
    total_distance_m: float
    greedy_total_distance_m: float
    greedy_assigned: int
    needs: int
    volunteers: int


class PairIn(Schema):
    need_id: int
    volunteer_id: int


class BatchCommitIn(Schema):
    pairs: list[PairIn]


class BatchCommitOut(Schema):
    assigned: list[dict[str, Any]]
    skipped: list[dict[str, Any]]


def _shape(need, user, coord: str = "wgs84") -> dict:
    involved = selectors.is_involved(need=need, user=user)
    data = selectors.need_full(need, viewer=user) if involved else selectors.need_public(need)
    data["lat"], data["lng"] = from_wgs84(data["lat"], data["lng"], coord)
    return {**data, "involved": involved}


def _check_coord(coord: str) -> None:
    require_system(coord)


def _my_volunteer(user):
    volunteer = volunteer_of(user=user)
    if volunteer is None:
        raise PermissionDenied(gettext_lazy("Register as a volunteer first"), code="not_a_volunteer")
    return volunteer


@router.post("/needs", response={201: NeedOut}, auth=AUTH, summary="Post a need (for oneself, or for a resident)")
def need_create(request, payload: NeedIn):
    resident = None
    if payload.resident_phone and not (request.auth.is_admin or request.auth.role in (Role.ORGANIZER, Role.OPERATOR)):
        raise PermissionDenied(gettext_lazy("only organisers post for others"))  # never says who has an account
    if payload.resident_phone:
        resident = User.objects.filter(phone=payload.resident_phone.strip()).first()
        if resident is None:
            raise ValidationFailed({"resident_phone": [gettext_lazy("no account has this number")]})
    need = services.need_create(
        actor=request.auth, kind=payload.kind, description=payload.description, place=payload.place,
        lat=payload.lat, lng=payload.lng, coord=payload.coord, region_code=payload.region_code,
        window_start=payload.window_start, window_end=payload.window_end, urgency=payload.urgency,
        qualifications=payload.qualifications, resident=resident, contact_name=payload.contact_name,
        contact_phone=payload.contact_phone, vulnerabilities=payload.vulnerabilities)
    return Status(201, _shape(selectors.need_get(need_id=need.pk), request.auth, payload.coord))


class VulnerabilityOut(Schema):
    code: str
    name: str
    name_en: str


@router.get("/vulnerabilities", response=list[VulnerabilityOut], auth=AUTH,
            summary="The circumstances that put a person in need first (lives alone, bedridden, ...)")
def vulnerability_list(request):
    return list(Vulnerability.objects.values("code", "name", "name_en"))


@router.get("/needs", response=list[NeedOut], summary="Public needs (no personal data), or mine=true for one's own")
def need_list(request, status: str | None = None, kind: str | None = None, region: str | None = None,
              mine: bool = False, coord: str = "wgs84", limit: int = 50, offset: int = 0):
    _check_coord(coord)
    user = optional_user(request)
    if mine:
        if user is None:
            raise PermissionDenied(gettext_lazy("Sign in first"))
        qs = selectors.with_full_view(selectors.needs_of(user=user))
    else:
        qs = selectors.needs_public()
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if region:
        qs = qs.filter(region__path__contains=f"/{region}/")
    limit, offset = max(1, min(limit, 200)), max(0, offset)
    page = qs.prefetch_related("required_qualifications").order_by("-created_at", "-pk")[offset:offset + limit]
    return [_shape(n, user, coord) for n in page]


@router.get("/needs/{int:need_id}", response=NeedOut, summary="One need: in full for those involved, public otherwise")
def need_detail(request, need_id: int, coord: str = "wgs84"):
    _check_coord(coord)
    user = optional_user(request)
    need, _ = selectors.need_get_for(user=user, need_id=need_id)
    return _shape(need, user, coord)


@router.patch("/needs/{int:need_id}", response=NeedOut, auth=AUTH,
              summary="Change an open need: the person who asked, or an organiser or administrator in reach")
def need_update(request, need_id: int, payload: NeedPatch):
    need, _ = selectors.need_get_for(user=request.auth, need_id=need_id)
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items() if k != "coord" and v is not None}
    need = services.need_update(need=need, actor=request.auth, changes=changes, coord=payload.coord)
    return _shape(selectors.need_get(need_id=need.pk), request.auth, payload.coord)


@router.post("/needs/{int:need_id}/accept", response=NeedOut, auth=AUTH, summary="A volunteer accepts (first wins)")
def need_accept(request, need_id: int):
    need, _ = selectors.need_get_for(user=request.auth, need_id=need_id)
    need = services.need_accept(need=need, volunteer=_my_volunteer(request.auth))
    return _shape(selectors.need_get(need_id=need.pk), request.auth)


@router.post("/needs/{int:need_id}/start", response=NeedOut, auth=AUTH, summary="The volunteer starts the service")
def need_start(request, need_id: int):
    need = services.need_start(need=selectors.need_get(need_id=need_id), actor=request.auth)
    return _shape(selectors.need_get(need_id=need.pk), request.auth)


@router.post("/needs/{int:need_id}/complete", response=NeedOut, auth=AUTH, summary="The service is done")
def need_complete(request, need_id: int, payload: ReasonIn | None = None):
    need = services.need_complete(need=selectors.need_get(need_id=need_id), actor=request.auth,
                                  note=payload.reason if payload else "")
    return _shape(selectors.need_get(need_id=need.pk), request.auth)


@router.post("/needs/{int:need_id}/rate", response=NeedOut, auth=AUTH, summary="The resident rates the service")
def need_rate(request, need_id: int, payload: RateIn):
    need = services.need_rate(need=selectors.need_get(need_id=need_id), actor=request.auth, rating=payload.rating,
                              feedback=payload.feedback)
    return _shape(selectors.need_get(need_id=need.pk), request.auth)


@router.post("/needs/{int:need_id}/cancel", response=NeedOut, auth=AUTH, summary="Withdraw an open or matched need")
def need_cancel(request, need_id: int, payload: ReasonIn):
    need = services.need_cancel(need=selectors.need_get(need_id=need_id), actor=request.auth, reason=payload.reason)
    return _shape(selectors.need_get(need_id=need.pk), request.auth)


@router.post("/needs/{int:need_id}/release", response=NeedOut, auth=AUTH, summary="The volunteer gives a need back")
def need_release(request, need_id: int, payload: ReasonIn):
    need = services.need_release(need=selectors.need_get(need_id=need_id), actor=request.auth, reason=payload.reason)
    return _shape(selectors.need_get(need_id=need.pk), request.auth)


@router.post("/needs/{int:need_id}/assign", response=NeedOut, auth=AUTH, summary="An organiser assigns a volunteer")
def need_assign(request, need_id: int, payload: AssignIn):
    from volunteerhub.volunteers.models import Volunteer

    need = selectors.need_get_to_manage(user=request.auth, need_id=need_id)
    volunteer = Volunteer.objects.select_related("user").filter(pk=payload.volunteer_id).first()
    if volunteer is None:
        raise NotFound(gettext_lazy("No such volunteer"))
    need = services.need_assign(need=need, volunteer=volunteer, actor=request.auth)
    return _shape(selectors.need_get(need_id=need.pk), request.auth)


@router.get("/needs/{int:need_id}/matches", response=list[RankedVolunteerOut], auth=AUTH,
            summary="Volunteers ranked for a need, with the reason for each rank")
def need_matches(request, need_id: int, limit: int = 20):
    need = selectors.need_get(need_id=need_id)
    ranked = selectors.volunteers_for_need(need=need, user=request.auth, limit=max(1, min(limit, 100)))
    return [{"rank": r.rank, "volunteer_id": r.volunteer.pk, "name": r.volunteer.name,
             "volunteer_number": r.volunteer.volunteer_number, "distance_m": round(r.distance_m, 1),
             "qualifications": [q.code for q in r.volunteer.qualifications.all()], "reasons": r.reasons}
            for r in ranked]


def _nearby(hit, kind: str, coord: str = "wgs84") -> dict:
    obj = hit.obj
    if kind == "need":
        public = selectors.need_public(obj)
        lat, lng = from_wgs84(public["lat"], public["lng"], coord)
        return {"id": obj.pk, "kind": "need", "name": public["kind_name"], "lat": lat, "lng": lng,
                "distance_m": selectors.band_m(hit.distance_m), "starts_at": obj.window_start,
                "ends_at": obj.window_end, "url": f"/needs/{obj.pk}/"}
    lat, lng = from_wgs84(obj.lat, obj.lng, coord)
    return {"id": obj.pk, "kind": "activity", "name": obj.title, "lat": lat, "lng": lng,
            "distance_m": selectors.band_m(hit.distance_m), "starts_at": obj.starts_at, "ends_at": obj.ends_at,
            "url": f"/activities/{obj.pk}/"}


@router.get("/me/matches", response=MyMatchesOut, auth=AUTH,
            summary="For a volunteer: open needs and activities nearby that fit their qualifications")
def my_matches(request, radius_m: float = 30_000, limit: int = 20, coord: str = "wgs84"):
    require_system(coord)
    volunteer = _my_volunteer(request.auth)
    limit, radius_m = max(1, min(limit, 100)), max(100.0, min(radius_m, 200_000))
    return {"needs": [_nearby(h, "need", coord) for h in selectors.needs_for_volunteer(
                volunteer=volunteer, limit=limit, radius_m=radius_m)],
            "activities": [_nearby(h, "activity", coord) for h in selectors.activities_for_volunteer(
                volunteer=volunteer, limit=limit, radius_m=radius_m)]}


def _require_organiser(user) -> None:
    if not (user.is_admin or user.role == "organizer"):
        raise PermissionDenied(gettext_lazy("Only organisers and admins may batch-assign"))


@router.post("/needs/batch-assignment/preview", response=BatchPreviewOut, auth=AUTH,
             summary="Preview the optimal assignment of open needs to volunteers (nothing is written)")
def batch_preview(request, payload: BatchPreviewIn):
    _require_organiser(request.auth)
    plan = selectors.batch_plan(user=request.auth, region_code=payload.region_code, candidates=payload.candidates,
                                max_distance_m=payload.max_distance_m)
    return {"pairs": [{"need_id": n.pk, "need_kind": n.kind, "volunteer_id": v.pk, "volunteer_name": v.name,
                       "distance_m": round(d, 1)} for n, v, d in plan.pairs()],
            "unassigned_need_ids": [n.pk for n in plan.unassigned()],
            "total_distance_m": round(plan.optimal.total_distance_m, 1),
            "greedy_total_distance_m": round(plan.greedy.total_distance_m, 1),
            "greedy_assigned": plan.greedy.assigned, "needs": len(plan.needs), "volunteers": len(plan.volunteers)}


@router.post("/needs/batch-assignment/commit", response=BatchCommitOut, auth=AUTH,
             summary="Commit a previewed assignment; pairs that became impossible are skipped and listed")
def batch_commit(request, payload: BatchCommitIn):
    _require_organiser(request.auth)
    return services.needs_batch_assign(actor=request.auth, pairs=[(p.need_id, p.volunteer_id) for p in payload.pairs])


@router.post("/needs/expire", auth=AUTH, summary="Expire open needs whose window has passed (admins; also run by cron)")
def needs_expire(request):
    if not request.auth.is_admin:
        raise PermissionDenied()
    return {"expired": services.needs_expire()}


@router.post("/needs/{int:need_id}/calls", response={201: dict}, auth=AUTH,
             summary="Log a call about a need (managers in reach); a call-back that reaches the resident closes the loop")
def need_call(request, need_id: int, payload: CallIn):
    call = calls.need_call_log(need=selectors.need_get(need_id=need_id), by=request.auth, **payload.dict())
    return Status(201, {"id": call.pk, "at": call.at, "purpose": call.purpose, "outcome": call.outcome,
                        "satisfaction": call.satisfaction})


# --- proof of service ------------------------------------------------------------------------------------

class ConfirmIn(Schema):
    code: str = Field("", description="the six digits: shown on the volunteer's phone, or texted to the resident; "
                                      "a manager confirming by phone leaves it empty")
    note: str = ""


@router.post("/needs/{int:need_id}/evidence", response={201: EvidenceOut}, auth=AUTH,
             summary="The volunteer attaches a photo (its EXIF location removed) and/or a note (multipart form)")
def need_evidence_add(request, need_id: int, note: str = Form(""), photo: UploadedFile | None = File(None)):
    evidence = proof.evidence_add(need=selectors.need_get(need_id=need_id), actor=request.auth, photo=photo, note=note)
    return Status(201, selectors.evidence_out(evidence))


@router.get("/needs/{int:need_id}/confirmation-code", auth=AUTH,
            summary="The code the volunteer shows the resident at the door (the serving volunteer only)")
def need_confirmation_code(request, need_id: int):
    need = selectors.need_get(need_id=need_id)
    if need.volunteer_id is None or need.volunteer.user_id != request.auth.pk:
        raise PermissionDenied()
    return {"code": proof.confirmation_code(need)}


@router.post("/needs/{int:need_id}/confirmation-code/send", auth=AUTH,
             summary="Text the code to the resident, who reads it out to the volunteer")
def need_confirmation_code_send(request, need_id: int):
    proof.confirmation_code_send(need=selectors.need_get(need_id=need_id), actor=request.auth)
    return {"sent": True}


@router.post("/needs/{int:need_id}/confirm", response=NeedOut, auth=AUTH,
             summary="The resident confirms the service (the code), or the volunteer (the texted code), or a manager "
                     "after a call; a done and confirmed service goes to the ledger with its proof")
def need_confirm(request, need_id: int, payload: ConfirmIn):
    need = proof.need_confirm(need=selectors.need_get(need_id=need_id), actor=request.auth, code=payload.code,
                              note=payload.note)
    return _shape(selectors.need_get(need_id=need.pk), request.auth)


# --- home-visit rounds ------------------------------------------------------------------------------

class RoundIn(Schema):
    day: dt.date
    volunteer_id: int
    need_ids: list[int] = Field(..., description="the home visits of the round, 1 to 60")
    start_lat: float | None = Field(None, description="where the round starts (the clinic); else the first need")
    start_lng: float | None = None
    coord: str = Field("wgs84", description="the system of start_lat and start_lng")


class RoundStopOut(Schema):
    id: int
    position: int
    need_id: int
    need_kind: str
    place: str
    lat: float
    lng: float
    outcome: str
    note: str
    marked_at: dt.datetime | None


class RoundOut(Schema):
    id: int
    day: dt.date
    region_code: str
    volunteer_id: int
    length_m: float = Field(..., description="the round's walk in metres, from the start when given")
    nearest_neighbour_length_m: float = Field(..., description="the same stops always to the nearest next")
    stops: list[RoundStopOut]


class StopMarkIn(Schema):
    done: bool
    note: str = ""


def _round_out(planned, coord: str = "wgs84") -> dict:
    stops = []
    for stop in planned.stops.select_related("need").order_by("position"):
        still_theirs = stop.need.volunteer_id == planned.volunteer_id  # given back or reassigned: its place is no
        lat, lng = from_wgs84(*((stop.need.lat, stop.need.lng) if still_theirs  # longer this round's to show
                                else (stop.need.public_lat, stop.need.public_lng)), coord)
        stops.append({"id": stop.pk, "position": stop.position, "need_id": stop.need_id,
                      "need_kind": stop.need.kind, "place": stop.need.place if still_theirs else "", "lat": lat,
                      "lng": lng, "outcome": stop.outcome if still_theirs else "reassigned", "note": stop.note,
                      "marked_at": stop.marked_at})
    return {"id": planned.pk, "day": planned.day, "region_code": planned.region_id,
            "volunteer_id": planned.volunteer_id, "length_m": planned.length_m,
            "nearest_neighbour_length_m": planned.nearest_neighbour_length_m, "stops": stops}


@router.post("/needs/rounds", response={201: RoundOut}, auth=AUTH,
             summary="Plan a day's round of home visits for a volunteer, in the shortest order found (organisers)")
def round_plan(request, payload: RoundIn):
    _check_coord(payload.coord)
    volunteer = Volunteer.objects.filter(pk=payload.volunteer_id).select_related("region", "user").first()
    if volunteer is None:
        raise ValidationFailed({"volunteer_id": [gettext_lazy("no such volunteer")]})
    if (payload.start_lat is None) != (payload.start_lng is None):
        raise ValidationFailed({"start_lng": [gettext_lazy("give start_lat and start_lng together")]})
    start = (payload.start_lat, payload.start_lng) if payload.start_lat is not None else None
    planned = rounds.round_plan(actor=request.auth, volunteer=volunteer, day=payload.day, need_ids=payload.need_ids,
                                start=start, coord=payload.coord)
    return Status(201, _round_out(planned))


@router.get("/needs/rounds/{int:round_id}", response=RoundOut, auth=AUTH,
            summary="A round with its stops in order: its volunteer and managers in reach")
def round_detail(request, round_id: int, coord: str = "wgs84"):
    _check_coord(coord)
    return _round_out(selectors.round_get_for(user=request.auth, round_id=round_id), coord)


@router.get("/me/rounds", response=list[RoundOut], auth=AUTH, summary="My home-visit rounds, today's and later")
def my_rounds(request, coord: str = "wgs84"):
    _check_coord(coord)
    return [_round_out(r, coord) for r in selectors.rounds_of(user=request.auth)]


@router.post("/needs/rounds/{int:round_id}/stops/{int:stop_id}", response=RoundStopOut, auth=AUTH,
             summary="Mark a stop done (completes its need) or not done (with a reason)")
def round_stop_mark(request, round_id: int, stop_id: int, payload: StopMarkIn):
    planned = selectors.round_get_for(user=request.auth, round_id=round_id)
    stop = planned.stops.filter(pk=stop_id).first()
    if stop is None:
        raise NotFound()
    stop = rounds.round_stop_mark(stop=stop, actor=request.auth, done=payload.done, note=payload.note)
    return next(s for s in _round_out(planned)["stops"] if s["id"] == stop.pk)
