"""Service-hour ledger API: approval, corrections, correction requests (my record is the records app's)."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Router, Schema, Status

from volunteerhub.accounts.auth import AUTH
from volunteerhub.hours import selectors, services
from volunteerhub.hours.schemas import CorrectionRequestOut, EntryOut, correction_request_out, entry_out

router = Router(tags=["hours"])


class DecisionIn(Schema):
    note: str = ""


class DecisionOut(Schema):
    entry_id: int
    decision: str
    volunteer_total: Decimal
    star_level: int


class CorrectionIn(Schema):
    entry_id: int
    hours_delta: Decimal = Field(..., description="hours to add (negative: to take away)")
    reason: str


class ResolveIn(Schema):
    accept: bool
    note: str = ""
    hours_delta: Decimal | None = Field(None, description="when accepting: hours to correct by (or to back-fill)")
    served_on: dt.date | None = None


class TeamHoursOut(Schema):
    team_id: int
    approved_hours: Decimal
    approved_entries: int


def _decide(request, entry_id: int, approve: bool, note: str) -> dict:
    entry = selectors.entry_get_for_manager(user=request.auth, entry_id=entry_id)
    decision = services.ledger_entry_decide(entry=entry, user=request.auth, approve=approve, note=note)
    totals = selectors.volunteer_totals(volunteer=entry.volunteer)
    return {"entry_id": entry.pk, "decision": decision.decision, "volunteer_total": totals["approved_hours"],
            "star_level": totals["star_level"]}


@router.get("/hours/pending", response=list[EntryOut], auth=AUTH,
            summary="Entries waiting for my approval (organiser: own team; admin: own region)")
def pending(request, activity_id: int | None = None, limit: int = 100, offset: int = 0):
    qs = selectors.entries_pending_for(user=request.auth)
    if activity_id:
        qs = qs.filter(activity_id=activity_id)
    limit, offset = max(1, min(limit, 500)), max(0, offset)
    return [entry_out(e) for e in qs[offset:offset + limit]]


@router.post("/hours/entries/{entry_id}/approve", response=DecisionOut, auth=AUTH,
             summary="Approve an entry (recorded as a decision row; totals move in the same transaction)")
def approve(request, entry_id: int, payload: DecisionIn):
    return _decide(request, entry_id, True, payload.note)


@router.post("/hours/entries/{entry_id}/reject", response=DecisionOut, auth=AUTH, summary="Reject an entry, with a note")
def reject(request, entry_id: int, payload: DecisionIn):
    return _decide(request, entry_id, False, payload.note)


@router.post("/hours/corrections", response={201: EntryOut}, auth=AUTH,
             summary="Correct an entry: a new pending entry with the difference, author and reason")
def correct(request, payload: CorrectionIn):
    entry = selectors.entry_get_for_manager(user=request.auth, entry_id=payload.entry_id)
    return Status(201, entry_out(services.ledger_correct(user=request.auth, entry=entry,
                                                         hours_delta=payload.hours_delta, reason=payload.reason)))


@router.get("/hours/correction-requests", response=list[CorrectionRequestOut], auth=AUTH,
            summary="Correction requests to handle (organiser: own team; admin: own region)")
def correction_requests(request, status: str = "open"):
    qs = selectors.correction_requests_for(user=request.auth)
    if status:
        qs = qs.filter(status=status)
    return [correction_request_out(r) for r in qs[:200]]


@router.post("/hours/correction-requests/{request_id}/resolve", response=CorrectionRequestOut, auth=AUTH,
             summary="Answer a correction request; accepting adds a pending correction or back-fill entry")
def correction_request_resolve(request, request_id: int, payload: ResolveIn):
    found = selectors.correction_request_get_for(user=request.auth, request_id=request_id)
    return correction_request_out(services.correction_request_resolve(
        correction_request=found, user=request.auth, accept=payload.accept, note=payload.note,
        hours_delta=payload.hours_delta, served_on=payload.served_on))


@router.get("/teams/{team_id}/hours", response=TeamHoursOut, summary="A team's kept total of approved hours")
def team_hours(request, team_id: int):
    totals = selectors.team_totals(team_ids=[team_id]).get(team_id, {"approved_hours": Decimal("0"),
                                                                      "approved_entries": 0})
    return {"team_id": team_id, **totals}
