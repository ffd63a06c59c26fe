"""Notifications: the in-app inbox first, then WeChat and SMS as each person allows, outside quiet hours.

`notify` stores the messages and plans one Delivery per outside channel in the caller's transaction; the
sending happens in background tasks enqueued after commit. A delivery is claimed before it is sent, so two
runs of the same task send once; failures are retried with exponential back-off, then given up.
"""

import datetime as dt
import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from volunteerhub.accounts.models import User, WeChatIdentity
from volunteerhub.audit.services import audit_record
from volunteerhub.notifications import sms, wechat
from volunteerhub.notifications.selectors import preference_of
from volunteerhub.notifications.models import (Channel, Delivery, Notification,
                                               NotificationPreference)
from volunteerhub.notifications.outcomes import FAILED, REFUSED, RETRY, SENT, SendResult

logger = logging.getLogger(__name__)

MAX_TITLE, MAX_BODY = 128, 2000


# --- the inbox and the plan ---------------------------------------------------------------------

@transaction.atomic
def notify(*, users: Iterable, kind: str, title: str, body: str = "", link: str = "",
           urgent: bool | None = None) -> int:
    """Put one message in each user's inbox and plan its WeChat/SMS deliveries; returns how many were stored.

    `urgent` (default: the kind is in NOTIFICATION_URGENT_KINDS) lets outside channels ignore quiet hours."""
    urgent = kind in settings.NOTIFICATION_URGENT_KINDS if urgent is None else urgent
    link = link if site_path(link) else ""
    rows = [Notification(user_id=getattr(u, "pk", u), kind=kind, title=title[:MAX_TITLE], body=body[:MAX_BODY],
                         link=link, urgent=urgent) for u in {getattr(u, "pk", u) for u in users if u is not None}]
    Notification.objects.bulk_create(rows, batch_size=500)
    _plan_deliveries(rows, kind=kind, urgent=urgent)
    return len(rows)


def site_path(link: str) -> bool:
    """A link inside the site: a path of ours ("/activities/3/"), never another site or a script."""
    return bool(link) and link.startswith("/") and not link.startswith(("//", "/\\")) and "\n" not in link


def _plan_deliveries(notifications: list[Notification], *, kind: str, urgent: bool) -> None:
    if not notifications:
        return
    user_ids = [n.user_id for n in notifications]
    prefs = {p.user_id: p for p in NotificationPreference.objects.filter(user_id__in=user_ids)}
    bound: set[int] = set()
    if wechat.enabled() and wechat.template_for(kind):
        bound = set(WeChatIdentity.objects.filter(user_id__in=user_ids, app_id=settings.WECHAT_APP_ID)
                    .values_list("user_id", flat=True))
    sms_on = bool(settings.SMS_PROVIDER) and (urgent or kind in settings.NOTIFICATION_SMS_KINDS)
    now, planned = timezone.now(), []
    for n in notifications:
        pref = prefs.get(n.user_id) or NotificationPreference(user_id=n.user_id)
        at = (None if urgent else quiet_until(now, pref.quiet_start, pref.quiet_end)) or now
        if pref.wechat and n.user_id in bound:
            planned.append(Delivery(notification=n, channel=Channel.WECHAT, next_attempt_at=at))
        if pref.sms and sms_on:
            planned.append(Delivery(notification=n, channel=Channel.SMS, next_attempt_at=at))
    Delivery.objects.bulk_create(planned, batch_size=500)
    _enqueue_after_commit([(d.pk, d.next_attempt_at) for d in planned])


def _enqueue_after_commit(items: list[tuple[int, dt.datetime | None]]) -> None:
    if items:
        from volunteerhub.notifications import tasks

        transaction.on_commit(lambda: [tasks.enqueue_delivery(pk, at=at) for pk, at in items])


