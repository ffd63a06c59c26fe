"""An account posts a limited number of needs an hour (settings.NEED_POSTING_RATE_PER_HOUR), then gets 429."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from volunteerhub.conftest import make_user
from volunteerhub.needs.models import Need

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def three_an_hour(settings):
    settings.NEED_POSTING_RATE_PER_HOUR = 3


def _payload():
    start = timezone.now() + dt.timedelta(hours=2)
    return {"kind": "home_visit", "description": "老人行动不便，需要上门测血压", "place": "黄河五路 128 号",
            "lat": 37.384, "lng": 117.972, "region_code": "371602001", "window_start": start.isoformat(),
            "window_end": (start + dt.timedelta(hours=3)).isoformat()}


def test_the_need_past_the_hourly_limit_is_refused_with_retry_after_and_not_stored(api_as, resident):
    api = api_as(resident)
    posted = [api.post("/api/v1/needs", _payload()).status_code for _ in range(3)]

    refused = api.post("/api/v1/needs", _payload())

    assert posted == [201, 201, 201]
    assert refused.status_code == 429 and refused.json()["code"] == "rate_limited"
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert Need.objects.count() == 3


def test_the_limit_is_per_account_and_ends_with_the_hour(api_as, resident):
    neighbour = make_user("resident", "371602001")
    for _ in range(3):
        api_as(resident).post("/api/v1/needs", _payload())

    assert api_as(neighbour).post("/api/v1/needs", _payload()).status_code == 201
    with time_machine.travel(timezone.now() + dt.timedelta(hours=1, minutes=1)):
        assert api_as(resident).post("/api/v1/needs", _payload()).status_code == 201


def test_a_refused_post_does_not_count(api_as, resident):
    api = api_as(resident)
    for _ in range(3):
        assert api.post("/api/v1/needs", {**_payload(), "kind": "no such kind"}).status_code == 400

    assert api.post("/api/v1/needs", _payload()).status_code == 201


def test_an_organiser_entering_residents_requests_is_not_limited(api_as, organizer):
    api = api_as(organizer)

    answers = [api.post("/api/v1/needs", {**_payload(), "contact_name": f"张大爷{i}"}).status_code for i in range(5)]

    assert answers == [201] * 5
