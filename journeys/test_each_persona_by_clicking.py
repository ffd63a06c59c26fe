"""One journey per persona, at phone and desk size, from `/` and only by clicking (a QR code is read by the
phone's camera, which opens the link it holds): a resident finds the nearest post and asks for help on the map;
a volunteer signs up, checks in and out, sees the hours and downloads the certificate; an organiser rejects one
entry with a reason and approves all the others; an administrator drills the dashboard down to a township and
downloads its figures. Screenshots of every step go to var/screenshots/<persona>-<size>/."""

import datetime as dt
import re

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from volunteerhub.accounts.models import Role
from volunteerhub.accounts.services import token_issue
from volunteerhub.activities import services as activities
from volunteerhub.conftest import PASSWORD, make_user, make_volunteer
from volunteerhub.hours import services as hours
from volunteerhub.hours.models import LedgerDecision, LedgerEntry
from volunteerhub.needs.models import Need
from volunteerhub.notifications.models import Notification
from volunteerhub.organizations.models import Team
from volunteerhub.organizations.services import service_post_create
from volunteerhub.regions.models import Region

from .conftest import Shots

pytestmark = pytest.mark.django_db(transaction=True)

SIZES = {"phone": {"width": 390, "height": 844}, "desk": {"width": 1280, "height": 900}}
HERE = (37.3835, 117.9707)  # 市中街道, where the phone is
PLACE = (37.3806, 117.9900)  # 市中街道社区卫生服务中心


@pytest.fixture(params=list(SIZES))
def size(request):
    return request.param


@pytest.fixture
def page(browser, live_server, size):
    context = browser.new_context(locale="zh-CN", base_url=live_server.url, viewport=SIZES[size],
                                  geolocation={"latitude": HERE[0], "longitude": HERE[1]}, permissions=["geolocation"],
                                  accept_downloads=True)
    page = context.new_page()
    page.js_errors = []
    page.on("pageerror", lambda exc: page.js_errors.append(str(exc)))
    yield page
    context.close()


def shots_for(persona: str, size: str) -> Shots:
    return Shots(f"{persona}-{size}")


def tap(page, selector: str) -> None:
    """Click the first visible element that matches: the header on a desk, the tab bar or the page on a phone."""
    page.locator(selector).locator("visible=true").first.click()


def sign_in_from_home(page, phone: str) -> None:
    page.goto("/")
    tap(page, "a[href='/accounts/login/']")
    page.fill("#id_username", phone)
    page.fill("#id_password", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_url(re.compile(r"/$"))


def go_home(page) -> None:
    tap(page, "a.brand, .tabbar a[href='/']")
    page.wait_for_url(re.compile(r"/$"))


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_a_resident_finds_the_nearest_post_and_asks_for_help(page, size):
    shots = shots_for("resident", size)
    resident = make_user(Role.RESIDENT, "371602001001", display_name="王阿姨")
    near = service_post_create(name="新苑社区卫生服务站", kind="station", region_code="371602001", lat=37.3860,
                               lng=117.9730, opening_hours="周一至周日 08:00-20:00")
    service_post_create(name="市中街道社区卫生服务中心", kind="station", region_code="371602001", lat=PLACE[0],
                        lng=PLACE[1], opening_hours="周一至周五 08:00-17:00")
    sign_in_from_home(page, resident.phone)
    expect(page.locator("#home-resident")).to_be_visible()
    shots(page, "the resident's home")

    tap(page, "main a[href^='/map']")
    page.wait_for_selector(".leaflet-container")
    page.click("#near-me")
    expect(page.locator("#distance-list h2")).to_have_text("离您最近")
    expect(page.locator("#distance-groups li .item-link strong").first).to_have_text(near.name)
    shots(page, "the nearest post first")
    page.locator("#distance-items li a.item-link", has_text=near.name).click()
    page.wait_for_url(f"**/map/posts/{near.pk}/")
    expect(page.locator(".navigate .nav-app")).to_have_count(3)
    shots(page, "the post and the links that navigate there")

    go_home(page)
    page.click("#ask-for-help")
    page.select_option("#kind", "escort")
    page.fill("#description", "老人需要陪同去医院复查")
    page.locator("#pick-map").click(position={"x": 150, "y": 120})
    expect(page.locator("#picked")).to_contain_text("已选位置")
    shots(page, "the place tapped on the map")
    page.get_by_role("button", name="发布").click()
    expect(page.locator("h1")).to_contain_text("陪同就医")
    need = Need.objects.get()
    assert need.resident == resident and 36 < need.lat < 39 and 116 < need.lng < 119
    shots(page, "the request posted")

    go_home(page)
    expect(page.locator(f"a[href='/needs/{need.pk}/']")).to_be_visible()  # her requests, with their status
    shots(page, "the request on her home")
    assert no_sideways_scroll(page)
    assert page.js_errors == []


@pytest.fixture
def team_day():
    """A team in 市中街道, its organiser, a colleague who records entries, a volunteer, an activity about to start."""
    team = Team.objects.create(name="市中街道卫生院志愿服务队", region=Region.objects.get(code="371602001"))
    organiser = make_user(Role.ORGANIZER, "371602001", team=team, display_name="王组织")
    colleague = make_user(Role.ORGANIZER, "371602001", team=team, display_name="李记录")
    volunteer = make_volunteer("371602001001", team=team, name="李志愿", home=HERE)
    starts = timezone.now().replace(microsecond=0) + dt.timedelta(minutes=10)
    activity = activities.activity_create(
        user=organiser, title="社区义诊", kind="convenience", setting="community", region_code="371602001",
        place="市中街道社区卫生服务中心", lat=PLACE[0], lng=PLACE[1], starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2), capacity=10)
    activities.activity_publish(activity=activity, user=organiser)
    return organiser, colleague, volunteer, activity