def notification_mark_read(*, user, notification_id: int | None = None) -> int:
    """Mark one message (or, without an id, all of them) read for this user."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())


# --- quiet hours and preferences ------------------------------------------------------------------

def quiet_until(now: dt.datetime, start: dt.time, end: dt.time) -> dt.datetime | None:
    """When the quiet period around `now` ends (local time), or None if `now` is not quiet."""
    if start == end:
        return None
    local = timezone.localtime(now)
    t, day = local.time(), local.date()
    if start < end:
        quiet, end_day = start <= t < end, day
    else:  # across midnight, e.g. 22:00-07:00
        quiet, end_day = t >= start or t < end, day + dt.timedelta(days=1 if t >= start else 0)
    if not quiet:
        return None
    return timezone.make_aware(dt.datetime.combine(end_day, end), timezone.get_current_timezone())


@transaction.atomic
def preference_update(*, user: User, wechat: bool, sms: bool, quiet_start: dt.time,
                      quiet_end: dt.time) -> NotificationPreference:
    """Keep what a person allows; quiet hours apply to WeChat and SMS only (the inbox never waits)."""
    pref, _ = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    pref.wechat, pref.sms = wechat, sms
    pref.quiet_start, pref.quiet_end = quiet_start.replace(second=0, microsecond=0), \
        quiet_end.replace(second=0, microsecond=0)
    pref.save()
    audit_record(action="notification_preferences", target_type="user", target_id=user.pk, actor=user,
                 changes={"wechat": wechat, "sms": sms, "quiet": f"{pref.quiet_start:%H:%M}-{pref.quiet_end:%H:%M}"})
    return pref


# --- sending --------------------------------------------------------------------------------------

def backoff(attempt: int) -> dt.timedelta:
    """Wait after the n-th failed attempt: base * 2**(n-1) seconds, capped."""
    seconds = settings.DELIVERY_BACKOFF_SECONDS * 2 ** max(0, attempt - 1)
    return dt.timedelta(seconds=min(seconds, settings.DELIVERY_BACKOFF_MAX_SECONDS))


def delivery_send(*, delivery_id: int) -> str:
    """Send one due delivery once: claim it, call the channel, record the outcome. Safe to run twice."""
    delivery = Delivery.objects.select_related("notification", "notification__user").filter(pk=delivery_id).first()
    now = timezone.now()
    if delivery is None or delivery.status != Delivery.Status.PENDING:
        return delivery.status if delivery else "missing"
    if delivery.next_attempt_at and delivery.next_attempt_at > now:
        return "not_due"
    notification = delivery.notification
    pref = preference_of(user_id=notification.user_id)
    held = None if notification.urgent else quiet_until(now, pref.quiet_start, pref.quiet_end)
    if held is not None:
        Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.PENDING).update(next_attempt_at=held,
                                                                                       updated_at=now)
        _enqueue_after_commit([(delivery.pk, held)])
        return "deferred"
    claimed = Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.PENDING, attempts=delivery.attempts) \
        .update(status=Delivery.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1, updated_at=now)
    if not claimed:
        return "taken"
    delivery.attempts += 1
    try:
        result = _channel_send(delivery, pref)
    except Exception as exc:  # a bug, not an answer: record it, and let the task show the failure
        _record(delivery, SendResult(FAILED, code="error", message=repr(exc)[:255]))
        raise
    return _record(delivery, result)


def _channel_send(delivery: Delivery, pref: NotificationPreference) -> SendResult:
    n = delivery.notification
    if delivery.channel == Channel.WECHAT:
        identity = WeChatIdentity.objects.filter(user_id=n.user_id).first()
        template = wechat.template_for(n.kind)
        if not pref.wechat or identity is None:
            return SendResult(REFUSED, code="opted_out", message="WeChat turned off or unbound since")
        if not wechat.enabled() or not template:
            return SendResult(FAILED, code="not_configured", message="no WeChat app or template for this kind")
        return wechat.WeChatClient().send_subscribe(
            openid=identity.openid, template_id=template, page=f"{settings.WECHAT_INBOX_PAGE}?id={n.pk}",
            data=wechat.template_data(title=n.title, body=n.body, when=n.created_at))
    provider = sms.provider()
    if not pref.sms:
        return SendResult(REFUSED, code="opted_out", message="SMS turned off since")
    if provider is None:
        return SendResult(FAILED, code="not_configured", message="SMS is off")
    return provider.send(phone=n.user.phone, text=sms.text_for(title=n.title, body=n.body), key=f"delivery-{delivery.pk}")


def _record(delivery: Delivery, result: SendResult) -> str:
    now = timezone.now()
    fields = {"last_code": result.code[:48], "last_error": result.message[:255], "updated_at": now}
    if result.outcome == RETRY and delivery.attempts < settings.DELIVERY_MAX_ATTEMPTS:
        fields.update(status=Delivery.Status.PENDING, next_attempt_at=now + backoff(delivery.attempts))
    elif result.outcome == RETRY:
        fields.update(status=Delivery.Status.FAILED, next_attempt_at=None,
                      last_error=f"gave up after {delivery.attempts} attempts: {result.message}"[:255])
    else:
        status = {SENT: Delivery.Status.SENT, REFUSED: Delivery.Status.REFUSED}.get(result.outcome,
                                                                                  Delivery.Status.FAILED)
        fields.update(status=status, next_attempt_at=None, provider_id=result.provider_id,
                      sent_at=now if status == Delivery.Status.SENT else None)
    Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING).update(**fields)
    if fields["status"] == Delivery.Status.PENDING:
        _enqueue_after_commit([(delivery.pk, fields["next_attempt_at"])])
    return str(fields["status"])


@transaction.atomic
def delivery_retry_now(*, delivery: Delivery) -> bool:
    """An admin sends a failed or waiting delivery again now (a refused one stays refused)."""
    changed = Delivery.objects.filter(pk=delivery.pk, status__in=[Delivery.Status.FAILED, Delivery.Status.PENDING]) \
        .update(status=Delivery.Status.PENDING, next_attempt_at=timezone.now(), updated_at=timezone.now())
    if changed:
        audit_record(action="delivery_retry", target_type="delivery", target_id=delivery.pk)
        _enqueue_after_commit([(delivery.pk, None)])
    return bool(changed)


def deliveries_sweep(*, now: dt.datetime | None = None) -> dict[str, int]:
    """The scheduler's safety net: re-enqueue due deliveries nobody picked up; give up on stuck claims.

    A claim older than DELIVERY_CLAIM_TIMEOUT_SECONDS means a worker stopped mid-send: the message may have
    gone out, so it is marked failed (never sent twice) rather than sent again."""
    now = now or timezone.now()
    stale = now - dt.timedelta(seconds=settings.DELIVERY_CLAIM_TIMEOUT_SECONDS)
    stuck = Delivery.objects.filter(status=Delivery.Status.SENDING, claimed_at__lt=stale).update(
        status=Delivery.Status.FAILED, last_code="stuck", updated_at=now,
        last_error="worker stopped while sending; outcome unknown, not resent")
    due = list(Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
               .exclude(updated_at__gt=now - dt.timedelta(minutes=2)).values_list("pk", flat=True)[:1000])
    Delivery.objects.filter(pk__in=due).update(updated_at=now)  # not picked again for two minutes
    _enqueue_after_commit([(pk, None) for pk in due])
    return {"requeued": len(due), "stuck": stuck}


def text_number(*, phone: str, text: str, key: str) -> bool:
    """A text to a number with no account of its own (a caller the hotline took, a relative's or a clinic's
    phone): sent at once through the SMS provider after the transaction commits, its outcome in the audit
    trail (number masked there). Nothing is sent while SMS is off; answers whether a send was planned."""
    provider = sms.provider()
    if provider is None:
        return False

    def send():
        result = provider.send(phone=phone, text=sms.text_for(title=text, body=""), key=key)
        audit_record(action="sms_to_number", target_type="sms", target_id=key,
                     changes={"phone": phone, "outcome": result.outcome, "code": result.code})

    transaction.on_commit(send)
    return True


# --- inbound SMS ----------------------------------------------------------------------------------

@transaction.atomic
def sms_inbound(*, phone: str, text: str) -> dict:
    """A reply a volunteer texted to the gateway: the sender's account is found by their mobile, and the handlers
    named in settings.SMS_INBOUND_HANDLERS (`handler(user=, text=)` -> reply text or None; a higher app's, such as
    the call-out's keyword answers) are asked in turn. The first reply is texted back."""
    from django.utils.module_loading import import_string

    from volunteerhub.accounts.phones import validate_phone

    try:
        phone = validate_phone(phone)
    except ValueError:
        phone = ""
    user = User.objects.filter(phone=phone, is_active=True).first() if phone else None
    reply = None
    for path in settings.SMS_INBOUND_HANDLERS if user is not None else ():
        reply = import_string(path)(user=user, text=text)
        if reply:
            break
    audit_record(action="sms_inbound", target_type="sms", target_id=user.pk if user else "", actor=user,
                 changes={"phone": phone, "handled": bool(reply)})
    if reply:
        text_number(phone=phone, text=reply, key=f"inbound-reply-{user.pk}-{timezone.now().timestamp():.0f}")
    return {"handled": bool(reply)}
