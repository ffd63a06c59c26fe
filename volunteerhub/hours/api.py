"""Service-hour ledger API: my entries and running total, approval, corrections, 补录, certificates."""

import datetime as dt
from decimal import Decimal

from django.http import HttpResponse
from ninja import Field, Router, Schema, Status

from volunteerhub.accounts.auth import AUTH
from volunteerhub.core.errors import NotFound, PermissionDenied
from volunteerhub.core.i18n import Text
from volunteerhub.hours import selectors, services
from volunteerhub.hours.certificates import certificate_pdf
from volunteerhub.hours.models import LedgerEntry
from volunteerhub.volunteers.selectors import volunteer_of, volunteers_visible_to

router = Router(tags=["hours"])


class EntryOut(Schema):
    id: int
    kind: str = Field(..., description="service | correction | backfill")
    status: str = Field(..., description="pending | approved | rejected (from the decision row; entries never change)")
    volunteer_id: int
    volunteer_name: str
    activity_id: int | None
    activity_title: str | None
    corrects_id: int | None
    served_on: dt.date
    started_at: dt.datetime | None
    ended_at: dt.datetime | None
    minutes: int
    hours: Decimal
    rounding_rule: str
    content: str
    reason: str
    author: str | None
    created_at: dt.datetime
    decided_at: dt.datetime | None
    decision_note: str | None
    running_total: Decimal | None = Field(None, description="approved hours up to and including this entry")


class MyHoursOut(Schema):
    approved_hours: Decimal
    pending_hours: Decimal
    approved_entries: int
    star_level: int
    next_threshold: int | None
    entries: list[EntryOut]


class DecisionIn(Schema):
    note: str = ""


class DecisionOut(Schema):
    entry_id: int
    decision: str
    volunteer_total: Decimal
    star_level: int


class BackfillIn(Schema):
    volunteer_id: int
    hours: Decimal = Field(..., description="hours to credit, up to 24")
    served_on: dt.date
    reason: str = Field(..., description="why this is back-filled (补录原因)")
    content: str = ""
    activity_id: int | None = None


class CorrectionIn(Schema):
    entry_id: int
    hours_delta: Decimal = Field(..., description="hours to add (negative: to take away)")
    reason: str


class CorrectionRequestIn(Schema):
    message: str = Field(..., description="what is wrong or missing")
    entry_id: int | None = None
    activity_id: int | None = None


class CorrectionRequestOut(Schema):
    id: int
    volunteer_id: int
    volunteer_name: str
    entry_id: int | None
    activity_id: int | None
    message: str
    status: str
    resolution_entry_id: int | None
    resolution_note: str
    created_at: dt.datetime


class ResolveIn(Schema):
    accept: bool
    note: str = ""
    hours_delta: Decimal | None = Field(None, description="when accepting: hours to correct by (or to back-fill)")
    served_on: dt.date | None = None


class VerificationOut(Schema):
    genuine: bool
    current: bool = Field(..., description="false when a newer certificate of the same volunteer exists")
    number: str
    name_masked: str
    id_number_masked: str
    volunteer_number: str
    hours: Decimal
    star_level: int
    content: str
    issuer: str
    issued_on: dt.date


class TeamHoursOut(Schema):
    team_id: int
    approved_hours: Decimal
    approved_entries: int


def entry_out(entry: LedgerEntry, running_total=None) -> dict:
    decision = selectors._decision_or_none(entry)
    return {
        "id": entry.pk, "kind": entry.kind, "status": decision.decision if decision else "pending",
        "volunteer_id": entry.volunteer_id, "volunteer_name": entry.volunteer.name,
        "activity_id": entry.activity_id, "activity_title": entry.activity.title if entry.activity_id else None,
        "corrects_id": entry.corrects_id, "served_on": entry.served_on, "started_at": entry.started_at,
        "ended_at": entry.ended_at, "minutes": entry.minutes, "hours": entry.hours,
        "rounding_rule": entry.rounding_rule, "content": entry.content, "reason": entry.reason,
        "author": entry.author.display_name if entry.author_id else None, "created_at": entry.created_at,
        "decided_at": decision.created_at if decision else None, "decision_note": decision.note if decision else None,
        "running_total": running_total,
    }


def _volunteer(user):
    volunteer = volunteer_of(user=user)
    if volunteer is None:
        raise PermissionDenied(Text("请先注册为志愿者", "Register as a volunteer first"), code="not_a_volunteer")
    return volunteer


def _decide(request, entry_id: int, approve: bool, note: str) -> dict:
    entry = selectors.entry_get_for_manager(user=request.auth, entry_id=entry_id)
    decision = services.ledger_entry_decide(entry=entry, user=request.auth, approve=approve, note=note)
    totals = selectors.volunteer_totals(volunteer=entry.volunteer)
    return {"entry_id": entry.pk, "decision": decision.decision, "volunteer_total": totals["approved_hours"],
            "star_level": totals["star_level"]}


@router.get("/me/hours", response=MyHoursOut, auth=AUTH, summary="My ledger: every entry, the running total, my star level")
def my_hours(request):
    ledger = selectors.my_ledger(volunteer=_volunteer(request.auth))
    return {**{k: ledger[k] for k in ("approved_hours", "pending_hours", "approved_entries", "star_level",
                                      "next_threshold")},
            "entries": [entry_out(r["entry"], r["running_total"]) for r in ledger["entries"]]}


