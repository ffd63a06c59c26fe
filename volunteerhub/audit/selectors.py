"""Reads of the audit trail, scoped to the admin's region (the city sees events without a region too)."""

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from volunteerhub.audit.models import AuditEvent
from volunteerhub.core.errors import PermissionDenied

PAGE_SIZE = 50


def may_read_audit(user) -> bool:
    return user is not None and user.is_authenticated and user.is_admin and user.reach_path() is not None


def audit_events_visible_to(*, user) -> QuerySet[AuditEvent]:
    """Events in the admin's subtree; city-wide events (articles, exchange, commands) only for the city."""
    if not may_read_audit(user):
        raise PermissionDenied(gettext_lazy("Only admins may read the audit trail"))
    path = user.reach_path()
    qs = AuditEvent.objects.select_related("actor")
    if path == "/":
        return qs
    mine = Q(region_path__startswith=path)
    if user.managed_region().level == "city":
        mine |= Q(region_path="")
    return qs.filter(mine)


def audit_events(*, user, action: str = "", target_type: str = "", target_id: str = "", source: str = "",
                 since: dt.date | None = None, until: dt.date | None = None) -> QuerySet[AuditEvent]:
    qs = audit_events_visible_to(user=user)
    if action:
        qs = qs.filter(action=action)
    if target_type:
        qs = qs.filter(target_type=target_type)
    if target_id:
        qs = qs.filter(target_id=target_id)
    if source:
        qs = qs.filter(source=source)
    tz = timezone.get_current_timezone()
    if since:
        qs = qs.filter(at__gte=dt.datetime.combine(since, dt.time.min, tzinfo=tz))
    if until:
        qs = qs.filter(at__lt=dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min, tzinfo=tz))
    return qs.order_by("-at", "-pk")


def audit_choices(*, user) -> dict[str, list[str]]:
    """The actions and object types present in the admin's reach, for the filter menus."""
    qs = audit_events_visible_to(user=user)
    return {"actions": sorted(set(qs.values_list("action", flat=True).distinct())),
            "target_types": sorted(set(qs.values_list("target_type", flat=True).distinct()))}
