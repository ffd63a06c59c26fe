"""The volunteer's service record: my hours (service and training apart) and evaluations, my certificate as a PDF,
the public check of a certificate by its code, and the requests and back-fills that name an activity."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy
from ninja import Field, Router, Schema, Status

from volunteerhub.accounts.auth import AUTH
from volunteerhub.activities.selectors import (activity_get_for, activity_get_to_manage, evaluations_of,
                                               roster_volunteer)
from volunteerhub.records.pdf import certificate_response
from volunteerhub.records.selectors import certificate_by_code, verification
from volunteerhub.records.services import certificate_issue
from volunteerhub.core.errors import NotFound, PermissionDenied
from volunteerhub.hours.models import LedgerEntry
from volunteerhub.hours.selectors import my_ledger
from volunteerhub.hours.schemas import CorrectionRequestOut, EntryOut, correction_request_out, entry_out
from volunteerhub.hours.services import correction_request_create, ledger_backfill
from volunteerhub.volunteers.selectors import volunteer_of, volunteers_visible_to

router = Router(tags=["records"])


class VerificationOut(Schema):
    genuine: bool
    current: bool = Field(..., description="false when a newer certificate of the same volunteer exists")
    number: str
    name_masked: str
    id_number_masked: str
    volunteer_number: str
    hours: Decimal
    training_hours: Decimal = Field(..., description="training, certified apart from service hours")
    star_level: int
    content: str
    issuer: str
    issued_on: dt.date


class EvaluationOut(Schema):
    activity_id: int
    activity_title: str
    activity_kind: str
    served_on: dt.date
    team: str
    rating: int = Field(..., description="1 to 5 stars")
    note: str
    rated_at: dt.datetime | None
    rated_by: str | None


class MyHoursOut(Schema):
    approved_hours: Decimal = Field(..., description="the hours that count: service (plus training where "
                                                     "training_counts_as_service); star levels follow them")
    pending_hours: Decimal = Field(..., description="service hours waiting for approval")
    approved_entries: int
    service_hours: Decimal = Field(..., description="approved service hours, training apart")
    training_hours: Decimal = Field(..., description="approved training hours, kept apart from service")
    pending_training_hours: Decimal
    training_entries: int
    training_counts_as_service: bool = Field(..., description="the local rules count training toward the total")
    star_level: int
    next_threshold: int | None
    entries: list[EntryOut]
    evaluations: list[EvaluationOut] = Field(..., description="the organisers' evaluations of my service")


def evaluation_out(signup) -> dict:
    a = signup.activity
    return {"activity_id": a.pk, "activity_title": a.title, "activity_kind": a.kind,
            "served_on": timezone.localtime(a.starts_at).date(), "team": a.team.name, "rating": signup.rating,
            "note": signup.rating_note, "rated_at": signup.rated_at,
            "rated_by": signup.rated_by.display_name if signup.rated_by_id else None}


class BackfillIn(Schema):
    volunteer_id: int
    hours: Decimal = Field(..., description="hours to credit, up to 24")
    served_on: dt.date
    reason: str = Field(..., description="why this is back-filled (补录原因)")
    content: str = ""
    activity_id: int | None = None
    category: str = Field("service", description="service | training (an activity's kind decides when one is named)")


class CorrectionRequestIn(Schema):
    message: str = Field(..., description="what is wrong or missing")
    entry_id: int | None = None
    activity_id: int | None = None


def _volunteer(user):
    volunteer = volunteer_of(user=user)
    if volunteer is None:
        raise PermissionDenied(gettext_lazy("Register as a volunteer first"), code="not_a_volunteer")
    return volunteer


@router.get("/me/hours", response=MyHoursOut, auth=AUTH,
            summary="My service record: every entry, service and training totals apart, star level, evaluations")
def my_hours(request):
    volunteer = _volunteer(request.auth)
    ledger = my_ledger(volunteer=volunteer)
    return {**{k: ledger[k] for k in MyHoursOut.model_fields if k not in ("entries", "evaluations")},
            "entries": [entry_out(r["entry"], r["running_total"]) for r in ledger["entries"]],
            "evaluations": [evaluation_out(s) for s in evaluations_of(volunteer=volunteer)[:500]]}


@router.get("/me/hours/certificate", auth=AUTH, response={200: None},
            summary="Download my certificate of service (PDF, Chinese font embedded, QR to verification)")
def my_certificate(request):
    cert = certificate_issue(volunteer=_volunteer(request.auth), issuer_user=request.auth)
    return certificate_response(request, cert)


@router.get("/certificates/{code}", response=VerificationOut, summary="Public check of a certificate (masked data only)")
def certificate_verify(request, code: str):
    return verification(certificate_by_code(code=code))


@router.post("/me/hours/corrections", response={201: CorrectionRequestOut}, auth=AUTH,
             summary="Ask for an error or gap in my record to be corrected")
def my_correction_request(request, payload: CorrectionRequestIn):
    volunteer = _volunteer(request.auth)
    entry = LedgerEntry.objects.filter(pk=payload.entry_id, volunteer=volunteer).first() if payload.entry_id else None
    if payload.entry_id and entry is None:
        raise NotFound()
    activity = None
    if payload.activity_id:
        activity = activity_get_for(user=request.auth, activity_id=payload.activity_id)
    made = correction_request_create(volunteer=volunteer, message=payload.message, entry=entry, activity=activity)
    return Status(201, correction_request_out(made))


@router.post("/hours/backfill", response={201: EntryOut}, auth=AUTH,
             summary="Back-fill (补录) hours not checked in: a new pending entry with author and reason")
def backfill(request, payload: BackfillIn):
    volunteer = volunteers_visible_to(user=request.auth).filter(pk=payload.volunteer_id).first()
    activity = None
    if payload.activity_id:
        activity = activity_get_to_manage(user=request.auth, activity_id=payload.activity_id)
        if volunteer is None:  # a volunteer of another region who served on this activity
            volunteer = roster_volunteer(activity=activity, volunteer_id=payload.volunteer_id)
    if volunteer is None:
        raise NotFound()
    entry = ledger_backfill(user=request.auth, volunteer=volunteer, hours=payload.hours, served_on=payload.served_on,
                            reason=payload.reason, content=payload.content, activity=activity,
                            category=payload.category)
    return Status(201, entry_out(entry))
