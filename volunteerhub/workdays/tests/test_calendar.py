"""One working-day calendar: the city's entries first, then the State Council's calendar, then Monday to Friday."""

import datetime as dt

import pytest

from volunteerhub.audit.models import AuditEvent
from volunteerhub.core.errors import PermissionDenied, ValidationFailed
from volunteerhub.workdays.models import CalendarDay
from volunteerhub.workdays.selectors import add_working_days, calendar_year, is_working_day, package_knows
from volunteerhub.workdays.services import calendar_day_remove, calendar_day_set

pytestmark = pytest.mark.django_db


def test_weekends_are_off_and_weekdays_on_in_an_ordinary_week():
    assert add_working_days(dt.date(2026, 3, 4), 5) == dt.date(2026, 3, 11)  # Wed -> next Wed
    assert add_working_days(dt.date(2026, 3, 6), 1) == dt.date(2026, 3, 9)   # Fri -> Mon
    assert add_working_days(dt.date(2026, 3, 7), 5) == dt.date(2026, 3, 13)  # Sat -> Fri
    assert add_working_days(dt.date(2026, 3, 7), 0) == dt.date(2026, 3, 7)


def test_the_state_councils_holidays_are_off_and_its_make_up_days_on():
    assert not is_working_day(dt.date(2026, 10, 1))  # 国庆节, a Thursday
    assert is_working_day(dt.date(2026, 10, 10))  # Saturday, 调休
    assert is_working_day(dt.date(2026, 2, 14))  # Saturday, 调休 before the Spring Festival
    assert not is_working_day(dt.date(2026, 2, 23))  # Monday, still the Spring Festival
    assert add_working_days(dt.date(2026, 9, 30), 5) == dt.date(2026, 10, 13)
    assert add_working_days(dt.date(2026, 2, 13), 5) == dt.date(2026, 2, 27)


def test_a_year_the_package_does_not_know_counts_monday_to_friday_until_the_city_enters_it():
    assert package_knows(2026) and not package_knows(2040)
    assert is_working_day(dt.date(2040, 10, 1))  # a Monday
    assert add_working_days(dt.date(2040, 9, 28), 5) == dt.date(2040, 10, 5)


def test_the_citys_entries_for_an_unknown_year_are_honoured(city_admin):
    for offset in range(7):
        calendar_day_set(day=dt.date(2040, 10, 1) + dt.timedelta(days=offset), is_working_day=False,
                         name="国庆节", by=city_admin)
    calendar_day_set(day=dt.date(2040, 10, 13), is_working_day=True, name="国庆节调休", by=city_admin)  # a Saturday

    assert not is_working_day(dt.date(2040, 10, 1)) and is_working_day(dt.date(2040, 10, 13))
    # Fri 28 Sep; then Mon 8 .. Fri 12 Oct, Sat 13 (调休): the fifth working day after is Sat 13 October.
    assert add_working_days(dt.date(2040, 9, 28), 5) == dt.date(2040, 10, 12)
    assert add_working_days(dt.date(2040, 9, 28), 6) == dt.date(2040, 10, 13)


def test_the_citys_entry_comes_before_the_state_councils_calendar(city_admin):
    calendar_day_set(day=dt.date(2026, 10, 9), is_working_day=False, name="临时调整", by=city_admin)

    assert not is_working_day(dt.date(2026, 10, 9))
    assert calendar_day_remove(day=dt.date(2026, 10, 9), by=city_admin)
    assert is_working_day(dt.date(2026, 10, 9))


def test_a_long_count_reads_the_entries_beyond_its_first_stretch(city_admin):
    calendar_day_set(day=dt.date(2041, 6, 3), is_working_day=False, by=city_admin)  # a Monday, far ahead

    assert add_working_days(dt.date(2041, 1, 1), 110) == dt.date(2041, 6, 5)  # without the entry: 4 June


def test_the_year_lists_the_state_councils_days_and_the_citys_beside_them(city_admin):
    calendar_day_set(day=dt.date(2026, 12, 31), is_working_day=False, name="跨年调整", by=city_admin)

    days = {d["date"]: d for d in calendar_year(year=2026)}
    assert days[dt.date(2026, 10, 1)] == {"date": dt.date(2026, 10, 1), "working": False, "name": "国庆节",
                                          "source": "state_council"}
    assert days[dt.date(2026, 10, 10)]["working"] and days[dt.date(2026, 2, 14)]["name"] == "春节"
    assert days[dt.date(2026, 12, 31)]["source"] == "city"
    assert list(days) == sorted(days)


def test_every_change_is_audited(city_admin):
    calendar_day_set(day=dt.date(2040, 1, 1), is_working_day=False, name="元旦", by=city_admin)
    calendar_day_set(day=dt.date(2040, 1, 1), is_working_day=False, name="元旦节", by=city_admin)
    calendar_day_remove(day=dt.date(2040, 1, 1), by=city_admin)

    events = list(AuditEvent.objects.filter(target_type="calendar_day").order_by("pk"))
    assert [e.action for e in events] == ["calendar_day_set", "calendar_day_set", "calendar_day_remove"]
    assert events[1].changes["before"] == {"is_working_day": False, "name": "元旦"}
    assert {e.actor_id for e in events} == {city_admin.pk} and {e.target_id for e in events} == {"2040-01-01"}


@pytest.mark.parametrize("persona", ["county_admin", "organizer", "volunteer", "resident"])
def test_only_the_city_keeps_the_calendar(request, persona):
    user = request.getfixturevalue(persona)
    user = getattr(user, "user", user)  # the volunteer persona is the Volunteer

    with pytest.raises(PermissionDenied):
        calendar_day_set(day=dt.date(2040, 1, 1), is_working_day=False, name="元旦", by=user)

    assert not CalendarDay.objects.exists() and not AuditEvent.objects.filter(target_type="calendar_day").exists()


def test_a_name_too_long_is_refused_and_nothing_stored(city_admin):
    with pytest.raises(ValidationFailed) as refused:
        calendar_day_set(day=dt.date(2040, 1, 1), is_working_day=False, name="节" * 65, by=city_admin)

    assert list(refused.value.fields) == ["name"] and not CalendarDay.objects.exists()
