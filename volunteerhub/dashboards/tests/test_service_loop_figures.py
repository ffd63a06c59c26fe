"""The on-time rate and satisfaction of requests, on the dashboard and the public figures, rolled up."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

from volunteerhub.needs import services
from volunteerhub.needs.calls import need_call_log
from volunteerhub.needs.models import Need
from volunteerhub.needs.tests.conftest import make_need, nurse, window  # noqa: F401

pytestmark = pytest.mark.django_db
CST = ZoneInfo("Asia/Shanghai")
POSTED = dt.datetime(2026, 11, 2, 10, tzinfo=CST)  # a Monday: finish by the end of Monday 9 November


def _served(make_need, nurse, organizer, region_code, done_on: int, rating=None, call_score=None):
    with time_machine.travel(POSTED, tick=False):
        need = make_need(region_code=region_code)
        services.need_accept(need=need, volunteer=nurse)
    with time_machine.travel(dt.datetime(2026, 11, done_on, 15, tzinfo=CST), tick=False):
        need = services.need_complete(need=need, actor=nurse.user)
        if rating:
            services.need_rate(need=need, actor=need.resident, rating=rating)
        if call_score:
            need_call_log(need=need, by=organizer, callee="居民本人", purpose="callback", outcome="reached",
                          satisfaction=call_score)
    return need


def test_the_dashboard_shows_the_on_time_rate_a_count_by_hand_gives(client, make_need, nurse, organizer,
                                                                     county_admin):
    _served(make_need, nurse, organizer, "371602001", done_on=5, rating=4)
    _served(make_need, nurse, organizer, "371602001", done_on=12, call_score=5)  # late
    _served(make_need, nurse, organizer, "371602002", done_on=9)
    _served(make_need, nurse, organizer, "371602002", done_on=3, rating=3)
    finished = list(Need.objects.filter(done_at__isnull=False))
    by_hand = sum(n.done_at <= n.finish_by for n in finished) / len(finished)
    client.force_login(county_admin)

    page = client.get("/dashboard?region=371602&year=2026").content.decode()

    section = page[page.index('id="service-loop"'):]
    assert re.search(r'data-rate="([\d.]+)"', section).group(1) == f"{by_hand:.4f}" == "0.7500"
    assert "4.0" in section  # (4 + 5 + 3) / 3 answered
    assert "市中街道" in section and "50%" in section and "100%" in section  # one late of two; two of two


def test_a_finished_request_moves_the_cached_dashboard_at_once(client, make_need, nurse, organizer, county_admin):
    client.force_login(county_admin)
    before = client.get("/dashboard?region=371602&year=2026").content.decode()
    _served(make_need, nurse, organizer, "371602001", done_on=5)

    after = client.get("/dashboard?region=371602&year=2026").content.decode()

    assert "本年度尚无办结的求助" in before and 'data-rate="1.0000"' in after


def test_the_public_figures_show_the_city_rate(client, make_need, nurse, organizer):
    _served(make_need, nurse, organizer, "371602001", done_on=12)

    page = client.get("/stats/").content.decode()

    assert 'data-rate="0.0000"' in page[page.index('id="service-loop"'):]
