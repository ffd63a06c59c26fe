"""Codes texted to a mobile: 6 digits, valid SMS_CODE_TTL_SECONDS, one resend per SMS_CODE_RESEND_SECONDS, burnt
after SMS_CODE_MAX_TRIES wrong tries, rate limited per mobile and per address; only a keyed hash is stored."""

import datetime as dt
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from volunteerhub.accounts.models import PhoneCode, User
from volunteerhub.accounts.phones import validate_phone
from volunteerhub.core import throttle
from volunteerhub.core.errors import Conflict, ValidationFailed
from volunteerhub.core.i18n import Text

WRONG_OR_EXPIRED = gettext_lazy("the code is wrong or no longer valid: ask for a new one")


def _clean_phone(phone: str) -> str:
    try:
        return validate_phone(phone)
    except ValueError as exc:
        raise ValidationFailed({"phone": [exc.args[0]]}) from None


def _clean_purpose(purpose: str) -> str:
    if purpose not in PhoneCode.Purpose.values:
        raise ValidationFailed({"purpose": [format_lazy(gettext_lazy("must be one of {purposes}"), purposes=", ".join(PhoneCode.Purpose.values))]})
    return purpose


def _check_cool_down(phone: str, purpose: str, now: dt.datetime) -> None:
    last = PhoneCode.objects.filter(phone=phone, purpose=purpose).order_by("-created_at").first()
    wait = settings.SMS_CODE_RESEND_SECONDS - ((now - last.created_at).total_seconds() if last else 1e9)
    if wait > 0:
        raise throttle.TooManyRequests(wait, format_lazy(gettext_lazy("A code was just sent: ask again in {value} s"), value=int(wait) + 1),
                                       code="code_cool_down", fields={"phone": [gettext_lazy("wait a moment")]})


def phone_code_send(*, phone: str, purpose: str, ip: str, deliver: bool = True) -> PhoneCode:
    """Text a new code (earlier ones of the same mobile and purpose stop working). `deliver=False` stores it and
    sends nothing: a forgotten password for a mobile without an account answers the same and texts no one.
    The text goes out after the code is stored, outside its transaction (a slow gateway holds no lock)."""
    # Every ask counts against the address, also one refused below (an account's mobile): outside the
    # transaction that a refusal rolls back, so the answer "already registered" cannot be probed without limit.
    throttle.rate_limit(f"sms_code:ip:{ip}", limit=settings.SMS_CODE_PER_IP_PER_HOUR, window_seconds=3600)
    row, code = _phone_code_create(phone=phone, purpose=purpose, ip=ip)
    if deliver:
        minutes = settings.SMS_CODE_TTL_SECONDS // 60
        text = (f"【{settings.SMS_SIGN}】验证码 {code}，{minutes}分钟内有效，用于"
                f"{PhoneCode.Purpose(row.purpose).label}。请勿告诉他人。")
        import_string(settings.SMS_CODE_SENDER)(phone=row.phone, text=text, key=f"code-{row.pk}")
    return row


@transaction.atomic
def _phone_code_create(*, phone: str, purpose: str, ip: str) -> tuple[PhoneCode, str]:
    phone, purpose = _clean_phone(phone), _clean_purpose(purpose)
    now = timezone.now()
    if purpose == PhoneCode.Purpose.REGISTER and User.objects.filter(phone=phone).exists():
        raise Conflict(gettext_lazy("This mobile is already registered: sign in, or reset a forgotten password by text"), code="duplicate_phone",
                       fields={"phone": [gettext_lazy("already registered")]})
    _check_cool_down(phone, purpose, now)
    throttle.rate_limit(f"sms_code:phone:{phone}", limit=settings.SMS_CODE_PER_PHONE_PER_HOUR, window_seconds=3600)
    PhoneCode.objects.filter(phone=phone, purpose=purpose, used_at__isnull=True).update(used_at=now)
    code = f"{secrets.randbelow(10**6):06d}"
    row = PhoneCode.objects.create(phone=phone, purpose=purpose, created_at=now,
                                   code_hash=PhoneCode.hash_code(phone=phone, purpose=purpose, code=code),
                                   expires_at=now + dt.timedelta(seconds=settings.SMS_CODE_TTL_SECONDS))
    return row, code


def phone_code_check(*, phone: str, purpose: str, code: str) -> PhoneCode:
    """The live code of the mobile if `code` matches it; a wrong one counts a try, kept even when the caller's
    work fails (so call this outside the caller's transaction), and the last allowed wrong try burns it."""
    try:
        phone = validate_phone(phone)
    except ValueError:
        phone = ""  # no code was ever texted to it: the same answer as a wrong code
    with transaction.atomic():
        row = (PhoneCode.objects.select_for_update()
               .filter(phone=phone, purpose=purpose, used_at__isnull=True,
                       expires_at__gt=timezone.now())
               .order_by("-created_at").first())
        if row is None or PhoneCode.hash_code(phone=row.phone, purpose=purpose, code=(code or "").strip()) \
                == row.code_hash:
            reason = None if row is not None else WRONG_OR_EXPIRED
        else:
            reason = _count_wrong_try(row)
    if reason is not None:
        raise ValidationFailed({"sms_code": [reason]}, code="sms_code_invalid")
    return row


def _count_wrong_try(row: PhoneCode) -> Text:
    row.wrong_tries += 1
    if row.wrong_tries >= settings.SMS_CODE_MAX_TRIES:
        row.used_at = timezone.now()
    row.save(update_fields=["wrong_tries", "used_at"])
    left = settings.SMS_CODE_MAX_TRIES - row.wrong_tries
    if left:
        return format_lazy(gettext_lazy("wrong code: {left} tries left"), left=left)
    return gettext_lazy("too many wrong tries: ask for a new code")


def phone_code_use(*, code: PhoneCode) -> None:
    """Spend a checked code inside the caller's transaction: it cannot be used twice, even by two requests at once."""
    if not PhoneCode.objects.filter(pk=code.pk, used_at__isnull=True).update(used_at=timezone.now()):
        raise ValidationFailed({"sms_code": [WRONG_OR_EXPIRED]}, code="sms_code_invalid")
