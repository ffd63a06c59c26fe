"""A gated activity opens only to credentials verified and still valid on the day of service; the scheduled job
reminds before expiry and, on expiry, takes the volunteer off future gated sign-ups (not off the past record)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from volunteerhub.activities import services
from volunteerhub.activities.credential_expiry import credentials_remind_and_expire
from volunteerhub.activities.models import SignUp
from volunteerhub.activities.tests.conftest import make_activity
from volunteerhub.audit.models import AuditEvent
from volunteerhub.conftest import make_volunteer
from volunteerhub.core.errors import PermissionDenied
from volunteerhub.notifications.models import Notification
from volunteerhub.volunteers.models import VolunteerQualification

pytestmark = pytest.mark.django_db
MORNING = dt.datetime(2027, 3, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def march_first():
    with time_machine.travel(MORNING, tick=False):
        yield


def _nurse(team, valid_until):
    nurse = make_volunteer(team=team, qualifications=["nurse"])
    VolunteerQualification.objects.filter(volunteer=nurse).update(valid_until=valid_until, number="护士110")
    return nurse


def test_it_accepts_a_sign_up_on_the_last_day_the_credential_is_valid(organizer, team):
    clinic = make_activity(organizer, quals=["nurse"], starts_in=dt.timedelta(days=10))  # 11 March, 09:00-12:00
    nurse = _nurse(team, dt.date(2027, 3, 11))

    assert services.activity_sign_up(activity=clinic, volunteer=nurse).status == "confirmed"


def test_it_refuses_a_sign_up_when_the_credential_has_expired_on_the_day_of_service(organizer, team):
    clinic = make_activity(organizer, quals=["nurse"], starts_in=dt.timedelta(days=10))
    nurse = _nurse(team, dt.date(2027, 3, 10))  # valid today, expired by the 11th

    with pytest.raises(PermissionDenied) as refused:
        services.activity_sign_up(activity=clinic, volunteer=nurse)

    assert refused.value.code == "qualification_required"
    assert not SignUp.objects.filter(activity=clinic).exists()


def test_a_rejected_or_unverified_credential_opens_nothing(organizer, team):
    clinic = make_activity(organizer, quals=["nurse"])
    nurse = make_volunteer(team=team, qualifications=["nurse"], verified=False)

    with pytest.raises(PermissionDenied):
        services.activity_sign_up(activity=clinic, volunteer=nurse)


def test_the_job_reminds_once_before_expiry(settings, team):
    settings.CREDENTIAL_REMIND_DAYS_BEFORE = 30
    soon = _nurse(team, dt.date(2027, 3, 20))
    _nurse(team, dt.date(2027, 6, 1))  # not yet

    first = credentials_remind_and_expire()
    again = credentials_remind_and_expire()

    assert first["credentials_reminded"] == 1 and again["credentials_reminded"] == 0
    reminders = Notification.objects.filter(kind="credential_expiring")
    assert [n.user_id for n in reminders] == [soon.user_id]
    assert "2027-03-20" in reminders.get().body


def test_a_renewed_credential_is_reminded_of_again(settings, team):
    nurse = _nurse(team, dt.date(2027, 3, 20))
    credentials_remind_and_expire()
    VolunteerQualification.objects.filter(volunteer=nurse).update(valid_until=dt.date(2027, 3, 25))

    assert credentials_remind_and_expire()["credentials_reminded"] == 1


def test_on_expiry_the_job_cancels_future_gated_sign_ups_only_and_says_why(organizer, team, volunteers):
    nurse = _nurse(team, None)
    clinic = make_activity(organizer, quals=["nurse"], capacity=1, starts_in=dt.timedelta(days=5), title="周末义诊")
    talk = make_activity(organizer, starts_in=dt.timedelta(days=6), title="健康讲座")  # needs no credential
    past = make_activity(organizer, quals=["nurse"], starts_in=dt.timedelta(days=-3), title="上周义诊")
    for activity in (clinic, talk):
        services.activity_sign_up(activity=activity, volunteer=nurse)
    SignUp.objects.create(activity=past, volunteer=nurse, status=SignUp.Status.CONFIRMED)
    (waiting,) = volunteers(1, qualifications=["nurse"])
    services.activity_sign_up(activity=clinic, volunteer=waiting)
    VolunteerQualification.objects.filter(volunteer=nurse).update(valid_until=dt.date(2027, 2, 28))  # yesterday

    first = credentials_remind_and_expire()
    again = credentials_remind_and_expire()

    assert first["credential_sign_ups_cancelled"] == 1 and again["credential_sign_ups_cancelled"] == 0
    status = dict(SignUp.objects.filter(volunteer=nurse).values_list("activity__title", "status"))
    assert status == {"周末义诊": "cancelled", "健康讲座": "confirmed", "上周义诊": "confirmed"}
    assert SignUp.objects.get(activity=clinic, volunteer=waiting).status == "confirmed"  # the seat went on
    told = Notification.objects.get(user=nurse.user, kind="credential_expired")
    assert "周末义诊" in told.body and "2027-02-28" in told.body
    assert AuditEvent.objects.filter(action="credential_expired", target_id=str(nurse.pk)).count() == 1