def test_a_volunteer_signs_up_checks_in_and_downloads_the_certificate(page, size, team_day):
    shots = shots_for("volunteer", size)
    organiser, colleague, volunteer, activity = team_day
    page.context.set_geolocation({"latitude": PLACE[0] + 0.0002, "longitude": PLACE[1]})  # at the place
    sign_in_from_home(page, volunteer.user.phone)
    expect(page.locator("#home-volunteer")).to_be_visible()
    shots(page, "the volunteer's home")

    page.locator("#next-activity a.button", has_text="找活动报名").click()
    page.locator("main a", has_text=activity.title).first.click()
    page.wait_for_url(f"**/activities/{activity.pk}/")
    shots(page, "the activity")
    page.click("form button.primary[type=submit]")
    page.wait_for_selector("text=取消报名")
    shots(page, "signed up")

    def scan():
        """The organiser's screen shows a QR code of the check-in link; the phone's camera opens it."""
        token = page.request.get(f"/api/v1/activities/{activity.pk}/checkin-token",
                                 headers={"Authorization": f"Bearer {organiser_token}"}).json()["token"]
        page.goto(f"/checkin/?token={token}")

    organiser_token = token_issue(phone=organiser.phone, password=PASSWORD)  # the organiser's QR screen
    go_home(page)
    page.locator("#next-activity a.button", has_text="扫码签到").click()
    page.wait_for_url("**/checkin/")
    scan()
    page.click("#checkin-button")
    expect(page.locator("#checkin-result")).to_contain_text("签到成功")
    shots(page, "checked in")
    with time_machine.travel(timezone.now() + dt.timedelta(hours=2, minutes=5)):  # two hours of service later
        scan()
        page.click("#checkout-button")
        expect(page.locator("#checkin-result")).to_contain_text("签退成功")
        shots(page, "checked out")
    entry = LedgerEntry.objects.get(signup__activity=activity)
    hours.ledger_entry_decide(entry=entry, user=organiser, approve=True)  # the organiser's journey clicks this

    go_home(page)
    assert float(page.locator("#approved-hours").inner_text()) == float(entry.hours) >= 2
    page.locator("#my-hours a.more").click()
    page.wait_for_url("**/me/hours/")
    shots(page, "my hours")
    with page.expect_download() as download:
        page.locator("main a[href*='certificate']").first.click()
    pdf = download.value
    assert pdf.suggested_filename.endswith(".pdf")
    assert open(pdf.path(), "rb").read(5) == b"%PDF-"
    assert no_sideways_scroll(page)
    assert page.js_errors == []


