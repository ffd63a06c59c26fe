"""The change feed counts a channel as heard only while its own probes come back.

A connection that cannot receive notices (a pooler in transaction mode, a half-dead socket) must
never be trusted: copies in memory would then outlive changes without anyone noticing.
"""

import pytest
from django.db import connection

from volunteerhub.conftest import committed_elsewhere, until
from volunteerhub.core import changefeed

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's notices (LISTEN/NOTIFY)")]
CHANNEL = "volunteerhub_test_channel"


@pytest.fixture
def feed(settings, monkeypatch):
    settings.CHANGE_FEED = True
    monkeypatch.setattr(changefeed, "CHECK_SECONDS", 0.6)
    yield
    changefeed.stop()


def _heard():
    return changefeed.generation(CHANNEL) is not None


def test_a_channel_is_heard_once_a_probe_comes_back(feed):
    assert changefeed.generation(CHANNEL) is None  # asked for: the thread starts listening
    assert until(_heard)


def test_without_probes_coming_back_nothing_is_ever_heard(feed, monkeypatch):
    monkeypatch.setattr(changefeed, "_answers", lambda notice, awaited: False)
    changefeed.generation(CHANNEL)
    assert not until(_heard, seconds=2.0)
    monkeypatch.undo()
    monkeypatch.setattr(changefeed, "CHECK_SECONDS", 0.6)
    assert until(_heard)


def test_a_probe_lost_later_stops_the_channel_being_trusted(feed, monkeypatch):
    changefeed.generation(CHANNEL)
    assert until(_heard)
    before = changefeed.generation(CHANNEL)
    monkeypatch.setattr(changefeed, "_answers", lambda notice, awaited: False)
    assert until(lambda: changefeed.generation(CHANNEL) != before, seconds=3.0)
    assert not until(_heard, seconds=1.0)  # reconnected, but not trusted until a probe comes back


def test_a_notice_committed_elsewhere_moves_the_generation(feed):
    changefeed.generation(CHANNEL)
    assert until(_heard)
    before = changefeed.generation(CHANNEL)
    committed_elsewhere("SELECT pg_notify(%s, '')", [CHANNEL])
    assert until(lambda: changefeed.generation(CHANNEL) not in (None, before), seconds=2.0)
