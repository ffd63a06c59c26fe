"""Posts' rows kept in memory for the map: served only while every committed change would be heard.

On PostgreSQL a trigger NOTIFYs each change to service posts; a thread per process listens
(`core.changefeed`). These tests commit for real (a notice is sent only at commit), change posts from
other connections behind the process's back, and cut the listening connection.
"""


import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from volunteerhub.conftest import committed_elsewhere, heard_all, until
from volunteerhub.core import changefeed
from volunteerhub.maps import index
from volunteerhub.maps.selectors import map_nearest
from volunteerhub.organizations.models import ServicePost
from volunteerhub.organizations.services import service_post_create

HERE = (37.3825, 117.9707)
on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's notices (LISTEN/NOTIFY)")


def _post(name, lat, lng):
    return service_post_create(name=name, kind="station", region_code="371602001", lat=lat, lng=lng,
                               opening_hours="全天")


def _names(**kw):
    return [item["name"] for item in map_nearest(user=None, kind="post", lat=HERE[0], lng=HERE[1], **kw)]


def _queries(fn):
    with CaptureQueriesContext(connection) as captured:
        out = fn()
    return out, len(captured)


@pytest.fixture
def feed(transactional_db, settings):
    """The change feed on, listening for posts; stopped before the test database is flushed."""
    settings.CHANGE_FEED = True
    index.invalidate()
    changefeed.generation(index.CHANNEL)
    assert until(lambda: changefeed.generation(index.CHANNEL) is not None), "the feed never started listening"
    yield
    changefeed.stop()
    index.invalidate()


@on_postgres
def test_rows_read_once_are_served_from_memory_while_nothing_changes(feed):
    for i in range(3):
        _post(f"岗{i}", 37.383 + i / 1000, 117.971)
    heard_all(index.CHANNEL)
    first, _ = _queries(_names)
    again, reads = _queries(_names)
    assert again == first == ["岗0", "岗1", "岗2"] and reads == 0


@on_postgres
def test_a_post_closed_by_another_connection_is_gone_within_moments(feed):
    near, far = _post("近岗", 37.383, 117.971), _post("远岗", 37.40, 117.99)
    heard_all(index.CHANNEL)
    assert _names() == ["近岗", "远岗"]
    before = changefeed.generation(index.CHANNEL)
    committed_elsewhere(f"UPDATE {ServicePost._meta.db_table} SET is_active = false WHERE id = %s", [near.pk])
    assert until(lambda: changefeed.generation(index.CHANNEL) != before, seconds=2.0)
    assert _names() == ["远岗"]
    assert far.pk in ServicePost.objects.values_list("pk", flat=True)


@on_postgres
def test_a_post_renamed_elsewhere_is_shown_by_its_new_name(feed):
    post = _post("旧名", 37.383, 117.971)
    assert _names() == ["旧名"]
    committed_elsewhere(f"UPDATE {ServicePost._meta.db_table} SET name = %s WHERE id = %s", ["新名", post.pk])
    assert until(lambda: _names() == ["新名"], seconds=2.0)


@on_postgres
def test_inside_a_transaction_the_database_is_read_which_sees_its_own_changes(feed):
    post = _post("原名", 37.383, 117.971)
    assert _names() == ["原名"]
    with transaction.atomic():
        ServicePost.objects.filter(pk=post.pk).update(name="事务中改名")  # no notice until commit
        names, reads = _queries(_names)
        assert names == ["事务中改名"] and reads == 1
        transaction.set_rollback(True)
    assert until(lambda: _names() == ["原名"])


@on_postgres
def test_a_lost_listening_connection_stops_copies_being_served(feed):
    _post("单岗", 37.383, 117.971)
    heard_all(index.CHANNEL)
    _names()
    assert _queries(_names)[1] == 0
    before = changefeed.generation(index.CHANNEL)
    committed_elsewhere("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s "
               "AND datname = current_database()", [changefeed.APPLICATION_NAME])
    assert until(lambda: changefeed.generation(index.CHANNEL) != before, seconds=10.0)
    assert _queries(_names)[1] == 1  # read again: whatever changed meanwhile was not heard


@on_postgres
def test_the_copies_never_exceed_their_limit(feed, settings):
    settings.MAP_ROW_CACHE_SIZE = 20
    for i in range(60):
        _post(f"岗{i:02d}", 37.30 + i / 100, 117.971)
    for i in range(60):
        map_nearest(user=None, kind="post", lat=37.30 + i / 100, lng=117.971, k=5)
        assert len(index._rows) <= 20
    assert len(index._rows) > 0


@pytest.mark.django_db
def test_without_the_feed_every_answer_reads_the_rows(settings):
    settings.CHANGE_FEED = False
    _post("单岗", 37.383, 117.971)
    _names()
    assert _queries(_names)[1] == 1
    assert changefeed.generation(index.CHANNEL) is None


@on_postgres
def test_a_post_reopened_elsewhere_is_back_once_the_change_is_heard(feed, settings):
    """A post the index left out (closed when it was built) comes back without waiting for the TTL."""
    settings.MAP_INDEX_MIN_AGE_SECONDS = 0
    near, far = _post("近岗", 37.383, 117.971), _post("远岗", 37.40, 117.99)
    heard_all(index.CHANNEL)
    table = ServicePost._meta.db_table
    committed_elsewhere(f"UPDATE {table} SET is_active = false WHERE id = %s", [near.pk])
    assert until(lambda: _names() == ["远岗"])  # the index is rebuilt without it
    committed_elsewhere(f"UPDATE {table} SET is_active = true WHERE id = %s", [near.pk])
    assert until(lambda: _names() == ["近岗", "远岗"], seconds=3.0)
    assert far.pk in ServicePost.objects.values_list("pk", flat=True)


@on_postgres
def test_changes_rebuild_the_index_at_most_once_a_minimum_age(feed, settings, monkeypatch):
    settings.MAP_INDEX_MIN_AGE_SECONDS = 3600
    post = _post("单岗", 37.383, 117.971)
    heard_all(index.CHANNEL)
    _names()
    builds = []
    real_build = index.build
    monkeypatch.setattr(index, "build", lambda kind: builds.append(kind) or real_build(kind))
    table = ServicePost._meta.db_table
    committed_elsewhere(f"UPDATE {table} SET address = %s WHERE id = %s", ["新地址", post.pk])
    assert until(lambda: map_nearest(user=None, kind="post", lat=HERE[0], lng=HERE[1])[0]["address"] == "新地址")
    assert builds == []  # the rows were read again; the young index stays
