"""A resident asks for help on a phone and picks the place by tapping a small map, never typing coordinates;
a mistake is shown beside its field, in words."""

import pytest
from playwright.sync_api import expect

from volunteerhub.accounts.models import Role
from volunteerhub.conftest import PASSWORD, make_user
from volunteerhub.needs.models import Need

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_resident_taps_the_place_on_the_map(phone_page, shots):
    resident = make_user(Role.RESIDENT, "371602001001")
    page = phone_page
    page.goto("/")
    sign_in(page, resident.phone, PASSWORD)
    page.click("#ask-for-help")
    expect(page.locator("#lat")).not_to_be_visible()  # coordinates only behind "type them instead"
    page.select_option("#kind", "escort")
    page.fill("#description", "老人需要陪同去医院复查")
    page.get_by_role("button", name="发布").click()
    expect(page.locator(".error").first).to_be_visible()  # no place yet: said beside the map, in words
    assert "lat:" not in page.content() and "window_end:" not in page.content()
    shots(page, "the missing place said beside the map")

    page.locator("#pick-map").click(position={"x": 150, "y": 120})
    expect(page.locator("#lat")).not_to_have_value("")
    expect(page.locator("#picked")).to_contain_text("已选位置")
    shots(page, "the place tapped on the map")
    page.fill("#description", "老人需要陪同去医院复查")
    page.get_by_role("button", name="发布").click()
    expect(page.locator("h1")).to_contain_text("陪同就医")
    need = Need.objects.get()
    assert 36 < need.lat < 39 and 116 < need.lng < 119
    assert not page.js_errors
