"""Demo inbox of the volunteer 13900000004: reminders, an organiser's message, a waitlist promotion, each with
its WeChat/SMS deliveries and their outcomes (sent, refused, given up). Once `volunteerhub worker` runs, the
scheduler adds real reminders for activities starting within 24 hours (SMS goes to the console provider)."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from volunteerhub.accounts.models import User, WeChatIdentity
from volunteerhub.activities.reminders import starts_in_words
from volunteerhub.activities.models import SignUp
from volunteerhub.activities.models import ActivityReminder
from volunteerhub.notifications.models import (Channel, Delivery, Notification,
                                               NotificationPreference)

DEMO_VOLUNTEER_PHONE = "13900000004"
SENT, REFUSED, FAILED = Delivery.Status.SENT, Delivery.Status.REFUSED, Delivery.Status.FAILED


def seed_demo(*, rng, stdout) -> None:
    user = User.objects.filter(phone=DEMO_VOLUNTEER_PHONE).first()
    if user is None:
        stdout.write("  notifications: no demo volunteer")
        return
    if Notification.objects.filter(user=user, kind="activity_reminder").exists():
        stdout.write(f"  notifications: {Notification.objects.filter(user=user).count()} in the demo inbox (already loaded)")
        return
    with transaction.atomic():
        _seed(user, rng)
    stdout.write(f"  notifications: {Notification.objects.filter(user=user).count()} in the demo inbox, "
                 f"{Delivery.objects.count()} deliveries")


def _seed(user: User, rng) -> None:
    now = timezone.now().replace(microsecond=0)
    NotificationPreference.objects.get_or_create(user=user, defaults={
        "wechat": True, "sms": True, "quiet_start": dt.time(22), "quiet_end": dt.time(7)})
    WeChatIdentity.objects.get_or_create(user=user, defaults={
        "app_id": settings.WECHAT_APP_ID or "wx-demo", "openid": f"oDemo{rng.randrange(10**12):012d}"})
    signups = SignUp.objects.filter(volunteer__user=user).select_related("activity").order_by("activity__starts_at")
    past = [s.activity for s in signups if s.status == SignUp.Status.CONFIRMED and s.activity.starts_at < now]
    upcoming = [s for s in signups if s.activity.starts_at > now and s.status != SignUp.Status.CANCELLED]
    if past:
        _reminders(user, past[-1], rng)
    soon = [s.activity for s in upcoming] or past[-1:]
    later = [s.activity for s in upcoming[1:]] or past[-2:-1] or soon
    if soon:
        _roster_message(user, soon[0], min(now, soon[0].starts_at) - dt.timedelta(hours=18))
        _promotion(user, later[-1], min(now, later[-1].starts_at) - dt.timedelta(days=2))


def _message(user, *, kind, title, body, link, at, read, deliveries, urgent=False) -> Notification:
    n = Notification.objects.create(user=user, kind=kind, title=title, body=body, link=link, urgent=urgent)
    Notification.objects.filter(pk=n.pk).update(created_at=at, read_at=at + dt.timedelta(hours=1) if read else None)
    for channel, status, code, error, attempts in deliveries:
        d = Delivery.objects.create(notification=n, channel=channel, status=status, attempts=attempts,
                                    last_code=code, last_error=error, claimed_at=at,
                                    sent_at=at + dt.timedelta(seconds=2) if status == SENT else None,
                                    provider_id=f"demo-{n.pk}-{channel}" if status == SENT else "")
        Delivery.objects.filter(pk=d.pk).update(created_at=at, updated_at=at + dt.timedelta(seconds=2))
    return n


def _reminders(user, activity, rng) -> None:
    start = timezone.localtime(activity.starts_at)
    for hours, channels in ((24, [(Channel.WECHAT, SENT, "0", "", 1), (Channel.SMS, SENT, "0", "", 1)]),
                            (2, [(Channel.WECHAT, SENT, "0", "", 1)])):
        _message(user, kind="activity_reminder",
                 title=f"活动提醒：{activity.title}（{starts_in_words(dt.timedelta(hours=hours))}）",
                 body=f"时间：{start:%m月%d日 %H:%M}\n地点：{activity.place}", link=f"/activities/{activity.pk}/",
                 at=activity.starts_at - dt.timedelta(hours=hours), read=True, deliveries=channels, urgent=hours <= 2)
        ActivityReminder.objects.get_or_create(activity=activity, hours_before=hours, defaults={
            "status": ActivityReminder.Status.SENT, "recipients": activity.confirmed_count,
            "sent_at": activity.starts_at - dt.timedelta(hours=hours)})


def _roster_message(user, activity, at) -> None:
    _message(user, kind="roster_message", title=f"【{activity.title}】请提前10分钟到达",
             body="请穿志愿者马甲、佩戴工作证，到场后扫码签到。如有变化请及时联系组织者。",
             link=f"/activities/{activity.pk}/", at=at, read=False,
             deliveries=[(Channel.WECHAT, REFUSED, "43101", "user refuse to accept the msg", 1)])


def _promotion(user, activity, at) -> None:
    _message(user, kind="waitlist_promoted", title=f"候补转正：{activity.title}",
             body="有志愿者取消报名，您已从候补转为正式报名，请按时参加。", link=f"/activities/{activity.pk}/",
             at=at, read=False,
             deliveries=[(Channel.WECHAT, FAILED, "45009", "gave up after 5 attempts: reach max api daily quota limit", 5),
                         (Channel.SMS, SENT, "0", "", 1)])
