"""The calendar through the API and its page: everyone reads it, only city administrators change it."""

import datetime as dt

import pytest

from volunteerhub.audit.models import AuditEvent
from volunteerhub.workdays.models import CalendarDay

pytestmark = pytest.mark.django_db


def test_anyone_reads_a_years_holidays_and_make_up_days(anon):
    answer = anon.get("/api/v1/workdays/2026")

    assert answer.status_code == 200
    body = answer.json()
    assert body["known_to_state_council_calendar"] is True
    days = {d["date"]: d for d in body["days"]}
    assert days["2026-10-01"] == {"date": "2026-10-01", "working": False, "name": "国庆节", "source": "state_council"}
    assert days["2026-10-10"]["working"] is True


def test_a_city_admin_enters_a_holiday_for_a_year_not_yet_published_and_removes_it(api_as, city_admin):
    client = api_as(city_admin)

    put = client.put("/api/v1/workdays/days/2040-10-01", {"working": False, "name": "国庆节"})
    assert put.status_code == 200, put.content
    assert put.json() == {"date": "2040-10-01", "working": False, "name": "国庆节", "source": "city"}
    year = client.get("/api/v1/workdays/2040").json()
    assert year["known_to_state_council_calendar"] is False and [d["date"] for d in year["days"]] == ["2040-10-01"]

    assert client.delete("/api/v1/workdays/days/2040-10-01").status_code == 204
    assert not CalendarDay.objects.exists()
    assert AuditEvent.objects.filter(target_type="calendar_day").count() == 2


def test_a_county_admin_is_refused_and_nothing_changes(api_as, county_admin):
    answer = api_as(county_admin).put("/api/v1/workdays/days/2040-10-01", {"working": False, "name": "国庆节"})

    assert answer.status_code == 403 and answer.json()["code"] == "permission_denied"
    assert not CalendarDay.objects.exists()


@pytest.mark.parametrize("path,body,field", [
    ("/api/v1/workdays/days/2040-13-01", {"working": False}, "day"),
    ("/api/v1/workdays/days/1999-01-01", {"working": False}, "day"),
    ("/api/v1/workdays/days/2040-01-01", {"working": False, "name": "节" * 65}, "name"),
])
def test_bad_input_is_a_400_naming_the_field(api_as, city_admin, path, body, field):
    answer = api_as(city_admin).put(path, body)

    assert answer.status_code == 400, answer.content
    assert any(field in name for name in answer.json()["fields"]), answer.json()
    assert not CalendarDay.objects.exists()


def test_the_page_shows_the_year_and_lets_the_city_admin_change_it(client, city_admin):
    page = client.get("/workdays/?year=2026").content.decode()
    assert "国庆节" in page and "{%" not in page
    assert "calendar-day-form" not in client.get("/workdays/?year=2040").content.decode()

    client.force_login(city_admin)
    assert "calendar-day-form" in client.get("/workdays/?year=2040").content.decode()
    answer = client.post("/workdays/", {"day": "2040-10-01", "working": "0", "name": "国庆节", "action": "set"})

    assert answer.status_code == 302 and answer["Location"] == "/workdays/?year=2040"
    assert CalendarDay.objects.get().day == dt.date(2040, 10, 1)
    client.post("/workdays/", {"day": "2040-10-01", "action": "remove"})
    assert not CalendarDay.objects.exists()


def test_the_page_refuses_anyone_else_a_change(client, county_admin):
    client.force_login(county_admin)

    answer = client.post("/workdays/", {"day": "2040-10-01", "working": "0", "name": "国庆节"})

    assert answer.status_code == 403 and not CalendarDay.objects.exists()
