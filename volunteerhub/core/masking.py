"""Masking of personal data on screen, in exports and in logs (PIPL: shown only as far as needed)."""

import re

ID_IN_TEXT_RE = re.compile(r"(?<![\dA-Za-z])(\d{6})(\d{8})(\d{3}[\dXx])(?![\dA-Za-z])")


def mask_id_number(number: str) -> str:
    """3716**********123X: area prefix and last four only."""
    return number[:4] + "*" * (len(number) - 8) + number[-4:] if len(number) > 8 else "*" * len(number)


def mask_in_text(text: str) -> str:
    return ID_IN_TEXT_RE.sub(lambda m: mask_id_number(m.group(0)), text)


def mask_phone(phone: str) -> str:
    return phone[:3] + "****" + phone[-4:] if len(phone) == 11 else phone


def mask_name(name: str) -> str:
    """张*明 style: first and last character kept for names of three or more."""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_name_in_text(text: str, name: str, *, other_names=()) -> str:
    """Free text naming a person shown as mask_name(name): the full name and the other names recorded for them
    are masked too. A recorded name inside the full name (the given name 秀玲 of 罗秀玲) hides the characters the
    masked name hides (*玲, never 秀*), so no mention completes it. The bare given name is not guessed at: it is
    too often a common word (建国, 健康, 志愿)."""
    masked, forms = mask_name(name), {}
    if len(name) >= 2:
        forms[name] = masked
    for other in other_names:
        other = (other or "").strip()
        if len(other) < 2 or other in forms:
            continue
        at = name.find(other) if len(name) >= 2 else -1
        forms[other] = masked[at:at + len(other)] if at >= 0 else mask_name(other)
    if not forms or not text:
        return text
    pattern = re.compile("|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True)))
    return pattern.sub(lambda m: forms[m.group(0)], text)
