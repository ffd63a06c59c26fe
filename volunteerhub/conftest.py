"""Shared personas and helpers for every app's tests.

Personas (Healthchecks style): a city admin and a county admin of 滨城区 beside one of 邹平市, an
organiser of a 滨城区 township team and one of another team, a volunteer, a resident, and anonymous.
"""

import datetime as dt
import itertools
import json

import pytest
from django.test import Client

from volunteerhub.accounts.models import ApiToken, Role, User
from volunteerhub.volunteers.identity import make_resident_id
from volunteerhub.organizations.models import Team
from volunteerhub.regions.models import Region

PASSWORD = "Good-Pass-2026"
_phones = itertools.count(13800000000)
_ids = itertools.count(1)


def next_phone() -> str:
    return str(next(_phones))


def next_id_number(area: str = "371602", birth: dt.date = dt.date(1990, 5, 17)) -> str:
    n = next(_ids)
    return make_resident_id(area, birth + dt.timedelta(days=n // 900), n % 900 + 100)


def last_texted_code(phone: str) -> str:
    """The code the console SMS provider last texted to the mobile (ConsoleProvider.outbox: what was sent)."""
    import re

    from volunteerhub.notifications.sms import ConsoleProvider

    for message in reversed(ConsoleProvider.outbox):
        if message["phone"] == phone and (found := re.search(r"验证码 (\d{6})", message["text"])):
            return found.group(1)
    raise AssertionError(f"no code was texted to {phone}")


def texted_code(phone: str, purpose: str = "register") -> str:
    """Ask for a code as a person would (each mobile from its own address) and read the text that went out."""
    from volunteerhub.accounts.codes import phone_code_send

    phone_code_send(phone=phone, purpose=purpose, ip=f"10.9.{phone[-4:-2]}.{phone[-2:]}")
    return last_texted_code(phone)


def self_registration(phone: str) -> dict:
    """What a person registering themself adds to the form: the three consents and the code texted to them (none
    for a mobile that cannot get one: a malformed or registered one)."""
    from volunteerhub.core.errors import ApplicationError

    try:
        code = texted_code(phone)
    except ApplicationError:
        code = ""
    return {"sms_code": code, "accept_policies": True, "consent_id_number": True, "consent_location": True}


@pytest.fixture
def wsgi_app():
    """The production WSGI application (config.wsgi), minus closing the connection after each request,
    as Django's test client does: the test's transaction must survive the request."""
    from django.core import signals
    from django.db import close_old_connections

    from config.wsgi import application

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield application
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


class ApiClient:
    """Real HTTP-shaped requests through Django's test client, with a bearer token when signed in."""

    def __init__(self, user: User | None = None, language: str = "zh-hans"):
        self.client = Client(HTTP_ACCEPT_LANGUAGE=language)
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


def make_user(role: str, region_code: str | None = None, team: Team | None = None, **extra) -> User:
    region = Region.objects.get(code=region_code) if region_code else None
    return User.objects.create_user(next_phone(), PASSWORD, role=role, region=region, team=team,
                                    is_staff=role != Role.RESIDENT and role != Role.VOLUNTEER, **extra)


def colleague_of(organizer) -> User:
    """Another organiser of the same team: who records an hours entry does not approve it."""
    return make_user(Role.ORGANIZER, organizer.region_id, team=organizer.team)


def make_volunteer(region_code: str = "371602001001", *, qualifications=(), team=None, home=None, verified=True,
                   **kw):
    """A registered volunteer; the qualifications given are verified (as an organiser would) unless verified=False."""
    from django.utils import timezone

    from volunteerhub.volunteers.models import VolunteerQualification
    from volunteerhub.volunteers.services import volunteer_register

    area = Region.objects.get(code=region_code).path.strip("/").split("/")[1] if region_code != "371600" else "371600"
    volunteer = volunteer_register(
        name=kw.pop("name", "测试志愿者"), id_number=kw.pop("id_number", next_id_number(area)),
        phone=kw.pop("phone", next_phone()), password=kw.pop("password", PASSWORD), region_code=region_code,
        qualifications=list(qualifications), team=team, home_lat=home[0] if home else None,
        home_lng=home[1] if home else None, **kw)
    if verified:
        VolunteerQualification.objects.filter(volunteer=volunteer).update(verified_at=timezone.now())
    return volunteer


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
    from volunteerhub.organizations.services import service_post_create

    return service_post_create(name="市中街道社区卫生服务中心志愿服务站", kind="station", lat=37.3806, lng=117.9900,
                               region_code=team.region.code, team=team, opening_hours="周一至周五 08:00-17:00",
                               opening_schedule=[{"days": [0, 1, 2, 3, 4], "open": "08:00", "close": "17:00"}])


@pytest.fixture
def immediate_tasks(settings):
    """Background tasks run inline, at once (after the commit that enqueues them)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def rollups(db):
    """A little history: 滨城区 (two townships) and 邹平市, as activities and approvals would record it."""

    from volunteerhub.stats.services import rollup_add as _rollup_add

    def add(code: str, when: dt.date, **counts):
        _rollup_add(region=Region.objects.get(code=code), when=when, **counts)

    add("371602001001", dt.date(2026, 1, 10), activity_kind="advocacy", setting="community", hours=40, ledger_entries=10, activities=2, people_served=120)
    add("371602001", dt.date(2026, 2, 3), activity_kind="convenience", setting="village", hours=25, ledger_entries=5, activities=1, people_served=60)
    add("371602002", dt.date(2026, 2, 20), activity_kind="advocacy", setting="school", hours=10, ledger_entries=2, activities=1, people_served=30)
    add("371681001", dt.date(2026, 3, 1), activity_kind="advocacy", setting="community", hours=100, ledger_entries=20, activities=3, people_served=500)
    add("371681", dt.date(2025, 12, 15), activity_kind="training", setting="office", hours=8, ledger_entries=4, activities=1, people_served=0)
    return add


@pytest.fixture
def anon():
    return ApiClient()


@pytest.fixture
def api_as():
    """api_as(user) -> an ApiClient signed in with a bearer token for that user."""
    return lambda user, **kw: ApiClient(user, **kw)
