"""An administrator's reach is their region subtree, enforced in selectors."""

import pytest

from volunteerhub.conftest import make_volunteer
from volunteerhub.volunteers.models import Volunteer


@pytest.fixture
def in_bincheng(db):
    return make_volunteer("371602001001", name="滨城人")


@pytest.fixture
def in_zouping(db):
    return make_volunteer("371681001213", name="邹平人")


def ids(response) -> set[int]:
    return {v["id"] for v in response.json()}


def test_a_county_admin_lists_only_their_county(api_as, county_admin, in_bincheng, in_zouping):
    assert ids(api_as(county_admin).get("/api/v1/volunteers")) == {in_bincheng.pk}


def test_a_city_admin_lists_the_whole_city(api_as, city_admin, in_bincheng, in_zouping):
    assert ids(api_as(city_admin).get("/api/v1/volunteers")) == {in_bincheng.pk, in_zouping.pk}


def test_a_county_admin_cannot_open_a_volunteer_of_another_county(api_as, county_admin, in_zouping):
    response = api_as(county_admin).get(f"/api/v1/volunteers/{in_zouping.pk}")

    assert response.status_code == 404


def test_an_organiser_sees_their_township_only(api_as, organizer, in_bincheng, in_zouping):
    assert ids(api_as(organizer).get("/api/v1/volunteers")) == {in_bincheng.pk}


def test_a_volunteer_sees_only_themselves(api_as, in_bincheng, in_zouping):
    assert ids(api_as(in_bincheng.user).get("/api/v1/volunteers")) == {in_bincheng.pk}


def test_a_resident_sees_no_volunteer(api_as, resident, in_bincheng):
    assert ids(api_as(resident).get("/api/v1/volunteers")) == set()


def test_the_export_as_a_county_admin_holds_only_their_county(county_admin, in_bincheng, in_zouping, tmp_path):
    import json

    from django.core.management import call_command

    out = tmp_path / "v.json"
    call_command("export", "volunteers", "--format", "json", "--output", str(out), "--as", county_admin.phone)

    assert [r["name"] for r in json.loads(out.read_text())] == ["滨城人"]


def test_the_back_office_lists_only_the_admins_region(county_admin, in_bincheng, in_zouping):
    from django.test import Client

    from volunteerhub.accounts.services import backoffice_group

    county_admin.groups.add(backoffice_group(county_admin.role))
    client = Client()
    client.force_login(county_admin)

    html = client.get("/admin/volunteers/volunteer/").content.decode()
    assert "滨城人" in html and "邹平人" not in html
    assert client.get(f"/admin/volunteers/volunteer/{in_zouping.pk}/change/").status_code in (302, 404)
    assert Volunteer.objects.get(pk=in_zouping.pk).name == "邹平人"
