"""An organiser finishes an activity on its manage page rating the volunteer who served; the volunteer finds the
evaluation in their service record, beside training hours kept apart."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from volunteerhub.accounts.models import Role
from volunteerhub.activities import services as activities
from volunteerhub.conftest import PASSWORD, make_user, make_volunteer
from volunteerhub.organizations.models import Team
from volunteerhub.regions.models import Region

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PLACE = (37.3806, 117.9900)


@pytest.fixture
def served():
    team = Team.objects.create(name="市中街道卫生院志愿服务队", region=Region.objects.get(code="371602001"))
    organiser = make_user(Role.ORGANIZER, "371602001", team=team, display_name="王组织")
    volunteer = make_volunteer("371602001001", team=team, name="李志愿")
    starts = timezone.now().replace(microsecond=0) - dt.timedelta(hours=4)
    with time_machine.travel(starts - dt.timedelta(days=1), tick=False):
        activity = activities.activity_create(
            user=organiser, title="社区义诊", kind="convenience", setting="community", region_code="371602001",
            place="市中街道社区卫生服务中心", lat=PLACE[0], lng=PLACE[1], starts_at=starts,
            ends_at=starts + dt.timedelta(hours=3), capacity=10)
        activities.activity_publish(activity=activity, user=organiser)
        signup = activities.activity_sign_up(activity=activity, volunteer=volunteer)
    activities.signup_check_in_manually(signup=signup, user=organiser, reason="现场登记", at=starts)
    return organiser, volunteer, activity, signup


def test_an_organiser_rates_on_finishing_and_the_volunteer_sees_it(desk_page, shots, served):
    organiser, volunteer, activity, signup = served
    page = desk_page
    sign_in(page, organiser.phone, PASSWORD)
    page.goto(f"/activities/{activity.pk}/manage/")
    page.fill("#people_served", "45")
    page.select_option(f"#rating_{signup.pk}", "5")
    page.fill(f"input[name=note_{signup.pk}]", "认真负责，群众满意")
    shots(page, "finish with a rating")
    page.click("form:has(input[name=action][value=finish]) button.primary")
    expect(page.locator("#evaluations")).to_contain_text("可修改至")
    expect(page.locator(f"#rating_{signup.pk}")).to_have_value("5")
    shots(page, "evaluations still changeable")

    page.context.clear_cookies()
    sign_in(page, volunteer.user.phone, PASSWORD)
    page.goto("/me/hours/")
    expect(page.locator("#evaluations")).to_contain_text("认真负责，群众满意")
    expect(page.locator("#evaluations")).to_contain_text("★★★★★")
    expect(page.locator("#training-hours")).to_have_text("0")
    shots(page, "my record with the evaluation")
    assert page.js_errors == []
