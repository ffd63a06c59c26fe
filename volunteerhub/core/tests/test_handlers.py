"""The mini-program's calls (no cookie: a bearer token or none) take the API stack; pages and session calls
the full one; both answer the same."""

import datetime as dt
import io
import json
import sys

import pytest
from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone

from volunteerhub.accounts.models import ApiToken, Role
from volunteerhub.activities.models import SignUp
from volunteerhub.audit.models import AuditEvent
from volunteerhub.conftest import ApiClient, make_user
from volunteerhub.core.handlers import cookieless_api_call

HEADERS = ["Content-Type", "Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options",
           "Referrer-Policy", "Cross-Origin-Opener-Policy", "Permissions-Policy", "Content-Language"]


def environ(path: str, *, method: str = "GET", token: str = "", cookie: str = "", language: str = "zh-hans") -> dict:
    env = {"REQUEST_METHOD": method, "PATH_INFO": path, "SCRIPT_NAME": "", "QUERY_STRING": "",
           "SERVER_NAME": "testserver", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
           "REMOTE_ADDR": "10.1.2.3", "HTTP_HOST": "testserver", "HTTP_ACCEPT_LANGUAGE": language,
           "wsgi.input": io.BytesIO(b""), "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr, "CONTENT_LENGTH": "0"}
    if token:
        env["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    if cookie:
        env["HTTP_COOKIE"] = cookie
    return env


def call(app, env: dict) -> tuple[int, dict, bytes]:
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = int(status.split()[0]), dict(headers)

    body = app(env, start_response)
    try:
        content = b"".join(body)
    finally:
        body.close()
    return answer["status"], answer["headers"], content


@pytest.fixture
def sessions_loaded(monkeypatch):
    """How many requests went through the session middleware."""
    seen = []
    real = SessionMiddleware.process_request
    monkeypatch.setattr(SessionMiddleware, "process_request", lambda self, request: (seen.append(request.path),
                                                                                   real(self, request))[1])
    return seen


@pytest.fixture
def token(db):
    user = make_user(Role.RESIDENT, "371602001", display_name="王大妈")
    key = ApiToken.new_key()
    ApiToken.objects.create(user=user, key_hash=ApiToken.hash_key(key))
    return key


def test_only_an_api_call_without_a_cookie_takes_the_api_stack():
    assert cookieless_api_call(environ("/api/v1/me", token="k"))  # the mini-program, signed in
    assert cookieless_api_call(environ("/api/v1/map/nearest"))  # a resident looking for help, not signed in
    assert cookieless_api_call({**environ("/api/v1/me"), "HTTP_AUTHORIZATION": "Basic dTpw"})
    assert not cookieless_api_call(environ("/api/v1/me", token="k", cookie="sessionid=x"))  # a browser's call
    assert not cookieless_api_call(environ("/api/v1/me", cookie="csrftoken=x"))
    assert not cookieless_api_call(environ("/dashboard", token="k"))  # a page
    assert not cookieless_api_call(environ("/map"))


def test_the_api_stack_is_the_page_stack_less_what_only_a_session_needs():
    left_out = {"django.contrib.sessions.middleware.SessionMiddleware", "django.middleware.csrf.CsrfViewMiddleware",
                "django.contrib.messages.middleware.MessageMiddleware", "whitenoise.middleware.WhiteNoiseMiddleware"}
    stand_ins = {  # what the API stack has in their place
        "django.contrib.auth.middleware.AuthenticationMiddleware":
            "volunteerhub.core.middleware.AnonymousUntilAuthenticatedMiddleware",
        "django.middleware.locale.LocaleMiddleware": "volunteerhub.core.middleware.ApiLanguageMiddleware",
    }

    expected = [stand_ins.get(m, m) for m in settings.MIDDLEWARE if m not in left_out]

    assert settings.API_MIDDLEWARE == expected


def test_on_the_api_stack_the_user_is_anonymous_until_the_token_says_who():
    from django.test import RequestFactory

    from volunteerhub.core.middleware import AnonymousUntilAuthenticatedMiddleware

    seen = []

    def view(request):
        seen.append(request.user)
        return HttpResponse("")

    response = AnonymousUntilAuthenticatedMiddleware(view)(RequestFactory().get("/api/v1/health"))

    assert seen[0].is_authenticated is False and seen[0].pk is None
    assert response["Vary"] == "Cookie"  # the same call with a session cookie may be answered otherwise


@pytest.mark.parametrize("accept", ["", "en", "en-US,en;q=0.9", "zh-CN,zh;q=0.9", "zh-TW", "fr-FR,fr;q=0.8",
                                    "de;q=0.5, en;q=0.7", "*"])
def test_on_the_api_stack_the_language_is_chosen_as_on_pages(accept):
    from django.middleware.locale import LocaleMiddleware
    from django.test import RequestFactory
    from django.utils import translation

    from volunteerhub.core.middleware import ApiLanguageMiddleware

    def answer(middleware):
        def view(request):
            response = HttpResponse(translation.get_language())
            response["Vary"] = "Origin"
            return response

        with translation.override(None):
            response = middleware(view)(RequestFactory().get("/api/v1/health", HTTP_ACCEPT_LANGUAGE=accept))
        return response.content, response["Content-Language"], response["Vary"]

    assert answer(ApiLanguageMiddleware) == answer(LocaleMiddleware)
    assert answer(ApiLanguageMiddleware)[2] == "Origin, Accept-Language"


def test_building_the_api_stack_leaves_the_settings_as_they_were(wsgi_app):
    assert "django.contrib.sessions.middleware.SessionMiddleware" in settings.MIDDLEWARE


def test_the_mini_program_and_the_browser_get_the_same_answer(wsgi_app, token, sessions_loaded):
    status, headers, body = call(wsgi_app, environ("/api/v1/me", token=token))
    assert sessions_loaded == []  # the API stack
    full_status, full_headers, full_body = call(wsgi_app, environ("/api/v1/me", token=token, cookie="lang=zh"))
    assert sessions_loaded == ["/api/v1/me"]  # the full stack

    assert status == full_status == 200
    assert json.loads(body) == json.loads(full_body) and json.loads(body)["display_name"] == "王大妈"
    assert {h: headers.get(h) for h in HEADERS} == {h: full_headers.get(h) for h in HEADERS}
    assert _vary(headers) == _vary(full_headers) >= {"Accept-Language", "Cookie"}
    assert None not in [headers.get(h) for h in HEADERS]


def test_a_bad_token_on_the_api_stack_is_a_401_in_the_callers_language(wsgi_app, db):
    status, _, body = call(wsgi_app, environ("/api/v1/me", token="not-a-token", language="en"))

    assert status == 401
    assert json.loads(body)["code"] == "not_authenticated" and "authent" in json.loads(body)["message"].lower()


def test_a_public_endpoint_with_a_stale_token_still_answers(wsgi_app, db):
    status, _, body = call(wsgi_app, environ("/api/v1/activities", token="revoked-long-ago"))

    assert status == 200, body  # the public list, as for anyone without a token
    assert "items" in json.loads(body)


def test_a_change_made_on_the_api_stack_is_audited_with_who_and_from_where(wsgi_app, token):
    start = timezone.now() + dt.timedelta(hours=2)
    payload = json.dumps({"kind": "home_visit", "description": "老人行动不便，需要上门测血压", "lat": 37.384,
                          "lng": 117.972, "region_code": "371602001", "window_start": start.isoformat(),
                          "window_end": (start + dt.timedelta(hours=3)).isoformat()}).encode()
    env = environ("/api/v1/needs", method="POST", token=token)
    env.update({"wsgi.input": io.BytesIO(payload), "CONTENT_LENGTH": str(len(payload)), "CONTENT_TYPE": "application/json"})

    status, _, body = call(wsgi_app, env)

    assert status == 201, body
    event = AuditEvent.objects.get(target_type="need", target_id=str(json.loads(body)["id"]))
    user = ApiToken.objects.get(key_hash=ApiToken.hash_key(token)).user
    assert (event.action, event.actor_id, event.ip, event.source) == ("create", user.pk, "10.1.2.3", "api")


def test_the_tests_client_routes_as_production_does(db, sessions_loaded):
    user = make_user(Role.RESIDENT, "371602001")

    assert ApiClient(user).get("/api/v1/me").status_code == 200
    assert sessions_loaded == []
    assert ApiClient().get("/api/v1/health").status_code == 200  # no token, no cookie: the API stack too
    assert sessions_loaded == []
    assert Client().get("/api/v1/health").status_code == 200  # Django's own client: the full stack
    assert sessions_loaded == ["/api/v1/health"]


def test_the_client_fixture_routes_as_production_does(client, db, sessions_loaded):
    assert client.get("/api/v1/health").status_code == 200
    assert sessions_loaded == []  # no cookie yet
    client.force_login(make_user(Role.RESIDENT, "371602001"))
    assert client.get("/api/v1/me").status_code == 200
    assert sessions_loaded == ["/api/v1/me"]  # the session's call


@pytest.mark.parametrize("method, path", [
    ("GET", "/api/v1/map/nearest?lat=37.38&lng=117.97&k=3"),
    ("GET", "/api/v1/activities"),
    ("POST", "/api/v1/activities/1/signup"),  # no token: not authenticated (401), on either stack
    ("GET", "/api/v1/me"),
    ("GET", "/api/v1/map/nearest?lat=north"),  # a bad field
    ("DELETE", "/api/v1/health"),  # no such method
])
def test_anonymous_api_calls_get_the_same_answer_on_both_stacks(wsgi_app, db, sessions_loaded, method, path):
    target, _, query = path.partition("?")
    status, headers, body = call(wsgi_app, {**environ(target, method=method), "QUERY_STRING": query})
    assert sessions_loaded == []  # the API stack
    page = {**environ(target, method=method, cookie="lang=zh"), "QUERY_STRING": query}
    full_status, full_headers, full_body = call(wsgi_app, page)
    assert sessions_loaded == [target]  # the full stack

    assert status == full_status and status < 500
    assert json.loads(body) == json.loads(full_body)
    assert {h: headers.get(h) for h in HEADERS} == {h: full_headers.get(h) for h in HEADERS}
    assert _vary(headers) == _vary(full_headers) >= {"Accept-Language", "Cookie"}
    if method == "POST":
        assert status == 401 and json.loads(body)["code"] == "not_authenticated"
        assert SignUp.objects.count() == 0


def _vary(headers: dict) -> set:
    return {part.strip() for part in headers.get("Vary", "").split(",") if part.strip()}
