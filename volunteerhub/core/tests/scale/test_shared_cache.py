"""Two server processes sharing one Redis cache (CACHE_URL=redis://...), as a province's application servers do:
login failures counted on either lock the account on both, and the dashboard one renders the other serves from
the shared cache."""

import os
import socket

import pytest

from volunteerhub.core.tests.scale.conftest import ADMIN_PHONE, ORGANIZER_PHONE, server_env, servers
from volunteerhub.core.tests.test_two_servers import PASSWORD, Client

REDIS_DB = 15 - os.getpid() % 4  # apart from a development server's /1, and from a parallel run's now and then
pytestmark = pytest.mark.django_db  # the suite's test database is set up: the servers' database is copied from it


@pytest.fixture(scope="module")
def redis_client():
    redis = pytest.importorskip("redis", reason="needs the redis package (a test dependency in pyproject.toml: make install)")
    with socket.socket() as probe:
        probe.settimeout(1)
        if probe.connect_ex(("127.0.0.1", 6379)) != 0:
            pytest.skip("needs Redis on 127.0.0.1:6379 (apt-get install redis-server)")
    return redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB)


@pytest.fixture(scope="module")
def pair(scale_database, redis_client, tmp_path_factory):
    url, _ = scale_database
    env = server_env(tmp_path_factory.mktemp("shared-cache"), DATABASE_URL=url,
                     CACHE_URL=f"redis://127.0.0.1:6379/{REDIS_DB}")
    with servers(2, env, tmp_path_factory.mktemp("shared-cache-logs")) as started:
        yield started


def test_login_failures_on_either_server_lock_the_account_on_both(pair):
    a, b = Client(pair[0]), Client(pair[1])
    answers = [(a if n % 2 else b).json("POST", "/api/v1/auth/token", {"phone": ORGANIZER_PHONE, "password": "Wrong-1"})
               for n in range(5)]

    assert [status for status, _ in answers] == [401] * 4 + [429] and answers[-1][1]["code"] == "locked"
    assert a.json("POST", "/api/v1/auth/token", {"phone": ORGANIZER_PHONE, "password": PASSWORD})[0] == 429


def test_the_dashboard_one_server_renders_the_other_serves_from_the_shared_cache(pair, redis_client):
    a, b = Client(pair[0]), Client(pair[1])
    b.opener = a.opener  # one browser, one session (sessions live in the database)
    status, _ = a.form("/admin/login/?next=/admin/", {"username": ADMIN_PHONE, "password": PASSWORD, "next": "/admin/"})
    assert status == 200
    before = set(redis_client.scan_iter("*stats:fragment:*"))

    assert a.call("GET", "/dashboard")[0] == 200
    rendered = set(redis_client.scan_iter("*stats:fragment:*")) - before
    assert b.call("GET", "/dashboard")[0] == 200

    assert rendered and set(redis_client.scan_iter("*stats:fragment:*")) - before == rendered
