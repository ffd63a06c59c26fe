"""The worker's scheduler expires needs whose time window has passed."""

import datetime as dt

from django.utils import timezone

from volunteerhub.needs.models import Need
from volunteerhub.core.scheduler import scheduler_tick


def test_the_scheduler_expires_open_needs_past_their_window(make_need, window):
    need = make_need()

    assert scheduler_tick(now=window[0])["needs_expired"] == 0
    assert scheduler_tick(now=window[1] + dt.timedelta(minutes=1))["needs_expired"] == 1

    need.refresh_from_db()
    assert need.status == "expired"
    assert scheduler_tick(now=timezone.now() + dt.timedelta(days=1))["needs_expired"] == 0
    assert Need.objects.filter(status="open").count() == 0
