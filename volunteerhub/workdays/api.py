import datetime as dt

from ninja import Field, Path, Router, Schema, Status

from volunteerhub.accounts.auth import AUTH
from volunteerhub.workdays import selectors, services

router = Router(tags=["workdays"])


class CalendarDayOut(Schema):
    date: dt.date
    working: bool
    name: str
    source: str


class CalendarYearOut(Schema):
    year: int
    known_to_state_council_calendar: bool
    days: list[CalendarDayOut]


@router.get("/workdays/{year}", response=CalendarYearOut,
            summary="The year's public holidays and make-up working days (调休): the State Council's and the city's")
def workdays_year(request, year: int = Path(..., ge=2000, le=2100)):
    return {"year": year, "known_to_state_council_calendar": selectors.package_knows(year),
            "days": selectors.calendar_year(year=year)}


class CalendarDayIn(Schema):
    working: bool
    name: str = Field("", max_length=64)


@router.put("/workdays/days/{day}", response=CalendarDayOut, auth=AUTH,
            summary="Mark a day a holiday or a make-up working day (city administrators; audited)")
def workdays_day_set(request, day: dt.date, payload: CalendarDayIn):
    entry = services.calendar_day_set(day=day, is_working_day=payload.working, name=payload.name, by=request.user)
    return {"date": entry.day, "working": entry.is_working_day, "name": entry.name, "source": "city"}


@router.delete("/workdays/days/{day}", response={204: None}, auth=AUTH,
               summary="Drop the city's entry for a day: the State Council's calendar applies again (city administrators)")
def workdays_day_remove(request, day: dt.date):
    services.calendar_day_remove(day=day, by=request.user)
    return Status(204, None)
