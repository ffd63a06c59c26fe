"""Suitability and workload before service (志愿服务条例 Art. 15): an age range per kind of service
(settings.ACTIVITY_AGE_LIMITS), at most WORKLOAD_MAX_HOURS_PER_DAY hours of confirmed service on any day and at most
WORKLOAD_MAX_CONSECUTIVE_DAYS days of service in a row. A refused sign-up says which limit and why."""

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from volunteerhub.core.i18n import localized
from volunteerhub.activities.models import Activity, Kind, SignUp
from volunteerhub.core.errors import Conflict, PermissionDenied

DAY = dt.timedelta(days=1)


def service_day(activity: Activity) -> dt.date:
    """The last local day of service: a credential must still be valid on it."""
    return timezone.localtime(activity.ends_at - dt.timedelta(microseconds=1)).date()


def hours_by_day(starts_at: dt.datetime, ends_at: dt.datetime) -> dict[dt.date, float]:
    """The hours of a span on each local day it touches."""
    out: dict[dt.date, float] = defaultdict(float)
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    while start < end:
        piece_end = min(end, (start + DAY).replace(hour=0, minute=0, second=0, microsecond=0))
        out[start.date()] += (piece_end - start).total_seconds() / 3600
        start = piece_end
    return out


def age_on(birth_date: dt.date, day: dt.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def _check_age(activity: Activity, volunteer) -> None:
    low, high = (list(settings.ACTIVITY_AGE_LIMITS.get(activity.kind) or []) + [None, None])[:2]
    age = age_on(volunteer.birth_date, timezone.localtime(activity.starts_at).date())
    if (low is not None and age < low) or (high is not None and age > high):
        span = format_lazy(gettext_lazy("{value} to {high}"), value=low or 0, high=high) if high is not None else format_lazy(gettext_lazy("{low} or over"), low=low)
        kind = Kind(activity.kind).label
        raise PermissionDenied(format_lazy(gettext_lazy("{kind} is for volunteers aged {span}"), kind=kind, span=span),
                               code="age_limit")


def _booked_hours(activity: Activity, volunteer, first: dt.date, last: dt.date) -> dict[dt.date, float]:
    """Hours of the volunteer's other confirmed service per day, from `first` to `last`."""
    start = timezone.make_aware(dt.datetime.combine(first, dt.time()))
    end = timezone.make_aware(dt.datetime.combine(last + DAY, dt.time()))
    booked: dict[dt.date, float] = defaultdict(float)
    for starts_at, ends_at in SignUp.objects.filter(
            volunteer=volunteer, status=SignUp.Status.CONFIRMED, activity__starts_at__lt=end,
            activity__ends_at__gt=start).exclude(activity=activity) \
            .exclude(activity__status=Activity.Status.CANCELLED).values_list("activity__starts_at", "activity__ends_at"):
        for day, hours in hours_by_day(starts_at, ends_at).items():
            booked[day] += hours
    return booked


def _run_length(days: set[dt.date], around: dt.date) -> int:
    first = last = around
    while first - DAY in days:
        first -= DAY
    while last + DAY in days:
        last += DAY
    return (last - first).days + 1


def _check_workload(activity: Activity, volunteer) -> None:
    mine = hours_by_day(activity.starts_at, activity.ends_at)
    limit_days = settings.WORKLOAD_MAX_CONSECUTIVE_DAYS
    booked = _booked_hours(activity, volunteer, min(mine) - DAY * limit_days, max(mine) + DAY * limit_days)
    for day, hours in sorted(mine.items()):
        if booked[day] + hours > settings.WORKLOAD_MAX_HOURS_PER_DAY + 1e-9:
            raise Conflict(format_lazy(gettext_lazy("On {day:%Y-%m-%d} you are already booked for {booked:g} h: this activity's {hours:g} h would pass the limit of {WORKLOAD_MAX_HOURS_PER_DAY:g} h a day"), day=day, booked=booked[day], hours=hours, WORKLOAD_MAX_HOURS_PER_DAY=settings.WORKLOAD_MAX_HOURS_PER_DAY),
                           code="workload_hours_per_day")
    days = {d for d, h in booked.items() if h > 0} | set(mine)
    if _run_length(days, min(mine)) > limit_days:
        raise Conflict(format_lazy(gettext_lazy("At most {limit_days} days of service in a row: take a rest day first"), limit_days=limit_days),
                       code="workload_consecutive_days")


def check_suitability_and_workload(*, activity: Activity, volunteer) -> None:
    """Refuses a sign-up outside the kind's age range or over the daily or consecutive-day workload."""
    _check_age(activity, volunteer)
    _check_workload(activity, volunteer)
