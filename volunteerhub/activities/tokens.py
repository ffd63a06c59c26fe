"""Signed, short-lived check-in tokens shown as a rotating QR code on the organiser's page."""

from django.conf import settings
from django.core import signing

from volunteerhub.core.errors import ApplicationError
from volunteerhub.core.i18n import Text

SALT = "volunteerhub.activities.checkin"


def checkin_token_for(*, activity_id: int) -> str:
    return signing.dumps({"a": activity_id}, salt=SALT, compress=False)


def activity_id_from_token(token: str) -> int:
    """The activity a token was made for; refuses an expired or forged token with a clear reason."""
    try:
        data = signing.loads(token or "", salt=SALT, max_age=settings.CHECKIN_TOKEN_TTL_SECONDS)
    except signing.SignatureExpired:
        raise ApplicationError(Text("二维码已过期，请重新扫描组织者手机上的最新二维码",
                                    "The QR code has expired: scan the current one again"),
                               code="checkin_token_expired") from None
    except signing.BadSignature:
        raise ApplicationError(Text("二维码无效", "This is not a valid check-in QR code"),
                               code="checkin_token_invalid") from None
    if not isinstance(data, dict) or not isinstance(data.get("a"), int):
        raise ApplicationError(Text("二维码无效", "This is not a valid check-in QR code"), code="checkin_token_invalid")
    return data["a"]
