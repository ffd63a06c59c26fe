"""Two real server processes on one database, as in production: what one process writes, the other serves on
the very next request. A post created, moved and closed through the API and through the back-office shows in
the other process's nearest answer at once (its in-memory index is keyed by the posts' version); a token
revoked through one process is refused by the other. Runs on SQLite (a file) and on PostgreSQL (a database
of its own), as the suite does."""

import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import dj_database_url
import pytest

BIN = Path(sys.executable).parent / "volunteerhub"
PASSWORD = "Good-Pass-2026"
ADMIN_PHONE = "13911110001"
HERE = (37.3825, 117.9707)  # Binzhou city centre

USERS = f"""
import django
django.setup()
from volunteerhub.accounts.models import Role
from volunteerhub.accounts.services import user_create
from volunteerhub.regions.models import Region
user_create(phone="{ADMIN_PHONE}", password="{PASSWORD}", role=Role.COUNTY_ADMIN, region=Region.objects.get(code="371602"))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url(tmp: Path) -> str:
    """A database of the test's own: a SQLite file, or a fresh PostgreSQL database beside the test database."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp / 'two-servers.sqlite3'}"
    import psycopg

    parts = dj_database_url.parse(url)
    name = f"vh_two_servers_{os.getpid()}"
    with psycopg.connect(dbname=parts["NAME"], user=parts["USER"], host=parts["HOST"], port=parts["PORT"] or 5432,
                         password=parts["PASSWORD"] or None, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + "/" + name


def _drop(url: str) -> None:
    if url.startswith("postgres"):
        import psycopg

        parts = dj_database_url.parse(url)
        with psycopg.connect(dbname="postgres", user=parts["USER"], host=parts["HOST"], port=parts["PORT"] or 5432,
                             password=parts["PASSWORD"] or None, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{parts["NAME"]}" WITH (FORCE)')


class Server:
    def __init__(self, env: dict, log: Path):
        self.port = _free_port()
        self.base, self.log = f"http://127.0.0.1:{self.port}", log
        with log.open("wb") as errors:  # a file, not a pipe: a server logging errors never blocks on it
            self.process = subprocess.Popen([str(BIN), "serve", "--port", str(self.port), "--workers", "1",
                                             "--threads", "2"], env=env, stdout=subprocess.DEVNULL, stderr=errors)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + "/api/v1/health", timeout=5)
                return
            except OSError:  # not listening yet, or not answering yet
                assert self.process.poll() is None, self.log.read_text(errors="replace")[-2000:]
                time.sleep(0.2)
        raise TimeoutError("server did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


class Client:
    """A person on one server: cookies for the back-office, a bearer token for the API."""

    def __init__(self, server: Server, token: str = ""):
        self.server, self.token = server, token
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def call(self, method: str, path: str, body=None, form: dict | None = None) -> tuple[int, bytes]:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token and form is None else {}
        data = None
        if body is not None:
            data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
            headers.update({"Content-Type": "application/x-www-form-urlencoded", "Referer": self.server.base + path})
        request = urllib.request.Request(self.server.base + path, data=data, method=method, headers=headers)
        try:
            with self.opener.open(request, timeout=20) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def json(self, method: str, path: str, body=None):
        status, content = self.call(method, path, body)
        return status, (json.loads(content) if content else None)

    def form(self, path: str, fields: dict) -> tuple[int, bytes]:
        """A back-office form: its CSRF token read from the page first, as a browser would."""
        _, page = self.call("GET", path)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        return self.call("POST", path, form={"csrfmiddlewaretoken": token, **fields})


def _nearest_ids(client: Client, lat: float, lng: float) -> list[int]:
    status, body = client.json("GET", f"/api/v1/map/nearest?lat={lat}&lng={lng}&k=5")
    assert status == 200, body
    return [item["id"] for item in body["items"]]


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("two-servers")
    url = _database_url(tmp)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings", "LOG_LEVEL": "WARNING",
           "VOLUNTEERHUB_VAR_DIR": str(tmp), "VOLUNTEERHUB_NO_PROGRESS": "1",
           "VOLUNTEERHUB_DEMO": "1"}  # development keys, as a local trial runs
    for args in (["migrate", "--noinput"], ["shell", "-c", USERS]):
        done = subprocess.run([str(BIN), *args], env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
    started = [Server(env, tmp / "a.log"), Server(env, tmp / "b.log")]
    try:
        yield started
    finally:
        for server in started:
            server.stop()
        _drop(url)


@pytest.fixture(scope="module")
def admin_token(servers):
    """The county admin's token; a post of theirs stands 60 m from the centre, so that there is always another."""
    status, body = Client(servers[0]).json("POST", "/api/v1/auth/token", {"phone": ADMIN_PHONE, "password": PASSWORD})
    assert status == 200, body
    anchor = {**POST, "name": "市中街道社区卫生服务中心志愿服务站", "lat": 37.3830, "lng": 117.9712}
    assert Client(servers[0], body["token"]).json("POST", "/api/v1/posts", anchor)[0] == 201
    return body["token"]


def _warm(client: Client) -> None:
    """Ask until the other process's index exists (it builds in the background on the first request)."""
    for _ in range(10):
        _nearest_ids(client, *HERE)
        time.sleep(0.2)


POST = {"name": "黄河五路卫生室志愿服务点", "kind": "clinic", "region_code": "371602001", "lat": 37.3826,
        "lng": 117.9708, "opening_hours": "周一至周五 08:00-17:00"}


def test_a_post_written_through_the_api_of_one_process_shows_in_the_others_nearest_at_once(servers, admin_token):
    writer, reader = Client(servers[0], admin_token), Client(servers[1])
    _warm(reader)

    status, post = writer.json("POST", "/api/v1/posts", POST)
    assert status == 201, post
    assert _nearest_ids(reader, *HERE)[0] == post["id"]

    assert writer.json("PATCH", f"/api/v1/posts/{post['id']}", {"lat": 37.50, "lng": 118.10})[0] == 200
    assert _nearest_ids(reader, *HERE)[:1] != [post["id"]]
    assert _nearest_ids(reader, 37.50, 118.10)[0] == post["id"]

    assert writer.json("PATCH", f"/api/v1/posts/{post['id']}", {"is_active": False})[0] == 200
    assert post["id"] not in _nearest_ids(reader, 37.50, 118.10)


def _admin_form(**changes) -> dict:
    fields = {"name": "渤海七路卫生室志愿服务点", "kind": "clinic", "region": "371602001", "team": "", "address": "渤海七路",
              "lat": "37.3824", "lng": "117.9706", "opening_hours": "周一至周五 08:00-17:00", "services": "[]",
              "contact_name": "", "contact_phone": "", "is_active": "on", "_save": "保存"}
    fields.update(changes)
    return {k: v for k, v in fields.items() if v is not None}


def test_a_post_written_in_the_back_office_of_one_process_shows_in_the_others_nearest_at_once(servers, admin_token):
    office = Client(servers[0])
    status, _ = office.form("/admin/login/?next=/admin/", {"username": ADMIN_PHONE, "password": PASSWORD,
                                                           "next": "/admin/"})
    assert status == 200
    reader, api = Client(servers[1]), Client(servers[0], admin_token)
    _warm(reader)

    status, page = office.form("/admin/organizations/servicepost/add/", _admin_form())
    assert status == 200 and b"errornote" not in page, page[-3000:]
    post_id = next(p["id"] for p in api.json("GET", "/api/v1/posts")[1] if p["name"] == "渤海七路卫生室志愿服务点")
    assert _nearest_ids(reader, *HERE)[0] == post_id

    change = f"/admin/organizations/servicepost/{post_id}/change/"
    assert office.form(change, _admin_form(lat="37.60", lng="118.20"))[0] == 200
    assert _nearest_ids(reader, 37.60, 118.20)[0] == post_id
    assert post_id not in _nearest_ids(reader, *HERE)[:1]

    assert office.form(change, _admin_form(lat="37.60", lng="118.20", is_active=None))[0] == 200
    assert post_id not in _nearest_ids(reader, 37.60, 118.20)


def test_a_token_revoked_through_one_process_is_refused_by_the_other_on_the_next_request(servers):
    status, body = Client(servers[0]).json("POST", "/api/v1/auth/token", {"phone": ADMIN_PHONE, "password": PASSWORD})
    token = body["token"]
    on_a, on_b = Client(servers[0], token), Client(servers[1], token)
    assert on_b.json("GET", "/api/v1/me")[0] == 200

    assert on_a.call("DELETE", "/api/v1/auth/token")[0] == 204

    status, body = on_b.json("GET", "/api/v1/me")
    assert status == 401 and body["code"] == "not_authenticated"
