import datetime as dt

import pytest
from django.utils import timezone

from volunteerhub.conftest import make_volunteer
from volunteerhub.needs.services import need_create

HOME = (37.3835, 117.9707)


@pytest.fixture
def window():
    start = timezone.now() + dt.timedelta(hours=2)
    return start, start + dt.timedelta(hours=3)


@pytest.fixture
def make_need(resident, window):
    def make(actor=None, kind="home_visit", lat=37.3840, lng=117.9720, qualifications=(), **kw):
        return need_create(actor=actor or resident, kind=kind, description=kw.pop("description", "老人需要上门测血压"),
                           lat=lat, lng=lng, region_code=kw.pop("region_code", "371602001"),
                           window_start=kw.pop("window_start", window[0]), window_end=kw.pop("window_end", window[1]),
                           qualifications=list(qualifications), place=kw.pop("place", "黄河五路 128 号 3 单元"), **kw)
    return make


@pytest.fixture
def nurse(db, team):
    return make_volunteer("371602001001", team=team, name="王护士", qualifications=["nurse"], home=(37.3850, 117.9750))


@pytest.fixture(autouse=True)
def _skip_postgres_only_elsewhere(request):
    """Tests marked postgres_only need real concurrent transactions: skipped on SQLite."""
    if request.node.get_closest_marker("postgres_only"):
        from django.db import connection

        if connection.vendor != "postgresql":
            pytest.skip("needs PostgreSQL")
