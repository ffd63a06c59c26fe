"""Mainland mobile numbers: the login of every account."""

import re

from volunteerhub.core.i18n import Text

PHONE_RE = re.compile(r"^1[3-9]\d{9}$")


def validate_phone(raw: str) -> str:
    phone = (raw or "").strip().replace(" ", "").replace("-", "")
    if phone.startswith("+86"):
        phone = phone[3:]
    if not PHONE_RE.match(phone):
        raise ValueError(Text("手机号须为11位，以13-19开头", "must be an 11-digit mainland mobile number (1[3-9]xxxxxxxxx)"))
    return phone
