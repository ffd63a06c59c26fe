"""When a published activity moves, everyone on its roster is told and reminders follow the new time."""

import datetime as dt

from volunteerhub.activities import services
from volunteerhub.notifications.models import Notification


def test_moving_a_published_activity_tells_the_roster(organizer, activity, volunteers):
    first, second = volunteers(2)
    services.activity_sign_up(activity=activity, volunteer=first)
    services.activity_sign_up(activity=activity, volunteer=second)

    services.activity_update(activity=activity, user=organizer, changes={
        "starts_at": activity.starts_at + dt.timedelta(hours=1), "ends_at": activity.ends_at + dt.timedelta(hours=1)})

    told = set(Notification.objects.filter(kind="activity_changed").values_list("user_id", flat=True))
    assert told == {first.user_id, second.user_id}


def test_a_new_title_alone_sends_nothing(organizer, activity, volunteers):
    services.activity_sign_up(activity=activity, volunteer=volunteers(1)[0])

    services.activity_update(activity=activity, user=organizer, changes={"title": "社区义诊（第二场）"})

    assert not Notification.objects.filter(kind="activity_changed").exists()
