"""Sign-ins end when they should: tokens expire (absolute and idle), signing out here or everywhere, a new
password and a change of rights end them at once; the client's address comes from the proxies we trust; the
back-office's sign-in counts failures like every other; the API takes JSON only."""

import datetime as dt

import pytest
from django.test import Client, RequestFactory
from django.utils import timezone

from volunteerhub.accounts.models import ApiToken, Role, User
from volunteerhub.audit.models import AuditEvent
from volunteerhub.conftest import PASSWORD, make_user
from volunteerhub.core.addresses import client_ip


def _token(anon, user) -> str:
    response = anon.post("/api/v1/auth/token", {"phone": user.phone, "password": PASSWORD})
    assert response.status_code == 200, response.content
    return response.json()["token"]


def _me(anon, token):
    return anon.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")


def test_a_token_expires_after_its_age_and_after_idling(anon, resident, settings, time_machine):
    settings.API_TOKEN_MAX_AGE_DAYS, settings.API_TOKEN_IDLE_DAYS = 30, 7
    time_machine.move_to(timezone.now(), tick=False)
    token = _token(anon, resident)
    for days in (6, 12, 18, 24, 29):  # used every six days: never idle a week
        time_machine.shift(dt.timedelta(days=6 if days > 6 else 6))
        assert _me(anon, token).status_code == 200, days
    time_machine.shift(dt.timedelta(days=2))  # 32 days old
    assert _me(anon, token).status_code == 401
    idle = _token(anon, resident)
    time_machine.shift(dt.timedelta(days=7, minutes=1))
    assert _me(anon, idle).status_code == 401


def test_signing_out_everywhere_ends_every_token_and_browser_session(anon, resident):
    first, second = _token(anon, resident), _token(anon, resident)
    browser = Client()
    browser.force_login(resident)
    assert browser.get("/me/").status_code == 200

    assert anon.delete("/api/v1/auth/tokens", HTTP_AUTHORIZATION=f"Bearer {first}").status_code == 204

    assert _me(anon, first).status_code == 401 and _me(anon, second).status_code == 401
    assert browser.get("/me/").status_code == 302  # to the sign-in page
    assert AuditEvent.objects.filter(action="sign_out_everywhere", target_id=str(resident.pk)).exists()


def test_a_new_password_needs_the_old_one_and_signs_every_device_out(anon, resident):
    token = _token(anon, resident)
    wrong = anon.post("/api/v1/me/password", {"old_password": "Nope-2026", "new_password": "New-Pass-2027"},
                      HTTP_AUTHORIZATION=f"Bearer {token}")
    assert wrong.status_code == 400 and "old_password" in wrong.json()["fields"]
    weak = anon.post("/api/v1/me/password", {"old_password": PASSWORD, "new_password": "12345678"},
                     HTTP_AUTHORIZATION=f"Bearer {token}")
    assert weak.status_code == 400 and "new_password" in weak.json()["fields"]
    done = anon.post("/api/v1/me/password", {"old_password": PASSWORD, "new_password": "New-Pass-2027"},
                     HTTP_AUTHORIZATION=f"Bearer {token}")
    assert done.status_code == 204 and _me(anon, token).status_code == 401
    assert User.objects.get(pk=resident.pk).check_password("New-Pass-2027")


def test_a_superusers_change_of_rights_ends_the_accounts_sign_ins(anon, db):
    boss = User.objects.create_superuser("13911118888", PASSWORD)
    organiser = make_user(Role.ORGANIZER, "371602001")
    token = _token(anon, organiser)
    office = Client()
    office.force_login(boss)
    page = office.get(f"/admin/accounts/user/{organiser.pk}/change/")
    form = {f: v for f, v in page.context["adminform"].form.initial.items() if v is not None and f != "password"}
    form.update({"role": Role.RESIDENT, "region": "371602001", "date_joined_0": "2026-01-01",
                 "date_joined_1": "08:00:00", "is_active": "on", "phone": organiser.phone})
    form.pop("groups", None), form.pop("user_permissions", None), form.pop("last_login", None)
    response = office.post(f"/admin/accounts/user/{organiser.pk}/change/", form)
    assert response.status_code == 302, response.content[-2000:]
    assert User.objects.get(pk=organiser.pk).role == Role.RESIDENT
    assert _me(anon, token).status_code == 401 and not ApiToken.objects.filter(user=organiser).exists()


@pytest.mark.parametrize(("hops", "forwarded", "expected"), [
    (0, "203.0.113.9", "10.0.0.2"),  # no proxy trusted: the peer is the client, whatever it writes
    (1, "203.0.113.9", "203.0.113.9"),  # one proxy: the address it saw
    (1, "198.51.100.7, 203.0.113.9", "203.0.113.9"),  # a forged first entry is never believed
    (2, "198.51.100.7, 203.0.113.9", "198.51.100.7"),
    (1, "", "10.0.0.2")])
def test_the_client_address_comes_from_the_trusted_proxies(settings, hops, forwarded, expected):
    settings.TRUSTED_PROXY_HOPS = hops
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_a_right_password_is_never_refused_because_others_failed_from_the_same_address(anon, resident, settings):
    settings.LOGIN_IP_FAILURE_LIMIT = 3
    others = [make_user(Role.RESIDENT, "371602001") for _ in range(4)]
    for other in others:
        anon.post("/api/v1/auth/token", {"phone": other.phone, "password": "wrong-2026"})
    assert anon.post("/api/v1/auth/token", {"phone": others[0].phone, "password": "wrong-2026"}).status_code == 429
    assert anon.post("/api/v1/auth/token", {"phone": resident.phone, "password": PASSWORD}).status_code == 200


def test_a_lock_out_says_when_to_try_again(anon, resident, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    for _ in range(2):
        response = anon.post("/api/v1/auth/token", {"phone": resident.phone, "password": "wrong-2026"})
    assert response.status_code == 429 and int(response["Retry-After"]) > 0


def test_the_back_office_sign_in_counts_failures_locks_out_and_is_audited(db, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    admin = make_user(Role.COUNTY_ADMIN, "371602")
    office = Client()
    for _ in range(3):
        office.post("/admin/login/", {"username": admin.phone, "password": "wrong-2026", "next": "/admin/"})
    locked = office.post("/admin/login/", {"username": admin.phone, "password": PASSWORD, "next": "/admin/"})
    assert locked.status_code == 200 and "过于频繁" in locked.content.decode() and "_auth_user_id" not in office.session
    assert AuditEvent.objects.filter(action="login_failed", target_id=str(admin.pk)).count() == 3


@pytest.mark.parametrize(("content_type", "body"), [("application/x-www-form-urlencoded", "phone=1&password=2"),
                                                     ("text/plain", '{"phone": "1", "password": "2"}')])
def test_the_api_takes_json_bodies_only(db, content_type, body):
    response = Client().post("/api/v1/auth/token", body, content_type=content_type)
    assert response.status_code == 415 and response.json()["code"] == "unsupported_media_type"


def test_a_password_typed_into_the_mobile_field_is_not_kept_in_the_audit(db, client):
    from volunteerhub.audit.models import AuditEvent

    client.post("/api/v1/auth/token", {"phone": "Secret-Pass-2026", "password": "x"}, content_type="application/json")

    kept = AuditEvent.objects.get(action="login_failed")
    assert "Secret-Pass-2026" not in str(kept.changes)
