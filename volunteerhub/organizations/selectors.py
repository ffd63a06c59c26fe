"""Reads for teams and service posts. Posts are public (a map of help); managing them is scoped."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.utils import timezone

from volunteerhub.regions.scope import in_reach
from volunteerhub.core.errors import NotFound
from volunteerhub.organizations.models import ServicePost, Team

LOCAL_TZ = ZoneInfo("Asia/Shanghai")


def posts_public() -> QuerySet[ServicePost]:
    """Active posts everyone may see on the map."""
    return ServicePost.objects.filter(is_active=True).select_related("region", "team")


def posts_managed_by(*, user) -> QuerySet[ServicePost]:
    return in_reach(ServicePost.objects.select_related("region", "team"), user)


def service_post_get(*, post_id: int) -> ServicePost:
    post = posts_public().filter(pk=post_id).first()
    if post is None:
        raise NotFound()
    return post


def service_post_get_for_manager(*, user, post_id: int) -> ServicePost:
    post = posts_managed_by(user=user).filter(pk=post_id).first()
    if post is None:
        raise NotFound()
    return post


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def is_open_at(schedule: list[dict], when: dt.datetime | None = None) -> bool:
    """Is a post with this schedule open at `when` (default now), in Asia/Shanghai time?

    A slot whose close is before its open runs past midnight (e.g. 20:00-08:00 night duty).
    """
    when = (when or timezone.now()).astimezone(LOCAL_TZ)
    day, minute = when.weekday(), when.hour * 60 + when.minute
    for slot in schedule or []:
        opens, closes = _minutes(slot["open"]), _minutes(slot["close"])
        if opens < closes:
            if day in slot["days"] and opens <= minute < closes:
                return True
        else:  # overnight
            if day in slot["days"] and minute >= opens:
                return True
            if (day - 1) % 7 in slot["days"] and minute < closes:
                return True
    return False


def teams_managed_by(*, user) -> QuerySet[Team]:
    return in_reach(Team.objects.select_related("region"), user)


def team_get_for_manager(*, user, team_id: int) -> Team:
    team = teams_managed_by(user=user).filter(pk=team_id).first()
    if team is None:
        raise NotFound()
    return team
