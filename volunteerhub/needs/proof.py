"""Proof of a service at someone's home: the volunteer's photos and note, and the resident's confirmation (a code
shown on the volunteer's phone and typed by the resident, a code sent to the resident by SMS and typed by the
volunteer, or a call by the operator). Once the service is done and confirmed, its hours go to the ledger as a
pending entry carrying that proof, for someone else to approve."""

import hashlib
import hmac

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from volunteerhub.accounts.models import User
from volunteerhub.audit.services import audit_record
from volunteerhub.core.errors import Conflict, PermissionDenied, Problems, ValidationFailed
from volunteerhub.core.masking import mask_in_text
from volunteerhub.needs.calls import need_call_log
from volunteerhub.needs.models import Need, NeedCall, NeedStatus, ServiceEvidence
from volunteerhub.needs.photos import clean_photo
from volunteerhub.needs.selectors import takes_calls_for
from volunteerhub.needs import services
from volunteerhub.notifications.services import text_number

MAX_PHOTOS = 9
WORKING = (NeedStatus.MATCHED, NeedStatus.IN_PROGRESS, NeedStatus.DONE)


def _is_handler(need: Need, user: User) -> bool:
    return need.volunteer_id is not None and need.volunteer.user_id == user.pk


def _code(need: Need, purpose: str) -> str:
    message = f"need-{purpose}:{need.pk}:{need.volunteer_id}:{need.matched_at.isoformat() if need.matched_at else ''}"
    digest = hmac.new(settings.CHECKIN_TOKEN_KEY.encode(), message.encode(), hashlib.sha256).hexdigest()
    return f"{int(digest[:12], 16) % 1_000_000:06d}"


def confirmation_code(need: Need) -> str:
    """The six digits the volunteer's phone shows at the door, for the resident to type: a new volunteer gets a
    new code. The volunteer never types this one."""
    return _code(need, "door")


def texted_code(need: Need) -> str:
    """The six digits texted to the resident, who reads them out to the volunteer; never shown to the volunteer."""
    return _code(need, "sms")


@transaction.atomic
def evidence_add(*, need: Need, actor: User, photo=None, note: str = "") -> ServiceEvidence:
    """The volunteer attaches a photo and/or a note while serving or just after."""
    if not _is_handler(need, actor):
        raise PermissionDenied(gettext_lazy("Only the volunteer serving it adds proof"))
    if need.status not in WORKING:
        raise Conflict(gettext_lazy("Proof can no longer be added to this need"),
                       code="need_state_conflict")
    problems = Problems()
    note = mask_in_text((note or "").strip())
    if photo is None and not note:
        problems.add("photo", gettext_lazy("add a photo or a note"))
    if len(note) > 255:
        problems.add("note", gettext_lazy("at most 255 characters"))
    if photo is not None and need.evidence.exclude(photo="").count() >= MAX_PHOTOS:
        problems.add("photo", format_lazy(gettext_lazy("at most {MAX_PHOTOS} photos a service"), MAX_PHOTOS=MAX_PHOTOS))
    problems.raise_any()
    evidence = ServiceEvidence(need=need, by=actor, note=note)
    if photo is not None:
        cleaned = clean_photo(photo)
        evidence.photo.save(cleaned.name, cleaned, save=False)
    evidence.save()
    audit_record(action="need_evidence", target_type="need", target_id=need.pk, region=need.region, actor=actor,
                 changes={"photo": bool(evidence.photo), "note": bool(note)})
    return evidence


def confirmation_code_send(*, need: Need, actor: User) -> None:
    """The volunteer asks for the code to go to the resident by SMS; the resident reads it out."""
    if not _is_handler(need, actor):
        raise PermissionDenied()
    phone = need.contact_phone or (need.resident.phone if need.resident_id else "")
    if not phone:
        raise Conflict(gettext_lazy("The person has no number to text"), code="no_phone")
    text_number(phone=phone, key=f"need-confirm-{need.pk}-{need.volunteer_id}",
                text=f"您的求助“{need.get_kind_display()}”服务确认码：{texted_code(need)}。服务完成后请告知志愿者。")
    audit_record(action="need_confirm_code_sent", target_type="need", target_id=need.pk, region=need.region,
                 actor=actor)


@transaction.atomic
def need_confirm(*, need: Need, actor: User, code: str = "", note: str = "") -> Need:
    """The resident confirms the service: typing the code shown on the volunteer's phone (the resident), or the
    volunteer typing the code the resident got by SMS, or a manager of the region after calling the resident."""
    need = Need.objects.select_for_update().get(pk=need.pk)
    if need.status not in WORKING:
        raise Conflict(gettext_lazy("This need cannot be confirmed now"), code="need_state_conflict")
    if need.confirmed_at is not None:
        raise Conflict(gettext_lazy("The service is already confirmed"), code="already_confirmed")
    if actor.pk in (need.resident_id, need.created_by_id) and not takes_calls_for(actor, need.region):
        how = "code"
    elif _is_handler(need, actor):
        how = "sms"
    elif takes_calls_for(actor, need.region):
        how = "call"
    else:
        raise PermissionDenied()
    expected = {"code": confirmation_code, "sms": texted_code}.get(how)
    if expected is not None and not hmac.compare_digest((code or "").strip(), expected(need)):
        raise ValidationFailed({"code": [gettext_lazy("the code is not right")]})
    if how == "call":
        need_call_log(need=need, by=actor, callee=need.contact_name or "居民", purpose=NeedCall.Purpose.FOLLOW_UP,
                      outcome=NeedCall.Outcome.REACHED, note=note or "电话确认服务")
    Need.objects.filter(pk=need.pk).update(confirmed_at=timezone.now(), confirmed_how=how, updated_at=timezone.now())
    need.refresh_from_db()
    audit_record(action="need_confirmed", target_type="need", target_id=need.pk, region=need.region, actor=actor,
                 changes={"how": how})
    return services.record_hours_if_ready(need)
