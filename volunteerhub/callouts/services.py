"""Emergency call-out (应急动员): a manager sends a call to a filtered pool; answers fill the roster in the order
they arrive until the needed number is reached (a conditional UPDATE on the counter: never over-filled); the
rest are thanked and released; those who did not answer get a second message after a set time."""

import datetime as dt
import re

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy, pgettext_lazy

from volunteerhub.audit.services import audit_record
from volunteerhub.callouts import selectors
from volunteerhub.callouts.models import CallOut, Recipient
from volunteerhub.core.errors import Conflict, PermissionDenied, Problems
from volunteerhub.notifications.services import notify
from volunteerhub.regions.models import Region
from volunteerhub.regions.scope import can_manage_region
from volunteerhub.volunteers.models import Qualification
from volunteerhub.volunteers.selectors import volunteer_of
from volunteerhub.core.tenancy import with_city_codes

MAX_NEEDED = 10_000
EDITABLE = ("title", "message", "place", "region_code", "qualification_code", "min_star_level", "starts_at",
            "ends_at", "needed", "remind_after_minutes")
SMS_YES = {"1", "是", "Y", "YES", "好", "可以"}
SMS_NO = {"2", "否", "N", "NO", "不"}
LATER_RE = re.compile(r"^(?:3|稍后|LATER)?\s*([01]?\d|2[0-3])[:：.](\d{2})$", re.IGNORECASE)


def _clean(data: dict, problems: Problems) -> dict:
    """Check the fields given; returns them with the region and qualification looked up."""
    clean = dict(data)
    if "title" in data and not 2 <= len((data["title"] or "").strip()) <= 128:
        problems.add("title", pgettext_lazy("variant-2be9a583", "must be 2 to 128 characters"))
    if "message" in data and not 2 <= len((data["message"] or "").strip()) <= 1000:
        problems.add("message", gettext_lazy("must be 2 to 1000 characters"))
    if "place" in data and not 2 <= len((data["place"] or "").strip()) <= 255:
        problems.add("place", pgettext_lazy("variant-9929763d", "the place is required"))
    if "needed" in data and not (isinstance(data["needed"], int) and 1 <= data["needed"] <= MAX_NEEDED):
        problems.add("needed", gettext_lazy("must be between 1 and 10000"))
    if "min_star_level" in data and not (isinstance(data["min_star_level"], int) and 0 <= data["min_star_level"] <= 5):
        problems.add("min_star_level", gettext_lazy("must be 0 to 5"))
    if "remind_after_minutes" in data and not (isinstance(data["remind_after_minutes"], int)
                                               and 5 <= data["remind_after_minutes"] <= 1440):
        problems.add("remind_after_minutes", gettext_lazy("must be 5 to 1440 minutes"))
    starts, ends = data.get("starts_at"), data.get("ends_at")
    if starts and ends and ends <= starts:
        problems.add("ends_at", gettext_lazy("must be after the start"))
    elif starts and ends and ends - starts > dt.timedelta(days=31):
        problems.add("ends_at", gettext_lazy("a call-out lasts at most 31 days"))
    if starts and not 2000 <= starts.year <= 2099:
        problems.add("starts_at", gettext_lazy("must fall in the years 2000 to 2099"))
    if "region_code" in data:
        clean["region"] = Region.objects.filter(code=data["region_code"] or "").first()
        if clean["region"] is None:
            problems.add("region_code", gettext_lazy("no region has this code"))
    if "qualification_code" in data:
        code = data["qualification_code"] or ""
        clean["qualification"] = Qualification.objects.filter(code=code).first() if code else None
        if code and clean["qualification"] is None:
            problems.add("qualification_code", gettext_lazy("unknown qualification code"))
    return clean


def _check_reach(user, region: Region) -> None:
    if not selectors.is_manager(user):
        raise PermissionDenied(gettext_lazy("Only organisers and admins send call-outs"))
    if not can_manage_region(user, region):
        raise PermissionDenied(gettext_lazy("You may call out only within your reach"))


