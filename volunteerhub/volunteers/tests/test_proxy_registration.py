"""Villagers without a mobile of their own, registered by an organiser: a contact phone that is a family
member's or the village clinic's (shared, never a login), villages in the picker within the organiser's reach."""

import re

from volunteerhub.accounts.models import Role, User
from volunteerhub.audit.models import AuditEvent
from volunteerhub.conftest import PASSWORD, make_user, make_volunteer, next_id_number, next_phone
from volunteerhub.volunteers.models import Volunteer

CLINIC_LANDLINE = "0543-3161234"  # 新苑社区卫生室
VILLAGE = "371602001001"  # 新苑社区居委会, in the organiser's township (市中街道)
NEIGHBOURING_VILLAGE = "371602002001"  # 南海社区居委会, 市西街道: same county, another township
OTHER_COUNTY_VILLAGE = "371681001213"  # 西范村委会, 邹平市


def villager(**overrides):
    body = {"name": "张桂兰", "id_number": next_id_number(), "phone": "", "region_code": VILLAGE,
            "contact_phone": CLINIC_LANDLINE, "contact_name": "村卫生室"}
    body.update(overrides)
    return body


def test_an_organiser_registers_a_villager_with_the_village_clinics_landline(api_as, organizer):
    response = api_as(organizer).post("/api/v1/volunteers", villager())

    assert response.status_code == 201, response.json()
    volunteer = Volunteer.objects.select_related("user").get(pk=response.json()["id"])
    assert volunteer.channel == "proxy" and volunteer.registered_by == organizer
    assert volunteer.contact_phone == CLINIC_LANDLINE and volunteer.contact_name == "村卫生室"
    assert volunteer.user.phone == "" and not volunteer.user.has_login
    assert User.objects.filter(pk=volunteer.user_id, phone__isnull=True).exists()  # no login is kept as NULL
    shown = api_as(organizer).get(f"/api/v1/volunteers/{volunteer.pk}").json()
    assert shown["phone_masked"] == "" and shown["contact_phone_masked"] == "0543-***1234"
    assert shown["has_login"] is False


def test_two_villagers_share_one_contact_phone(api_as, organizer):
    client = api_as(organizer)

    first = client.post("/api/v1/volunteers", villager(name="张桂兰"))
    second = client.post("/api/v1/volunteers", villager(name="李秀英", contact_phone="0543 316 1234"))

    assert (first.status_code, second.status_code) == (201, 201)
    assert set(Volunteer.objects.values_list("contact_phone", flat=True)) == {CLINIC_LANDLINE}
    assert User.objects.filter(phone__isnull=True).count() == 2


def test_a_family_members_registered_mobile_is_accepted_as_a_contact_phone(api_as, organizer, volunteer):
    daughter = volunteer.user.phone  # already somebody's login

    response = api_as(organizer).post("/api/v1/volunteers",
                                      villager(contact_phone=daughter, contact_name="女儿"))

    assert response.status_code == 201, response.json()
    assert Volunteer.objects.get(pk=response.json()["id"]).contact_phone == daughter
    assert User.objects.get(pk=volunteer.user_id).phone == daughter  # the daughter's login is untouched


def test_a_registered_mobile_as_the_persons_own_phone_is_refused_with_the_way_out(api_as, organizer, volunteer):
    users = User.objects.count()

    response = api_as(organizer).post("/api/v1/volunteers", villager(phone=volunteer.user.phone))

    assert response.status_code == 409
    assert response.json()["code"] == "duplicate_phone"
    assert "联系电话" in response.json()["fields"]["phone"][0]
    assert User.objects.count() == users and not Volunteer.objects.exclude(pk=volunteer.pk).exists()


def test_someone_registered_on_their_behalf_is_reachable_somehow(api_as, organizer):
    response = api_as(organizer).post("/api/v1/volunteers", villager(contact_phone=""))

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["contact_phone"]
    assert not Volunteer.objects.exists()


def test_no_password_without_a_mobile_to_sign_in_with(api_as, organizer):
    response = api_as(organizer).post("/api/v1/volunteers", villager(password=PASSWORD))

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["password"]


def test_a_contact_phone_is_a_mobile_or_a_landline_with_its_area_code(api_as, organizer):
    response = api_as(organizer).post("/api/v1/volunteers", villager(contact_phone="3161234"))

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["contact_phone"]
    assert not Volunteer.objects.exists()


def test_self_registration_still_needs_ones_own_mobile(anon, db):
    body = villager(password=PASSWORD, region_code="371602001")

    response = anon.post("/api/v1/volunteers", body)

    assert response.status_code == 400
    assert "phone" in response.json()["fields"]
    assert not Volunteer.objects.exists()


def test_a_resident_signed_in_cannot_register_someone_else_without_a_phone(api_as, resident):
    response = api_as(resident).post("/api/v1/volunteers", villager())

    assert response.status_code == 400  # a resident registers only themself: own mobile and password needed
    assert not Volunteer.objects.exists()


def test_an_organiser_cannot_register_a_villager_outside_reach(api_as, organizer):
    users = User.objects.count()
    for code in (NEIGHBOURING_VILLAGE, OTHER_COUNTY_VILLAGE):
        response = api_as(organizer).post("/api/v1/volunteers", villager(region_code=code))

        assert response.status_code == 403, response.json()
        assert list(response.json()["fields"]) == ["region_code"]
    assert User.objects.count() == users and not Volunteer.objects.exists()


