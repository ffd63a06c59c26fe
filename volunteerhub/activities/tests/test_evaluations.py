"""Evaluations are part of the service record: given on the finish page and through the API, changeable by the
organiser for EVALUATION_EDIT_DAYS after finishing (each change audited), never silently dropped."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from volunteerhub.activities import services
from volunteerhub.activities.models import SignUp
from volunteerhub.activities.tests.conftest import make_activity
from volunteerhub.audit.models import AuditEvent
from volunteerhub.core.errors import ApplicationError


@pytest.fixture
def served(organizer, volunteers):
    """A past activity two volunteers served at (checked in by hand), a third signed up but never came."""
    activity = make_activity(organizer, starts_in=dt.timedelta(hours=-4), hours=3)
    signups = []
    with time_machine.travel(activity.starts_at - dt.timedelta(hours=1), tick=False):
        for v in volunteers(3):
            signups.append(services.activity_sign_up(activity=activity, volunteer=v))
    for s in signups[:2]:
        services.signup_check_in_manually(signup=s, user=organizer, reason="现场登记",
                                          at=activity.starts_at + dt.timedelta(minutes=5))
    return activity, signups


def page_as(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    return client


def test_the_finish_page_records_ratings_with_who_and_when(organizer, served):
    activity, (first, second, _) = served

    page_as(organizer).post(f"/activities/{activity.pk}/manage/", {
        "action": "finish", "people_served": "60", f"rating_{first.pk}": "5", f"note_{first.pk}": "认真负责",
        f"rating_{second.pk}": "", f"note_{second.pk}": ""})

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.rating, first.rating_note, first.rated_by) == (5, "认真负责", organizer)
    assert first.rated_at is not None and second.rating is None
    activity.refresh_from_db()
    assert activity.status == "finished" and activity.people_served == 60


def test_the_finish_page_offers_a_rating_for_each_volunteer_who_served(organizer, served):
    activity, (first, second, absent) = served

    html = page_as(organizer).get(f"/activities/{activity.pk}/manage/").content.decode()

    assert f'name="rating_{first.pk}"' in html and f'name="rating_{second.pk}"' in html
    assert f'name="rating_{absent.pk}"' not in html


def test_a_second_finish_call_with_ratings_records_them_in_the_window(api_as, organizer, served):
    activity, (first, second, _) = served
    api = api_as(organizer)
    assert api.post(f"/api/v1/activities/{activity.pk}/finish", {"people_served": 60}).status_code == 200

    again = api.post(f"/api/v1/activities/{activity.pk}/finish", {
        "people_served": 60, "ratings": [{"signup_id": second.pk, "rating": 4, "note": "耐心"}]})

    assert again.status_code == 200
    second.refresh_from_db()
    assert (second.rating, second.rating_note) == (4, "耐心")


def test_after_the_window_a_rating_is_refused_with_409_not_dropped(api_as, organizer, served, settings):
    activity, (first, _, _) = served
    services.activity_finish(activity=activity, user=organizer, people_served=60, ratings={first.pk: (5, "")})
    later = timezone.now() + dt.timedelta(days=settings.EVALUATION_EDIT_DAYS, hours=1)

    with time_machine.travel(later, tick=False):
        finish = api_as(organizer).post(f"/api/v1/activities/{activity.pk}/finish", {
            "people_served": 60, "ratings": [{"signup_id": first.pk, "rating": 2}]})
        rate = api_as(organizer).post(f"/api/v1/activities/{activity.pk}/ratings",
                                      {"ratings": [{"signup_id": first.pk, "rating": 2}]})

    assert finish.status_code == rate.status_code == 409
    assert finish.json()["code"] == "evaluation_closed" and "ratings" in finish.json()["fields"]
    assert SignUp.objects.get(pk=first.pk).rating == 5


def test_the_organiser_changes_an_evaluation_within_the_window_and_each_change_is_audited(api_as, organizer, served):
    activity, (first, _, _) = served
    services.activity_finish(activity=activity, user=organizer, people_served=60, ratings={first.pk: (3, "一般")})

    with time_machine.travel(timezone.now() + dt.timedelta(days=6), tick=False):
        answer = api_as(organizer).post(f"/api/v1/activities/{activity.pk}/ratings",
                                        {"ratings": [{"signup_id": first.pk, "rating": 5, "note": "复核后改为优秀"}]})

    assert answer.status_code == 200 and answer.json()["changed"] == 1
    assert SignUp.objects.get(pk=first.pk).rating == 5
    events = list(AuditEvent.objects.filter(target_type="signup", target_id=str(first.pk),
                                            action__startswith="rate").order_by("pk"))
    assert [(e.action, e.changes["rating"]) for e in events] == [("rate", [None, 3]), ("rate_change", [3, 5])]


def test_ratings_before_finishing_are_refused(api_as, organizer, served):
    activity, (first, _, _) = served

    answer = api_as(organizer).post(f"/api/v1/activities/{activity.pk}/ratings",
                                    {"ratings": [{"signup_id": first.pk, "rating": 5}]})

    assert answer.status_code == 409 and answer.json()["code"] == "not_finished"
    assert SignUp.objects.get(pk=first.pk).rating is None


def test_a_rating_of_someone_who_did_not_serve_here_names_the_field_and_keeps_nothing(organizer, served):
    activity, (first, _, absent) = served

    with pytest.raises(ApplicationError) as refused:
        services.activity_finish(activity=activity, user=organizer, people_served=60,
                                 ratings={first.pk: (5, ""), absent.pk: (4, "")})

    assert refused.value.status == 400 and list(refused.value.fields) == ["ratings.1.signup_id"]
    activity.refresh_from_db()
    assert activity.status == "published" and SignUp.objects.get(pk=first.pk).rating is None


def test_a_rating_out_of_range_is_a_400_naming_the_field(api_as, organizer, served):
    activity, (first, _, _) = served
    services.activity_finish(activity=activity, user=organizer, people_served=60)

    answer = api_as(organizer).post(f"/api/v1/activities/{activity.pk}/ratings",
                                    {"ratings": [{"signup_id": first.pk, "rating": 9}]})

    assert answer.status_code == 400 and SignUp.objects.get(pk=first.pk).rating is None
