"""The national service-record export carries service, training and evaluations in fields of their own."""

import csv
import datetime as dt
import io

import time_machine
from django.test import Client

from volunteerhub.activities import services as activities
from volunteerhub.activities.tests.conftest import make_activity
from volunteerhub.exchange import services
from volunteerhub.exchange.exports import RECORD_COLUMNS
from volunteerhub.hours.models import LedgerEntry
from volunteerhub.hours.services import ledger_entry_decide


def _rows(user, name="national_service_records") -> list[dict]:
    return list(csv.DictReader(io.StringIO(services.export_bytes(name=name, fmt="csv", user=user).decode("utf-8-sig"))))


def _served(organizer, volunteer, *, kind="convenience"):
    activity = make_activity(organizer, starts_in=dt.timedelta(hours=-4), hours=3, kind=kind, title=f"{kind}活动")
    with time_machine.travel(activity.starts_at - dt.timedelta(hours=1), tick=False):
        signup = activities.activity_sign_up(activity=activity, volunteer=volunteer)
    activities.signup_check_in_manually(signup=signup, user=organizer, reason="现场登记", at=activity.starts_at)
    return activity, signup


def test_ratings_given_on_the_finish_page_appear_in_the_national_export(organizer, county_admin, volunteer):
    activity, signup = _served(organizer, volunteer)
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(organizer)

    client.post(f"/activities/{activity.pk}/manage/", {"action": "finish", "people_served": "30",
                                                      f"rating_{signup.pk}": "4", f"note_{signup.pk}": "服务耐心"})
    ledger_entry_decide(entry=LedgerEntry.objects.get(signup=signup), user=county_admin, approve=True)

    [row] = _rows(county_admin)
    assert (row["服务评价"], row["评价说明"], row["评价人"]) == ("4", "服务耐心", organizer.display_name)
    assert row["评价时间"] and row["记录性质"] == "志愿服务" and row["服务时长"] == "3.00" and row["培训时长"] == "0.00"


def test_training_has_its_own_hours_field_and_nature(organizer, county_admin, volunteer):
    activity, signup = _served(organizer, volunteer, kind="training")
    activities.activity_finish(activity=activity, user=organizer, people_served=0)
    ledger_entry_decide(entry=LedgerEntry.objects.get(signup=signup), user=county_admin, approve=True)

    [row] = _rows(county_admin)

    assert (row["服务时长"], row["培训时长"], row["记录性质"]) == ("0.00", "3.00", "培训")
    assert row["服务评价"] == row["评价说明"] == ""


def test_the_volunteers_export_keeps_training_apart(organizer, county_admin, volunteer):
    activity, signup = _served(organizer, volunteer, kind="training")
    activities.activity_finish(activity=activity, user=organizer, people_served=0)
    ledger_entry_decide(entry=LedgerEntry.objects.get(signup=signup), user=county_admin, approve=True)

    [row] = _rows(county_admin, "national_volunteers")

    assert (row["累计服务时长"], row["累计培训时长"], row["星级"]) == ("0.00", "3.00", "0")


def test_the_columns_are_those_the_readme_lists():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text()
    section = readme.split("## Data exchange", 1)[1].split("\n## ", 1)[0]
    listed = {name.strip() for line in section.splitlines() if line.startswith("| ") and "---" not in line
              for name in line.split("|")[1].split("·")}
    assert set(RECORD_COLUMNS) <= listed
