"""Sending a call, answering it in arrival order until full, releasing the rest, and the second message."""

import datetime as dt

import pytest
from django.utils import timezone

from volunteerhub.activities.tests.conftest import make_activity
from volunteerhub.activities import services as activities
from volunteerhub.audit.models import AuditEvent
from volunteerhub.callouts import selectors, services
from volunteerhub.callouts.models import CallOut, Recipient
from volunteerhub.callouts.tests.conftest import bulk_volunteers, make_callout
from volunteerhub.conftest import make_volunteer
from volunteerhub.core.errors import Conflict, NotFound, PermissionDenied
from volunteerhub.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_it_sends_to_the_filtered_pool_only(organizer, team):
    nurse = make_volunteer("371602001001", qualifications=["nurse"], team=team)
    unverified = make_volunteer("371602001001", qualifications=["nurse"], verified=False)
    make_volunteer("371681001213", qualifications=["nurse"])  # 邹平市: outside the call's region
    booked = make_volunteer("371602001001", qualifications=["nurse"], team=team)
    activity = make_activity(organizer, starts_in=dt.timedelta(hours=3))
    activities.activity_sign_up(activity=activity, volunteer=booked)
    callout = make_callout(organizer, qualification_code="nurse")

    services.callout_send(callout=callout, user=organizer)

    assert set(Recipient.objects.filter(callout=callout).values_list("volunteer_id", flat=True)) == {nurse.pk}
    assert not Recipient.objects.filter(volunteer__in=[unverified, booked]).exists()
    message = Notification.objects.get(user=nurse.user, kind="callout")
    assert message.urgent and message.link == f"/callouts/{callout.pk}/answer/"


def test_it_keeps_to_the_star_level(organizer, team):
    from volunteerhub.hours.models import VolunteerHours

    star, plain = make_volunteer(team=team), make_volunteer(team=team)
    VolunteerHours.objects.create(volunteer=star, approved_hours=120, star_level=1)
    callout = make_callout(organizer, min_star_level=1)
    assert list(selectors.pool_for(callout=callout)) == [star]
    assert plain not in selectors.pool_for(callout=callout)


def test_a_sent_call_cannot_be_edited_only_closed(organizer, team):
    make_volunteer(team=team)
    callout = services.callout_send(callout=make_callout(organizer), user=organizer)

    with pytest.raises(Conflict):
        services.callout_update(callout=callout, user=organizer, changes={"needed": 99, "title": "改过的标题"})

    callout.refresh_from_db()
    assert (callout.needed, callout.title) == (3, "暴雨转移安置点医疗保障")
    assert services.callout_close(callout=callout, user=organizer).status == CallOut.Status.CLOSED


def test_a_draft_is_edited(organizer):
    callout = services.callout_update(callout=make_callout(organizer), user=organizer, changes={"needed": 5})
    assert callout.needed == 5


def test_it_refuses_a_call_out_of_reach_and_to_volunteers(organizer, volunteer):
    with pytest.raises(PermissionDenied):
        make_callout(organizer, region_code="371602002")
    with pytest.raises(PermissionDenied):
        make_callout(volunteer.user)
    assert not CallOut.objects.exists()


def test_answers_fill_places_in_order_then_the_rest_are_thanked_and_released(organizer, team,
                                                                                django_capture_on_commit_callbacks):
    people = bulk_volunteers(5, team=team)
    callout = services.callout_send(callout=make_callout(organizer, needed=2), user=organizer)

    with django_capture_on_commit_callbacks(execute=True):
        first = services.callout_answer(callout_id=callout.pk, volunteer=people[0], answer="yes")
        declined = services.callout_answer(callout_id=callout.pk, volunteer=people[1], answer="no")
        later = services.callout_answer(callout_id=callout.pk, volunteer=people[2], answer="later",
                                        available_from=dt.time(14, 30))
        too_late = services.callout_answer(callout_id=callout.pk, volunteer=people[3], answer="yes")

    assert [first.outcome, declined.outcome, later.outcome, too_late.outcome] == [
        "deployed", "released", "deployed", "released"]
    assert list(selectors.roster(callout=callout).values_list("volunteer_id", flat=True)) == [people[0].pk, people[2].pk]
    assert Recipient.objects.get(volunteer=people[4]).outcome == "released"  # never answered: released at once
    assert Notification.objects.filter(user=people[4].user, kind="callout_released").exists()
    assert Notification.objects.filter(user=people[3].user, kind="callout_released").exists()
    counts = selectors.callout_counts(callout=CallOut.objects.get(pk=callout.pk))
    assert (counts["sent"], counts["answered"], counts["deployed"]) == (5, 4, 2)


