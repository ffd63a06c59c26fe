"""A commendation's public notice counts working days on the platform's calendar: holidays off, 调休 days on."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from volunteerhub.awards import services
from volunteerhub.workdays.services import calendar_day_set

SH = ZoneInfo("Asia/Shanghai")
REASON = "常年坚持社区义诊，服务群众数千人次。"


def nominate_at(moment, organizer, volunteer):
    with time_machine.travel(moment, tick=False):
        return services.nomination_create(by=organizer, kind="volunteer", volunteer=volunteer,
                                          title="优秀志愿者", reason=REASON)


def test_a_notice_nominated_before_national_day_runs_past_the_holiday(organizer, volunteer):
    nomination = nominate_at(dt.datetime(2026, 9, 30, 10, 0, tzinfo=SH), organizer, volunteer)

    # 1-7 October off; Thu 8, Fri 9, Sat 10 (调休), Mon 12, Tue 13 are the five working days.
    assert nomination.notice_ends_at == dt.datetime(2026, 10, 14, tzinfo=SH)


def test_a_notice_nominated_before_the_spring_festival_runs_past_the_holiday(organizer, volunteer):
    nomination = nominate_at(dt.datetime(2026, 2, 13, 10, 0, tzinfo=SH), organizer, volunteer)

    # Sat 14 February is a make-up working day, 15-23 off; then Tue 24, Wed 25, Thu 26, Fri 27.
    assert nomination.notice_ends_at == dt.datetime(2026, 2, 28, tzinfo=SH)


def test_a_holiday_the_city_entered_for_a_year_not_yet_published_lengthens_the_notice(organizer, volunteer,
                                                                                       city_admin):
    for day in (dt.date(2031, 1, 1), dt.date(2031, 1, 2)):  # Wed, Thu
        calendar_day_set(day=day, is_working_day=False, name="元旦", by=city_admin)

    nomination = nominate_at(dt.datetime(2030, 12, 31, 10, 0, tzinfo=SH), organizer, volunteer)

    # Fri 3, Mon 6, Tue 7, Wed 8, Thu 9 January 2031.
    assert nomination.notice_ends_at == dt.datetime(2031, 1, 10, tzinfo=SH)
