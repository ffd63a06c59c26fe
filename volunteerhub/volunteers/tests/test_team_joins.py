"""Joining a team: a volunteer asks, the team's organiser (and nobody else) confirms or declines with a reason,
the volunteer is told by text and sees the answer; every step audited."""

import pytest

from volunteerhub.audit.models import AuditEvent
from volunteerhub.conftest import make_volunteer
from volunteerhub.notifications.sms import ConsoleProvider
from volunteerhub.volunteers.models import TeamJoinRequest


@pytest.fixture
def newcomer(db):
    return make_volunteer("371602001001", name="钱新来")


def _ask(api_as, volunteer, team):
    return api_as(volunteer.user).post(f"/api/v1/teams/{team.pk}/join-requests", {"message": "我是护士"})


def test_a_volunteer_finds_their_townships_team_first(api_as, newcomer, team, other_team):
    from volunteerhub.organizations.models import Team
    from volunteerhub.regions.models import Region

    Team.objects.create(name="滨城区志愿服务队", region=Region.objects.get(code="371602"))

    names = [t["name"] for t in api_as(newcomer.user).get("/api/v1/teams/joinable").json()]

    assert names[0] == team.name and "滨城区志愿服务队" in names and other_team.name not in names


def test_the_organiser_confirms_and_the_volunteer_joins_and_is_told(api_as, newcomer, team, organizer,
                                                                   django_capture_on_commit_callbacks):
    asked = _ask(api_as, newcomer, team)
    queue = api_as(organizer).get("/api/v1/team-join-requests").json()

    with django_capture_on_commit_callbacks(execute=True):
        decided = api_as(organizer).post(f"/api/v1/team-join-requests/{asked.json()['id']}/decide", {"accept": True})

    newcomer.refresh_from_db()
    assert asked.status_code == 201 and [r["volunteer_name"] for r in queue] == ["钱新来"]
    assert decided.status_code == 200 and decided.json()["status"] == "accepted"
    assert newcomer.team_id == team.pk
    assert ConsoleProvider.outbox[-1]["phone"] == newcomer.user.phone and team.name in ConsoleProvider.outbox[-1]["text"]
    assert AuditEvent.objects.filter(action="team_join_accept", target_id=str(newcomer.pk)).exists()


def test_declining_needs_a_reason_which_the_volunteer_sees(api_as, newcomer, team, organizer):
    join_id = _ask(api_as, newcomer, team).json()["id"]

    bare = api_as(organizer).post(f"/api/v1/team-join-requests/{join_id}/decide", {"accept": False})
    declined = api_as(organizer).post(f"/api/v1/team-join-requests/{join_id}/decide",
                                      {"accept": False, "reason": "本队只收本街道居民"})
    mine = api_as(newcomer.user).get("/api/v1/me/join-requests").json()

    newcomer.refresh_from_db()
    assert bare.status_code == 400 and list(bare.json()["fields"]) == ["reason"]
    assert declined.status_code == 200 and newcomer.team_id is None
    assert [(r["status"], r["reason"]) for r in mine] == [("declined", "本队只收本街道居民")]


def test_another_teams_organiser_and_an_admin_cannot_decide(api_as, newcomer, team, other_organizer, county_admin):
    join_id = _ask(api_as, newcomer, team).json()["id"]

    answers = [api_as(user).post(f"/api/v1/team-join-requests/{join_id}/decide", {"accept": True}).status_code
               for user in (other_organizer, county_admin)]

    assert answers == [404, 404]
    assert api_as(other_organizer).get("/api/v1/team-join-requests").json() == []
    assert TeamJoinRequest.objects.get().status == "pending"


def test_asking_twice_or_for_ones_own_team_is_refused(api_as, newcomer, volunteer, team):
    first, again = _ask(api_as, newcomer, team), _ask(api_as, newcomer, team)
    own = _ask(api_as, volunteer, team)

    assert first.status_code == 201 and again.status_code == 409 and own.status_code == 409
    assert TeamJoinRequest.objects.count() == 1


def test_the_pages_from_asking_to_confirming(client, newcomer, team, organizer):
    client.force_login(newcomer.user)
    finder = client.get("/teams/").content.decode()
    client.post("/teams/", {"team_id": team.pk, "message": "周末有空"})
    client.force_login(organizer)
    workbench = client.get("/").content.decode()
    queue = client.get("/teams/requests/").content.decode()

    decided = client.post("/teams/requests/", {"request_id": TeamJoinRequest.objects.get().pk, "action": "accept"})

    newcomer.refresh_from_db()
    assert team.name in finder and 'href="/teams/requests/"' in workbench and "钱新来" in queue
    assert decided.status_code == 302 and newcomer.team_id == team.pk
