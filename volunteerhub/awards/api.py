from datetime import datetime

from ninja import Router, Schema, Status

from volunteerhub.accounts.auth import AUTH, optional_user
from volunteerhub.awards import selectors, services
from volunteerhub.core.errors import NotFound
from volunteerhub.organizations.models import Team
from volunteerhub.volunteers.models import Volunteer

router = Router(tags=["awards"])


class NominationOut(Schema):
    id: int
    kind: str
    title: str
    year: int
    nominee: str
    region_code: str
    phase: str
    reason: str
    evidence: dict
    nominated_at: datetime
    notice_ends_at: datetime
    decided_at: datetime | None
    objections: int


def _out(n) -> dict:
    shown = selectors.public_view(n)
    return {"id": n.pk, "kind": n.kind, "title": shown["title"], "year": n.year, "nominee": shown["name"],
            "region_code": n.region_id, "phase": selectors.phase(n), "reason": shown["reason"], "evidence": n.evidence,
            "nominated_at": n.nominated_at, "notice_ends_at": n.notice_ends_at, "decided_at": n.decided_at,
            "objections": n.objections.count()}


@router.get("/awards", response=list[NominationOut], summary="Public notice board: nominations on notice and awards")
def award_list(request):
    return [_out(n) for n in selectors.nominations_public()[:200]]


@router.get("/awards/{nomination_id}", response=NominationOut, summary="One nomination")
def award_detail(request, nomination_id: int):
    return _out(selectors.nomination_get_for(user=optional_user(request), nomination_id=nomination_id))


class NominateIn(Schema):
    kind: str
    title: str
    reason: str
    volunteer_id: int | None = None
    team_id: int | None = None
    project_id: int | None = None
    year: int | None = None


@router.post("/awards", response={201: NominationOut}, auth=AUTH,
             summary="Nominate a volunteer, team or project (organisers, admins); goes on public notice")
def award_nominate(request, payload: NominateIn):
    volunteer = Volunteer.objects.filter(pk=payload.volunteer_id).first() if payload.volunteer_id else None
    team = Team.objects.filter(pk=payload.team_id).first() if payload.team_id else None
    if (payload.volunteer_id and volunteer is None) or (payload.team_id and team is None):
        raise NotFound()
    n = services.nomination_create(by=request.user, kind=payload.kind, title=payload.title, reason=payload.reason,
                                   volunteer=volunteer, team=team, project_id=payload.project_id, year=payload.year)
    return Status(201, _out(n))


class ObjectIn(Schema):
    reason: str


class ObjectionOut(Schema):
    id: int
    created_at: datetime


@router.post("/awards/{nomination_id}/objections", response={201: ObjectionOut}, auth=AUTH,
             summary="Object to a nomination during its public notice (anyone signed in, once)")
def award_object(request, nomination_id: int, payload: ObjectIn):
    n = selectors.nomination_get_for(user=request.user, nomination_id=nomination_id)
    objection = services.nomination_object(nomination=n, user=request.user, reason=payload.reason)
    return Status(201, {"id": objection.pk, "created_at": objection.created_at})


class DecideIn(Schema):
    approve: bool
    note: str = ""


@router.post("/awards/{nomination_id}/decision", response=NominationOut, auth=AUTH,
             summary="Approve or reject after the notice (an admin of the nominee's region)")
def award_decide(request, nomination_id: int, payload: DecideIn):
    n = selectors.nomination_get_for(user=request.user, nomination_id=nomination_id)
    return _out(services.nomination_decide(nomination=n, by=request.user, approve=payload.approve, note=payload.note))
