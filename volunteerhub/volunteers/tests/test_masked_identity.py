"""A masked ID number is never completed by the birth date and gender beside it, for a role that may not see
the clear number: in API answers, exports and the back-office."""

from django.test import Client

from volunteerhub.accounts.services import backoffice_group
from volunteerhub.volunteers.exports import rows


def test_only_the_volunteer_and_roles_with_clear_ids_see_birth_date_and_gender(api_as, volunteer, county_admin,
                                                                                 city_admin):
    own = api_as(volunteer.user).get("/api/v1/me").json()["volunteer"]
    county = api_as(county_admin).get(f"/api/v1/volunteers/{volunteer.pk}").json()
    city = api_as(city_admin).get(f"/api/v1/volunteers/{volunteer.pk}").json()
    assert own["birth_date"] and own["gender"]
    assert county["id_number_masked"] and county["birth_date"] is None and county["gender"] is None
    assert city["birth_date"] == volunteer.birth_date.isoformat() and city["gender"] == volunteer.gender


def test_exports_and_the_back_office_leave_them_out_below_clear_ids(volunteer, county_admin, city_admin):
    assert [(r["gender"], r["birth_date"]) for r in rows(user=county_admin)] == [("", "")]
    assert [r["birth_date"] for r in rows(user=city_admin)] == [volunteer.birth_date.isoformat()]
    pages = {}
    for admin in (county_admin, city_admin):
        admin.groups.add(backoffice_group(admin.role))
        office = Client()
        office.force_login(admin)
        pages[admin.role] = office.get(f"/admin/volunteers/volunteer/{volunteer.pk}/change/").content.decode()
    assert volunteer.id_number_masked in pages["county_admin"] and "出生日期" not in pages["county_admin"]
    assert "出生日期" in pages["city_admin"]
