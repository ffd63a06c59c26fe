"""The posts' nearest index in each process: keyed by the posts' version, built in the background."""

import threading
import time

import pytest

from volunteerhub.geo.spatial import NearestIndex
from volunteerhub.maps import index
from volunteerhub.organizations.services import service_post_create


@pytest.mark.django_db(transaction=True)
def test_many_requests_at_a_new_version_start_one_background_build_and_the_database_answers(settings, monkeypatch):
    settings.MAP_INDEX_BACKGROUND_BUILD = True
    service_post_create(name="服务岗", kind="station", region_code="371602001", lat=37.383, lng=117.971)
    builds, real, release = [], NearestIndex.from_queryset, threading.Event()

    def slow_build(queryset, **kw):
        builds.append(1)
        release.wait(5)
        return real(queryset, **kw)

    monkeypatch.setattr(NearestIndex, "from_queryset", slow_build)
    got: list = []

    def ask():
        from django.db import connections

        try:
            got.append(index.posts_index())
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=ask) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got == [None] * 6  # nobody waits for the build: the database answers them
    release.set()
    deadline = time.monotonic() + 5
    while index.posts_index() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert index.posts_index() is not None and builds == [1]
    index.forget()
