"""The service loop's deadlines, as the 12320 hotline keeps them: accept by, start by, finish by, call back by,
each counted in working days on the platform's calendar (workdays: public holidays and 调休 included).

A deadline is fixed when its stage begins (posting, being taken, being done) and kept on the need, so a later
change of the rules or the calendar does not move a promise already made."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from volunteerhub.needs.models import DeadlineRule, Need, NeedEscalation, NeedStatus
from volunteerhub.workdays.selectors import add_working_days

LOCAL_TZ = ZoneInfo("Asia/Shanghai")
STAGES = [NeedEscalation.Stage.ACCEPT, NeedEscalation.Stage.START, NeedEscalation.Stage.FINISH,
          NeedEscalation.Stage.CALLBACK]


def working_days_for(*, kind: str, urgency: int) -> dict[str, int]:
    """{stage: working days} from the most specific rule: kind and urgency, kind, urgency, any; else settings."""
    rules = {(r.kind, r.urgency): r for r in DeadlineRule.objects.filter(kind__in=[kind, ""])
             .filter(Q(urgency=urgency) | Q(urgency__isnull=True))}
    for key in ((kind, urgency), (kind, None), ("", urgency), ("", None)):
        rule = rules.get(key)
        if rule is not None:
            return {s: getattr(rule, f"{s}_days") for s in STAGES}
    return dict(settings.NEED_DEADLINE_WORKING_DAYS[int(urgency)])


def due_after(start: dt.datetime, working_days: int) -> dt.datetime:
    """The end of the `working_days`-th working day after `start`'s day (0: the end of that day, or of the next
    working day when `start` falls on a day off), local time."""
    day = timezone.localtime(start, LOCAL_TZ).date()
    if working_days == 0:
        day = day if add_working_days(day - dt.timedelta(days=1), 1) == day else add_working_days(day, 1)
    else:
        day = add_working_days(day, working_days)
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=LOCAL_TZ)


def on_posting(*, kind: str, urgency: int, at: dt.datetime) -> dict:
    days = working_days_for(kind=kind, urgency=urgency)
    return {"accept_by": due_after(at, days["accept"]), "finish_by": due_after(at, days["finish"])}


def on_taking(need: Need, at: dt.datetime) -> dict:
    return {"start_by": due_after(at, working_days_for(kind=need.kind, urgency=need.urgency)["start"])}


def on_done(need: Need, at: dt.datetime) -> dict:
    return {"callback_by": due_after(at, working_days_for(kind=need.kind, urgency=need.urgency)["callback"])}


def _reached(need: Need, stage: str) -> dt.datetime | None:
    """When the stage was reached, if it was."""
    return {"accept": need.matched_at, "start": need.started_at or need.done_at,
            "finish": need.done_at, "callback": need.callback_at}[stage]


def stage_states(need: Need, *, now: dt.datetime | None = None) -> list[dict]:
    """Each deadline of the need with whether it was met: met, missed, due (still running) or n/a."""
    now = now or timezone.now()
    closed = need.status in (NeedStatus.CANCELLED, NeedStatus.EXPIRED)
    out = []
    for stage in STAGES:
        due, reached = getattr(need, f"{stage}_by"), _reached(need, stage)
        if due is None:
            state = "n/a"
        elif reached is not None:
            state = "met" if reached <= due else "missed"
        elif closed:
            state = "n/a"
        else:
            state = "missed" if now > due else "due"
        out.append({"stage": stage, "due": due, "reached_at": reached, "state": state})
    return out
