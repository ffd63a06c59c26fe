"""Suitability and workload (志愿服务条例 Art. 15): an age range per kind of service, at most N hours a day and M
days in a row, counting confirmed sign-ups; a refused sign-up says why and changes nothing."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from volunteerhub.activities import services
from volunteerhub.activities.models import SignUp
from volunteerhub.activities.tests.conftest import make_activity
from volunteerhub.conftest import make_volunteer, next_id_number
from volunteerhub.core.errors import Conflict, PermissionDenied

pytestmark = pytest.mark.django_db
MIDNIGHT = dt.datetime(2027, 3, 1, 0, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def march_first():
    with time_machine.travel(MIDNIGHT, tick=False):
        yield


def _at(organizer, day: int, hour: int, hours: int, **kw):
    """An activity on March `day` from `hour` o'clock, local time."""
    return make_activity(organizer, starts_in=dt.timedelta(days=day - 1, hours=hour), hours=hours, **kw)


def test_it_refuses_the_hour_past_the_daily_limit(settings, organizer, volunteer):
    settings.WORKLOAD_MAX_HOURS_PER_DAY = 8
    morning, afternoon, evening = _at(organizer, 5, 8, 5), _at(organizer, 5, 14, 3), _at(organizer, 5, 19, 1)
    services.activity_sign_up(activity=morning, volunteer=volunteer)
    services.activity_sign_up(activity=afternoon, volunteer=volunteer)  # the 8th hour is fine

    with pytest.raises(Conflict) as refused:
        services.activity_sign_up(activity=evening, volunteer=volunteer)  # the 9th is not

    assert refused.value.code == "workload_hours_per_day"
    assert "8" in str(refused.value.message)
    assert not SignUp.objects.filter(activity=evening).exists()


def test_a_cancelled_sign_up_no_longer_counts(settings, organizer, volunteer):
    settings.WORKLOAD_MAX_HOURS_PER_DAY = 8
    long_day, evening = _at(organizer, 5, 8, 8), _at(organizer, 5, 19, 1)
    services.activity_sign_up(activity=long_day, volunteer=volunteer)
    services.activity_cancel_sign_up(activity=long_day, volunteer=volunteer)

    assert services.activity_sign_up(activity=evening, volunteer=volunteer).status == "confirmed"


def test_it_refuses_a_day_past_the_consecutive_days_limit(settings, organizer, volunteer):
    settings.WORKLOAD_MAX_CONSECUTIVE_DAYS = 3
    for day in (2, 3, 4, 6):
        services.activity_sign_up(activity=_at(organizer, day, 9, 2), volunteer=volunteer)
    fifth = _at(organizer, 5, 9, 2)  # would make 2-6 five days in a row

    with pytest.raises(Conflict) as refused:
        services.activity_sign_up(activity=fifth, volunteer=volunteer)

    assert refused.value.code == "workload_consecutive_days"
    assert not SignUp.objects.filter(activity=fifth).exists()


def test_it_refuses_a_volunteer_outside_the_kind_age_range(settings, organizer, team):
    settings.ACTIVITY_AGE_LIMITS = {"counselling": [25, 65]}
    talk = _at(organizer, 5, 9, 2, kind="counselling")
    young = make_volunteer(team=team, id_number=next_id_number("371602", birth=dt.date(2002, 3, 6)))
    old = make_volunteer(team=team, id_number=next_id_number("371602", birth=dt.date(1960, 3, 5)))
    ready = make_volunteer(team=team, id_number=next_id_number("371602", birth=dt.date(2002, 3, 5)))  # 25 on the 5th

    for refused_one in (young, old):
        with pytest.raises(PermissionDenied) as refused:
            services.activity_sign_up(activity=talk, volunteer=refused_one)
        assert refused.value.code == "age_limit" and "25" in str(refused.value.message)
    assert services.activity_sign_up(activity=talk, volunteer=ready).status == "confirmed"
    assert SignUp.objects.filter(activity=talk).count() == 1


def test_an_age_range_for_one_kind_leaves_the_others_open(settings, organizer, team):
    settings.ACTIVITY_AGE_LIMITS = {"counselling": [30, None]}
    clinic = _at(organizer, 5, 9, 2, kind="convenience")
    young = make_volunteer(team=team, id_number=next_id_number("371602", birth=dt.date(2002, 3, 6)))

    assert services.activity_sign_up(activity=clinic, volunteer=young).status == "confirmed"