@transaction.atomic
def callout_create(*, user, title: str, message: str, place: str, region_code: str, needed: int,
                   starts_at: dt.datetime, ends_at: dt.datetime, qualification_code: str = "",
                   min_star_level: int = 0, remind_after_minutes: int = 30) -> CallOut:
    """A draft call, editable until it is sent."""
    if not selectors.is_manager(user):
        raise PermissionDenied(gettext_lazy("Only organisers and admins send call-outs"))
    problems = Problems()
    data = _clean({"title": title, "message": message, "place": place, "region_code": region_code, "needed": needed,
                   "starts_at": starts_at, "ends_at": ends_at, "qualification_code": qualification_code,
                   "min_star_level": min_star_level, "remind_after_minutes": remind_after_minutes}, problems)
    problems.raise_any()
    _check_reach(user, data["region"])
    callout = CallOut.objects.create(
        title=title.strip(), message=message.strip(), place=place.strip(), region=data["region"], needed=needed,
        starts_at=starts_at, ends_at=ends_at, qualification=data["qualification"], min_star_level=min_star_level,
        remind_after_minutes=remind_after_minutes, created_by=user)
    audit_record(action="callout_create", target_type="callout", target_id=callout.pk, region=callout.region,
                 changes={"title": callout.title, "needed": needed, "region": region_code})
    return callout


@transaction.atomic
def callout_update(*, callout: CallOut, user, changes: dict) -> CallOut:
    """Edit a draft; a call that is sent cannot be edited, only closed."""
    callout = CallOut.objects.select_for_update().get(pk=callout.pk)
    if callout.status != CallOut.Status.DRAFT:
        raise Conflict(gettext_lazy("A call that is sent cannot be edited, only closed"),
                       code="callout_sent")
    changes = {k: v for k, v in changes.items() if k in EDITABLE}
    problems = Problems()
    data = _clean({"starts_at": callout.starts_at, "ends_at": callout.ends_at, **changes}, problems)
    problems.raise_any()
    if "region_code" in changes:
        _check_reach(user, data["region"])
        callout.region = data["region"]
    if "qualification_code" in changes:
        callout.qualification = data["qualification"]
    for name in ("title", "message", "place", "min_star_level", "starts_at", "ends_at", "needed",
                 "remind_after_minutes"):
        if name in changes:
            setattr(callout, name, changes[name].strip() if isinstance(changes[name], str) else changes[name])
    callout.save()
    audit_record(action="callout_update", target_type="callout", target_id=callout.pk, region=callout.region,
                 changes={k: str(v) for k, v in changes.items()})
    return callout


def _text(callout: CallOut) -> str:
    when = timezone.localtime(callout.starts_at)
    return (f"{callout.message}\n时间：{when:%m-%d %H:%M}起；地点：{callout.place}；需{callout.needed}人。"
            f"回复 1 可以参加，2 不能参加，或“稍后 HH:MM”说明几点可到。")


@transaction.atomic
def callout_send(*, callout: CallOut, user) -> CallOut:
    """Send the call to its pool as it is now (urgent: through quiet hours); from then on it cannot be edited."""
    callout = CallOut.objects.select_for_update().get(pk=callout.pk)
    if callout.status != CallOut.Status.DRAFT:
        raise Conflict(gettext_lazy("This call-out has already been sent"), code="callout_sent")
    if callout.ends_at <= timezone.now():
        raise Conflict(gettext_lazy("The call-out's time is over"), code="callout_over")
    pool = list(selectors.pool_for(callout=callout).values_list("pk", "user_id"))
    if not pool:
        raise Conflict(gettext_lazy("No volunteer matches this call-out"), code="callout_empty")
    Recipient.objects.bulk_create(with_city_codes(Recipient(callout=callout, volunteer_id=pk) for pk, _ in pool),
                                  batch_size=1000)
    CallOut.objects.filter(pk=callout.pk).update(status=CallOut.Status.SENT, sent_at=timezone.now())
    notify(users=[user_id for _, user_id in pool], kind="callout", title=f"应急动员：{callout.title}",
           body=_text(callout), link=selectors.callout_link(callout), urgent=True)
    audit_record(action="callout_send", target_type="callout", target_id=callout.pk, region=callout.region,
                 changes={"sent": len(pool)})
    callout.refresh_from_db()
    return callout


