"""Writes to the working-day calendar: only the city's administrators keep it, and every change is audited."""

import datetime as dt

from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from volunteerhub.accounts.models import Role
from volunteerhub.audit.services import audit_record
from volunteerhub.core.errors import PermissionDenied, ValidationFailed
from volunteerhub.workdays.models import CalendarDay

NAME_MAX = 64


def may_keep_calendar(user) -> bool:
    return user is not None and user.is_authenticated and (user.role == Role.CITY_ADMIN or user.is_superuser)


def _check(by, day: dt.date) -> None:
    if not may_keep_calendar(by):
        raise PermissionDenied(gettext_lazy("Only city administrators keep the working-day calendar"))
    if not 2000 <= day.year <= 2100:
        raise ValidationFailed({"day": [gettext_lazy("the date must be in 2000 to 2100")]})


@transaction.atomic
def calendar_day_set(*, day: dt.date, is_working_day: bool, name: str = "", by) -> CalendarDay:
    """Mark a day a holiday or a make-up working day (调休), over what the State Council's calendar says."""
    _check(by, day)
    name = (name or "").strip()
    if len(name) > NAME_MAX:
        raise ValidationFailed({"name": [format_lazy(gettext_lazy("at most {NAME_MAX} characters"), NAME_MAX=NAME_MAX)]})
    before = CalendarDay.objects.filter(day=day).values("is_working_day", "name").first()
    entry, _ = CalendarDay.objects.update_or_create(day=day, defaults={
        "is_working_day": bool(is_working_day), "name": name, "set_by": by})
    audit_record(action="calendar_day_set", target_type="calendar_day", target_id=day.isoformat(), actor=by,
                 changes={"before": before, "is_working_day": entry.is_working_day, "name": name})
    return entry


@transaction.atomic
def calendar_day_remove(*, day: dt.date, by) -> bool:
    """Drop the city's entry for a day: the State Council's calendar (or the plain week) applies again."""
    _check(by, day)
    before = CalendarDay.objects.filter(day=day).values("is_working_day", "name").first()
    if before is None:
        return False
    CalendarDay.objects.filter(day=day).delete()
    audit_record(action="calendar_day_remove", target_type="calendar_day", target_id=day.isoformat(), actor=by,
                 changes={"before": before})
    return True
