"""The city administrator enters a year's holidays before the State Council's calendar reaches the platform."""

import datetime as dt

import pytest

from volunteerhub.accounts.models import Role
from volunteerhub.conftest import PASSWORD, make_user
from volunteerhub.workdays.selectors import add_working_days

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_city_enters_a_holiday_and_deadlines_follow_it(desk_page, shots):
    admin = make_user(Role.CITY_ADMIN, "371600", display_name="市卫健委管理员")
    page = desk_page
    sign_in(page, admin.phone, PASSWORD)
    page.goto("/workdays/?year=2040")
    assert page.locator("#unknown-year").is_visible()

    page.fill("#day", "2040-10-01")
    page.select_option("#working", "0")
    page.fill("#name", "国庆节")
    page.click("#calendar-day-form button.primary")
    page.wait_for_selector("#calendar-days td:has-text('国庆节')")
    shots(page, "a holiday entered")

    assert add_working_days(dt.date(2040, 9, 28), 1) == dt.date(2040, 10, 2)  # Fri 28 Sep; Mon 1 Oct is off
    assert page.js_errors == []
