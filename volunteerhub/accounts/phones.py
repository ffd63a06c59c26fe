"""Phone numbers: the mainland mobile one signs in with, and a contact number (mobile or landline) shared by several."""

import re
import unicodedata

from django.utils.translation import gettext_lazy

PHONE_RE = re.compile(r"^1[3-9]\d{9}$", re.ASCII)  # ASCII digits only: no look-alike of another number


def validate_phone(raw: str) -> str:
    phone = unicodedata.normalize("NFKC", raw or "").strip().replace(" ", "").replace("-", "")  # full-width digits
    if phone.startswith("+86"):
        phone = phone[3:]
    if not PHONE_RE.match(phone):
        raise ValueError(gettext_lazy("must be an 11-digit mainland mobile number (1[3-9]xxxxxxxxx)"))
    return phone


# A landline: area code (010, 02x: three digits; others four), a local number of 7 or 8 digits, an extension.
LANDLINE_RE = re.compile(r"^(0(?:10|2\d|[3-9]\d{2}))(\d{7,8})(?:(?:转|ext\.?|#|-)(\d{1,6}))?$", re.IGNORECASE | re.ASCII)


def validate_contact_phone(raw: str) -> str:
    """A number to reach someone by: a mobile, or a landline with its area code (a village clinic's, a
    family's). It is not a login, so several people may share it. Written 0543-3161234 (-ext)."""
    text = unicodedata.normalize("NFKC", raw or "").strip().replace(" ", "").replace("（", "(").replace("）", ")").replace("－", "-")
    try:
        return validate_phone(text)
    except ValueError:
        pass
    compact = text.replace("(", "").replace(")", "")
    if compact.startswith("+86"):
        compact = compact[3:]
    compact = re.sub(r"^(0\d{2,3})-", r"\1", compact, count=1)
    match = LANDLINE_RE.match(compact)
    if match is None:
        raise ValueError(gettext_lazy("must be a mobile number or a landline with its area code (e.g. 0543-3161234)"))
    area, number, extension = match.groups()
    return f"{area}-{number}" + (f"-{extension}" if extension else "")


def mask_contact_phone(phone: str) -> str:
    """138****5678 for a mobile; 0543-***1234 for a landline (its area code and last four digits)."""
    if not phone or PHONE_RE.match(phone):
        return phone[:3] + "****" + phone[-4:] if phone else ""
    area, _, rest = phone.partition("-")
    number = rest.split("-")[0]
    return f"{area}-{'*' * (len(number) - 4)}{number[-4:]}"
