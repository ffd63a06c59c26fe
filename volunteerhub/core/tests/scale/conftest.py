"""Real services for the province's shape (issue 21): a migrated database of the suite's PostgreSQL, copied for each
module, and server processes started on it with the environment each test module gives."""

import glob
import json
import os
import re
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

import dj_database_url
import psycopg
import pytest

from volunteerhub.core.tests.test_two_servers import BIN, Server

ROOT = Path(__file__).resolve().parents[4]
ADMIN_PHONE, ORGANIZER_PHONE = "13911110001", "13911110002"
SETUP = """
import json, django
django.setup()
from conftest import load_reference_data
load_reference_data()
from volunteerhub.accounts.models import Role, User
from volunteerhub.activities.tests.conftest import make_activity
from volunteerhub.conftest import PASSWORD
from volunteerhub.organizations.models import Team
from volunteerhub.regions.models import Region
team = Team.objects.create(name="市中街道卫生院志愿服务队", region=Region.objects.get(code="371602001"))
User.objects.create_user("{admin}", PASSWORD, role=Role.COUNTY_ADMIN, region=Region.objects.get(code="371602"),
                         is_staff=True)
organizer = User.objects.create_user("{organizer}", PASSWORD, role=Role.ORGANIZER, team=team, is_staff=True,
                                     region=Region.objects.get(code="371602001"))
print(json.dumps({{"activity_id": make_activity(organizer).pk}}))
""".format(admin=ADMIN_PHONE, organizer=ORGANIZER_PHONE)


def postgres_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("needs PostgreSQL: the suite's run with DATABASE_URL=postgresql://... (make test does both)")
    return url


def admin_sql(url: str, *statements: str) -> None:
    parts = dj_database_url.parse(url)
    with psycopg.connect(dbname="postgres", user=parts["USER"], host=parts["HOST"], port=parts["PORT"] or 5432,
                         password=parts["PASSWORD"] or None, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def server_env(tmp, **extra) -> dict:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "LOG_LEVEL": "WARNING",
            "VOLUNTEERHUB_VAR_DIR": str(tmp), "VOLUNTEERHUB_NO_PROGRESS": "1", "VOLUNTEERHUB_DEMO": "1",
            "MAP_INDEX_BACKGROUND_BUILD": "0", **extra}


@pytest.fixture(scope="session")
def scale_template(request, tmp_path_factory):
    """A copy of the suite's migrated test database with its reference data, a county admin, an organiser and a
    published activity: (URL, facts). Copying takes a tenth of a second where migrating takes many."""
    url = postgres_url()
    request.getfixturevalue("django_db_setup")
    from django.conf import settings
    from django.db import connections

    with request.getfixturevalue("django_db_blocker").unblock():
        connections.close_all()  # a database is copied only while nobody is connected to it
    test = settings.DATABASES["default"]
    test_name = test["TEST"].get("NAME") or f"test_{test['NAME']}"
    name = f"vh_scale_template_{os.getpid()}"
    template = url.rsplit("/", 1)[0] + "/" + name
    env = server_env(tmp_path_factory.mktemp("scale-template"), DATABASE_URL=template, PYTHONPATH=str(ROOT))
    try:
        admin_sql(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        try:
            admin_sql(url, f'CREATE DATABASE "{name}" TEMPLATE "{test_name}"')
        except psycopg.Error:  # someone else is connected to the test database: migrate a database of our own
            admin_sql(url, f'CREATE DATABASE "{name}"')
            migrated = subprocess.run([str(BIN), "migrate", "--noinput"], env=env, capture_output=True, text=True)
            assert migrated.returncode == 0, migrated.stderr[-2000:]
        done = subprocess.run([str(BIN), "shell", "-c", SETUP], env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        yield template, json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        admin_sql(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def scale_database(scale_template, request):
    """A copy of the template for one module (a copy takes a tenth of a second; migrating takes seconds)."""
    template, facts = scale_template
    name = f"vh_scale_{request.module.__name__.rsplit('.', 1)[-1]}_{os.getpid()}"
    admin_sql(template, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
              f'CREATE DATABASE "{name}" TEMPLATE "{template.rsplit("/", 1)[1]}"')
    try:
        yield template.rsplit("/", 1)[0] + "/" + name, facts
    finally:
        admin_sql(template, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def registration_extras(server, client, phone: str) -> dict:
    """What registering oneself adds: the consents and the code texted to the mobile, asked for through the API
    and read where the server's console SMS provider writes it (its log, the mobile masked; LOG_LEVEL=INFO)."""
    status, body = client.json("POST", "/api/v1/auth/sms-code", {"phone": phone, "purpose": "register"})
    assert status == 202, body
    masked = phone[:3] + "****" + phone[-4:]
    lines = [line for line in server.log.read_text(errors="replace").splitlines() if f"SMS to {masked}" in line]
    code = re.search(r"验证码 (\d{6})", lines[-1]).group(1)
    return {"sms_code": code, "accept_policies": True, "consent_id_number": True, "consent_location": True}


@contextmanager
def servers(count: int, env: dict, tmp):
    """Server processes, killed at the end (they keep nothing worth a graceful stop)."""
    started = []
    try:
        for n in range(count):
            started.append(Server(env, tmp / f"server-{n}.log"))
        yield started
    finally:
        for server in started:
            server.process.kill()
            server.process.wait(10)


def needs_program(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}")) + (
        [f"/usr/sbin/{name}"] if os.path.exists(f"/usr/sbin/{name}") else [])), None)
    if found is None:
        pytest.skip(f"needs {name} (Debian package; .ci/run installs it)")
    return found
