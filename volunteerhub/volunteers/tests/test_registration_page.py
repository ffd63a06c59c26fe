"""The registration page as a person uses it: the code by the form's own button (no JavaScript needed), the
county-then-township picker, the consents ticked one by one, each refusal beside its field."""

from volunteerhub.accounts.models import PolicyConsent, User
from volunteerhub.conftest import PASSWORD, last_texted_code, next_id_number, next_phone
from volunteerhub.volunteers.models import Volunteer

CONSENTS = {"accept_policies": "1", "consent_id_number": "1", "consent_location": "1"}


def _form(phone, code, **overrides):
    form = {"name": "孙丽华", "id_number": next_id_number(), "phone": phone, "password": PASSWORD, "sms_code": code,
            "county": "371602", "township": "371602001", "village": "", **CONSENTS}
    form.update(overrides)
    return {k: v for k, v in form.items() if v is not None}


def test_a_person_registers_with_consents_and_the_code_the_page_sent(client, db):
    phone = next_phone()
    sent = client.post("/register/", {"phone": phone, "action": "send_code", "name": "孙丽华"})

    response = client.post("/register/", _form(phone, last_texted_code(phone), village="371602001001"))

    assert sent.status_code == 200 and 'id="code-sent"' in sent.content.decode()
    assert 'value="孙丽华"' in sent.content.decode()  # what was typed is kept
    assert response.status_code == 302 and response["Location"] == "/me/"
    volunteer = Volunteer.objects.get(user__phone=phone)
    consent = PolicyConsent.objects.get(user=volunteer.user)
    assert volunteer.region_id == "371602001001"
    assert (consent.terms_version, consent.privacy_version, consent.sensitive_id_number, consent.location) == \
        (1, 1, True, True)


def test_without_the_consents_it_is_refused_beside_each_box_and_nothing_is_written(client, db):
    phone = next_phone()
    client.post("/register/", {"phone": phone, "action": "send_code"})
    users = User.objects.count()

    page = client.post("/register/", _form(phone, last_texted_code(phone), accept_policies=None, consent_location=None))

    html = page.content.decode()
    assert page.status_code == 400
    assert "请阅读并同意《用户协议》和《隐私政策》" in html and "请单独同意处理您的位置信息" in html
    assert "请单独同意处理您的身份证号" not in html  # that one was ticked
    assert User.objects.count() == users and not Volunteer.objects.exists()


def test_without_a_code_it_is_refused_beside_the_code(client, db):
    page = client.post("/register/", _form(next_phone(), ""))

    assert page.status_code == 400 and "请输入短信验证码" in page.content.decode()
    assert not Volunteer.objects.exists()


def test_a_county_alone_is_not_enough(client, db):
    phone = next_phone()
    client.post("/register/", {"phone": phone, "action": "send_code"})

    page = client.post("/register/", _form(phone, last_texted_code(phone), township=""))

    assert page.status_code == 400 and "请选择所在乡镇（街道）" in page.content.decode()


def test_the_picker_lists_the_villages_of_the_township_chosen(client, db):
    page = client.post("/register/", {"action": "pick", "county": "371602", "township": "371602001"}).content.decode()
    foreign = client.post("/register/", {"action": "pick", "county": "371681", "township": "371602001"}).content.decode()

    assert 'value="371602001001"' in page
    assert 'value="371602001001"' not in foreign  # a township not of the county chosen lists nothing


def test_the_page_links_the_agreement_and_privacy_policy(client, db):
    html = client.get("/register/").content.decode()

    assert 'href="/policies/terms/"' in html and 'href="/policies/privacy/"' in html
    assert 'id="consent_id_number"' in html and 'id="consent_location"' in html


def test_the_api_refuses_self_registration_without_consents_or_code(anon, db):
    phone = next_phone()

    response = anon.post("/api/v1/volunteers", {"name": "孙丽华", "id_number": next_id_number(), "phone": phone,
                                                "password": PASSWORD, "region_code": "371602001"})

    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"sms_code", "accept_policies", "consent_id_number", "consent_location"}
    assert not Volunteer.objects.exists()
