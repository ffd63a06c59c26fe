"""A volunteer signs up, checks in and out with the organiser's QR token on a phone at the place,
and sees the hours once the organiser has approved them on the approvals page."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from volunteerhub.accounts.models import Role
from volunteerhub.activities import services as activities
from volunteerhub.conftest import PASSWORD, make_user, make_volunteer
from volunteerhub.hours.models import LedgerDecision, LedgerEntry
from volunteerhub.organizations.models import Team
from volunteerhub.regions.models import Region

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PLACE = (37.3806, 117.9900)  # 市中街道社区卫生服务中心


@pytest.fixture
def cast():
    team = Team.objects.create(name="市中街道卫生院志愿服务队", region=Region.objects.get(code="371602001"))
    organiser = make_user(Role.ORGANIZER, "371602001", team=team, display_name="王组织")
    volunteer = make_volunteer("371602001001", team=team, name="李志愿")
    starts = timezone.now().replace(microsecond=0) + dt.timedelta(minutes=10)
    activity = activities.activity_create(
        user=organiser, title="社区义诊", kind="convenience", setting="community", region_code="371602001",
        place="市中街道社区卫生服务中心", lat=PLACE[0], lng=PLACE[1], starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2), capacity=10)
    activities.activity_publish(activity=activity, user=organiser)
    return organiser, volunteer, activity


def test_a_volunteer_signs_up_checks_in_and_out_and_sees_approved_hours(browser, live_server, phone_page, shots, cast):
    organiser, volunteer, activity = cast
    page = phone_page
    page.context.set_geolocation({"latitude": PLACE[0] + 0.0002, "longitude": PLACE[1]})  # at the place
    sign_in(page, volunteer.user.phone, PASSWORD)
    page.goto(f"/activities/{activity.pk}/")
    shots(page, "activity")
    page.click("form button.primary[type=submit]")
    page.wait_for_selector("text=取消报名")
    shots(page, "signed up")

    organiser_view = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN",
                                         base_url=live_server.url)
    desk = organiser_view.new_page()
    desk_errors: list[str] = []
    desk.on("pageerror", lambda exc: desk_errors.append(str(exc)))
    sign_in(desk, organiser.phone, PASSWORD)
    desk.goto(f"/activities/{activity.pk}/qr/")
    shots(desk, "organiser's rotating qr")
    token = desk.request.get(f"/api/v1/activities/{activity.pk}/checkin-token").json()["token"]

    page.goto(f"/checkin/?token={token}")
    page.click("#checkin-button")
    expect(page.locator("#checkin-result")).to_contain_text("签到成功")  # (CSP forbids string predicates)
    shots(page, "checked in")
    with time_machine.travel(timezone.now() + dt.timedelta(hours=2, minutes=5)):  # two hours of service later
        token = desk.request.get(f"/api/v1/activities/{activity.pk}/checkin-token").json()["token"]
        page.goto(f"/checkin/?token={token}")
        page.click("#checkout-button")
        expect(page.locator("#checkin-result")).to_contain_text("签退成功")
        shots(page, "checked out")
    entry = LedgerEntry.objects.get(signup__activity=activity)
    assert not LedgerDecision.objects.filter(entry=entry).exists()  # pending approval

    desk.goto("/hours/approvals/")
    shots(desk, "approvals")
    desk.click(f"form:has(input[name=entry_id][value='{entry.pk}']) button[value=approve]")
    desk.wait_for_selector("text=没有待审核的记录")
    organiser_view.close()

    page.goto("/me/hours/")
    shots(page, "my hours")
    assert LedgerDecision.objects.get(entry=entry).decision == "approved"
    assert page.locator("#approved-hours").inner_text().strip() == str(entry.hours)
    assert entry.hours >= 1
    assert page.js_errors == [] and desk_errors == []
