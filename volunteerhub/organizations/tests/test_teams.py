"""Teams through the API: created and changed under one region rule."""

import pytest

from volunteerhub.audit.models import AuditEvent
from volunteerhub.organizations.models import Team

pytestmark = pytest.mark.django_db


def test_a_county_admin_registers_a_team_in_the_county(api_as, county_admin):
    response = api_as(county_admin).post("/api/v1/teams", {"name": "杜店街道志愿服务队", "region_code": "371602002"})

    assert response.status_code == 201, response.json()
    assert Team.objects.get(name="杜店街道志愿服务队").region_id == "371602002"
    assert AuditEvent.objects.filter(target_type="team", action="create").exists()


def test_nobody_registers_a_team_outside_their_region(api_as, county_admin, organizer):
    elsewhere = {"name": "黛溪新队", "region_code": "371681001"}

    assert api_as(county_admin).post("/api/v1/teams", elsewhere).status_code == 403
    assert api_as(organizer).post("/api/v1/teams", {**elsewhere, "region_code": "371602001"}).status_code == 403
    assert not Team.objects.filter(name="黛溪新队").exists()


def test_a_team_is_moved_only_within_reach(api_as, county_admin, team, other_team):
    out = api_as(county_admin).patch(f"/api/v1/teams/{team.pk}", {"region_code": "371681001"})
    under_other = api_as(county_admin).patch(f"/api/v1/teams/{team.pk}", {"parent_id": other_team.pk})
    within = api_as(county_admin).patch(f"/api/v1/teams/{team.pk}", {"region_code": "371602002"})

    assert (out.status_code, under_other.status_code, within.status_code) == (403, 403, 200)
    assert Team.objects.get(pk=team.pk).region_id == "371602002"


def test_another_countys_team_is_not_found(api_as, county_admin, other_team):
    assert api_as(county_admin).patch(f"/api/v1/teams/{other_team.pk}", {"description": "x"}).status_code == 404


def test_an_organiser_keeps_their_teams_contacts_but_not_its_place(api_as, organizer, team):
    contacts = api_as(organizer).patch(f"/api/v1/teams/{team.pk}", {"leader_name": "王队长", "contact_phone": "0543-3160000"})
    place = api_as(organizer).patch(f"/api/v1/teams/{team.pk}", {"region_code": "371602001001"})
    standing = api_as(organizer).patch(f"/api/v1/teams/{team.pk}", {"is_active": False})

    assert contacts.status_code == 200 and contacts.json()["leader_name"] == "王队长"
    assert (place.status_code, standing.status_code) == (403, 403)
    team.refresh_from_db()
    assert team.region_id == "371602001" and team.is_active


def test_a_team_cannot_sit_under_itself(api_as, county_admin, team):
    child = Team.objects.create(name="下级小分队", region=team.region, parent=team, kind=Team.Kind.SUB_TEAM)

    response = api_as(county_admin).patch(f"/api/v1/teams/{team.pk}", {"parent_id": child.pk})

    assert response.status_code == 400 and "parent_id" in response.json()["fields"]
