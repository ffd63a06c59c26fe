"""Each persona starts at /, signs in by clicking, and lands on the home of their role, on a phone and on a desk;
no home, refusal or not-found page scrolls sideways at 360 px, and what can be tapped is at least 44x44 px."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from volunteerhub.accounts.models import Role
from volunteerhub.activities.services import activity_sign_up
from volunteerhub.activities.tests.conftest import make_activity
from volunteerhub.conftest import PASSWORD, colleague_of, make_user, make_volunteer
from volunteerhub.hours.services import ledger_backfill, ledger_entry_decide
from volunteerhub.needs.services import need_create
from volunteerhub.organizations.models import Team
from volunteerhub.organizations.services import service_post_create
from volunteerhub.regions.models import Region

pytestmark = pytest.mark.django_db(transaction=True)

HOMES = {"resident": "#home-resident", "volunteer": "#home-volunteer", "organiser": "#home-organiser",
         "admin": "#home-admin"}
TAPPABLE = "header a, header button, .tabbar a, main a, main button, main input:not([type=hidden]), main select, footer a"


def a_small_town():
    """市中街道: its team and post, an organiser, a volunteer with 654.5 approved hours and an activity ahead, a
    resident with a request, the county's administrator."""
    team = Team.objects.create(name="市中街道卫生院志愿服务队", region=Region.objects.get(code="371602001"))
    organiser = make_user(Role.ORGANIZER, "371602001", team=team, display_name="李队长")
    service_post_create(name="市中街道社区卫生服务中心志愿服务站", kind="station", lat=37.3806, lng=117.9900,
                        region_code="371602001", team=team, address="黄河五路 128 号",
                        opening_schedule=[{"days": list(range(7)), "open": "00:00", "close": "23:59"}])
    volunteer = make_volunteer("371602001001", team=team, name="周心怡", home=(37.3835, 117.9707))
    approver = colleague_of(organiser)
    for hours in (Decimal(24),) * 27 + (Decimal("6.5"),):
        entry = ledger_backfill(user=organiser, volunteer=volunteer, hours=hours, served_on=timezone.localdate(),
                                reason="纸质签到表补录")
        ledger_entry_decide(entry=entry, user=approver, approve=True)
    activity = make_activity(organiser, title="社区义诊：测血压、血糖", starts_in=dt.timedelta(days=1))
    activity_sign_up(activity=activity, volunteer=volunteer)
    ledger_backfill(user=organiser, volunteer=volunteer, hours=Decimal(3), served_on=timezone.localdate(),
                    reason="纸质签到表补录")  # waiting for approval
    resident = make_user(Role.RESIDENT, "371602001", display_name="赵大爷")
    start = timezone.now() + dt.timedelta(hours=2)
    need_create(actor=resident, kind="medicine_delivery", description="帮忙从卫生院取降压药", lat=37.3840, lng=117.9720,
                region_code="371602001", window_start=start, window_end=start + dt.timedelta(hours=3), place="黄河五路")
    admin = make_user(Role.COUNTY_ADMIN, "371602", display_name="滨城区管理员")
    return {"resident": resident, "volunteer": volunteer.user, "organiser": organiser, "admin": admin}


def _sign_in_by_clicking(page, size, phone):
    page.goto("/")
    if size == "phone":
        page.click(".tabbar a[href='/accounts/login/']")
    else:
        page.click("#sign-in-link")
    page.fill("#id_username", phone)
    page.fill("#id_password", PASSWORD)
    page.click("#login-form button[type=submit]")


@pytest.mark.parametrize("size", ["phone", "desk"])
@pytest.mark.parametrize("persona", list(HOMES))
def test_each_role_signs_in_from_the_home_and_lands_on_its_own(request, persona, size):
    page = request.getfixturevalue(f"{size}_page")
    shots = request.getfixturevalue("shots")
    people = a_small_town()
    page.goto("/")
    assert page.locator("#home-public").is_visible()
    shots(page, f"{size} public home")
    _sign_in_by_clicking(page, size, people[persona].phone)
    page.wait_for_selector(HOMES[persona])
    assert page.url.rstrip("/") == page.evaluate("location.origin")
    assert page.locator("text=您还不是注册志愿者").count() == 0
    assert page.locator(".tabbar").is_visible() == (size == "phone")
    shots(page, f"{size} {persona} home")
    if persona == "volunteer":
        assert "距下一星级 345.5 小时" in page.locator("#to-next-star").inner_text()
    if persona == "organiser":
        assert page.locator("#count-hours .count").inner_text() == "1"
        page.click("#count-hours")
        page.wait_for_url("**/hours/approvals/")
        shots(page, f"{size} organiser approvals from the workbench")
    if persona == "resident":
        page.click("#ask-for-help")
        page.wait_for_url("**/needs/new/")
    assert page.js_errors == []


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def _small_targets(page) -> list[str]:
    return page.evaluate("""(selector) => [...document.querySelectorAll(selector)].filter(e => {
        const r = e.getBoundingClientRect(), s = getComputedStyle(e);
        return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && (r.width < 44 || r.height < 44);
      }).map(e => `${e.tagName} ${(e.innerText || e.value || e.getAttribute('href') || '').trim().slice(0, 20)} ${Math.round(e.getBoundingClientRect().width)}x${Math.round(e.getBoundingClientRect().height)}`)""",
                         TAPPABLE)


def test_homes_and_refusals_fit_a_360_px_phone_with_targets_a_finger_can_tap(browser, live_server, shots):
    people = {"public": None, **a_small_town()}
    for persona, user in people.items():
        context = browser.new_context(locale="zh-CN", base_url=live_server.url, viewport={"width": 360, "height": 740})
        page = context.new_page()
        if user is not None:
            page.goto("/accounts/login/")
            page.fill("#id_username", user.phone)
            page.fill("#id_password", PASSWORD)
            page.click("#login-form button[type=submit]")
            page.wait_for_selector(HOMES[persona])
        for path, status in [("/", 200), ("/no-such-page/", 404),
                             ("/audit/", 403 if user and persona != "admin" else 200),  # the public: sign in
                             ("/admin/", 200 if persona in ("admin", "organiser") else 403 if user else 200)]:
            answer = page.goto(path)
            assert answer.status == status, (persona, path)
            assert _overflow(page) <= 0, f"{persona} {path} scrolls sideways by {_overflow(page)} px"
            if path in ("/", "/no-such-page/") or answer.status == 403:
                assert _small_targets(page) == [], f"{persona} {path}"
            if path != "/admin/" or answer.status == 403:
                shots(page, f"360 {persona} {path.strip('/') or 'home'}")
        context.close()
