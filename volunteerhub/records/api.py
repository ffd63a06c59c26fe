"""The volunteer's service record: my certificate as a PDF, the public check of a certificate by its code, and
the requests and back-fills that name an activity."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Router, Schema, Status

from volunteerhub.accounts.auth import AUTH
from volunteerhub.activities.selectors import activity_get_for, activity_get_to_manage, roster_volunteer
from volunteerhub.records.pdf import certificate_response
from volunteerhub.records.selectors import certificate_by_code, verification
from volunteerhub.records.services import certificate_issue
from volunteerhub.core.errors import NotFound, PermissionDenied
from volunteerhub.core.i18n import Text
from volunteerhub.hours.models import LedgerEntry
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
    star_level: int
    content: str
    issuer: str
    issued_on: dt.date


class BackfillIn(Schema):
    volunteer_id: int
    hours: Decimal = Field(..., description="hours to credit, up to 24")
    served_on: dt.date
    reason: str = Field(..., description="why this is back-filled (补录原因)")
    content: str = ""
    activity_id: int | None = None


class CorrectionRequestIn(Schema):
    message: str = Field(..., description="what is wrong or missing")
    entry_id: int | None = None
    activity_id: int | None = None


def _volunteer(user):
    volunteer = volunteer_of(user=user)
    if volunteer is None:
        raise PermissionDenied(Text("请先注册为志愿者", "Register as a volunteer first"), code="not_a_volunteer")
    return volunteer


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
                            reason=payload.reason, content=payload.content, activity=activity)
    return Status(201, entry_out(entry))
