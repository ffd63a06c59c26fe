"""A county admin opens the dashboard on a desk screen: figures, charts drawn by ECharts, the plan."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from volunteerhub.accounts.models import Role
from volunteerhub.activities import services as activities
from volunteerhub.conftest import PASSWORD, make_user, make_volunteer
from volunteerhub.hours import services as hours
from volunteerhub.organizations.models import Team
from volunteerhub.regions.models import Region

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

SERVED = [("convenience", "community", "371602001", 120), ("counselling", "school", "371602002", 45),
          ("advocacy", "village", "371602003", 80), ("patriotic_health", "home", "371602001", 30)]


def _a_few_months_of_service():
    """Finished activities of several kinds and townships, and approved hours, as the counters see them."""
    team = Team.objects.create(name="滨城区卫生健康志愿服务队", region=Region.objects.get(code="371602"))
    organiser = make_user(Role.ORGANIZER, "371602", team=team)
    approver = make_user(Role.ORGANIZER, "371602", team=team)  # who records an entry does not approve it
    done = []
    for months_ago, (kind, setting, region, people) in enumerate(SERVED, start=1):
        starts = timezone.now().replace(microsecond=0) - dt.timedelta(days=30 * months_ago)
        with time_machine.travel(starts - dt.timedelta(days=3), tick=False):
            activity = activities.activity_create(
                user=organiser, title=f"志愿服务{months_ago}", kind=kind, setting=setting, region_code=region,
                place="服务地点", lat=37.38, lng=117.97, starts_at=starts, ends_at=starts + dt.timedelta(hours=3),
                capacity=20)
            activities.activity_publish(activity=activity, user=organiser)
        done.append(activities.activity_finish(activity=activity, user=organiser, people_served=people))
    names = ["张丽华", "王建国", "刘秀英", "陈志强", "杨敏", "赵海波"]
    for i, name in enumerate(names):
        volunteer = make_volunteer("371602001001", team=team, name=name)
        for activity in done[i % 2::2]:
            entry = hours.ledger_backfill(user=organiser, volunteer=volunteer, hours=Decimal(3 - i % 3 * 0.5),
                                          served_on=timezone.localdate(activity.starts_at), reason="纸质签到表补录",
                                          activity=activity)
            hours.ledger_entry_decide(entry=entry, user=approver, approve=True)


def test_an_admin_sees_the_dashboard(desk_page, shots):
    _a_few_months_of_service()
    admin = make_user(Role.COUNTY_ADMIN, "371602", display_name="滨城区管理员")
    page = desk_page
    sign_in(page, admin.phone, PASSWORD)
    page.goto("/dashboard")
    page.wait_for_selector(".stats-chart canvas, .stats-chart svg")
    page.wait_for_timeout(800)  # let ECharts finish its first frame
    shots(page, "dashboard")

    assert page.locator(".stats-chart").count() >= 2
    assert "275" in page.content()  # people served: 120 + 45 + 80 + 30
    assert page.locator("#plan").is_visible()
    page.locator(".stats-chart details summary").first.click()  # the table view of the first chart
    shots(page, "table view")
    assert page.js_errors == []
