"""Writes the audit trail. Values that could be personal data are masked before they are kept."""

from volunteerhub.audit.models import AuditEvent
from volunteerhub.core.context import current_actor
from volunteerhub.core.identity import mask_in_text

SENSITIVE_KEYS = {"id_number", "password", "id_number_encrypted", "id_number_hash", "phone", "token"}


def _clean(value):
    if isinstance(value, dict):
        return {k: ("***" if k in SENSITIVE_KEYS else _clean(v)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if isinstance(value, str):
        return mask_in_text(value)
    if value is None or isinstance(value, (int, float, bool)):
        return value
    return mask_in_text(str(value))


def audit_record(*, action: str, target_type: str, target_id="", changes: dict | None = None,
                 region=None, actor=None) -> AuditEvent:
    context = current_actor.get()
    return AuditEvent.objects.create(
        actor_id=actor.pk if actor is not None else context.user_id, ip=context.ip, source=context.source,
        action=action, target_type=target_type, target_id=str(target_id), changes=_clean(changes or {}),
        region_path=region.path if region is not None else "",
    )