@transaction.atomic
def callout_close(*, callout: CallOut, user) -> CallOut:
    """Close the call: no more answers; those not deployed are thanked and released."""
    closed = CallOut.objects.filter(pk=callout.pk).exclude(status=CallOut.Status.CLOSED) \
        .update(status=CallOut.Status.CLOSED, closed_at=timezone.now())
    callout.refresh_from_db()
    if closed:
        audit_record(action="callout_close", target_type="callout", target_id=callout.pk, region=callout.region,
                     changes={"deployed": callout.deployed_count})
        transaction.on_commit(lambda: callout_release_rest(callout_id=callout.pk))
    return callout


def _take_place(callout_id: int) -> int | None:
    """One conditional UPDATE: a place is taken only while deployed_count < needed and the call is open.

    Gives the count after it, or None when the roster is full (or the call closed)."""
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {connection.ops.quote_name(CallOut._meta.db_table)} "
                       "SET deployed_count = deployed_count + 1 WHERE id = %s AND deployed_count < needed "
                       "AND status = %s RETURNING deployed_count", [callout_id, CallOut.Status.SENT])
        row = cursor.fetchone()
    return row[0] if row else None


@transaction.atomic
def callout_answer(*, callout_id: int, volunteer, answer: str, available_from: dt.time | None = None,
                   via: str = Recipient.Via.API) -> Recipient:
    """Yes, no, or available from HH:MM. Yes and later take a place while any is left; the first answer stands."""
    if answer not in (Recipient.Answer.YES, Recipient.Answer.NO, Recipient.Answer.LATER):
        Problems({"answer": [gettext_lazy("answer must be yes, no or later")]}).raise_any()
    if answer == Recipient.Answer.LATER and available_from is None:
        Problems({"available_from": [gettext_lazy("say from what time (HH:MM)")]}).raise_any()
    recipient = selectors.recipient_of(callout_id=callout_id, volunteer=volunteer)
    recipient = Recipient.objects.select_for_update().select_related("callout").get(pk=recipient.pk)
    if recipient.answer:
        return recipient
    callout = recipient.callout
    if callout.status == CallOut.Status.CLOSED:
        raise Conflict(gettext_lazy("This call-out is closed"), code="callout_closed")
    now = timezone.now()
    recipient.answer, recipient.answered_at, recipient.answered_via = answer, now, via
    recipient.available_from = available_from if answer == Recipient.Answer.LATER else None
    filled = None
    if answer == Recipient.Answer.NO:
        recipient.outcome = Recipient.Outcome.RELEASED
    elif recipient.outcome == Recipient.Outcome.PENDING:
        filled = _take_place(callout.pk)
        recipient.outcome = Recipient.Outcome.DEPLOYED if filled else Recipient.Outcome.RELEASED
        recipient.deployed_at = now if filled else None
    recipient.save(update_fields=["answer", "answered_at", "answered_via", "available_from", "outcome",
                                  "deployed_at"])
    audit_record(action="callout_answer", target_type="callout", target_id=callout.pk, actor=volunteer.user,
                 region=callout.region, changes={"volunteer": volunteer.pk, "answer": answer, "via": via,
                                                 "outcome": recipient.outcome})
    _tell(recipient, volunteer)
    if filled is not None and filled >= callout.needed:  # the last place: release the rest once this commits
        transaction.on_commit(lambda: callout_release_rest(callout_id=callout.pk))
    return recipient


def _tell(recipient: Recipient, volunteer) -> None:
    callout, link = recipient.callout, selectors.callout_link(recipient.callout)
    if recipient.outcome == Recipient.Outcome.DEPLOYED:
        when = timezone.localtime(callout.starts_at)
        notify(users=[volunteer.user_id], kind="callout_deployed", title=f"已编入应急队伍：{callout.title}",
               body=f"请于{when:%m-%d %H:%M}到{callout.place}报到。", link=link, urgent=True)
    elif recipient.answer != Recipient.Answer.NO:
        notify(users=[volunteer.user_id], kind="callout_released", title=f"感谢响应：{callout.title}",
               body="人员已满，本次无需前往，感谢您的响应。", link=link)


