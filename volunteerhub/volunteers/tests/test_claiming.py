"""A person registered on their behalf claims the account later with their own mobile: the organiser issues a
one-time code, the person gives it with their ID number, sets their mobile and password, and signs in."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from volunteerhub.accounts.models import User
from volunteerhub.audit.models import AuditEvent
from volunteerhub.conftest import PASSWORD, make_volunteer, next_id_number, next_phone
from volunteerhub.volunteers.models import AccountClaim, Volunteer

VILLAGE = "371602001001"


@pytest.fixture
def villager_id_number(db):
    return next_id_number()


@pytest.fixture
def villager(api_as, organizer, villager_id_number):
    response = api_as(organizer).post("/api/v1/volunteers", {
        "name": "张桂兰", "id_number": villager_id_number, "phone": "", "region_code": VILLAGE,
        "contact_phone": "0543-3161234", "contact_name": "村卫生室"})
    return Volunteer.objects.select_related("user").get(pk=response.json()["id"])


def issue(api_as, who, volunteer):
    return api_as(who).post(f"/api/v1/volunteers/{volunteer.pk}/claim-code")


def claim(anon, id_number, code, phone=None, password=PASSWORD, **extra):
    return anon.post("/api/v1/account-claims", {"id_number": id_number, "code": code,
                                                  "phone": phone or next_phone(), "password": password}, **extra)


def test_the_villager_claims_the_account_with_their_own_mobile_and_signs_in(anon, api_as, organizer, villager,
                                                                            villager_id_number):
    issued = issue(api_as, organizer, villager)
    own_mobile = next_phone()

    claimed = claim(anon, villager_id_number, issued.json()["code"], phone=own_mobile)

    assert issued.status_code == 201 and len(issued.json()["code"]) == 8
    assert claimed.status_code == 200, claimed.json()
    assert claimed.json()["volunteer_number"] == villager.volunteer_number
    token = anon.post("/api/v1/auth/token", {"phone": own_mobile, "password": PASSWORD})
    assert token.status_code == 200
    me = anon.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token.json()['token']}").json()
    assert me["volunteer"]["id"] == villager.pk and me["volunteer"]["has_login"] is True
    assert me["volunteer"]["contact_phone_masked"] == "0543-***1234"  # the clinic still reaches them


def test_claiming_is_audited_and_the_code_is_kept_only_as_a_hash(anon, api_as, organizer, villager,
                                                                 villager_id_number):
    code = issue(api_as, organizer, villager).json()["code"]
    claim(anon, villager_id_number, code)

    kept = AccountClaim.objects.get(volunteer=villager)
    assert code not in kept.code_hash and kept.used_at is not None and kept.issued_by == organizer
    issued_event = AuditEvent.objects.get(action="claim_code_issue", target_id=str(villager.pk))
    claimed_event = AuditEvent.objects.get(action="account_claim", target_id=str(villager.pk))
    assert issued_event.actor_id == organizer.pk and claimed_event.actor_id == villager.user_id
    assert code not in str(issued_event.changes) and claimed_event.changes["phone"] == "***"


def test_a_code_works_once(anon, api_as, organizer, villager, villager_id_number):
    code = issue(api_as, organizer, villager).json()["code"]
    claim(anon, villager_id_number, code)
    phone_after = User.objects.get(pk=villager.user_id).phone

    again = claim(anon, villager_id_number, code)

    assert again.status_code == 400 and again.json()["code"] == "claim_invalid"
    assert User.objects.get(pk=villager.user_id).phone == phone_after


def test_a_wrong_code_changes_nothing_and_says_not_which_part_was_wrong(anon, api_as, organizer, villager,
                                                                        villager_id_number):
    code = issue(api_as, organizer, villager).json()["code"]
    wrong = f"{(int(code) + 1) % 10 ** 8:08d}"

    by_code = claim(anon, villager_id_number, wrong)
    by_person = claim(anon, next_id_number(), code)

    assert by_code.status_code == by_person.status_code == 400
    assert by_code.json() == by_person.json()
    assert by_code.json()["fields"] == {"code": ["身份证号或认领码不正确"]}
    user = User.objects.get(pk=villager.user_id)
    assert user.phone == "" and not user.has_usable_password()
    assert AuditEvent.objects.filter(action="claim_failed").count() == 2


def test_wrong_codes_lock_the_person_out_even_from_the_right_code(anon, api_as, organizer, villager,
                                                                  villager_id_number, settings):
    settings.ACCOUNT_CLAIM_FAILURE_LIMIT = 3
    code = issue(api_as, organizer, villager).json()["code"]
    answers = [claim(anon, villager_id_number, f"{(int(code) + n) % 10 ** 8:08d}").status_code for n in (1, 2, 3)]

    right = claim(anon, villager_id_number, code)

    assert answers == [400, 400, 429]
    assert right.status_code == 429 and "Retry-After" in right
    assert not User.objects.get(pk=villager.user_id).has_login


def test_tries_from_one_address_are_limited(anon, api_as, organizer, villager, villager_id_number, settings):
    settings.ACCOUNT_CLAIM_RATE_PER_HOUR = 2
    code = issue(api_as, organizer, villager).json()["code"]
    claim(anon, next_id_number(), code)
    claim(anon, next_id_number(), code)

    response = claim(anon, villager_id_number, code)

    assert response.status_code == 429
    assert not User.objects.get(pk=villager.user_id).has_login


def test_the_code_expires(anon, api_as, organizer, villager, villager_id_number, settings):
    code = issue(api_as, organizer, villager).json()["code"]

    with time_machine.travel(timezone.now() + dt.timedelta(hours=settings.ACCOUNT_CLAIM_CODE_HOURS, minutes=1)):
        response = claim(anon, villager_id_number, code)

    assert response.status_code == 409 and response.json()["code"] == "claim_expired"
    assert not User.objects.get(pk=villager.user_id).has_login


def test_a_new_code_voids_the_old_one(anon, api_as, organizer, villager, villager_id_number):
    old = issue(api_as, organizer, villager).json()["code"]
    new = issue(api_as, organizer, villager).json()["code"]

    refused = claim(anon, villager_id_number, old) if old != new else None
    accepted = claim(anon, villager_id_number, new)

    assert refused is None or refused.status_code == 409  # the old code is known but expired at once
    assert accepted.status_code == 200


def test_the_mobile_claimed_must_be_free(anon, api_as, organizer, villager, villager_id_number, volunteer):
    code = issue(api_as, organizer, villager).json()["code"]

    response = claim(anon, villager_id_number, code, phone=volunteer.user.phone)

    assert response.status_code == 409 and response.json()["code"] == "duplicate_phone"
    assert User.objects.get(pk=villager.user_id).phone == ""
    assert AccountClaim.objects.get(volunteer=villager).used_at is None  # the code still works with another number


@pytest.mark.parametrize("field, value", [("code", "12ab"), ("phone", "0543-3161234"), ("password", "12345678"),
                                          ("id_number", "371602199005171234")])
def test_bad_fields_are_named(anon, api_as, organizer, villager, villager_id_number, field, value):
    code = issue(api_as, organizer, villager).json()["code"]
    body = {"id_number": villager_id_number, "code": code, "phone": next_phone(), "password": PASSWORD, field: value}

    response = anon.post("/api/v1/account-claims", body)

    assert response.status_code == 400 and list(response.json()["fields"]) == [field]
    assert not User.objects.get(pk=villager.user_id).has_login


# --- who may issue a code -----------------------------------------------------------------------------------

def test_residents_and_volunteers_cannot_issue_codes(api_as, resident, volunteer, villager):
    assert issue(api_as, resident, villager).status_code == 404  # not in their sight
    assert issue(api_as, volunteer.user, villager).status_code == 404
    assert issue(api_as, volunteer.user, volunteer).status_code == 403  # not even for themself
    assert not AccountClaim.objects.exists()


def test_an_organiser_outside_reach_cannot_issue_a_code(api_as, other_organizer, other_county_admin, villager):
    assert issue(api_as, other_organizer, villager).status_code == 404
    assert issue(api_as, other_county_admin, villager).status_code == 404
    assert not AccountClaim.objects.exists()


def test_a_county_admin_in_reach_issues_one(api_as, county_admin, villager):
    assert issue(api_as, county_admin, villager).status_code == 201


def test_no_code_takes_over_an_account_someone_signs_in_to(api_as, organizer, anon, villager,
                                                           villager_id_number):
    self_registered = make_volunteer(VILLAGE)
    claim(anon, villager_id_number, issue(api_as, organizer, villager).json()["code"])

    for target in (self_registered, villager):
        response = issue(api_as, organizer, target)

        assert response.status_code == 409 and response.json()["code"] == "already_claimed"
    assert AccountClaim.objects.count() == 1


# --- the pages ----------------------------------------------------------------------------------------------

def test_the_organisers_page_shows_a_code_once_and_the_person_claims_on_the_claim_page(client, organizer,
                                                                                       villager, villager_id_number):
    client.force_login(organizer)
    listing = client.get("/volunteers/on-behalf/").content.decode()
    page = client.post("/volunteers/on-behalf/", {"volunteer_id": villager.pk}).content.decode()
    code = page.split('letter-spacing:.2em"><strong>')[1][:8]
    client.logout()
    own_mobile = next_phone()

    response = client.post("/register/claim/", {"id_number": villager_id_number, "code": code,
                                                "phone": own_mobile, "password": PASSWORD})

    assert "张桂兰" in listing and "尚未认领" in listing
    assert response.status_code == 302 and response["Location"] == "/me/"
    assert client.get("/me/").status_code == 200
    assert User.objects.get(pk=villager.user_id).phone == own_mobile


def test_the_claim_page_names_the_wrong_field_and_never_echoes_the_id_number(client, villager, villager_id_number):
    response = client.post("/register/claim/", {"id_number": villager_id_number, "code": "00000000",
                                                "phone": next_phone(), "password": PASSWORD})

    assert response.status_code == 400
    assert "身份证号或认领码不正确" in response.content.decode()
    assert villager_id_number not in response.content.decode()


def test_the_organisers_page_is_closed_to_volunteers(client, volunteer):
    client.force_login(volunteer.user)

    assert client.get("/volunteers/on-behalf/").status_code == 403
