import pytest

from volunteerhub.activities import services
from volunteerhub.activities.models import Activity, SignUp
from volunteerhub.activities.selectors import volunteer_busy_ids, waitlist_rank
from volunteerhub.activities.tests.conftest import make_activity
from volunteerhub.conftest import make_volunteer
from volunteerhub.core.errors import ApplicationError
from volunteerhub.notifications.models import Notification


def _counts(activity):
    activity.refresh_from_db()
    return activity.confirmed_count, activity.waitlist_count


def test_it_confirms_while_seats_remain_then_waitlists_in_order(organizer, volunteers):
    activity = make_activity(organizer, capacity=2)
    a, b, c, d = volunteers(4)

    results = [services.activity_sign_up(activity=activity, volunteer=v) for v in (a, b, c, d)]

    assert [s.status for s in results] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert [waitlist_rank(s) for s in results] == [None, None, 1, 2]
    assert _counts(activity) == (2, 2)


def test_it_is_idempotent_when_signing_up_twice(activity, volunteer):
    first = services.activity_sign_up(activity=activity, volunteer=volunteer)
    second = services.activity_sign_up(activity=activity, volunteer=volunteer)

    assert first.pk == second.pk and second.status == "confirmed"
    assert SignUp.objects.filter(activity=activity).count() == 1
    assert _counts(activity) == (1, 0)


def test_cancelling_promotes_the_first_waitlisted_at_once_and_tells_them(organizer, volunteers):
    activity = make_activity(organizer, capacity=1)
    a, b, c = volunteers(3)
    for v in (a, b, c):
        services.activity_sign_up(activity=activity, volunteer=v)

    services.activity_cancel_sign_up(activity=activity, volunteer=a)

    assert SignUp.objects.get(activity=activity, volunteer=b).status == "confirmed"
    c_signup = SignUp.objects.get(activity=activity, volunteer=c)
    assert c_signup.status == "waitlisted" and waitlist_rank(c_signup) == 1
    assert _counts(activity) == (1, 1)
    assert Notification.objects.filter(user=b.user, kind="waitlist_promoted").count() == 1


def test_cancelling_a_waitlisted_place_only_shortens_the_waitlist(organizer, volunteers):
    activity = make_activity(organizer, capacity=1)
    a, b = volunteers(2)
    services.activity_sign_up(activity=activity, volunteer=a)
    services.activity_sign_up(activity=activity, volunteer=b)

    services.activity_cancel_sign_up(activity=activity, volunteer=b)

    assert _counts(activity) == (1, 0)
    assert SignUp.objects.get(activity=activity, volunteer=a).status == "confirmed"


def test_signing_up_again_after_cancelling_takes_a_new_place(organizer, volunteers):
    activity = make_activity(organizer, capacity=1)
    a, b = volunteers(2)
    services.activity_sign_up(activity=activity, volunteer=a)
    services.activity_cancel_sign_up(activity=activity, volunteer=a)
    services.activity_sign_up(activity=activity, volunteer=b)

    again = services.activity_sign_up(activity=activity, volunteer=a)

    assert again.status == "waitlisted"
    assert _counts(activity) == (1, 1)


def test_it_refuses_an_overlapping_confirmed_activity(organizer, volunteer):
    first = make_activity(organizer, title="上午义诊")
    overlapping = make_activity(organizer, title="健康讲座")
    services.activity_sign_up(activity=first, volunteer=volunteer)

    with pytest.raises(ApplicationError) as refused:
        services.activity_sign_up(activity=overlapping, volunteer=volunteer)

    assert refused.value.code == "overlapping_activity"
    assert not SignUp.objects.filter(activity=overlapping).exists()
    assert _counts(overlapping) == (0, 0)


def test_it_refuses_a_volunteer_without_the_required_qualification(organizer, volunteer, team):
    counselling = make_activity(organizer, kind="counselling", quals=["counsellor"])

    with pytest.raises(ApplicationError) as refused:
        services.activity_sign_up(activity=counselling, volunteer=volunteer)

    assert refused.value.code == "qualification_required" and refused.value.status == 403
    assert not SignUp.objects.filter(activity=counselling).exists()
    qualified = make_volunteer("371602001001", team=team, qualifications=["counsellor"])
    assert services.activity_sign_up(activity=counselling, volunteer=qualified).status == "confirmed"


def test_it_refuses_sign_up_for_a_draft(organizer, volunteer):
    draft = make_activity(organizer, publish=False)

    with pytest.raises(ApplicationError) as refused:
        services.activity_sign_up(activity=draft, volunteer=volunteer)

    assert refused.value.code == "not_open"
    assert _counts(draft) == (0, 0)


def test_raising_capacity_promotes_the_waitlist(organizer, volunteers):
    activity = make_activity(organizer, capacity=1)
    a, b = volunteers(2)
    services.activity_sign_up(activity=activity, volunteer=a)
    services.activity_sign_up(activity=activity, volunteer=b)

    services.activity_update(activity=activity, user=organizer, changes={"capacity": 2})

    assert _counts(activity) == (2, 0)
    assert SignUp.objects.get(activity=activity, volunteer=b).status == "confirmed"


def test_lowering_capacity_below_the_confirmed_is_refused(organizer, volunteers):
    activity = make_activity(organizer, capacity=2)
    for v in volunteers(2):
        services.activity_sign_up(activity=activity, volunteer=v)

    with pytest.raises(ApplicationError):
        services.activity_update(activity=activity, user=organizer, changes={"capacity": 1})

    activity.refresh_from_db()
    assert activity.capacity == 2


def test_promotion_skips_someone_now_busy_elsewhere(organizer, volunteers):
    full = make_activity(organizer, capacity=1, title="满员活动")
    other = make_activity(organizer, capacity=5, title="同时段活动")
    a, b, c = volunteers(3)
    services.activity_sign_up(activity=full, volunteer=a)
    services.activity_sign_up(activity=full, volunteer=b)
    services.activity_sign_up(activity=full, volunteer=c)
    services.activity_sign_up(activity=other, volunteer=b)  # b is now confirmed at the same time

    services.activity_cancel_sign_up(activity=full, volunteer=a)

    assert SignUp.objects.get(activity=full, volunteer=b).status == "waitlisted"
    assert SignUp.objects.get(activity=full, volunteer=c).status == "confirmed"


def test_busy_ids_lists_volunteers_confirmed_for_overlapping_activities(organizer, volunteers):
    activity = make_activity(organizer)
    a, b = volunteers(2)
    services.activity_sign_up(activity=activity, volunteer=a)

    busy = volunteer_busy_ids(starts_at=activity.starts_at, ends_at=activity.ends_at)
    later = volunteer_busy_ids(starts_at=activity.ends_at, ends_at=activity.ends_at + (activity.ends_at - activity.starts_at))

    assert busy == {a.pk}
    assert later == set()


def test_recurring_activities_generate_weekly_occurrences(organizer):
    first = make_activity(organizer, publish=False, repeat_weeks=3, title="每周义诊")

    series = Activity.objects.filter(series=first).order_by("starts_at")
    assert series.count() == 3
    assert [(s.starts_at - first.starts_at).days for s in series] == [7, 14, 21]


def test_cancelling_the_activity_tells_the_roster(activity, volunteer, organizer):
    services.activity_sign_up(activity=activity, volunteer=volunteer)

    services.activity_cancel(activity=activity, user=organizer, reason="天气原因")

    assert Notification.objects.filter(user=volunteer.user, kind="activity_cancelled").exists()
