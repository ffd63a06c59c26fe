"""Shared personas and helpers for every app's tests.

Personas (Healthchecks style): a city admin and a county admin of 滨城区 beside one of 邹平市, an
organiser of a 滨城区 township team and one of another team, a volunteer, a resident, and anonymous.
"""

import datetime as dt
import itertools
import json
import time

import pytest
from django.test import Client
from django.test.client import ClientHandler

from volunteerhub.accounts.models import ApiToken, Role, User
from volunteerhub.core.handlers import ApiStack, Application, cookieless_api_call
from volunteerhub.core.identity import make_resident_id
from volunteerhub.core.spatial import cell_for
from volunteerhub.organizations.models import ServicePost, Team
from volunteerhub.regions.models import Region

PASSWORD = "Good-Pass-2026"
_phones = itertools.count(13800000000)
_ids = itertools.count(1)


def next_phone() -> str:
    return str(next(_phones))


def next_id_number(area: str = "371602", birth: dt.date = dt.date(1990, 5, 17)) -> str:
    n = next(_ids)
    return make_resident_id(area, birth + dt.timedelta(days=n // 900), n % 900 + 100)


class _ApiClientHandler(ApiStack, ClientHandler):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.load_middleware()


class _RoutedClientHandler:
    def __init__(self, enforce_csrf_checks: bool):
        self.enforce_csrf_checks = enforce_csrf_checks
        self.pages = ClientHandler(enforce_csrf_checks)
        self.api = None  # built on its first call, as the pages' chain is: with the settings of that moment

    def __call__(self, environ):
        if not cookieless_api_call(environ):
            return self.pages(environ)
        if self.api is None:
            self.api = _ApiClientHandler(self.enforce_csrf_checks)
        return self.api(environ)


class RoutedClient(Client):
    """Django's test client, routing each request to a middleware stack as the WSGI application does
    (core.handlers): API calls without a cookie take the API stack."""

    def __init__(self, enforce_csrf_checks: bool = False, **defaults):
        super().__init__(enforce_csrf_checks, **defaults)
        self.handler = _RoutedClientHandler(enforce_csrf_checks)


@pytest.fixture
def client():
    """pytest-django's `client`, routed as production routes: its API calls without a cookie (before any
    login) take the API stack."""
    return RoutedClient()


@pytest.fixture(scope="module")
def _application():
    return Application()


@pytest.fixture
def wsgi_app(_application):
    """The production WSGI application (config.wsgi: both middleware stacks), built once per module, minus
    closing the connection after each request, as Django's test client does: the test's transaction must
    survive the request. Per test, because the test client connects that signal again after each call."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield _application
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


class ApiClient:
    """Real HTTP-shaped requests through Django's test client, with a bearer token when signed in."""

    def __init__(self, user: User | None = None, language: str = "zh-hans"):
        self.client = RoutedClient(HTTP_ACCEPT_LANGUAGE=language)
        self.headers = {}
        if user is not None:
            key = ApiToken.new_key()
            ApiToken.objects.create(user=user, key_hash=ApiToken.hash_key(key))
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"

    def _call(self, method: str, path: str, data=None, **extra):
        kwargs = {**self.headers, **extra}
        fn = getattr(self.client, method)
        if method in ("post", "put", "patch", "delete") and data is not None:
            return fn(path, data=json.dumps(data), content_type="application/json", **kwargs)
        return fn(path, data=data, **kwargs) if data is not None else fn(path, **kwargs)

    def get(self, path, params=None, **extra):
        return self._call("get", path, params, **extra)

    def post(self, path, data=None, **extra):
        return self._call("post", path, data if data is not None else {}, **extra)

    def patch(self, path, data=None, **extra):
        return self._call("patch", path, data if data is not None else {}, **extra)

    def put(self, path, data=None, **extra):
        return self._call("put", path, data if data is not None else {}, **extra)

    def delete(self, path, data=None, **extra):
        return self._call("delete", path, data, **extra)


def until(condition, seconds: float = 5.0) -> bool:
    """Whether `condition()` comes true within `seconds` (for what another thread or process does)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def heard_all(channel: str, quiet: float = 0.3) -> None:
    """Wait until the change notices of a test's own commits on `channel` have arrived (the channel's
    generation, `core.changefeed`, has not moved for `quiet` seconds)."""
    from volunteerhub.core import changefeed

    last, since = changefeed.generation(channel), time.monotonic()
    while time.monotonic() - since < quiet:
        time.sleep(0.02)
        now = changefeed.generation(channel)
        if now != last:
            last, since = now, time.monotonic()


def committed_elsewhere(sql: str, params=()) -> None:
    """Run SQL on a connection of its own, committed at once: another worker, the admin, a script."""
    import psycopg
    from django.db import connection

    info = connection.get_connection_params()
    with psycopg.connect(dbname=info["dbname"], user=info.get("user"), host=info.get("host"),
                         port=info.get("port"), password=info.get("password"), autocommit=True) as other:
        other.execute(sql, params)


def make_user(role: str, region_code: str | None = None, team: Team | None = None, **extra) -> User:
    region = Region.objects.get(code=region_code) if region_code else None
    return User.objects.create_user(next_phone(), PASSWORD, role=role, region=region, team=team,
                                    is_staff=role != Role.RESIDENT and role != Role.VOLUNTEER, **extra)


def make_volunteer(region_code: str = "371602001001", *, qualifications=(), team=None, home=None, **kw):
    from volunteerhub.volunteers.services import volunteer_register

    area = Region.objects.get(code=region_code).path.strip("/").split("/")[1] if region_code != "371600" else "371600"
    return volunteer_register(name=kw.pop("name", "测试志愿者"), id_number=kw.pop("id_number", next_id_number(area)),
                              phone=kw.pop("phone", next_phone()), password=kw.pop("password", PASSWORD),
                              region_code=region_code, qualifications=list(qualifications), team=team,
                              home_lat=home[0] if home else None, home_lng=home[1] if home else None, **kw)


@pytest.fixture
def binzhou(db):
    return Region.objects.get(code="371600")


@pytest.fixture
def bincheng(db):
    return Region.objects.get(code="371602")


@pytest.fixture
def zouping(db):
    return Region.objects.get(code="371681")


@pytest.fixture
def team(db, bincheng):
    return Team.objects.create(name="市中街道卫生院志愿服务队", region=Region.objects.get(code="371602001"))


@pytest.fixture
def other_team(db):
    return Team.objects.create(name="黛溪街道卫生院志愿服务队", region=Region.objects.get(code="371681001"))


@pytest.fixture
def city_admin(db):
    return make_user(Role.CITY_ADMIN, "371600")


@pytest.fixture
def county_admin(db):
    return make_user(Role.COUNTY_ADMIN, "371602")


@pytest.fixture
def other_county_admin(db):
    return make_user(Role.COUNTY_ADMIN, "371681")


@pytest.fixture
def organizer(db, team):
    return make_user(Role.ORGANIZER, "371602001", team=team)


@pytest.fixture
def other_organizer(db, other_team):
    return make_user(Role.ORGANIZER, "371681001", team=other_team)


@pytest.fixture
def volunteer(db, team):
    return make_volunteer("371602001001", team=team, name="李志愿", home=(37.3835, 117.9707))


@pytest.fixture
def resident(db):
    return make_user(Role.RESIDENT, "371602001")


@pytest.fixture
def post(db, team):
    return ServicePost.objects.create(name="市中街道社区卫生服务中心志愿服务站", kind="station", lat=37.3806,
                                      lng=117.9900, cell=cell_for(37.3806, 117.9900), region=team.region, team=team, opening_hours="周一至周五 08:00-17:00",
                                      opening_schedule=[{"days": [0, 1, 2, 3, 4], "open": "08:00", "close": "17:00"}])


@pytest.fixture
def anon():
    return ApiClient()


@pytest.fixture
def api_as():
    """api_as(user) -> an ApiClient signed in with a bearer token for that user."""
    return lambda user, **kw: ApiClient(user, **kw)
