"""Reads of the working-day calendar: the city's entries first, then the State Council's calendar, then the week."""

import datetime as dt

import chinese_calendar
from chinese_calendar.constants import Holiday

from volunteerhub.workdays.models import CalendarDay

HOLIDAY_NAMES = {holiday.value: holiday.chinese for holiday in Holiday}  # "National Day" -> "国庆节"
PACKAGE_YEARS = range(min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year + 1)


def package_knows(year: int) -> bool:
    """Whether the State Council's calendar for the year is in the chinese-calendar package."""
    return year in PACKAGE_YEARS


def _by_package_or_week(day: dt.date) -> bool:
    if package_knows(day.year):
        return chinese_calendar.is_workday(day)
    return day.weekday() < 5


def _entries(start: dt.date, end: dt.date) -> dict[dt.date, bool]:
    return dict(CalendarDay.objects.filter(day__gte=start, day__lte=end).values_list("day", "is_working_day"))


def is_working_day(day: dt.date) -> bool:
    entry = CalendarDay.objects.filter(day=day).values_list("is_working_day", flat=True).first()
    return _by_package_or_week(day) if entry is None else entry


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date of the `days`-th working day after `start` (start itself never counts)."""
    current, counted, entries, window_end = start, 0, {}, start
    while counted < days:
        current += dt.timedelta(days=1)
        if current > window_end:  # read the city's entries a stretch at a time, not one day at a time
            window_end = current + dt.timedelta(days=2 * days + 30)
            entries = _entries(current, window_end)
        working = entries.get(current)
        if working if working is not None else _by_package_or_week(current):
            counted += 1
    return current


def _package_days(year: int) -> dict[dt.date, dict]:
    if not package_knows(year):
        return {}
    days = {}
    for table, working in ((chinese_calendar.holidays, False), (chinese_calendar.workdays, True)):
        for day, name in table.items():
            if day.year == year:
                days[day] = {"date": day, "working": working, "name": HOLIDAY_NAMES.get(name, name),
                             "source": "state_council"}
    return days


def calendar_year(*, year: int) -> list[dict]:
    """The year's holidays and make-up working days, each with where it comes from (state_council or city)."""
    days = _package_days(year)
    for entry in CalendarDay.objects.filter(day__year=year):
        days[entry.day] = {"date": entry.day, "working": entry.is_working_day, "name": entry.name, "source": "city"}
    return [days[day] for day in sorted(days)]
