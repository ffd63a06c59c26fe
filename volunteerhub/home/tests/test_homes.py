"""Everyone lands on a home of their own: the public, a resident, a volunteer, an organiser, an administrator."""

from decimal import Decimal

import pytest
from django.test import Client

from volunteerhub.conftest import PASSWORD

from .conftest import serve_hours

pytestmark = pytest.mark.django_db


def signed_in(user, language="zh-hans") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def test_it_shows_the_public_home_without_an_api_card_and_links_the_api_docs_in_the_footer(client):
    html = client.get("/").content.decode()
    assert 'id="home-public"' in html
    assert "<strong>API</strong>" not in html
    footer = html.split("<footer>")[1]
    assert 'href="/api/v1/docs"' in footer


@pytest.mark.parametrize("persona, home", [("resident", "home-resident"), ("volunteer", "home-volunteer"),
                                           ("organizer", "home-organiser"), ("county_admin", "home-admin"),
                                           ("city_admin", "home-admin")])
def test_signing_in_lands_each_role_on_its_home(request, persona, home):
    user = request.getfixturevalue(persona)
    user = getattr(user, "user", user)  # a volunteer fixture is the profile
    client = Client()
    answer = client.post("/accounts/login/", {"username": user.phone, "password": PASSWORD})
    assert answer.status_code == 302 and answer["Location"] == "/"
    assert f'id="{home}"' in client.get("/").content.decode()


def test_a_resident_never_lands_on_you_are_not_a_volunteer(resident):
    html = signed_in(resident).get("/").content.decode()
    assert "您还不是注册志愿者" not in html
    assert 'href="/needs/new/"' in html and "我要求助" in html


def test_a_resident_sees_their_requests_with_their_status(resident, need):
    html = signed_in(resident).get("/").content.decode()
    assert f'href="/needs/{need.pk}/"' in html
    assert "送药上门" in html and "待响应" in html
    english = signed_in(resident, "en").get("/").content.decode()
    assert "Medicine delivery" in english and "Open" in english and "待响应" not in english


def test_a_resident_sees_the_service_posts_of_their_area_and_the_map(resident, post):
    html = signed_in(resident).get("/").content.decode()
    assert f'href="/map/posts/{post.pk}/"' in html and post.name in html
    assert 'href="/map"' in html


def test_a_volunteer_sees_what_is_left_to_the_next_star_not_the_threshold(volunteer, organizer):
    serve_hours(volunteer, organizer, Decimal("654.5"))
    html = signed_in(volunteer.user).get("/").content.decode()
    assert "654.5" in html
    assert "距下一星级 345.5 小时" in html
    assert "距下一星级 1000" not in html
    assert "To the next star 345.5 h" in signed_in(volunteer.user, "en").get("/").content.decode()


def test_a_volunteer_at_the_top_star_is_told_so(volunteer, organizer, settings):
    settings.STAR_LEVEL_THRESHOLDS = [10, 20]
    serve_hours(volunteer, organizer, Decimal("24"))
    html = signed_in(volunteer.user).get("/").content.decode()
    assert "已达最高星级" in html and "距下一星级" not in html


def test_a_volunteer_sees_their_next_activity_and_what_fits_near_them(volunteer, activity, signed_up):
    html = signed_in(volunteer.user).get("/").content.decode()
    next_activity = html.split('id="next-activity"')[1].split("</section>")[0]
    assert f'href="/activities/{activity.pk}/"' in next_activity and "已确认" in next_activity
    near = html.split('id="near-me"')[1].split("</section>")[0]
    assert activity.title in near and ("公里内" in near or "米内" in near)
    assert 'href="/checkin/"' in html and 'href="/me/hours/"' in html


def test_an_organiser_workbench_counts_each_queue_and_links_to_it(organizer, volunteer, need, activity):
    serve_hours(volunteer, organizer, Decimal("3"), approve=False)
    html = signed_in(organizer).get("/").content.decode()
    counts = html.split('id="workbench-counts"')[1].split("</ul>")[0]
    assert '<a href="/hours/approvals/" id="count-hours" class="due"><span class="count">1</span>' in counts
    assert '<a href="/needs/" id="count-needs" class="due"><span class="count">1</span>' in counts
    assert 'href="/hours/corrections/"' in counts and 'href="/volunteers/qualifications/"' in counts
    assert 'id="count-today"><span class="count">0</span>' in counts
    assert f'href="/activities/{activity.pk}/manage/"' in html


def test_an_organiser_counts_only_their_own_teams_queue(other_organizer, organizer, volunteer):
    serve_hours(volunteer, organizer, Decimal("3"), approve=False)
    counts = signed_in(other_organizer).get("/").content.decode().split('id="workbench-counts"')[1]
    assert 'id="count-hours"><span class="count">0</span>' in counts


def test_an_administrator_home_leads_to_the_dashboard_the_plan_exchange_and_audit(county_admin):
    html = signed_in(county_admin).get("/").content.decode()
    for href in ("/dashboard", "/dashboard/plan", "/exchange/", "/audit/", "/admin/"):
        assert f'href="{href}"' in html


def test_a_residents_own_page_leads_to_asking_for_help_and_their_requests(resident):
    html = signed_in(resident).get("/me/").content.decode()
    assert "您还不是注册志愿者" not in html
    assert 'href="/needs/new/"' in html and 'href="/needs/"' in html and 'href="/register/"' in html


def test_a_hotline_operator_lands_on_asking_for_help_for_callers(db):
    from volunteerhub.accounts.models import Role
    from volunteerhub.conftest import make_user

    operator = make_user(Role.OPERATOR, "371602001")
    html = signed_in(operator).get("/").content.decode()
    assert 'id="home-resident"' in html
    tabbar = html.split('class="tabbar"')[1]
    assert 'href="/needs/new/"' in tabbar and 'href="/checkin/"' not in tabbar
