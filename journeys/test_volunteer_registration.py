"""A resident registers as a volunteer on a phone and sees a masked ID number and a volunteer number."""

import pytest

from volunteerhub.conftest import PASSWORD, next_id_number
from volunteerhub.volunteers.models import Volunteer

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_resident_registers_as_a_volunteer(phone_page, shots):
    page = phone_page
    id_number = next_id_number("371602")
    page.goto("/")
    shots(page, "home")
    page.click("text=注册志愿者 >> nth=0")

    page.fill("#name", "孙丽华")
    page.fill("#id_number", id_number[:-1] + ("0" if id_number[-1] != "0" else "1"))  # a typo first
    page.fill("#phone", "13712340001")
    page.fill("#password", PASSWORD)
    page.select_option("#region_code", "371602001")
    page.check("input[name=qualifications][value=nurse]")
    page.click("#register-form button[type=submit]")
    assert page.locator("text=身份证号校验位不正确").is_visible()
    assert page.is_checked("input[name=qualifications][value=nurse]")  # what was typed is kept
    shots(page, "wrong check character")

    page.fill("#id_number", id_number)
    page.fill("#password", PASSWORD)
    page.click("#register-form button[type=submit]")
    page.wait_for_url("**/me/")
    shots(page, "profile")

    volunteer = Volunteer.objects.get(user__phone="13712340001")
    assert [q.code for q in volunteer.qualifications.all()] == ["nurse"]
    assert page.locator("#volunteer-number").inner_text() == volunteer.volunteer_number
    assert page.locator("#id-number").inner_text() == volunteer.id_number_masked
    assert id_number not in page.content()
    assert page.js_errors == []


def test_the_large_text_option_is_remembered(phone_page, shots):
    page = phone_page
    page.goto("/")
    before = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")

    page.click("#large-text-toggle")
    page.reload()

    after = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert after > before * 1.2
    shots(page, "large text")
