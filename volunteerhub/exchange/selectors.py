from django.db.models import QuerySet

from volunteerhub.regions.scope import EVERYWHERE, reach_path
from volunteerhub.exchange.exports import EXPORTS
from volunteerhub.exchange.models import ExchangeLog


def export_names() -> list[str]:
    return list(EXPORTS)


def log_visible_to(*, user) -> QuerySet[ExchangeLog]:
    """Admins see the log of their region subtree; others only their own imports and exports."""
    path = reach_path(user)
    base = ExchangeLog.objects.select_related("user")
    if path is None:
        return base.none()
    if path == EVERYWHERE:
        return base
    if user.is_admin:
        return base.filter(region_path__startswith=path)
    return base.filter(user=user)