def test_an_unclaimed_account_cannot_be_signed_in_to_with_an_empty_mobile(anon, api_as, organizer):
    api_as(organizer).post("/api/v1/volunteers", villager())
    api_as(organizer).post("/api/v1/volunteers", villager())

    response = anon.post("/api/v1/auth/token", {"phone": "", "password": ""})

    assert response.status_code == 401


# --- the registration page --------------------------------------------------------------------------------

def _options(html: str) -> set[str]:
    return set(re.findall(r'<option value="(\d+)"', html))


def test_the_page_offers_an_organiser_the_villages_of_their_reach_and_nothing_else(client, organizer):
    client.force_login(organizer)

    html = client.get("/register/").content.decode()

    offered = _options(html)
    assert VILLAGE in offered and "371602001" in offered
    assert all(code.startswith("371602001") for code in offered)
    assert NEIGHBOURING_VILLAGE not in offered and "371602" not in offered
    assert 'id="contact_phone"' in html


def test_a_county_admin_is_offered_every_village_of_the_county(client, county_admin):
    client.force_login(county_admin)

    offered = _options(client.get("/register/").content.decode())

    assert {VILLAGE, NEIGHBOURING_VILLAGE, "371602"} <= offered
    assert not any(code.startswith("371681") for code in offered)


def test_the_public_page_offers_counties_then_the_townships_of_the_one_chosen(client, db):
    first = _options(client.get("/register/").content.decode())
    picked = _options(client.post("/register/", {"action": "pick", "county": "371602"}).content.decode())

    assert "371602" in first and "371602001" not in first and VILLAGE not in first
    assert "371602001" in picked and "371681001" not in picked and VILLAGE not in picked


def test_the_page_registers_a_villager_with_the_clinic_phone(client, organizer):
    client.force_login(organizer)

    response = client.post("/register/", {"name": "王玉珍", "id_number": next_id_number(), "phone": "",
                                          "region_code": VILLAGE, "contact_phone": CLINIC_LANDLINE,
                                          "contact_name": "村卫生室"})

    assert response.status_code == 302
    volunteer = Volunteer.objects.get()
    assert volunteer.contact_phone == CLINIC_LANDLINE and volunteer.user.phone == ""


def test_the_page_refuses_a_region_posted_from_outside_reach(client, organizer):
    client.force_login(organizer)

    response = client.post("/register/", {"name": "王玉珍", "id_number": next_id_number(), "phone": "",
                                          "region_code": NEIGHBOURING_VILLAGE, "contact_phone": CLINIC_LANDLINE})

    assert response.status_code == 403
    assert not Volunteer.objects.exists()


def test_a_proxy_registration_is_audited_without_the_numbers(api_as, organizer):
    volunteer_id = api_as(organizer).post("/api/v1/volunteers", villager()).json()["id"]

    event = AuditEvent.objects.get(action="register", target_id=str(volunteer_id))
    assert event.actor_id == organizer.pk
    assert event.changes["own_phone"] is False and event.changes["contact"] == "0543-***1234"


def test_an_admin_in_another_county_sees_none_of_it(api_as, organizer, other_county_admin):
    volunteer_id = api_as(organizer).post("/api/v1/volunteers", villager()).json()["id"]

    assert api_as(other_county_admin).get(f"/api/v1/volunteers/{volunteer_id}").status_code == 404


def test_a_volunteer_signed_in_is_not_an_organiser_here(api_as, db):
    someone = make_volunteer(VILLAGE)
    assert someone.user.role == Role.VOLUNTEER

    response = api_as(someone.user).post("/api/v1/volunteers", villager(phone=next_phone()))

    assert response.status_code == 400  # treated as self-registration: a password is needed
    assert Volunteer.objects.count() == 1



def test_a_volunteer_keeps_their_contact_phone_up_to_date(api_as, volunteer):
    client = api_as(volunteer.user)

    changed = client.patch("/api/v1/me", {"contact_phone": "0543-3169999", "contact_name": "老伴"})
    refused = client.patch("/api/v1/me", {"contact_phone": "12345", "skills": ["急救"]})

    assert changed.status_code == 200
    assert changed.json()["volunteer"]["contact_phone_masked"] == "0543-***9999"
    assert refused.status_code == 400 and list(refused.json()["fields"]) == ["contact_phone"]
    volunteer.refresh_from_db()
    assert (volunteer.contact_phone, volunteer.contact_name, volunteer.skills) == ("0543-3169999", "老伴", [])


def test_exports_reach_a_villager_through_the_contact_phone_masked(api_as, organizer):
    api_as(organizer).post("/api/v1/volunteers", villager())

    rows = api_as(organizer).get("/api/v1/exchange/exports/national_volunteers", {"format": "json"}).json()

    row = next(r for r in rows["rows"] if r["姓名"] == "张桂兰") if isinstance(rows, dict) else \
        next(r for r in rows if r["姓名"] == "张桂兰")
    assert row["手机号码"] == "0543-***1234"


def test_a_signed_in_resident_becomes_a_volunteer_with_the_account_they_have(client, resident):
    client.force_login(resident)
    form = client.get("/register/").content.decode()

    response = client.post("/register/", {"name": "赵居民", "id_number": next_id_number(), "county": "371602",
                                          "township": "371602001", "accept_policies": "1", "consent_id_number": "1",
                                          "consent_location": "1"})

    assert 'id="becoming-note"' in form and 'name="password"' not in form
    assert response.status_code == 302, response.content.decode()[:500]
    resident.refresh_from_db()
    assert resident.role == Role.VOLUNTEER and resident.volunteer.name == "赵居民"
    assert resident.check_password(PASSWORD) and User.objects.filter(phone=resident.phone).count() == 1
    assert client.get("/me/").status_code == 200  # still signed in
