"""A real streaming replica of the suite's PostgreSQL (scripts/replica.sh) behind one server process: lag-tolerant
reads are answered by the replica, a client that has just written reads from the primary, a replica held back or
stopped is skipped, and no write reaches a replica."""

import os
import subprocess
import time
from pathlib import Path

import psycopg
import pytest
from django.apps import apps

from volunteerhub.core.replicas import ReplicaRouter, lag_tolerant
from volunteerhub.core.tests.scale.conftest import ADMIN_PHONE, needs_program, registration_extras, server_env, servers
from volunteerhub.core.tests.test_two_servers import PASSWORD, POST, Client, _free_port
from volunteerhub.conftest import next_id_number, next_phone

SCRIPT = Path(__file__).resolve().parents[4] / "scripts" / "replica.sh"
MAX_LAG = 3
pytestmark = pytest.mark.django_db  # the suite's test database is set up: the servers' database is copied from it


@pytest.fixture(scope="module")
def replica(scale_database):
    for program in ("pg_basebackup", "pg_ctl"):
        needs_program(program)
    directory, port = f"/tmp/vh-replica-{os.getpid()}", _free_port()
    try:
        done = subprocess.run(["bash", str(SCRIPT), "start", directory, str(port)], capture_output=True, text=True,
                              timeout=120, env={**os.environ, "REPLICA_START_SECONDS": "30"})
        if done.returncode != 0 and (holder := _long_transaction()):
            pytest.skip(f"the replica waits for a long transaction on the primary ({holder}): a hot standby opens "
                        "once no snapshot has overflowed subtransactions")
        assert done.returncode == 0, done.stdout + done.stderr
        yield {"port": port, "dir": Path(directory)}
    finally:
        subprocess.run(["bash", str(SCRIPT), "destroy", directory], capture_output=True, timeout=60)


def _long_transaction() -> str:
    """Another session's transaction open for more than half a minute (another test run's), if any."""
    found = _sql(5432, "SELECT datname || ', pid ' || pid FROM pg_stat_activity WHERE xact_start < now() - "
                       "interval '30 seconds' AND pid <> pg_backend_pid() ORDER BY xact_start LIMIT 1")
    return found[0] if found else ""


@pytest.fixture(scope="module")
def server(scale_database, replica, tmp_path_factory):
    url, _ = scale_database
    replica_url = url.replace(":5432/", f":{replica['port']}/")
    env = server_env(tmp_path_factory.mktemp("replicas"), DATABASE_URL=url, DATABASE_REPLICA_URLS=replica_url,
                     REPLICA_MAX_LAG_SECONDS=str(MAX_LAG), READ_YOUR_WRITES_SECONDS="120", LOG_LEVEL="INFO")
    with servers(1, env, tmp_path_factory.mktemp("replica-logs")) as [started]:
        yield started


def _sql(port: int, statement: str, params=()):
    with psycopg.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres", autocommit=True) as conn:
        return conn.execute(statement, params).fetchone()


def _caught_up(replica) -> None:
    """A fresh commit on the primary, then wait until the replica has replayed it."""
    _sql(5432, "SELECT txid_current()")
    lsn = _sql(5432, "SELECT pg_current_wal_lsn()::text")[0]
    deadline = time.monotonic() + 10
    while not _sql(replica["port"], "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (lsn,))[0]:
        assert time.monotonic() < deadline, "the replica did not catch up"
        time.sleep(0.02)


class Paused:
    def __init__(self, replica):
        self.port = replica["port"]

    def __enter__(self):
        _sql(self.port, "SELECT pg_wal_replay_pause()")

    def __exit__(self, *exc):
        _sql(self.port, "SELECT pg_wal_replay_resume()")


@pytest.fixture(scope="module")
def writer(server):
    status, body = Client(server).json("POST", "/api/v1/auth/token", {"phone": ADMIN_PHONE, "password": PASSWORD})
    assert status == 200, body
    return Client(server, body["token"])


def _post(writer, name: str) -> int:
    status, post = writer.json("POST", "/api/v1/posts", {**POST, "name": name})
    assert status == 201, post
    return post["id"]


def _shown(client, post_id: int) -> int:
    return client.call("GET", f"/api/v1/map/posts/{post_id}")[0]


def test_a_lag_tolerant_read_is_answered_by_the_replica_and_a_writer_reads_its_own_writes(server, replica, writer):
    _caught_up(replica)
    with Paused(replica):
        post_id = _post(writer, "滨城区副本测试服务点")
        resident, phone = Client(server), next_phone()
        registered = resident.json("POST", "/api/v1/volunteers", {
            "name": "周敏", "id_number": next_id_number("371602"), "phone": phone, "password": PASSWORD,
            "region_code": "371602001001", **registration_extras(server, resident, phone)})

        assert _shown(Client(server), post_id) == 404  # the replica has not replayed it yet
        assert _shown(writer, post_id) == 200  # the writer's token reads from the primary
        assert registered[0] == 201 and _shown(resident, post_id) == 200  # so does a browser that just signed up
    _caught_up(replica)
    assert _shown(Client(server), post_id) == 200


def test_a_replica_held_back_is_skipped_for_lag(server, replica, writer):
    _caught_up(replica)
    with Paused(replica):
        written = time.monotonic()
        post_id = _post(writer, "滨城区延迟测试服务点")
        reader, answers = Client(server), []
        while time.monotonic() - written < MAX_LAG + 3 and answers[-1:] != [200]:
            answers.append(_shown(reader, post_id))
            time.sleep(0.1)
        waited = time.monotonic() - written

    assert answers[0] == 404 and answers[-1] == 200  # the replica first, then the primary
    assert waited < MAX_LAG + 1.5  # skipped once the lag passed the limit (checked once a second)


def test_no_write_is_ever_sent_to_a_replica(server, replica, writer):
    router, token = ReplicaRouter(), lag_tolerant.set(True)
    try:
        assert {router.db_for_write(model) for model in apps.get_models()} == {"default"}
        assert not any(router.allow_migrate("replica1", model._meta.app_label) for model in apps.get_models())
    finally:
        lag_tolerant.reset(token)
    post_id = _post(writer, "滨城区写入测试服务点")  # written while the replica answers reads
    assert writer.json("PATCH", f"/api/v1/posts/{post_id}", {"is_active": False})[0] == 200
    log = (replica["dir"] / "server.log").read_text(errors="replace")
    assert "read-only transaction" not in log and "ERROR" not in log


def test_a_stopped_replica_is_skipped_within_a_second(server, replica, writer):
    post_id = _post(writer, "滨城区停机测试服务点")
    _caught_up(replica)
    reader = Client(server)
    assert _shown(reader, post_id) == 200

    subprocess.run(["bash", str(SCRIPT), "stop", str(replica["dir"])], check=True, capture_output=True, timeout=60)
    stopped, answers = time.monotonic(), []
    while time.monotonic() - stopped < 1.5:
        answers.append((time.monotonic() - stopped, _shown(reader, post_id)))
        time.sleep(0.05)

    assert all(status == 200 for after, status in answers if after > 1.0), answers
