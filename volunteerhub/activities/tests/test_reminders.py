"""Reminders 24 h and 2 h before an activity, on a frozen clock, each sent once."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from volunteerhub.activities import reminders
from volunteerhub.activities import services as activity_services
from volunteerhub.activities.models import ActivityReminder
from volunteerhub.activities.tests.conftest import make_activity
from volunteerhub.conftest import make_volunteer
from volunteerhub.core.scheduler import scheduler_tick
from volunteerhub.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def roster(organizer, team):
    """An activity for two seats starting in three days: two confirmed, one waitlisted, one who cancelled."""
    activity = make_activity(organizer, capacity=2, starts_in=dt.timedelta(days=3), title="社区义诊")
    people = [make_volunteer("371602001001", team=team, name=f"志愿者{i}") for i in range(4)]
    for v in people:
        activity_services.activity_sign_up(activity=activity, volunteer=v)
    activity_services.activity_cancel_sign_up(activity=activity, volunteer=people[0])  # people[2] moves up
    Notification.objects.all().delete()
    return activity, people


def reminders_of(user):
    return list(Notification.objects.filter(user=user, kind="activity_reminder").values_list("title", flat=True))


def tick(moment, runs=1):
    """The scheduler at `moment`; each queued reminder is then sent (as the worker would)."""
    with time_machine.travel(moment, tick=False):
        for _ in range(runs):
            reminders.reminders_enqueue_due()
        for reminder in ActivityReminder.objects.filter(status="queued"):
            reminders.activity_reminder_send(reminder_id=reminder.pk)
            reminders.activity_reminder_send(reminder_id=reminder.pk)  # a retried task: nothing more


def test_it_reminds_24_hours_and_2_hours_before_the_start_once_each(roster, settings):
    settings.REMINDER_HOURS_BEFORE = [24, 2]
    activity, people = roster
    start = activity.starts_at
    confirmed = people[1]

    tick(start - dt.timedelta(hours=24, seconds=1))
    assert reminders_of(confirmed.user) == []

    tick(start - dt.timedelta(hours=24), runs=3)
    tick(start - dt.timedelta(hours=23))
    assert reminders_of(confirmed.user) == ["活动提醒：社区义诊（24小时后开始）"]

    tick(start - dt.timedelta(hours=2, seconds=1))
    assert len(reminders_of(confirmed.user)) == 1

    tick(start - dt.timedelta(hours=2))
    tick(start - dt.timedelta(minutes=1))
    tick(start + dt.timedelta(minutes=1))
    assert reminders_of(confirmed.user) == ["活动提醒：社区义诊（2小时后开始）", "活动提醒：社区义诊（24小时后开始）"]


def test_only_the_confirmed_are_reminded(roster):
    activity, (cancelled, confirmed, promoted, waitlisted) = roster

    tick(activity.starts_at - dt.timedelta(hours=1))

    assert [len(reminders_of(v.user)) for v in (cancelled, confirmed, promoted, waitlisted)] == [0, 1, 1, 0]
    reminder = ActivityReminder.objects.get(activity=activity)
    assert (reminder.status, reminder.recipients) == ("sent", 2)


def test_an_activity_published_late_gets_only_the_nearest_reminder(roster, settings):
    settings.REMINDER_HOURS_BEFORE = [24, 2]
    activity, people = roster

    tick(activity.starts_at - dt.timedelta(hours=1))

    assert reminders_of(people[1].user) == ["活动提醒：社区义诊（1小时后开始）"]  # the time left, not the lead
    assert list(ActivityReminder.objects.values_list("hours_before", flat=True)) == [2]


def test_the_reminder_body_says_when_and_where(roster):
    activity, people = roster
    tick(activity.starts_at - dt.timedelta(hours=20))

    n = Notification.objects.get(user=people[1].user, kind="activity_reminder")
    start = timezone.localtime(activity.starts_at)
    assert n.body.startswith(f"时间：{start:%m月%d日 %H:%M}\n地点：市中街道社区卫生服务中心")
    assert n.link == f"/activities/{activity.pk}/" and not n.urgent


def test_the_last_reminder_is_urgent_so_quiet_hours_do_not_hold_it(roster, settings):
    settings.REMINDER_HOURS_BEFORE = [24, 2]
    activity, people = roster
    tick(activity.starts_at - dt.timedelta(hours=2))

    assert Notification.objects.get(user=people[1].user, kind="activity_reminder").urgent


def test_a_cancelled_activity_is_not_reminded(roster, organizer):
    activity, people = roster
    with time_machine.travel(activity.starts_at - dt.timedelta(hours=25), tick=False):
        activity_services.activity_cancel(activity=activity, user=organizer, reason="天气原因")

    tick(activity.starts_at - dt.timedelta(hours=1))

    assert reminders_of(people[1].user) == [] and not ActivityReminder.objects.exists()


def test_a_queued_reminder_is_skipped_once_the_activity_has_started(roster):
    activity, people = roster
    with time_machine.travel(activity.starts_at - dt.timedelta(hours=1), tick=False):
        reminders.reminders_enqueue_due()
    reminder = ActivityReminder.objects.get()

    with time_machine.travel(activity.starts_at + dt.timedelta(minutes=5), tick=False):
        assert reminders.activity_reminder_send(reminder_id=reminder.pk) == 0

    reminder.refresh_from_db()
    assert reminder.status == "skipped" and reminders_of(people[1].user) == []


def test_the_scheduler_enqueues_the_reminder_task_after_commit(roster, immediate_tasks,
                                                                django_capture_on_commit_callbacks):
    activity, people = roster

    with time_machine.travel(activity.starts_at - dt.timedelta(hours=3), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert scheduler_tick()["reminders"] == 1
            assert scheduler_tick()["reminders"] == 0

    assert len(reminders_of(people[1].user)) == 1


def test_a_moved_activity_is_reminded_again_for_its_new_time(roster, organizer):
    activity, people = roster
    tick(activity.starts_at - dt.timedelta(hours=20))
    new_start = activity.starts_at + dt.timedelta(days=2)
    with time_machine.travel(activity.starts_at - dt.timedelta(hours=19), tick=False):
        activity_services.activity_update(activity=activity, user=organizer,
                                          changes={"starts_at": new_start, "ends_at": new_start + dt.timedelta(hours=3)})
        reminders.activity_reminders_reset(activity=activity)

    tick(new_start - dt.timedelta(hours=24))

    assert len(reminders_of(people[1].user)) == 2


def test_the_title_says_the_time_actually_left_not_the_nominal_lead(roster, settings):
    settings.REMINDER_HOURS_BEFORE = [24, 2]
    activity, people = roster

    tick(activity.starts_at - dt.timedelta(hours=23, minutes=30, seconds=20))  # the scheduler ran late
    tick(activity.starts_at - dt.timedelta(minutes=105, seconds=40))

    assert reminders_of(people[1].user) == ["活动提醒：社区义诊（约1小时45分钟后开始）",
                                            "活动提醒：社区义诊（约23小时30分钟后开始）"]


@pytest.mark.parametrize("left, words", [
    (dt.timedelta(seconds=30), "即将开始"),
    (dt.timedelta(minutes=7, seconds=20), "约7分钟后开始"),
    (dt.timedelta(minutes=42), "约40分钟后开始"),
    (dt.timedelta(minutes=58), "约1小时后开始"),
    (dt.timedelta(minutes=105), "1小时45分钟后开始"),
    (dt.timedelta(minutes=118), "约2小时后开始"),
    (dt.timedelta(hours=2), "2小时后开始"),
    (dt.timedelta(hours=23, minutes=31), "约23小时30分钟后开始"),
    (dt.timedelta(hours=23, minutes=50), "约24小时后开始"),
    (dt.timedelta(hours=71, minutes=40), "约3天后开始"),
    (dt.timedelta(hours=50, minutes=10), "约2天2小时后开始"),
])
def test_the_time_left_in_words(left, words):
    assert reminders.starts_in_words(left) == words
