"""Activities fixtures: a published activity of `team` near 市中街道, and helpers to make more."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from volunteerhub.activities import services
from volunteerhub.activities.models import Activity
from volunteerhub.conftest import make_volunteer

PLACE = (37.3806, 117.9900)  # 市中街道社区卫生服务中心


def make_activity(organizer, *, capacity=10, starts_in=dt.timedelta(days=2), hours=3, publish=True,
                  kind="convenience", setting="community", quals=(), place=PLACE, **kw) -> Activity:
    starts = timezone.now().replace(microsecond=0) + starts_in
    activity = services.activity_create(
        user=organizer, title=kw.pop("title", "社区义诊"), kind=kind, setting=setting,
        region_code=kw.pop("region_code", "371602001"), place="市中街道社区卫生服务中心", lat=place[0], lng=place[1],
        starts_at=starts, ends_at=starts + dt.timedelta(hours=hours), capacity=capacity,
        required_qualifications=list(quals), **kw)
    if publish:  # a past activity was published before it happened
        with time_machine.travel(min(timezone.now(), starts - dt.timedelta(days=1)), tick=False):
            activity = services.activity_publish(activity=activity, user=organizer)
    return activity


@pytest.fixture
def activity(organizer):
    return make_activity(organizer)


@pytest.fixture
def volunteers(team):
    """A factory: volunteers(n) -> n fresh volunteers of `team`."""
    return lambda n, **kw: [make_volunteer("371602001001", team=team, name=f"志愿者{i}", **kw) for i in range(n)]
