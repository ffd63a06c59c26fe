"""The service loop, by clicking on a phone: the township's hotline operator takes a call from an old man without a
smartphone and records his request for his village; a volunteer serves it; the team's organiser finds the call-back
on the workbench and logs it with his satisfaction; the need shows each deadline met."""

import pytest
from playwright.sync_api import expect

from volunteerhub.accounts.models import Role
from volunteerhub.conftest import PASSWORD, make_user, make_volunteer
from volunteerhub.needs import services
from volunteerhub.needs.models import Need
from volunteerhub.organizations.models import Team
from volunteerhub.regions.models import Region

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def township():
    team = Team.objects.create(name="市中街道卫生院志愿服务队", region=Region.objects.get(code="371602001"))
    operator = make_user(Role.OPERATOR, "371602001", display_name="热线话务员")
    operator.is_staff = False
    operator.save(update_fields=["is_staff"])
    organiser = make_user(Role.ORGANIZER, "371602001", team=team, display_name="王组织")
    volunteer = make_volunteer("371602001001", team=team, name="李志愿", home=(37.3836, 117.9710))
    return operator, organiser, volunteer


def test_a_call_is_taken_served_and_called_back(phone_page, shots, township):
    operator, organiser, volunteer = township
    page = phone_page
    page.goto("/")
    sign_in(page, operator.phone, PASSWORD)
    page.click("#ask-for-help")
    page.select_option("#kind", "medicine_delivery")
    page.fill("#description", "老人行动不便，需要从卫生院代取降压药送到家")
    page.select_option("#region_code", "371602001001")
    page.fill("#place", "新苑社区 3 号楼 2 单元")
    page.click("#use-location")
    expect(page.locator("#lat")).not_to_have_value("")
    page.check("input[name=vulnerabilities][value=aged_80]")
    page.fill("#contact_name", "王大爷")
    page.fill("#contact_phone", "13812345678")
    shots(page, "the operator records the call")
    page.get_by_role("button", name="发布").click()
    expect(page.locator("#deadlines")).to_be_visible()
    shots(page, "the request with its deadlines")

    need = Need.objects.get()
    assert need.resident is None and need.created_by == operator and need.priority > 0
    services.need_accept(need=need, volunteer=volunteer)
    services.need_complete(need=need, actor=volunteer.user)

    page.context.clear_cookies()
    page.goto("/")
    sign_in(page, organiser.phone, PASSWORD)
    expect(page.locator("#count-callbacks .count")).to_have_text("1")
    shots(page, "the workbench counts one call-back")
    page.click("#count-callbacks")
    page.click(f"a[href='/needs/{need.pk}/']")
    page.select_option("#purpose", "callback")
    page.select_option("#outcome", "reached")
    page.select_option("#satisfaction", "5")
    page.fill("#call-note", "药已送到，老人很满意")
    page.click("#calls form button.primary")
    expect(page.locator("#calls")).to_contain_text("王大爷")
    expect(page.locator("#deadlines .deadline-met")).to_have_count(4)
    shots(page, "the call-back logged, every deadline met")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert not page.js_errors
