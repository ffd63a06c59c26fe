"""Changes made in the back-office reach the audit trail too (field names only, never values)."""

from django.test import Client

from volunteerhub.accounts.services import backoffice_group
from volunteerhub.audit.models import AuditEvent
from volunteerhub.organizations.models import Team


def test_a_team_edited_in_the_back_office_is_audited(county_admin, team):
    county_admin.groups.add(backoffice_group(county_admin.role))
    client = Client()
    client.force_login(county_admin)

    response = client.post(f"/admin/organizations/team/{team.pk}/change/", {
        "name": team.name, "kind": team.kind, "region": team.region_id, "leader_name": "新队长",
        "contact_phone": "0543-1234567", "description": "", "is_active": "on"})

    event = AuditEvent.objects.get(action="admin_change", target_type="team", target_id=str(team.pk))
    assert response.status_code == 302
    assert Team.objects.get(pk=team.pk).leader_name == "新队长"
    assert event.actor == county_admin
    assert set(event.changes["fields"]) >= {"负责人"} or "leader_name" in str(event.changes)
    assert "0543-1234567" not in str(event.changes)


def test_creating_an_account_is_audited(db):
    from volunteerhub.accounts.services import user_create
    from volunteerhub.regions.models import Region

    user = user_create(phone="13700000111", password="Good-Pass-2026", role="county_admin",
                       region=Region.objects.get(code="371602"))

    event = AuditEvent.objects.get(action="create", target_type="user", target_id=str(user.pk))
    assert event.changes["role"] == "county_admin"
    assert "13700000111" not in str(event.changes)


def test_a_signed_in_resident_is_rate_limited_like_anyone(api_as, resident, settings):
    from volunteerhub.conftest import PASSWORD, next_id_number, next_phone, self_registration

    settings.REGISTRATION_RATE_PER_HOUR = 1
    client = api_as(resident)

    def register():
        phone = next_phone()
        return client.post("/api/v1/volunteers", {"name": "王小红", "id_number": next_id_number(),
                                                  "phone": phone, "password": PASSWORD,
                                                  "region_code": "371602001", **self_registration(phone)})

    assert [register().status_code, register().status_code] == [201, 429]


def test_api_errors_for_wrong_methods_and_huge_ids_are_json(anon, db):
    wrong_method = anon.post("/api/v1/health")
    huge_id = anon.get("/api/v1/teams/9223372036854775808/hours")
    huge_page = anon.client.get("/activities/9223372036854775808/")

    assert wrong_method.status_code == 405 and wrong_method.json()["code"] == "method_not_allowed"
    # SQLite raises OverflowError (a 400 here); Django answers such lookups on PostgreSQL with nothing found.
    assert huge_id.status_code < 500 and huge_id["Content-Type"].startswith("application/json")
    assert huge_page.status_code == 404
