"""One refusal page and one not-found page for the whole site: styled, in the person's language, never a
bare "403 Forbidden", and an ordinary refusal leaves no traceback in the log."""

import logging

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

LAYOUT = 'class="topbar"'


@pytest.mark.parametrize("path", ["/audit/", "/dashboard", "/exchange/"])
def test_a_refusal_is_the_sites_own_page_with_a_403(client, volunteer, path, caplog):
    client.force_login(volunteer.user)
    with caplog.at_level(logging.WARNING):
        page = client.get(path)
    html = page.content.decode()
    assert page.status_code == 403
    assert LAYOUT in html and "无权访问" in html and "Forbidden" not in html
    assert not [r for r in caplog.records if r.exc_info]


def test_the_refusal_page_speaks_english_when_asked(client, volunteer):
    client.force_login(volunteer.user)
    html = client.get("/audit/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Not allowed" in html and "无权访问" not in html


@pytest.mark.parametrize("path", ["/activities/999999/", "/activities/99999999999999999999999/", "/no/such/page/",
                                  "/needs/999999/"])
def test_what_is_not_there_is_the_sites_own_not_found_page(client, resident, path):
    client.force_login(resident)
    page = client.get(path)
    assert page.status_code == 404
    assert LAYOUT in page.content.decode() and "页面不存在" in page.content.decode()


def test_a_form_sent_without_its_security_token_gets_the_refusal_page_saying_what_to_do(db):
    from django.test import Client

    page = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "13900000000", "password": "x"})
    assert page.status_code == 403
    assert LAYOUT in page.content.decode() and "页面已过期" in page.content.decode()


def test_api_paths_keep_answering_json(client):
    response = client.get("/api/v1/no-such-endpoint")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_answers_for_a_signed_in_person_are_never_cached(client, api_as, resident):
    assert api_as(resident).get("/api/v1/me")["Cache-Control"] == "no-store, private"
    client.force_login(resident)
    assert client.get("/me/")["Cache-Control"] == "no-store, private"
    assert "no-store" not in Client().get("/api/v1/map/boundaries").get("Cache-Control", "")


def test_the_registration_page_never_echoes_an_id_number(client, db):
    from volunteerhub.conftest import next_id_number

    number = next_id_number()
    page = client.post("/register/", {"name": "王", "id_number": number, "phone": "123", "region_code": "371602001"})
    assert page.status_code == 400 and number not in page.content.decode()


@pytest.mark.parametrize("persona", ["resident", "volunteer"])
@pytest.mark.parametrize("path", ["/admin/", "/admin/login/", "/admin/accounts/user/"])
def test_the_back_office_refuses_someone_without_its_rights_with_the_sites_refusal_page(request, persona, path):
    user = request.getfixturevalue(persona)
    client = Client()
    client.force_login(getattr(user, "user", user))
    page = client.get(path, follow=True)
    html = page.content.decode()
    assert page.status_code == 403
    assert LAYOUT in html and "无权访问" in html and "管理后台只对管理员和队伍组织者开放" in html
    assert 'name="password"' not in html  # not the back-office's sign-in form with an error on top


def test_the_back_office_refusal_speaks_english_when_asked(resident):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(resident)
    html = client.get("/admin/", follow=True).content.decode()
    assert "Not allowed" in html and "The back-office is for administrators and organisers" in html


def test_the_back_office_still_asks_the_public_to_sign_in(client):
    page = client.get("/admin/", follow=True)
    assert page.status_code == 200 and 'name="password"' in page.content.decode()


def test_what_is_not_in_the_back_office_is_the_sites_not_found_page(county_admin):
    client = Client()
    client.force_login(county_admin)
    page = client.get("/admin/no-such-thing/")
    assert page.status_code == 404 and LAYOUT in page.content.decode() and "页面不存在" in page.content.decode()


def test_a_back_office_refusal_is_the_sites_page_and_logs_no_traceback(organizer, caplog):
    client = Client()
    client.force_login(organizer)
    with caplog.at_level(logging.WARNING):
        page = client.get("/admin/auth/group/add/")  # staff, without the right to add groups
    assert page.status_code == 403 and LAYOUT in page.content.decode() and "无权访问" in page.content.decode()
    refusals = [r for r in caplog.records if r.name == "django.request"]
    assert refusals and not [r for r in refusals if r.exc_info]
