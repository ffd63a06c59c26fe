"""A small world for the homes: a published activity of the team, a resident's need, hours waiting for approval."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from volunteerhub.activities.services import activity_sign_up
from volunteerhub.activities.tests.conftest import make_activity
from volunteerhub.conftest import colleague_of
from volunteerhub.hours.services import ledger_backfill, ledger_entry_decide
from volunteerhub.needs.services import need_create


@pytest.fixture
def activity(organizer):
    return make_activity(organizer, title="社区义诊")


@pytest.fixture
def need(resident):
    start = timezone.now() + dt.timedelta(hours=2)
    return need_create(actor=resident, kind="medicine_delivery", description="帮忙从卫生院取降压药", lat=37.3840,
                       lng=117.9720, region_code="371602001", window_start=start, window_end=start + dt.timedelta(hours=3),
                       place="黄河五路 128 号")


def serve_hours(volunteer, organizer, total: Decimal, *, approve: bool = True):
    """Back-filled hours for the volunteer (at most 24 h an entry), approved by a colleague of who recorded them."""
    approver = colleague_of(organizer)
    left = Decimal(total)
    while left > 0:
        hours = min(left, Decimal(24))
        entry = ledger_backfill(user=organizer, volunteer=volunteer, hours=hours, served_on=timezone.localdate(),
                                reason="纸质签到表补录")
        if approve:
            ledger_entry_decide(entry=entry, user=approver, approve=True)
        left -= hours


@pytest.fixture
def signed_up(volunteer, activity):
    return activity_sign_up(activity=activity, volunteer=volunteer)
