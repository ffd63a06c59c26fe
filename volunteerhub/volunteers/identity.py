"""Resident ID numbers (GB 11643): validation and synthesis."""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext_lazy

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK_CHARS = "10X98765432"
ID_RE = re.compile(r"^\d{17}[\dX]$", re.ASCII)  # ASCII digits only


@dataclass(frozen=True)
class ResidentId:
    number: str
    area_code: str
    birth_date: dt.date
    gender: str  # "male" | "female"


def check_char(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character."""
    return CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, WEIGHTS)) % 11]


def parse_resident_id(raw: str, *, today: dt.date | None = None) -> ResidentId:
    """Return the parsed ID or raise ValueError carrying a bilingual reason."""
    number = unicodedata.normalize("NFKC", raw or "").strip().upper()  # full-width digits typed on a phone
    if not ID_RE.match(number):
        raise ValueError(gettext_lazy("must be 18 characters: 17 digits and a digit or X"))
    if check_char(number[:17]) != number[17]:
        raise ValueError(gettext_lazy("the check character is wrong (GB 11643)"))
    try:
        birth = dt.datetime.strptime(number[6:14], "%Y%m%d").date()
    except ValueError:
        raise ValueError(gettext_lazy("the birth date in the number is not a real date")) from None
    today = today or dt.date.today()
    if birth > today or birth.year < 1900:
        raise ValueError(gettext_lazy("the birth date in the number is out of range"))
    gender = "male" if int(number[16]) % 2 else "female"
    return ResidentId(number=number, area_code=number[:6], birth_date=birth, gender=gender)


def make_resident_id(area_code: str, birth_date: dt.date, sequence: int) -> str:
    """Build a valid synthetic ID number (for demo data and tests)."""
    first17 = f"{area_code}{birth_date:%Y%m%d}{sequence % 1000:03d}"
    return first17 + check_char(first17)
