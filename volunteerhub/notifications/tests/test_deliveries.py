"""Notify, plan deliveries, send once, retry with back-off, respect quiet hours."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.utils import timezone

from volunteerhub.notifications import services
from volunteerhub.notifications.models import Delivery, Notification, NotificationPreference
from volunteerhub.accounts.models import WeChatIdentity
from volunteerhub.notifications.tests.conftest import SEND

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(hour, minute=0, day=1):
    return dt.datetime(2026, 6, day, hour, minute, tzinfo=SHANGHAI)


def bind(user, openid="o-vol"):
    return WeChatIdentity.objects.create(user=user, app_id="wx-test-app", openid=openid)


def allow(user, *, wechat=True, sms=False, quiet=("00:00", "00:00")):
    return NotificationPreference.objects.create(user=user, wechat=wechat, sms=sms,
                                                 quiet_start=dt.time.fromisoformat(quiet[0]),
                                                 quiet_end=dt.time.fromisoformat(quiet[1]))


def tell(user, kind="roster_message", **kw):
    services.notify(users=[user], kind=kind, title="集合时间调整", body="请于8点到达", **kw)
    return Notification.objects.filter(user=user).latest("pk")


def the_delivery(notification, channel="wechat"):
    return Delivery.objects.get(notification=notification, channel=channel)


# --- planning ----------------------------------------------------------------------------------------

def test_every_notification_lands_in_the_inbox_even_without_channels(volunteer, settings):
    settings.SMS_PROVIDER = ""

    n = tell(volunteer.user)

    assert n.title == "集合时间调整" and n.deliveries.count() == 0


def test_it_plans_wechat_for_a_bound_user_and_sms_only_when_allowed(volunteer, wechat_server, sms_server):
    bind(volunteer.user)

    n = tell(volunteer.user, kind="waitlist_promoted")
    assert list(n.deliveries.values_list("channel", flat=True)) == ["wechat"]  # SMS is opt-in

    allow(volunteer.user, sms=True)
    n = tell(volunteer.user, kind="waitlist_promoted")
    assert sorted(n.deliveries.values_list("channel", flat=True)) == ["sms", "wechat"]


def test_it_sends_no_sms_for_kinds_not_worth_a_text(volunteer, sms_server):
    allow(volunteer.user, sms=True)

    n = tell(volunteer.user, kind="roster_message")

    assert n.deliveries.count() == 0


def test_it_respects_a_person_who_turned_wechat_off(volunteer, wechat_server):
    bind(volunteer.user)
    allow(volunteer.user, wechat=False)

    assert tell(volunteer.user).deliveries.count() == 0


# --- quiet hours ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("now", "start", "end", "until"), [
    (at(23, 30), "22:00", "07:00", at(7, day=2)),
    (at(6, 59), "22:00", "07:00", at(7)),
    (at(7, 0), "22:00", "07:00", None),
    (at(21, 59), "22:00", "07:00", None),
    (at(13, 0), "12:00", "14:00", at(14)),
    (at(14, 0), "12:00", "14:00", None),
    (at(3, 0), "00:00", "00:00", None),  # start == end: never quiet
])
def test_quiet_until(now, start, end, until):
    assert services.quiet_until(now, dt.time.fromisoformat(start), dt.time.fromisoformat(end)) == until


def test_a_message_in_quiet_hours_waits_for_them_to_end_but_the_inbox_does_not(volunteer, wechat_server):
    bind(volunteer.user)
    allow(volunteer.user, quiet=("22:00", "07:00"))

    with time_machine.travel(at(23, 30), tick=False):
        n = tell(volunteer.user)
        delivery = the_delivery(n)
        assert services.delivery_send(delivery_id=delivery.pk) == "not_due"
    assert n.read_at is None and delivery.next_attempt_at == at(7, day=2)
    assert wechat_server.calls(SEND) == []

    with time_machine.travel(at(7, 0, day=2), tick=False):
        assert services.delivery_send(delivery_id=delivery.pk) == "sent"
    assert len(wechat_server.calls(SEND)) == 1


def test_an_urgent_message_goes_out_in_quiet_hours(volunteer, wechat_server):
    bind(volunteer.user)
    allow(volunteer.user, quiet=("22:00", "07:00"))

    with time_machine.travel(at(23, 30), tick=False):
        n = tell(volunteer.user, kind="activity_cancelled")
        assert n.urgent
        assert services.delivery_send(delivery_id=the_delivery(n).pk) == "sent"


def test_a_retry_that_falls_into_quiet_hours_is_held_without_spending_an_attempt(volunteer, wechat_server):
    bind(volunteer.user)
    allow(volunteer.user, quiet=("22:00", "07:00"))
    with time_machine.travel(at(21, 59), tick=False):
        n = tell(volunteer.user)
    delivery = the_delivery(n)
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=at(22, 5))

    with time_machine.travel(at(22, 5), tick=False):
        assert services.delivery_send(delivery_id=delivery.pk) == "deferred"

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("pending", 0, at(7, day=2))
    assert wechat_server.calls(SEND) == []


# --- sending once ------------------------------------------------------------------------------------

def test_sending_twice_sends_once(volunteer, wechat_server):
    bind(volunteer.user)
    delivery = the_delivery(tell(volunteer.user))

    assert services.delivery_send(delivery_id=delivery.pk) == "sent"
    assert services.delivery_send(delivery_id=delivery.pk) == "sent"

    assert len(wechat_server.calls(SEND)) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.provider_id) == ("sent", 1, "777")
    assert delivery.sent_at is not None
    sent = wechat_server.calls(SEND)[0]["json"]
    assert sent["touser"] == "o-vol" and sent["template_id"] == "TPL-GENERAL"
    assert sent["page"] == f"pages/inbox/index?id={delivery.notification_id}"


def test_a_claimed_delivery_is_not_sent_by_a_second_worker(volunteer, wechat_server):
    bind(volunteer.user)
    delivery = the_delivery(tell(volunteer.user))
    Delivery.objects.filter(pk=delivery.pk).update(status="sending", claimed_at=timezone.now(), attempts=1)

    assert services.delivery_send(delivery_id=delivery.pk) == "sending"
    assert wechat_server.calls(SEND) == []


def test_the_same_notification_cannot_get_two_deliveries_on_one_channel(volunteer, wechat_server):
    from django.db import IntegrityError, transaction

    bind(volunteer.user)
    n = tell(volunteer.user)
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(notification=n, channel="wechat")
    assert n.deliveries.count() == 1


def test_a_refusal_is_recorded_and_never_retried(volunteer, wechat_server):
    bind(volunteer.user)
    wechat_server.script(SEND, (200, {"errcode": 43101, "errmsg": "user refuse to accept the msg"}))
    delivery = the_delivery(tell(volunteer.user))

    assert services.delivery_send(delivery_id=delivery.pk) == "refused"
    with time_machine.travel(timezone.now() + dt.timedelta(days=1)):
        assert services.delivery_send(delivery_id=delivery.pk) == "refused"
        assert services.deliveries_sweep()["requeued"] == 0

    delivery.refresh_from_db()
    assert (delivery.last_code, delivery.next_attempt_at) == ("43101", None)
    assert len(wechat_server.calls(SEND)) == 1


def test_it_retries_with_exponential_back_off_then_gives_up(volunteer, wechat_server, settings):
    settings.DELIVERY_MAX_ATTEMPTS, settings.DELIVERY_BACKOFF_SECONDS = 4, 60
    bind(volunteer.user)
    wechat_server.script(SEND, (200, {"errcode": 45009, "errmsg": "reach max api daily quota limit"}))
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        delivery = the_delivery(tell(volunteer.user))

    waits, now = [], start
    for attempt in range(1, 5):
        with time_machine.travel(now, tick=False):
            status = services.delivery_send(delivery_id=delivery.pk)
            assert services.delivery_send(delivery_id=delivery.pk) in ("not_due", "failed")  # too early: nothing
        delivery.refresh_from_db()
        assert delivery.attempts == attempt
        if status == "pending":
            waits.append((delivery.next_attempt_at - now).total_seconds())
            now = delivery.next_attempt_at

    assert waits == [60, 120, 240]
    assert (delivery.status, delivery.last_code) == ("failed", "45009")
    assert delivery.last_error.startswith("gave up after 4 attempts")
    assert len(wechat_server.calls(SEND)) == 4


def test_back_off_is_capped(settings):
    settings.DELIVERY_BACKOFF_SECONDS, settings.DELIVERY_BACKOFF_MAX_SECONDS = 60, 600
    assert [services.backoff(n).total_seconds() for n in (1, 2, 3, 4, 5, 9)] == [60, 120, 240, 480, 600, 600]


def test_a_person_who_opted_out_after_planning_gets_nothing(volunteer, wechat_server):
    bind(volunteer.user)
    delivery = the_delivery(tell(volunteer.user))
    allow(volunteer.user, wechat=False)

    assert services.delivery_send(delivery_id=delivery.pk) == "refused"
    assert wechat_server.calls(SEND) == []


def test_it_sends_sms_through_the_configured_gateway(volunteer, sms_server):
    allow(volunteer.user, sms=True)
    delivery = the_delivery(tell(volunteer.user, kind="waitlist_promoted"), "sms")

    assert services.delivery_send(delivery_id=delivery.pk) == "sent"

    sent = sms_server.calls("/send")[0]["json"]
    assert sent["phone"] == volunteer.user.phone and sent["id"] == f"delivery-{delivery.pk}"
    assert sent["text"] == "【滨州卫健志愿】集合时间调整：请于8点到达"


# --- the scheduler's safety net ------------------------------------------------------------------------

def test_the_sweep_gives_up_on_a_stuck_claim_instead_of_sending_twice(volunteer, wechat_server):
    bind(volunteer.user)
    delivery = the_delivery(tell(volunteer.user))
    Delivery.objects.filter(pk=delivery.pk).update(status="sending", claimed_at=timezone.now(), attempts=1)

    assert services.deliveries_sweep()["stuck"] == 0
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=11)):
        assert services.deliveries_sweep()["stuck"] == 1

    delivery.refresh_from_db()
    assert (delivery.status, delivery.last_code) == ("failed", "stuck")
    assert wechat_server.calls(SEND) == []


def test_the_sweep_sends_a_due_delivery_nobody_picked_up(volunteer, wechat_server, immediate_tasks,
                                                          django_capture_on_commit_callbacks):
    bind(volunteer.user)
    delivery = the_delivery(tell(volunteer.user))  # its task was lost: callbacks never ran in this test

    with time_machine.travel(timezone.now() + dt.timedelta(minutes=3)):
        with django_capture_on_commit_callbacks(execute=True):
            assert services.deliveries_sweep()["requeued"] == 1

    delivery.refresh_from_db()
    assert delivery.status == "sent" and len(wechat_server.calls(SEND)) == 1


def test_an_admin_can_send_a_failed_delivery_again(volunteer, wechat_server, immediate_tasks,
                                                   django_capture_on_commit_callbacks):
    bind(volunteer.user)
    wechat_server.script(SEND, (200, {"errcode": 47003, "errmsg": "argument invalid"}),
                         (200, {"errcode": 0, "msgid": 5}))
    delivery = the_delivery(tell(volunteer.user))
    assert services.delivery_send(delivery_id=delivery.pk) == "failed"

    with django_capture_on_commit_callbacks(execute=True):
        assert services.delivery_retry_now(delivery=delivery)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sent", 2)


def test_notify_enqueues_the_sending_after_commit(volunteer, wechat_server, immediate_tasks,
                                                  django_capture_on_commit_callbacks):
    bind(volunteer.user)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        n = tell(volunteer.user)
    assert wechat_server.calls(SEND) == []  # nothing leaves before the commit

    for callback in callbacks:
        callback()
    assert the_delivery(n).status == "sent"
