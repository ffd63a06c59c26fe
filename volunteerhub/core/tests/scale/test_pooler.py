"""PgBouncer in transaction mode (scripts/pgbouncer.sh) in front of the suite's PostgreSQL: a server process with
DATABASE_POOLED=1 (no server-side cursors, no prepared statements kept) registers and signs up a volunteer, answers
the nearest activities again and again, and renders the dashboard, all through the pooler."""

import os
import subprocess
from pathlib import Path

import psycopg
import pytest

from volunteerhub.core.tests.scale.conftest import ADMIN_PHONE, needs_program, registration_extras, server_env, servers
from volunteerhub.core.tests.test_two_servers import PASSWORD, Client, _free_port
from volunteerhub.conftest import next_id_number, next_phone

SCRIPT = Path(__file__).resolve().parents[4] / "scripts" / "pgbouncer.sh"
pytestmark = pytest.mark.django_db  # the suite's test database is set up: the server's database is copied from it


@pytest.fixture(scope="module")
def pooler():
    needs_program("pgbouncer")
    directory, port = f"/tmp/vh-pgbouncer-{os.getpid()}", _free_port()
    done = subprocess.run(["bash", str(SCRIPT), "start", directory, str(port)], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    try:
        yield port
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop", directory], capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def server(scale_database, pooler, tmp_path_factory):
    url, facts = scale_database
    env = server_env(tmp_path_factory.mktemp("pooler"), DATABASE_URL=url.replace(":5432/", f":{pooler}/"),
                     DATABASE_POOLED="1", LOG_LEVEL="INFO")
    with servers(1, env, tmp_path_factory.mktemp("pooler-logs")) as [started]:
        yield started, facts


def _transactions_through(port: int) -> int:
    with psycopg.connect(host="127.0.0.1", port=port, user="postgres", dbname="pgbouncer", autocommit=True) as conn:
        rows = conn.cursor().execute("SHOW STATS").fetchall()
        return sum(row[1] for row in rows if str(row[0]).startswith("vh_scale_"))


def test_a_volunteer_registers_and_signs_up_through_the_pooler(server, pooler):
    started, facts = server
    before = _transactions_through(pooler)
    phone, person = next_phone(), Client(started)
    status, body = person.json("POST", "/api/v1/volunteers", {
        "name": "周敏", "id_number": next_id_number("371602"), "phone": phone, "password": PASSWORD,
        "region_code": "371602001001", **registration_extras(started, person, phone)})
    assert status == 201, body
    status, body = person.json("POST", "/api/v1/auth/token", {"phone": phone, "password": PASSWORD})
    assert status == 200, body

    status, body = Client(started, body["token"]).json("POST", f"/api/v1/activities/{facts['activity_id']}/signup")

    assert status == 200, body
    assert _transactions_through(pooler) > before


def test_the_nearest_activities_answer_again_and_again_through_the_pooler(server):
    started, facts = server
    reader = Client(started)
    for _ in range(8):  # past psycopg's prepare threshold: nothing may rely on a statement kept on a server
        status, body = reader.json("GET", "/api/v1/map/nearest?lat=37.3825&lng=117.9707&kind=activity&k=5")
        assert status == 200, body
    assert facts["activity_id"] in [item["id"] for item in body["items"]]


def test_the_dashboard_renders_through_the_pooler(server):
    started, _ = server
    office = Client(started)
    status, _ = office.form("/admin/login/?next=/admin/", {"username": ADMIN_PHONE, "password": PASSWORD,
                                                           "next": "/admin/"})
    assert status == 200
    for _ in range(2):  # rendered, then from the cache
        status, page = office.call("GET", "/dashboard")
        assert status == 200, page[-2000:]
