"""A new volunteer registers by clicking from the home page, on a phone and on a desktop: the mobile confirmed by a
texted code (read where the console SMS provider keeps it), the county then the township, the agreement and privacy
policy and the two separate consents; each refusal said beside its field; then a masked ID number and a number."""

import pytest

from volunteerhub.accounts.models import PolicyConsent
from volunteerhub.conftest import PASSWORD, last_texted_code, next_id_number
from volunteerhub.volunteers.models import Volunteer

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("screen, phone", [("phone_page", "13712340001"), ("desk_page", "13712340002")])
def test_a_resident_registers_as_a_volunteer(request, screen, phone, shots):
    page = request.getfixturevalue(screen)
    id_number = next_id_number("371602")
    page.goto("/")
    shots(page, f"{screen} home")
    page.click("text=注册志愿者 >> nth=0")
    page.wait_for_url("**/register/")

    page.fill("#phone", phone)
    page.click("#send-code")
    page.wait_for_selector("#code-note")
    assert "验证码已发送" in page.inner_text("#code-note")
    assert "秒后重新获取" in page.inner_text("#send-code") and page.is_disabled("#send-code")  # the countdown
    shots(page, f"{screen} code sent")

    page.fill("#sms_code", last_texted_code(phone))
    page.fill("#password", PASSWORD)
    page.fill("#name", "孙丽华")
    page.fill("#id_number", id_number[:-1] + ("0" if id_number[-1] != "0" else "1"))  # a typo first
    page.select_option("#county", "371602")
    page.wait_for_selector("#township option[value='371602001']", state="attached")
    page.select_option("#township", "371602001")
    page.wait_for_selector("#village option[value='371602001001']", state="attached")
    page.select_option("#village", "371602001001")
    page.check("input[name=qualifications][value=nurse]")
    shots(page, f"{screen} picker")
    page.click("#register-submit")  # the consents not ticked yet

    assert page.locator("text=身份证号校验位不正确").is_visible()
    assert page.locator("text=请阅读并同意《用户协议》和《隐私政策》").is_visible()
    assert page.locator("text=请单独同意处理您的身份证号").is_visible()
    assert page.is_checked("input[name=qualifications][value=nurse]")  # what was typed is kept
    assert page.input_value("#township") == "371602001" and page.input_value("#village") == "371602001001"
    shots(page, f"{screen} refused beside the fields")

    page.fill("#id_number", id_number)
    page.fill("#password", PASSWORD)
    page.check("#accept_policies")
    page.check("#consent_id_number")
    page.check("#consent_location")
    shots(page, f"{screen} consents ticked")
    page.click("#register-submit")
    page.wait_for_url("**/me/")
    shots(page, f"{screen} profile")

    volunteer = Volunteer.objects.get(user__phone=phone)
    assert volunteer.region_id == "371602001001"
    assert [q.code for q in volunteer.qualifications.all()] == ["nurse"]
    assert PolicyConsent.objects.filter(user=volunteer.user, sensitive_id_number=True, location=True).exists()
    assert page.locator("#volunteer-number").inner_text() == volunteer.volunteer_number
    assert page.locator("#id-number").inner_text() == volunteer.id_number_masked
    assert id_number not in page.content()
    assert page.js_errors == []


def test_the_agreement_opens_from_the_registration_form(phone_page, shots):
    page = phone_page
    page.goto("/register/")

    with page.expect_popup() as opened:
        page.click("#consents a[href='/policies/privacy/']")
    policy = opened.value
    policy.wait_for_load_state()

    assert "隐私政策" in policy.inner_text("h1") and "版本 1" in policy.inner_text("#policy-version")
    shots(policy, "privacy policy")


def test_the_large_text_option_is_remembered(phone_page, shots):
    page = phone_page
    page.goto("/")
    before = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")

    page.click("#large-text-toggle")
    page.reload()

    after = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert after > before * 1.2
    shots(page, "large text")
