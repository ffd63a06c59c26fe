"""Signed, short-lived check-in codes shown as a rotating QR code on the organiser's page.

Signed with CHECKIN_TOKEN_KEY, a key of their own (not SECRET_KEY's signatures), each code names its activity
and the moment it was shown: it is good for CHECKIN_TOKEN_TTL_SECONDS, and a check-out refuses a code shown
before the volunteer checked in (services.signup_check_out).
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy

from volunteerhub.core import crypto
from volunteerhub.core.errors import ApplicationError

SALT = "volunteerhub.activities.checkin"
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class CheckinCode:
    activity_id: int
    shown_at: dt.datetime


def _signer() -> signing.Signer:
    return signing.Signer(key=crypto.key("CHECKIN_TOKEN_KEY"), salt=SALT)


def checkin_token_for(*, activity_id: int) -> str:
    shown_at = (timezone.now() - EPOCH) // dt.timedelta(microseconds=1)  # exact: compared with the check-in's time
    return _signer().sign_object({"a": activity_id, "t": shown_at})


def _invalid() -> ApplicationError:
    return ApplicationError(gettext_lazy("This is not a valid check-in QR code"), code="checkin_token_invalid")


def checkin_code_read(token: str) -> CheckinCode:
    """The activity a code was made for and when it was shown; refuses an expired or forged code."""
    try:
        data = _signer().unsign_object(token or "")
    except signing.BadSignature:
        raise _invalid() from None
    if not isinstance(data, dict) or not isinstance(data.get("a"), int) or not isinstance(data.get("t"), int):
        raise _invalid()
    shown_at = EPOCH + dt.timedelta(microseconds=data["t"])
    if timezone.now() - shown_at > dt.timedelta(seconds=settings.CHECKIN_TOKEN_TTL_SECONDS):
        raise ApplicationError(gettext_lazy("The QR code has expired: scan the current one again"),
                               code="checkin_token_expired")
    return CheckinCode(activity_id=data["a"], shown_at=shown_at)