def callout_release_rest(*, callout_id: int) -> int:
    """A full or closed call: those who have not answered are thanked and released. Safe to run twice; rows
    being answered right now are skipped (their answer finds the call full and releases them itself)."""
    callout = CallOut.objects.filter(pk=callout_id).first()
    if callout is None or not (callout.is_full or callout.status == CallOut.Status.CLOSED):
        return 0
    with transaction.atomic():
        rows = list(Recipient.objects.select_for_update(skip_locked=True).filter(
            callout_id=callout_id, outcome=Recipient.Outcome.PENDING).values_list("pk", "volunteer__user_id"))
        Recipient.objects.filter(pk__in=[pk for pk, _ in rows], outcome=Recipient.Outcome.PENDING) \
            .update(outcome=Recipient.Outcome.RELEASED)
        notify(users=[user_id for _, user_id in rows], kind="callout_released", title=f"感谢响应：{callout.title}",
               body="人员已满或动员已结束，本次无需前往，感谢您的关注。", link=selectors.callout_link(callout))
    return len(rows)


def callouts_remind(*, now: dt.datetime | None = None) -> dict[str, int]:
    """The scheduled job: a second message to those who have not answered a call still open after its set time;
    full or closed calls release whoever is left. Each person is reminded once, however often it runs."""
    now, reminded, released = now or timezone.now(), 0, 0
    for callout in CallOut.objects.filter(status=CallOut.Status.SENT, recipients__outcome=Recipient.Outcome.PENDING,
                                          recipients__answer="").distinct():
        if callout.is_full:
            released += callout_release_rest(callout_id=callout.pk)
        elif callout.sent_at + dt.timedelta(minutes=callout.remind_after_minutes) <= now:
            reminded += _remind(callout, now)
    for callout in CallOut.objects.filter(status=CallOut.Status.CLOSED, recipients__outcome=Recipient.Outcome.PENDING) \
            .distinct():
        released += callout_release_rest(callout_id=callout.pk)
    return {"callouts_reminded": reminded, "callouts_released": released}


@transaction.atomic
def _remind(callout: CallOut, now: dt.datetime) -> int:
    rows = list(Recipient.objects.select_for_update(skip_locked=True).filter(
        callout=callout, outcome=Recipient.Outcome.PENDING, answer="", reminded_at__isnull=True)
        .values_list("pk", "volunteer__user_id"))
    Recipient.objects.filter(pk__in=[pk for pk, _ in rows], reminded_at__isnull=True).update(reminded_at=now)
    notify(users=[user_id for _, user_id in rows], kind="callout_reminder", title=f"再次提醒·应急动员：{callout.title}",
           body=_text(callout), link=selectors.callout_link(callout), urgent=True)
    if rows:
        audit_record(action="callout_remind", target_type="callout", target_id=callout.pk, region=callout.region,
                     changes={"reminded": len(rows)})
    return len(rows)


def parse_sms_answer(text: str) -> tuple[str, dt.time | None] | None:
    """"1"/"是"/"Y": yes; "2"/"否"/"N": no; "稍后 14:30" or "14:30": available from then; anything else: None."""
    word = (text or "").strip().upper().rstrip("。.!！")
    if word in SMS_YES:
        return Recipient.Answer.YES, None
    if word in SMS_NO:
        return Recipient.Answer.NO, None
    match = LATER_RE.match(word)
    if match:
        return Recipient.Answer.LATER, dt.time(int(match.group(1)), int(match.group(2)))
    return None


def callout_answer_by_sms(*, user, text: str) -> str | None:
    """The SMS adapter's inbound handler: a keyword answers the sender's latest open call. Gives the reply to
    text back, or None when the message is not an answer to a call (another handler may take it)."""
    parsed = parse_sms_answer(text)
    volunteer = volunteer_of(user=user) if parsed else None
    recipient = selectors.latest_open_call(volunteer=volunteer) if volunteer else None
    if recipient is None:
        return None
    answer, available_from = parsed
    recipient = callout_answer(callout_id=recipient.callout_id, volunteer=volunteer, answer=answer,
                               available_from=available_from, via=Recipient.Via.SMS)
    if recipient.outcome == Recipient.Outcome.DEPLOYED:
        return f"已编入应急队伍：{recipient.callout.title}，请按时到{recipient.callout.place}报到。"
    return f"已收到您的回复，感谢响应：{recipient.callout.title}。"
