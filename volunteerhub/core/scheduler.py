"""What the worker's scheduler runs every SCHEDULER_INTERVAL_SECONDS: the jobs named in settings.SCHEDULED_JOBS.

Each job is `job(now=...)` from the app that owns it, safe to run twice; it answers a count, or a dict of
counts that is merged in.
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string


def scheduler_tick(*, now: dt.datetime | None = None) -> dict[str, int]:
    now, done = now or timezone.now(), {}
    for name, path in settings.SCHEDULED_JOBS.items():
        result = import_string(path)(now=now)
        done.update(result if isinstance(result, dict) else {name: result})
    return done
