"""Login throttling and lock-out, password rules, rate limits, CSRF and security headers."""

import pytest
from django.test import Client

from volunteerhub.accounts.models import ApiToken, Role
from volunteerhub.conftest import PASSWORD, make_user, next_id_number, next_phone, self_registration
from volunteerhub.needs.models import Need
from volunteerhub.volunteers.models import Volunteer


def token(anon, phone, password):
    return anon.post("/api/v1/auth/token", {"phone": phone, "password": password})


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(anon, volunteer, settings):
    phone = volunteer.user.phone
    statuses = [token(anon, phone, "Wrong-pass-1").status_code for _ in range(settings.LOGIN_FAILURE_LIMIT)]

    locked = token(anon, phone, PASSWORD)

    assert statuses == [401] * (settings.LOGIN_FAILURE_LIMIT - 1) + [429]
    assert locked.status_code == 429
    assert locked.json()["code"] == "rate_limited"
    assert ApiToken.objects.count() == 0


def test_a_right_password_before_the_limit_resets_the_count(anon, volunteer, settings):
    phone = volunteer.user.phone
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        token(anon, phone, "Wrong-pass-1")

    assert token(anon, phone, PASSWORD).status_code == 200
    assert token(anon, phone, "Wrong-pass-1").status_code == 401


def test_the_lock_ends_after_its_time(anon, volunteer, settings, time_machine):
    time_machine.move_to("2026-11-29 10:00:00+08:00", tick=False)
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        token(anon, volunteer.user.phone, "Wrong-pass-1")

    time_machine.move_to("2026-11-29 10:16:00+08:00", tick=False)

    assert token(anon, volunteer.user.phone, PASSWORD).status_code == 200


def test_the_sign_in_page_locks_the_same_way(volunteer, settings):
    client = Client()
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": volunteer.user.phone, "password": "Wrong-pass-1"})

    response = client.post("/accounts/login/", {"username": volunteer.user.phone, "password": PASSWORD})

    assert response.status_code == 200  # the form again, not a redirect
    assert "锁定" in response.content.decode() or "操作过于频繁" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("password, reason", [("short1a", "至少8位"), ("12345678901", "不能全为数字"),
                                              ("onlyletters", "字母和数字"), ("password1", "过于常见")])
def test_weak_passwords_are_refused_with_the_reason(anon, db, password, reason):
    response = anon.post("/api/v1/volunteers", {"name": "王小红", "id_number": next_id_number(), "phone": next_phone(),
                                               "password": password, "region_code": "371602001"})

    assert response.status_code == 400
    assert any(reason in r for r in response.json()["fields"]["password"])


def test_anonymous_registration_is_rate_limited_per_address(anon, db, settings):
    settings.REGISTRATION_RATE_PER_HOUR = 2

    def register():
        phone = next_phone()
        return anon.post("/api/v1/volunteers", {"name": "王小红", "id_number": next_id_number(), "phone": phone,
                                                  "password": PASSWORD, "region_code": "371602001",
                                                  **self_registration(phone)})

    statuses = [register().status_code for _ in range(3)]

    assert statuses == [201, 201, 429]
    assert Volunteer.objects.count() == 2


def test_forms_refuse_a_post_without_the_csrf_token(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/register/", {"name": "王小红"})

    assert response.status_code == 403
    assert Volunteer.objects.count() == 0


def test_an_api_write_with_the_session_cookie_still_needs_the_csrf_token(db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user(Role.RESIDENT, "371602001"))

    response = client.patch("/api/v1/me", {"display_name": "王大妈"}, content_type="application/json")

    assert response.status_code == 403


@pytest.mark.parametrize("language, words", [("zh-hans", "登录"), ("en", "authent")])
def test_an_api_write_without_a_cookie_or_token_is_not_authenticated_not_a_csrf_failure(db, language, words):
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE=language)

    response = client.post("/api/v1/needs", {}, content_type="application/json")
    revoked = client.post("/api/v1/needs", {}, content_type="application/json", HTTP_AUTHORIZATION="Bearer revoked")

    for answer in (response, revoked):
        assert answer.status_code == 401, answer.content
        assert answer.json()["code"] == "not_authenticated" and words in answer.json()["message"].lower()
    assert Need.objects.count() == 0


def test_pages_carry_a_content_security_policy_without_inline_scripts(db):
    response = Client().get("/")

    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "<script>" not in response.content.decode()


def test_hsts_is_sent_behind_tls(db, settings):
    from django.middleware.security import SecurityMiddleware

    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    response = Client().get("/", HTTP_X_FORWARDED_PROTO="https")

    assert SecurityMiddleware
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_an_oversized_request_body_is_refused(anon, db, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024

    response = anon.post("/api/v1/volunteers", {"name": "x" * 5000})

    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert Volunteer.objects.count() == 0


def test_an_unknown_api_path_is_a_json_404(anon, db):
    response = anon.get("/api/v1/no-such-thing")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
