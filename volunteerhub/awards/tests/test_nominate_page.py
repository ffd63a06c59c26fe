"""The page where organisers and admins nominate a volunteer, a team or a project, seeing the evidence first."""

import datetime as dt
import re
from decimal import Decimal

import pytest

from volunteerhub.activities.models import Project
from volunteerhub.awards.models import Nomination
from volunteerhub.conftest import colleague_of, make_volunteer
from volunteerhub.hours import services as hours

NO_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>")
REASON = "常年坚持社区义诊，服务群众数千人次。"


@pytest.fixture
def served(organizer, volunteer):
    entry = hours.ledger_backfill(user=organizer, volunteer=volunteer, hours=Decimal("12.5"),
                                  served_on=dt.date(2026, 2, 1), reason="纸质签到表补录", content="义诊")
    hours.ledger_entry_decide(entry=entry, user=colleague_of(organizer), approve=True)
    return volunteer


@pytest.fixture
def project(team):
    return Project.objects.create(code="BZ-2026-001", name="社区慢病随访", team=team, region=team.region)


def test_the_board_links_to_the_form_for_organisers_only(client, organizer, resident):
    client.force_login(organizer)
    assert 'href="/awards/nominate/"' in client.get("/awards/").content.decode()
    client.force_login(resident)
    assert 'href="/awards/nominate/"' not in client.get("/awards/").content.decode()


def test_an_organiser_finds_a_volunteer_of_their_team(client, organizer, volunteer):
    client.force_login(organizer)

    page = client.get("/awards/nominate/", {"kind": "volunteer", "q": "李"})

    html = page.content.decode()
    assert page.status_code == 200 and not NO_INLINE_SCRIPT.search(html)
    assert f"nominee={volunteer.pk}" in html and "李志愿" in html


def test_the_evidence_is_shown_before_submitting(client, organizer, served):
    client.force_login(organizer)

    html = client.get("/awards/nominate/", {"kind": "volunteer", "nominee": served.pk}).content.decode()

    assert 'id="evidence"' in html and "12.50" in html and 'id="nominate-form"' in html
    assert not Nomination.objects.exists()


def test_submitting_puts_the_nomination_on_notice_with_its_evidence(client, organizer, served):
    client.force_login(organizer)

    response = client.post("/awards/nominate/", {"kind": "volunteer", "nominee": served.pk, "title": "优秀志愿者",
                                                 "year": "2026", "reason": REASON})

    made = Nomination.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/awards/{made.pk}/"
    assert (made.volunteer, made.title, made.year, made.nominated_by) == (served, "优秀志愿者", 2026, organizer)
    assert made.evidence["hours"] == "12.50" and made.status == Nomination.Status.NOTICE


def test_an_admin_nominates_a_team_and_a_project(client, county_admin, team, project):
    client.force_login(county_admin)
    assert "社区慢病随访" in client.get("/awards/nominate/", {"kind": "project", "q": "BZ-2026"}).content.decode()
    assert "队伍志愿者" in client.get("/awards/nominate/", {"kind": "team", "nominee": team.pk}).content.decode()

    client.post("/awards/nominate/", {"kind": "team", "nominee": team.pk, "title": "优秀志愿服务队", "reason": REASON})
    client.post("/awards/nominate/", {"kind": "project", "nominee": project.pk, "title": "优秀志愿服务项目",
                                      "reason": REASON})

    assert sorted(Nomination.objects.values_list("kind", "nominee_name")) == [
        ("project", "社区慢病随访"), ("team", team.name)]
    assert Nomination.objects.get(kind="project").project_id == project.pk


def test_a_too_short_reason_is_refused_and_the_form_keeps_its_text(client, organizer, volunteer):
    client.force_login(organizer)

    response = client.post("/awards/nominate/", {"kind": "volunteer", "nominee": volunteer.pk,
                                                 "title": "优秀志愿者", "reason": "很好"})

    html = response.content.decode()
    assert response.status_code == 200 and "推荐理由须为10至2000个字符" in html and 'value="优秀志愿者"' in html
    assert not Nomination.objects.exists()


def test_nobody_outside_the_reach_can_be_previewed_or_nominated(client, organizer, other_county_admin, volunteer):
    stranger = make_volunteer("371681001213", name="王外县")
    client.force_login(organizer)
    assert "王外县" not in client.get("/awards/nominate/", {"kind": "volunteer", "q": "王"}).content.decode()
    client.post("/awards/nominate/", {"kind": "volunteer", "nominee": stranger.pk, "title": "优秀志愿者",
                                      "reason": REASON})
    client.force_login(other_county_admin)
    page = client.get("/awards/nominate/", {"kind": "volunteer", "nominee": volunteer.pk}).content.decode()
    client.post("/awards/nominate/", {"kind": "volunteer", "nominee": volunteer.pk, "title": "优秀志愿者",
                                      "reason": REASON})

    assert 'id="evidence"' not in page
    assert not Nomination.objects.exists()


def test_volunteers_and_residents_may_not_open_the_form(client, volunteer, resident):
    for user in (volunteer.user, resident):
        client.force_login(user)
        assert client.get("/awards/nominate/").status_code == 403
        assert client.post("/awards/nominate/", {"kind": "volunteer", "nominee": volunteer.pk, "title": "优秀",
                                                 "reason": REASON}).status_code == 403
    assert not Nomination.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get("/awards/nominate/").status_code == 302