def test_an_organiser_rejects_one_entry_with_a_reason_and_approves_all_the_others(page, size, team_day):
    shots = shots_for("organiser", size)
    organiser, colleague, first, activity = team_day
    people = [first] + [make_volunteer("371602001001", team=activity.team, name=n) for n in ("张丽华", "王建国")]
    served_on = timezone.localdate() - dt.timedelta(days=1)
    entries = [hours.ledger_backfill(user=colleague, volunteer=v, hours=3, served_on=served_on, reason="纸质签到表补录",
                                     activity=activity) for v in people]
    sign_in_from_home(page, organiser.phone)
    expect(page.locator("#count-hours .count")).to_have_text("3")
    shots(page, "the workbench counts three entries")
    page.click("#count-hours")
    page.wait_for_url("**/hours/approvals/")
    expect(page.locator("#pending-hours li.approval")).to_have_count(3)
    shots(page, "three entries to approve")

    wrong = entries[1]
    page.fill(f"#note-{wrong.pk}", "当天未到岗，签到表有误")
    page.locator(f"#entry-{wrong.pk} button[value=reject]").click()
    expect(page.locator("ul.messages")).to_contain_text("驳回")
    expect(page.locator("#pending-hours li.approval")).to_have_count(2)
    shots(page, "one rejected with a reason")
    page.locator("button[value=approve_all]").click()
    expect(page.locator("ul.messages")).to_contain_text("通过")
    expect(page.locator("#pending-hours")).to_contain_text("没有待审核的记录")
    shots(page, "all the others approved")

    decisions = {d.entry_id: d for d in LedgerDecision.objects.all()}
    assert decisions[wrong.pk].decision == "rejected" and decisions[wrong.pk].note == "当天未到岗，签到表有误"
    assert all(decisions[e.pk].decision == "approved" for e in entries if e != wrong)
    told = Notification.objects.filter(user=people[1].user).order_by("-pk").first()
    assert told is not None and "当天未到岗" in str(told.body)
    assert no_sideways_scroll(page)
    assert page.js_errors == []


def test_an_administrator_drills_the_dashboard_to_a_township_and_downloads_it(page, size, team_day):
    shots = shots_for("administrator", size)
    organiser, colleague, volunteer, activity = team_day
    entry = hours.ledger_backfill(user=colleague, volunteer=volunteer, hours=4, reason="纸质签到表补录",
                                  served_on=timezone.localdate() - dt.timedelta(days=2), activity=activity)
    hours.ledger_entry_decide(entry=entry, user=organiser, approve=True)
    admin = make_user(Role.CITY_ADMIN, "371600", display_name="市级管理员")
    sign_in_from_home(page, admin.phone)
    expect(page.locator("#home-admin")).to_be_visible()
    shots(page, "the administrator's home")

    page.locator("#admin-tiles a[href='/dashboard']").click()
    page.wait_for_selector(".stats-chart")
    shots(page, "the city's dashboard")
    for code, name in (("371602", "滨城区"), ("371602001", "市中街道")):
        page.select_option("#child-region", code)
        page.locator("nav.crumbs form button").click()
        expect(page.locator("h1")).to_contain_text(name)
    page.wait_for_selector(".stats-chart")
    shots(page, "drilled down to the township")

    with page.expect_download() as download:
        page.locator("main a[href*='/dashboard/xlsx/totals']").first.click()
    xlsx = download.value
    assert xlsx.suggested_filename.endswith("-371602001.xlsx")  # the township's figures
    assert open(xlsx.path(), "rb").read(2) == b"PK"
    import openpyxl
    sheet = openpyxl.load_workbook(open(xlsx.path(), "rb")).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert 4 in values or "4" in values or 4.0 in values, values  # the four approved hours of 市中街道
    assert no_sideways_scroll(page)
    assert page.js_errors == []
