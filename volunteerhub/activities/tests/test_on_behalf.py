"""A villager without a phone, registered by an organiser with the village clinic's phone, is signed up for an
activity of the organiser's team and checked in and out by hand; the hours reach the ledger like anyone's."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from volunteerhub.activities.models import CheckEvent, SignUp
from volunteerhub.activities.services import activity_sign_up_on_behalf
from volunteerhub.activities.tests.conftest import make_activity
from volunteerhub.audit.models import AuditEvent
from volunteerhub.conftest import colleague_of, next_id_number
from volunteerhub.core.errors import PermissionDenied
from volunteerhub.hours.models import LedgerEntry, VolunteerHours
from volunteerhub.volunteers.services import volunteer_register

CLINIC_PHONE = "0543-3161234"
VILLAGE = "371602001001"


def register_villager(by, *, name="张桂兰", region_code=VILLAGE, contact_phone=CLINIC_PHONE):
    return volunteer_register(name=name, id_number=next_id_number(), phone="", region_code=region_code,
                              contact_phone=contact_phone, contact_name="村卫生室", registered_by=by,
                              team=by.team)


@pytest.fixture
def villager(organizer):
    return register_villager(organizer)


def sign_up(api_as, who, activity, volunteer):
    return api_as(who).post(f"/api/v1/activities/{activity.pk}/roster", {"volunteer_id": volunteer.pk})


def test_the_organiser_signs_up_checks_in_and_out_a_villager_registered_with_the_clinic_phone(
        api_as, organizer, villager):
    activity = make_activity(organizer, starts_in=dt.timedelta(hours=1), hours=3)
    client = api_as(organizer)

    signed = sign_up(api_as, organizer, activity, villager)
    signup_id = signed.json()["signup_id"]
    with time_machine.travel(activity.starts_at + dt.timedelta(minutes=5), tick=False):
        checked_in = client.post(f"/api/v1/activities/{activity.pk}/roster/{signup_id}/checkin",
                                 {"reason": "本人无手机，由组织者签到"})
    with time_machine.travel(activity.starts_at + dt.timedelta(hours=2, minutes=5), tick=False):
        checked_out = client.post(f"/api/v1/activities/{activity.pk}/roster/{signup_id}/checkout",
                                  {"reason": "本人无手机，由组织者签退"})

    assert signed.status_code == 201, signed.json()
    assert signed.json()["status"] == "confirmed" and signed.json()["volunteer_id"] == villager.pk
    assert checked_in.status_code == 200 and checked_out.status_code == 200, checked_out.json()
    signup = SignUp.objects.get(pk=signup_id)
    assert signup.checkin_method == "manual" and signup.checked_out_at is not None
    assert list(CheckEvent.objects.filter(signup=signup).values_list("by", flat=True)) == [organizer.pk] * 2
    entry = LedgerEntry.objects.get(signup=signup)
    assert entry.volunteer == villager and entry.author == organizer and entry.minutes == 120
    audited = AuditEvent.objects.filter(target_id__in=[str(activity.pk), str(signup_id)]) \
        .values_list("action", "actor_id")
    assert {("sign_up_on_behalf", organizer.pk), ("manual_check_in", organizer.pk),
            ("manual_check_out", organizer.pk)} <= set(audited)


def test_the_villagers_hours_are_approved_by_someone_else_and_counted(api_as, organizer, villager):
    activity = make_activity(organizer, starts_in=dt.timedelta(hours=1), hours=3)
    signup_id = sign_up(api_as, organizer, activity, villager).json()["signup_id"]
    client = api_as(organizer)
    with time_machine.travel(activity.starts_at + dt.timedelta(minutes=5), tick=False):
        client.post(f"/api/v1/activities/{activity.pk}/roster/{signup_id}/checkin", {"reason": "代为签到"})
    with time_machine.travel(activity.starts_at + dt.timedelta(hours=2, minutes=5), tick=False):
        entry_id = client.post(f"/api/v1/activities/{activity.pk}/roster/{signup_id}/checkout",
                               {"reason": "代为签退"}).json()["ledger_entry_id"]

    own = client.post(f"/api/v1/hours/entries/{entry_id}/approve", {"note": ""})
    approved = api_as(colleague_of(organizer)).post(f"/api/v1/hours/entries/{entry_id}/approve", {"note": ""})

    assert own.status_code == 403 and own.json()["code"] == "own_entry"
    assert approved.status_code == 200, approved.json()
    assert VolunteerHours.objects.get(volunteer=villager).approved_hours == Decimal("2.00")


def test_two_villagers_sharing_the_clinic_phone_are_both_signed_up(api_as, organizer, villager):
    neighbour = register_villager(organizer, name="李秀英")
    activity = make_activity(organizer)

    answers = [sign_up(api_as, organizer, activity, v).status_code for v in (villager, neighbour)]

    assert answers == [201, 201]
    assert SignUp.objects.filter(activity=activity, status="confirmed").count() == 2
    activity.refresh_from_db()
    assert activity.confirmed_count == 2


def test_signing_up_on_behalf_follows_the_same_rules_as_oneself(api_as, organizer, villager):
    full = make_activity(organizer, capacity=1)
    sign_up(api_as, organizer, full, register_villager(organizer, name="王玉珍"))
    draft = make_activity(organizer, publish=False)

    waitlisted = sign_up(api_as, organizer, full, villager)
    not_open = sign_up(api_as, organizer, draft, villager)

    assert waitlisted.status_code == 201 and waitlisted.json()["status"] == "waitlisted"
    assert not_open.status_code == 409 and not SignUp.objects.filter(activity=draft).exists()


def test_asking_twice_gives_the_same_place(api_as, organizer, villager, activity):
    first = sign_up(api_as, organizer, activity, villager).json()
    second = sign_up(api_as, organizer, activity, villager).json()

    assert first["signup_id"] == second["signup_id"]
    assert SignUp.objects.filter(activity=activity).count() == 1


# --- attacks ------------------------------------------------------------------------------------------------

def test_residents_and_volunteers_cannot_sign_anyone_up(api_as, resident, volunteer, villager, activity):
    for who in (resident, volunteer.user):
        response = sign_up(api_as, who, activity, villager)

        assert response.status_code == 403
    assert not SignUp.objects.exists()
    assert not AuditEvent.objects.filter(action="sign_up_on_behalf").exists()


def test_an_organiser_of_another_team_cannot_sign_up_for_this_activity(api_as, other_organizer, villager, activity):
    response = sign_up(api_as, other_organizer, activity, villager)

    assert response.status_code == 403
    assert not SignUp.objects.exists()


def test_an_organiser_cannot_sign_up_people_outside_reach(api_as, organizer, county_admin, activity):
    across_the_county = register_villager(county_admin, region_code="371602002001")  # 市西街道, not the team's

    response = sign_up(api_as, organizer, activity, across_the_county)

    assert response.status_code == 404  # not in the organiser's sight at all
    assert not SignUp.objects.exists()


def test_the_service_refuses_people_outside_reach_however_they_were_found(organizer, county_admin, activity):
    across_the_county = register_villager(county_admin, region_code="371602002001")

    with pytest.raises(PermissionDenied):
        activity_sign_up_on_behalf(activity=activity, volunteer=across_the_county, by=organizer)
    assert not SignUp.objects.exists()


def test_a_volunteer_who_registered_themself_signs_up_themself(api_as, organizer, volunteer, activity):
    response = sign_up(api_as, organizer, activity, volunteer)

    assert response.status_code == 403 and response.json()["code"] == "signs_up_themself"
    assert not SignUp.objects.exists()


def test_a_county_admin_in_reach_may_sign_up_a_villager(api_as, county_admin, villager, activity):
    assert sign_up(api_as, county_admin, activity, villager).status_code == 201


def test_an_admin_of_another_county_may_not(api_as, other_county_admin, villager, activity):
    assert sign_up(api_as, other_county_admin, activity, villager).status_code in (403, 404)
    assert not SignUp.objects.exists()


# --- the pages ----------------------------------------------------------------------------------------------

def test_the_manage_page_leads_to_signing_up_on_behalf_and_the_roster_offers_check_in(client, organizer, villager,
                                                                                      activity):
    client.force_login(organizer)
    manage = client.get(f"/activities/{activity.pk}/manage/").content.decode()
    listing = client.get(f"/activities/{activity.pk}/manage/on-behalf/").content.decode()

    posted = client.post(f"/activities/{activity.pk}/manage/on-behalf/", {"volunteer_id": villager.pk})
    after = client.get(f"/activities/{activity.pk}/manage/").content.decode()

    assert 'id="sign-up-on-behalf"' in manage
    assert "张桂兰" in listing and "0543-***1234" in listing
    assert posted.status_code == 302
    assert SignUp.objects.get(activity=activity, volunteer=villager).status == "confirmed"
    assert "张桂兰" in after and 'value="checkin"' in after


def test_the_page_offers_only_people_in_reach_registered_on_their_behalf(client, organizer, county_admin, volunteer,
                                                                         villager, activity):
    register_villager(county_admin, name="赵外乡", region_code="371602002001")
    client.force_login(organizer)

    listing = client.get(f"/activities/{activity.pk}/manage/on-behalf/").content.decode()

    assert "张桂兰" in listing
    assert "赵外乡" not in listing and volunteer.name not in listing


def test_the_page_is_closed_to_a_volunteer(client, volunteer, villager, activity):
    client.force_login(volunteer.user)

    assert client.get(f"/activities/{activity.pk}/manage/on-behalf/").status_code == 403
    assert client.post(f"/activities/{activity.pk}/manage/on-behalf/",
                       {"volunteer_id": villager.pk}).status_code == 403
    assert not SignUp.objects.exists()