@router.post("/me/hours/corrections", response={201: CorrectionRequestOut}, auth=AUTH,
             summary="Ask for an error or gap in my record to be corrected")
def correction_request_create(request, payload: CorrectionRequestIn):
    volunteer = _volunteer(request.auth)
    entry = LedgerEntry.objects.filter(pk=payload.entry_id, volunteer=volunteer).first() if payload.entry_id else None
    if payload.entry_id and entry is None:
        raise NotFound()
    activity = None
    if payload.activity_id:
        from volunteerhub.activities.selectors import activity_get_for

        activity = activity_get_for(user=request.auth, activity_id=payload.activity_id)
    made = services.correction_request_create(volunteer=volunteer, message=payload.message, entry=entry,
                                              activity=activity)
    return Status(201, _request_out(made))


@router.get("/me/hours/certificate", auth=AUTH, response={200: None},
            summary="Download my certificate of service (PDF, Chinese font embedded, QR to verification)")
def my_certificate(request):
    cert = services.certificate_issue(volunteer=_volunteer(request.auth), issuer_user=request.auth)
    return certificate_response(request, cert)


def certificate_response(request, cert) -> HttpResponse:
    pdf = certificate_pdf(cert=cert, verify_url=request.build_absolute_uri(f"/certificates/verify/{cert.code}/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{cert.number}.pdf"'
    return response


@router.get("/certificates/{code}", response=VerificationOut, summary="Public check of a certificate (masked data only)")
def certificate_verify(request, code: str):
    return verification(selectors.certificate_by_code(code=code))


def verification(cert) -> dict:
    from volunteerhub.core.masking import mask_name

    return {"genuine": True, "current": selectors.certificate_is_current(cert), "number": cert.number,
            "name_masked": mask_name(cert.name), "id_number_masked": cert.id_number_masked,
            "volunteer_number": cert.volunteer_number[:6] + "****" + cert.volunteer_number[-4:],
            "hours": cert.hours, "star_level": cert.star_level, "content": cert.content, "issuer": cert.issuer,
            "issued_on": cert.issued_on}


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


@router.post("/hours/backfill", response={201: EntryOut}, auth=AUTH,
             summary="Back-fill (补录) hours not checked in: a new pending entry with author and reason")
def backfill(request, payload: BackfillIn):
    volunteer = volunteers_visible_to(user=request.auth).filter(pk=payload.volunteer_id).first()
    activity = None
    if payload.activity_id:
        from volunteerhub.activities.selectors import activity_get_to_manage

        activity = activity_get_to_manage(user=request.auth, activity_id=payload.activity_id)
        if volunteer is None:
            from volunteerhub.activities.models import SignUp

            found = SignUp.objects.filter(activity=activity, volunteer_id=payload.volunteer_id).select_related("volunteer").first()
            volunteer = found.volunteer if found else None
    if volunteer is None:
        raise NotFound()
    entry = services.ledger_backfill(user=request.auth, volunteer=volunteer, hours=payload.hours,
                                     served_on=payload.served_on, reason=payload.reason, content=payload.content,
                                     activity=activity)
    return Status(201, entry_out(entry))


@router.post("/hours/corrections", response={201: EntryOut}, auth=AUTH,
             summary="Correct an entry: a new pending entry with the difference, author and reason")
def correct(request, payload: CorrectionIn):
    entry = selectors.entry_get_for_manager(user=request.auth, entry_id=payload.entry_id)
    return Status(201, entry_out(services.ledger_correct(user=request.auth, entry=entry,
                                                         hours_delta=payload.hours_delta, reason=payload.reason)))


def _request_out(r) -> dict:
    return {"id": r.pk, "volunteer_id": r.volunteer_id, "volunteer_name": r.volunteer.name, "entry_id": r.entry_id,
            "activity_id": r.activity_id, "message": r.message, "status": r.status,
            "resolution_entry_id": r.resolution_entry_id, "resolution_note": r.resolution_note,
            "created_at": r.created_at}


@router.get("/hours/correction-requests", response=list[CorrectionRequestOut], auth=AUTH,
            summary="Correction requests to handle (organiser: own team; admin: own region)")
def correction_requests(request, status: str = "open"):
    qs = selectors.correction_requests_for(user=request.auth)
    if status:
        qs = qs.filter(status=status)
    return [_request_out(r) for r in qs[:200]]


@router.post("/hours/correction-requests/{request_id}/resolve", response=CorrectionRequestOut, auth=AUTH,
             summary="Answer a correction request; accepting adds a pending correction or back-fill entry")
def correction_request_resolve(request, request_id: int, payload: ResolveIn):
    found = selectors.correction_request_get_for(user=request.auth, request_id=request_id)
    return _request_out(services.correction_request_resolve(
        correction_request=found, user=request.auth, accept=payload.accept, note=payload.note,
        hours_delta=payload.hours_delta, served_on=payload.served_on))


@router.get("/teams/{team_id}/hours", response=TeamHoursOut, summary="A team's kept total of approved hours")
def team_hours(request, team_id: int):
    totals = selectors.team_totals(team_ids=[team_id]).get(team_id, {"approved_hours": Decimal("0"),
                                                                      "approved_entries": 0})
    return {"team_id": team_id, **totals}
