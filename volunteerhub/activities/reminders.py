"""Reminders before an activity (24 h and 2 h by default): one row per activity and lead, so each goes out once."""

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from volunteerhub.activities.models import Activity, ActivityReminder, SignUp
from volunteerhub.activities.tasks import enqueue_reminder
from volunteerhub.notifications.services import notify


def _rounded_minutes(minutes: float) -> int:
    """Minutes left, to a step that fits how far off the start is: 1 min, then 5 min, 15 min, 30 min, an hour."""
    for limit, step in ((10, 1), (60, 5), (6 * 60, 15), (48 * 60, 30)):
        if minutes < limit:
            return max(step, int(minutes / step + 0.5) * step)
    return int(minutes / 60 + 0.5) * 60


def starts_in_words(remaining: dt.timedelta) -> str:
    """"约1小时45分钟后开始" from the time actually left, with 约 unless it is exact to the second."""
    seconds = remaining.total_seconds()
    if seconds < 60:
        return "即将开始"
    minutes = _rounded_minutes(seconds / 60)
    days, rest = divmod(minutes, 24 * 60) if minutes >= 48 * 60 else (0, minutes)
    hours, mins = divmod(rest, 60)
    words = (f"{days}天" if days else "") + (f"{hours}小时" if hours else "") + (f"{mins}分钟" if mins else "")
    return ("" if minutes * 60 == seconds else "约") + words + "后开始"


def reminder_leads() -> list[int]:
    return sorted({int(h) for h in settings.REMINDER_HOURS_BEFORE if int(h) > 0})


def reminders_due(*, now: dt.datetime) -> list[tuple[int, int]]:
    """(activity id, hours before) for each published activity whose latest passed reminder time has no row yet.

    An activity published late gets only the nearest reminder (e.g. the 2-hour one, not 24 h and 2 h at once)."""
    leads = reminder_leads()
    if not leads:
        return []
    starts = dict(Activity.objects.filter(status=Activity.Status.PUBLISHED, starts_at__gt=now,
                                          starts_at__lte=now + dt.timedelta(hours=leads[-1]))
                  .values_list("pk", "starts_at"))
    done = set(ActivityReminder.objects.filter(activity_id__in=starts).values_list("activity_id", "hours_before"))
    due = []
    for activity_id, starts_at in starts.items():
        lead = min(h for h in leads if starts_at - dt.timedelta(hours=h) <= now)
        if (activity_id, lead) not in done:
            due.append((activity_id, lead))
    return due


def reminders_enqueue_due(*, now: dt.datetime | None = None) -> int:
    """Create one reminder row per due (activity, lead) and enqueue its sending; rows make it idempotent."""
    now, queued = now or timezone.now(), 0
    for activity_id, hours in reminders_due(now=now):
        try:
            with transaction.atomic():
                reminder = ActivityReminder.objects.create(activity_id=activity_id, hours_before=hours)
                transaction.on_commit(lambda pk=reminder.pk: enqueue_reminder(pk))
        except IntegrityError:  # another scheduler got there first
            continue
        queued += 1
    stale = ActivityReminder.objects.filter(status=ActivityReminder.Status.QUEUED,
                                            queued_at__lt=now - dt.timedelta(minutes=10))
    for pk in stale.values_list("pk", flat=True)[:100]:  # lost on the way: the task is idempotent
        enqueue_reminder(pk)
    return queued


@transaction.atomic
def activity_reminder_send(*, reminder_id: int) -> int:
    """Tell everyone confirmed on the activity that it starts soon; a second run does nothing."""
    reminder = ActivityReminder.objects.select_for_update().filter(pk=reminder_id).first()
    if reminder is None or reminder.status != ActivityReminder.Status.QUEUED:
        return 0
    activity, now = reminder.activity, timezone.now()
    if activity.status != Activity.Status.PUBLISHED or activity.starts_at <= now:
        reminder.status = ActivityReminder.Status.SKIPPED
        reminder.save(update_fields=["status"])
        return 0
    users = SignUp.objects.filter(activity=activity, status=SignUp.Status.CONFIRMED) \
        .values_list("volunteer__user_id", flat=True)
    start = timezone.localtime(activity.starts_at)
    sent = notify(users=list(users), kind="activity_reminder", link=f"/activities/{activity.pk}/",
                  title=f"活动提醒：{activity.title}（{starts_in_words(activity.starts_at - now)}）",
                  body=f"时间：{start:%m月%d日 %H:%M}\n地点：{activity.place}"
                       + (f"\n联系人：{activity.contact_name} {activity.contact_phone}" if activity.contact_name else ""),
                  urgent=reminder.hours_before <= settings.NOTIFICATION_URGENT_REMINDER_HOURS)
    reminder.status, reminder.sent_at, reminder.recipients = ActivityReminder.Status.SENT, now, sent
    reminder.save(update_fields=["status", "sent_at", "recipients"])
    return sent


@transaction.atomic
def activity_reminders_reset(*, activity: Activity) -> int:
    """After an activity's start time changes: forget its reminders so they go out again for the new time."""
    deleted, _ = ActivityReminder.objects.filter(activity=activity).delete()
    return deleted
