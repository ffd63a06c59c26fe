"""Rate limits and lock-outs kept in the database, so every worker process sees the same counts."""

import datetime as dt
import math

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from volunteerhub.core.errors import ApplicationError
from volunteerhub.core.models import Throttle


class TooManyRequests(ApplicationError):
    status = 429
    code = "rate_limited"

    def __init__(self, retry_after: int, message=None, **kw):
        self.retry_after = max(1, int(retry_after))
        minutes = math.ceil(self.retry_after / 60)
        super().__init__(message or format_lazy(gettext_lazy("Too many attempts; try again in {minutes} min"), minutes=minutes), **kw)


def _row(key: str, now: dt.datetime) -> Throttle:
    row = Throttle.objects.filter(key=key).first()
    if row is None:
        try:
            with transaction.atomic():
                row = Throttle.objects.create(key=key, window_start=now, count=0)
        except IntegrityError:
            row = Throttle.objects.get(key=key)
    return row


def _count(key: str, window_seconds: int) -> tuple[int, dt.datetime, dt.datetime]:
    """Count one event in the key's current window (a new window once the old one ended).

    Returns the count so far, the window's start and now."""
    now = timezone.now()
    row = _row(key, now)
    if (now - row.window_start).total_seconds() >= window_seconds:
        Throttle.objects.filter(pk=key).update(window_start=now, count=0, locked_until=None)
        row.window_start = now
    Throttle.objects.filter(pk=key).update(count=F("count") + 1)
    return Throttle.objects.values_list("count", flat=True).get(pk=key), row.window_start, now


def _lock(key: str, until: dt.datetime) -> None:
    Throttle.objects.filter(pk=key).update(locked_until=until)


def record(key: str, *, limit: int, window_seconds: int, lock_seconds: int | None = None) -> bool:
    """Count one event in the key's window; lock the key when the count reaches `limit`. True if locked."""
    count, start, now = _count(key, window_seconds)
    if count < limit:
        return False
    remaining = window_seconds - (now - start).total_seconds()
    _lock(key, now + dt.timedelta(seconds=lock_seconds or max(1.0, remaining)))
    return True


def check(key: str) -> None:
    """Raise TooManyRequests while the key is locked."""
    row = Throttle.objects.filter(key=key).first()
    now = timezone.now()
    if row is not None and row.locked_until and row.locked_until > now:
        raise TooManyRequests((row.locked_until - now).total_seconds())


def rate_limit(key: str, *, limit: int, window_seconds: int) -> None:
    """Allow `limit` events per window for the key; the next one is refused with 429 until it ends."""
    check(key)
    count, start, now = _count(key, window_seconds)
    if count > limit:
        until = start + dt.timedelta(seconds=window_seconds)
        _lock(key, until)
        raise TooManyRequests((until - now).total_seconds())


def clear(key: str) -> None:
    Throttle.objects.filter(key=key).delete()
