"""Writes the audit trail. Values that could be personal data are masked before they are kept."""

import re

from volunteerhub.audit.models import AuditEvent
from volunteerhub.core.context import current_actor
from volunteerhub.core.masking import mask_in_text, mask_phone

# Values kept only as "changed": identity, secrets, contact numbers and where someone lives.
SENSITIVE_KEYS = {"id_number", "password", "id_number_encrypted", "id_number_hash", "phone", "token",
                  "contact_phone", "resident_phone", "home_lat", "home_lng", "home_cell"}
PHONE_IN_TEXT_RE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")


def _mask_text(text: str) -> str:
    return PHONE_IN_TEXT_RE.sub(lambda m: mask_phone(m.group(0)), mask_in_text(text))


def _clean(value):
    if isinstance(value, dict):
        return {k: ("***" if k in SENSITIVE_KEYS else _clean(v)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if isinstance(value, str):
        return _mask_text(value)
    if isinstance(value, int) and not isinstance(value, bool) and PHONE_IN_TEXT_RE.fullmatch(str(value)):
        return mask_phone(str(value))
    if value is None or isinstance(value, (int, float, bool)):
        return value
    return _mask_text(str(value))


def audit_record(*, action: str, target_type: str, target_id="", changes: dict | None = None,
                 region=None, actor=None) -> AuditEvent:
    context = current_actor.get()
    return AuditEvent.objects.create(
        actor_id=actor.pk if actor is not None else context.user_id, ip=context.ip, source=context.source,
        action=action, target_type=target_type, target_id=str(target_id), changes=_clean(changes or {}),
        region_path=region.path if region is not None else "",
    )
