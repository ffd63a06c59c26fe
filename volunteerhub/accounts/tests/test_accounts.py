import pytest
from django.core.management import CommandError, call_command

from volunteerhub.accounts.models import ApiToken, Role, User
from volunteerhub.regions.scope import can_manage_region, in_reach
from volunteerhub.conftest import PASSWORD
from volunteerhub.regions.models import Region


def test_it_issues_a_token_for_the_right_password_and_stores_only_its_hash(anon, volunteer):
    response = anon.post("/api/v1/auth/token", {"phone": volunteer.user.phone, "password": PASSWORD})

    token = response.json()["token"]
    assert response.status_code == 200
    assert not ApiToken.objects.filter(key_hash=token).exists()
    assert ApiToken.objects.filter(key_hash=ApiToken.hash_key(token), user=volunteer.user).exists()
    me = anon.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert me["volunteer"]["volunteer_number"] == volunteer.volunteer_number


def test_it_refuses_a_wrong_password_with_401(anon, volunteer):
    response = anon.post("/api/v1/auth/token", {"phone": volunteer.user.phone, "password": "wrong-password"})

    assert response.status_code == 401
    assert response.json()["code"] == "bad_credentials"
    assert ApiToken.objects.count() == 0


def test_a_county_admin_reaches_only_their_county(county_admin, bincheng, zouping):
    assert can_manage_region(county_admin, bincheng)
    assert can_manage_region(county_admin, Region.objects.get(code="371602001"))
    assert not can_manage_region(county_admin, zouping)
    assert not can_manage_region(county_admin, Region.objects.get(code="371600"))
    regions = in_reach(Region.objects.all(), county_admin, region_field="parent")
    assert all(r.code.startswith("371602") for r in regions)


def test_residents_and_volunteers_reach_no_region(resident, volunteer):
    assert in_reach(Region.objects.all(), resident, region_field="parent").count() == 0
    assert in_reach(Region.objects.all(), volunteer.user, region_field="parent").count() == 0


def test_the_cli_creates_an_admin_account(db):
    call_command("user", "create", "--phone", "13700000001", "--password", PASSWORD, "--role", "county_admin",
                 "--region", "371602")

    user = User.objects.get(phone="13700000001")
    assert user.role == Role.COUNTY_ADMIN and user.region_id == "371602" and user.is_staff
    assert user.check_password(PASSWORD)


@pytest.mark.parametrize("args, message", [
    (["--phone", "12345", "--password", PASSWORD, "--role", "resident"], "phone"),
    (["--phone", "13700000002", "--password", "12345678", "--role", "resident"], "password"),
    (["--phone", "13700000003", "--password", PASSWORD, "--role", "county_admin"], "region"),
    (["--phone", "13700000004", "--password", PASSWORD, "--role", "county_admin", "--region", "000"], "region"),
])
def test_the_cli_refuses_bad_accounts_and_creates_nothing(db, args, message):
    with pytest.raises(CommandError) as err:
        call_command("user", "create", *args)

    assert message in str(err.value)
    assert User.objects.count() == 0


def test_admin_accounts_can_use_the_back_office_of_their_region(county_admin, db):
    from django.test import Client

    from volunteerhub.accounts.services import user_create

    admin = user_create(phone="13700000009", password=PASSWORD, role=Role.COUNTY_ADMIN,
                        region=Region.objects.get(code="371602"))
    client = Client()
    client.force_login(admin)

    assert client.get("/admin/volunteers/volunteer/").status_code == 200
    assert client.get("/admin/organizations/team/").status_code == 200
