"""A forgotten password: a code texted to the account's mobile, a new password; every device signs in again; the
same answers whether or not the mobile has an account."""

from django.test import Client

from volunteerhub.accounts.models import ApiToken
from volunteerhub.audit.models import AuditEvent
from volunteerhub.conftest import PASSWORD, last_texted_code, next_phone
from volunteerhub.notifications.sms import ConsoleProvider

NEW = "Fresh-Pass-2027"


def _ask(anon, phone, ip="10.5.5.5"):
    return anon.client.post("/api/v1/auth/sms-code", {"phone": phone, "purpose": "password"},
                            content_type="application/json", REMOTE_ADDR=ip)


def test_a_volunteer_sets_a_new_password_with_a_texted_code_and_every_device_signs_out(anon, api_as, volunteer):
    phone = volunteer.user.phone
    device = api_as(volunteer.user)
    browser = Client()
    browser.force_login(volunteer.user)
    _ask(anon, phone)

    response = anon.post("/api/v1/auth/password/reset", {"phone": phone, "sms_code": last_texted_code(phone),
                                                          "new_password": NEW})

    volunteer.user.refresh_from_db()
    assert response.status_code == 204
    assert volunteer.user.check_password(NEW) and not volunteer.user.check_password(PASSWORD)
    assert not ApiToken.objects.filter(user=volunteer.user).exists()
    assert device.get("/api/v1/me").status_code == 401
    assert browser.get("/me/").status_code == 302  # the browser's session ended too
    assert AuditEvent.objects.filter(action="password_reset", target_id=str(volunteer.user.pk)).exists()


def test_the_answer_is_the_same_for_a_mobile_without_an_account_and_nothing_is_texted(anon, volunteer):
    stranger = next_phone()
    texted = len(ConsoleProvider.outbox)

    known, unknown = _ask(anon, volunteer.user.phone), _ask(anon, stranger, ip="10.5.5.6")
    wrong = "000000" if last_texted_code(volunteer.user.phone) != "000000" else "111111"
    answers = [anon.post("/api/v1/auth/password/reset", {"phone": phone, "sms_code": wrong, "new_password": NEW})
               for phone in (volunteer.user.phone, stranger)]

    assert (known.status_code, known.json()) == (unknown.status_code, unknown.json())
    assert [m["phone"] for m in ConsoleProvider.outbox[texted:]] == [volunteer.user.phone]
    assert [(a.status_code, a.json()) for a in answers] == [(400, answers[0].json())] * 2


def test_a_weak_new_password_is_refused_and_the_code_still_works(anon, volunteer):
    phone = volunteer.user.phone
    _ask(anon, phone)
    code = last_texted_code(phone)

    weak = anon.post("/api/v1/auth/password/reset", {"phone": phone, "sms_code": code, "new_password": "12345678"})
    strong = anon.post("/api/v1/auth/password/reset", {"phone": phone, "sms_code": code, "new_password": NEW})

    assert weak.status_code == 400 and "new_password" in weak.json()["fields"]
    assert strong.status_code == 204


def test_a_wrong_code_changes_nothing(anon, volunteer):
    phone = volunteer.user.phone
    _ask(anon, phone)

    response = anon.post("/api/v1/auth/password/reset", {"phone": phone, "sms_code": "000000" if last_texted_code(
        phone) != "000000" else "111111", "new_password": NEW})

    volunteer.user.refresh_from_db()
    assert response.status_code == 400 and volunteer.user.check_password(PASSWORD)


def test_the_page_works_without_javascript_from_the_login_page(client, volunteer):
    phone = volunteer.user.phone
    login = client.get("/accounts/login/").content.decode()

    sent = client.post("/accounts/password/forgot/", {"phone": phone, "action": "send_code"})
    done = client.post("/accounts/password/forgot/", {"phone": phone, "sms_code": last_texted_code(phone),
                                                      "new_password": NEW, "action": "reset"})

    assert 'href="/accounts/password/forgot/"' in login
    assert sent.status_code == 200 and "如该手机号已注册，验证码已发送" in sent.content.decode()
    assert done.status_code == 302 and done["Location"] == "/accounts/login/"
    volunteer.user.refresh_from_db()
    assert volunteer.user.check_password(NEW)


def test_the_page_says_a_wrong_code_beside_the_field(client, volunteer):
    page = client.post("/accounts/password/forgot/", {"phone": volunteer.user.phone, "sms_code": "12",
                                                      "new_password": NEW, "action": "reset"})

    assert page.status_code == 400 and "验证码不正确或已失效" in page.content.decode()


def test_the_mobile_may_be_written_with_its_country_code(anon, volunteer):
    phone = volunteer.user.phone
    _ask(anon, f"+86 {phone}")

    response = anon.post("/api/v1/auth/password/reset", {"phone": f"+86{phone}", "sms_code": last_texted_code(phone),
                                                          "new_password": NEW})

    assert response.status_code == 204
