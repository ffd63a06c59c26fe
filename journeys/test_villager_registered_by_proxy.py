"""A village organiser registers an elderly villager who has no mobile, with the village clinic's landline;
signs her up for a free clinic and checks her in by hand; later she claims the account with her own new phone."""

import datetime as dt

import pytest
from django.utils import timezone

from volunteerhub.accounts.models import Role
from volunteerhub.activities import services as activities
from volunteerhub.activities.models import SignUp
from volunteerhub.conftest import PASSWORD, make_user, next_id_number
from volunteerhub.organizations.models import Team
from volunteerhub.regions.models import Region
from volunteerhub.volunteers.models import Volunteer

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PLACE = (37.3806, 117.9900)  # 市中街道社区卫生服务中心
VILLAGE = "371602001001"  # 新苑社区居委会


@pytest.fixture
def cast():
    team = Team.objects.create(name="市中街道卫生院志愿服务队", region=Region.objects.get(code="371602001"))
    organiser = make_user(Role.ORGANIZER, "371602001", team=team, display_name="王组织")
    starts = timezone.now().replace(microsecond=0) + dt.timedelta(minutes=10)
    activity = activities.activity_create(
        user=organiser, title="村头义诊", kind="convenience", setting="village", region_code="371602001",
        place="新苑社区卫生室", lat=PLACE[0], lng=PLACE[1], starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2), capacity=10)
    activities.activity_publish(activity=activity, user=organiser)
    return organiser, activity


def test_an_organiser_registers_signs_up_and_checks_in_a_villager_who_claims_her_account_later(
        desk_page, phone_page, shots, cast):
    organiser, activity = cast
    desk = desk_page
    id_number = next_id_number("371602")
    sign_in(desk, organiser.phone, PASSWORD)

    desk.goto("/register/")
    offered = desk.eval_on_selector_all("#region_code option", "options => options.map(o => o.value)")
    assert VILLAGE in offered and all(code.startswith("371602001") for code in offered)
    desk.fill("#name", "张桂兰")
    desk.fill("#id_number", id_number)
    desk.fill("#contact_phone", "0543-3161234")
    desk.fill("#contact_name", "村卫生室")
    desk.select_option("#region_code", VILLAGE)
    shots(desk, "registering a villager")
    desk.click("#register-form button[type=submit]")
    desk.wait_for_selector("text=注册成功")
    villager = Volunteer.objects.get(name="张桂兰")
    assert villager.user.phone == "" and villager.contact_phone == "0543-3161234"

    desk.goto(f"/activities/{activity.pk}/manage/")
    desk.click("#sign-up-on-behalf")
    desk.click("#on-behalf-people button.primary")
    desk.wait_for_selector("text=已为 张桂兰 报名")
    shots(desk, "signed up on her behalf")
    desk.goto(f"/activities/{activity.pk}/manage/")
    desk.fill("#roster input[name=reason]", "本人无手机，由组织者签到")
    desk.click("#roster button[value=checkin]")
    desk.wait_for_selector("#roster button[value=checkout]")
    shots(desk, "checked in by hand")
    assert SignUp.objects.get(activity=activity, volunteer=villager).checkin_method == "manual"

    desk.goto("/volunteers/on-behalf/")
    desk.click("#on-behalf button")
    code = desk.locator("#claim-code strong").nth(1).inner_text()
    shots(desk, "a claim code")

    page = phone_page
    page.goto("/accounts/login/")
    page.click("#claim-link")
    page.fill("#id_number", id_number)
    page.fill("#code", code)
    page.fill("#phone", "13712349876")
    page.fill("#password", PASSWORD)
    shots(page, "claiming")
    page.click("#claim-form button[type=submit]")
    page.wait_for_url("**/me/")
    shots(page, "her own account")
    assert page.locator("#volunteer-number").inner_text() == villager.volunteer_number
    assert desk.js_errors == [] and page.js_errors == []
