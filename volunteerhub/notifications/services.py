"""Stored in-app messages. Other channels (SMS, WeChat) are added later behind the same call."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from volunteerhub.notifications.models import Notification

MAX_TITLE, MAX_BODY = 128, 2000


@transaction.atomic
def notify(*, users: Iterable, kind: str, title: str, body: str = "", link: str = "") -> int:
    """Put one message in each user's inbox; returns how many were stored."""
    rows = [Notification(user_id=getattr(u, "pk", u), kind=kind, title=title[:MAX_TITLE], body=body[:MAX_BODY],
                         link=link) for u in {getattr(u, "pk", u) for u in users if u is not None}]
    Notification.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def notification_mark_read(*, user, notification_id: int | None = None) -> int:
    """Mark one message (or, without an id, all of them) read for this user."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())