def test_the_first_answer_stands(organizer, team):
    person = bulk_volunteers(1, team=team)[0]
    callout = services.callout_send(callout=make_callout(organizer), user=organizer)
    services.callout_answer(callout_id=callout.pk, volunteer=person, answer="no")
    again = services.callout_answer(callout_id=callout.pk, volunteer=person, answer="yes")
    assert (again.answer, again.outcome) == ("no", "released")
    assert CallOut.objects.get(pk=callout.pk).deployed_count == 0


def test_someone_not_in_the_pool_cannot_answer(organizer, team):
    bulk_volunteers(1, team=team)
    outsider = make_volunteer("371681001213")
    callout = services.callout_send(callout=make_callout(organizer), user=organizer)
    with pytest.raises(NotFound):
        services.callout_answer(callout_id=callout.pk, volunteer=outsider, answer="yes")
    assert CallOut.objects.get(pk=callout.pk).deployed_count == 0


def test_the_second_message_goes_only_to_those_who_did_not_answer_and_once(organizer, team):
    quiet, yes, no = bulk_volunteers(3, team=team)
    callout = services.callout_send(callout=make_callout(organizer, needed=2, remind_after_minutes=30), user=organizer)
    services.callout_answer(callout_id=callout.pk, volunteer=yes, answer="yes")
    services.callout_answer(callout_id=callout.pk, volunteer=no, answer="no")

    assert services.callouts_remind(now=timezone.now() + dt.timedelta(minutes=10))["callouts_reminded"] == 0
    later = timezone.now() + dt.timedelta(minutes=31)
    assert services.callouts_remind(now=later)["callouts_reminded"] == 1
    assert services.callouts_remind(now=later)["callouts_reminded"] == 0  # idempotent

    reminded = set(Notification.objects.filter(kind="callout_reminder").values_list("user_id", flat=True))
    assert reminded == {quiet.user_id}
    assert AuditEvent.objects.filter(action="callout_remind").count() == 1


def test_closing_releases_those_not_deployed(organizer, team):
    people = bulk_volunteers(3, team=team)
    callout = services.callout_send(callout=make_callout(organizer), user=organizer)
    services.callout_answer(callout_id=callout.pk, volunteer=people[0], answer="yes")
    services.callout_close(callout=callout, user=organizer)
    with pytest.raises(Conflict):
        services.callout_answer(callout_id=callout.pk, volunteer=people[1], answer="yes")
    services.callouts_remind(now=timezone.now())  # the safety net releases whoever is left
    outcomes = dict(Recipient.objects.values_list("volunteer_id", "outcome"))
    assert outcomes == {people[0].pk: "deployed", people[1].pk: "released", people[2].pk: "released"}


@pytest.mark.parametrize("text, parsed", [("1", ("yes", None)), ("是", ("yes", None)), ("y", ("yes", None)),
                                          ("2", ("no", None)), ("否", ("no", None)), ("N", ("no", None)),
                                          ("稍后 14:30", ("later", dt.time(14, 30))), ("9:05", ("later", dt.time(9, 5))),
                                          ("你好", None), ("", None)])
def test_sms_keywords(text, parsed):
    assert services.parse_sms_answer(text) == parsed


def test_a_credential_expired_on_the_day_keeps_one_out_of_the_pool(organizer, team):
    from volunteerhub.volunteers.models import VolunteerQualification

    valid, expiring = (make_volunteer(qualifications=["nurse"], team=team) for _ in range(2))
    callout = make_callout(organizer, qualification_code="nurse", starts_in=dt.timedelta(days=3))
    VolunteerQualification.objects.filter(volunteer=expiring).update(
        valid_until=timezone.localdate(callout.starts_at) - dt.timedelta(days=1))
    assert list(selectors.pool_for(callout=callout)) == [valid]
