import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from volunteerhub.core.errors import ValidationFailed
from volunteerhub.workdays import selectors, services


def _year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _day(value) -> dt.date:
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        raise ValidationFailed({"day": [gettext_lazy("a date like 2027-01-01")]}) from None


def workdays_page(request):
    """The working-day calendar of a year for everyone; city administrators add and remove the city's entries."""
    if request.method == "POST":
        return _change(request)
    year = _year(request.GET.get("year"))
    return render(request, "workdays/calendar.html", {
        "year": year, "days": selectors.calendar_year(year=year), "known": selectors.package_knows(year),
        "may_edit": services.may_keep_calendar(request.user), "years": [year - 1, year + 1]})


def _change(request):
    day = None
    try:
        day = _day(request.POST.get("day"))
        if request.POST.get("action") == "remove":
            services.calendar_day_remove(day=day, by=request.user)
            messages.success(request, gettext("The State Council's calendar applies again"))
        else:
            services.calendar_day_set(day=day, is_working_day=request.POST.get("working") == "1",
                                      name=request.POST.get("name", ""), by=request.user)
            messages.success(request, gettext("Calendar updated"))
    except ValidationFailed as exc:
        reasons = "；".join(str(r) for rs in exc.fields.values() for r in rs)
        messages.error(request, f"{exc.message}：{reasons}")
    return redirect(f"/workdays/?year={day.year if day else _year(request.GET.get('year'))}")
