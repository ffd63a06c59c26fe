import pytest

from volunteerhub.accounts.models import User
from volunteerhub.audit.models import AuditEvent
from volunteerhub.conftest import PASSWORD, next_id_number, next_phone, self_registration
from volunteerhub.volunteers.models import Volunteer


def registration(**overrides):
    body = {"name": "王小红", "id_number": next_id_number(), "phone": next_phone(), "password": PASSWORD,
            "region_code": "371602001", "skills": ["测血压"], "qualifications": ["nurse"]}
    body.update(overrides)
    return self_registration(body["phone"]) | body


def nothing_written(before_users: int):
    assert Volunteer.objects.count() == 0
    assert User.objects.count() == before_users


def test_a_resident_registers_under_their_real_name(anon, db):
    body = registration()

    response = anon.post("/api/v1/volunteers", body)

    data = response.json()
    assert response.status_code == 201
    assert data["id_number_masked"] == body["id_number"][:4] + "*" * 10 + body["id_number"][-4:]
    assert data["volunteer_number"].startswith("371602")
    assert data["channel"] == "self"
    volunteer = Volunteer.objects.get(pk=data["id"])
    assert volunteer.user.check_password(PASSWORD)
    assert [q.code for q in volunteer.qualifications.all()] == ["nurse"]
    assert volunteer.gender in ("male", "female")
    assert AuditEvent.objects.filter(action="register", target_id=str(volunteer.pk)).exists()


def test_every_volunteer_gets_a_unique_unified_number(anon, db):
    numbers = {anon.post("/api/v1/volunteers", registration()).json()["volunteer_number"] for _ in range(3)}

    assert len(numbers) == 3


@pytest.mark.parametrize("field, value", [
    ("id_number", "371602199005171234"),  # wrong check character
    ("id_number", "37160219901332123X"),  # month 13
    ("id_number", "3716021990051712"),
    ("phone", "12345678901"),
    ("phone", "1381234567"),
    ("name", "王"),
    ("region_code", "999999"),
    ("qualifications", ["astronaut"]),
    ("password", "12345678"),
])
def test_it_refuses_bad_fields_naming_them_and_writes_nothing(anon, db, field, value):
    users = User.objects.count()

    response = anon.post("/api/v1/volunteers", registration(**{field: value}))

    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]
    nothing_written(users)


def test_it_names_every_wrong_field_at_once(anon, db):
    response = anon.post("/api/v1/volunteers", registration(id_number="1", phone="2", name=""))

    assert set(response.json()["fields"]) == {"id_number", "phone", "name"}


def test_a_duplicate_id_number_is_a_409_and_nothing_is_written(anon, db):
    body = registration()
    anon.post("/api/v1/volunteers", body)
    users = User.objects.count()

    response = anon.post("/api/v1/volunteers", registration(id_number=body["id_number"].lower()))

    assert response.status_code == 409
    assert response.json()["code"] == "duplicate_id_number"
    assert Volunteer.objects.count() == 1 and User.objects.count() == users


def test_a_registered_phone_gets_no_code_and_is_told_so(anon, db):
    body = registration()
    anon.post("/api/v1/volunteers", body)

    response = anon.post("/api/v1/auth/sms-code", {"phone": body["phone"], "purpose": "register"})

    assert response.status_code == 409
    assert response.json()["fields"] == {"phone": ["已注册"]}


def test_an_organiser_registers_an_elderly_villager_without_a_password(api_as, organizer):
    response = api_as(organizer).post("/api/v1/volunteers", registration(password=None, region_code="371602001001"))

    volunteer = Volunteer.objects.get(pk=response.json()["id"])
    assert response.status_code == 201
    assert volunteer.channel == "proxy" and volunteer.registered_by == organizer
    assert volunteer.team == organizer.team
    assert not volunteer.user.has_usable_password()


def test_an_organiser_cannot_register_someone_outside_their_region(api_as, organizer):
    users = User.objects.count()

    response = api_as(organizer).post("/api/v1/volunteers", registration(password=None, region_code="371681001"))

    assert response.status_code == 403
    nothing_written(users)


def test_self_registration_needs_a_password(anon, db):
    response = anon.post("/api/v1/volunteers", registration(password=None))

    assert response.status_code == 400
    assert "password" in response.json()["fields"]


def test_a_volunteer_sees_and_edits_their_own_profile(api_as, volunteer):
    client = api_as(volunteer.user)

    response = client.patch("/api/v1/me", {"skills": ["急救", "手语"], "qualifications": ["first_aider"],
                                           "home_lat": 37.4, "home_lng": 117.9, "show_name_publicly": True})

    me = response.json()["volunteer"]
    assert response.status_code == 200
    assert me["skills"] == sorted(["急救", "手语"])
    assert [q["code"] for q in me["qualifications"]] == ["first_aider"]
    assert me["show_name_publicly"] is True
    volunteer.refresh_from_db()
    assert volunteer.home_cell is not None


def test_a_bad_profile_edit_changes_nothing(api_as, volunteer):
    response = api_as(volunteer.user).patch("/api/v1/me", {"skills": ["急救"], "region_code": "nowhere"})

    assert response.status_code == 400
    volunteer.refresh_from_db()
    assert volunteer.skills == [] and volunteer.region_id == "371602001001"
