"""Exports are safe to open in a spreadsheet: text that would run as a formula is written as text, numbers as numbers."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from volunteerhub.activities.tests.conftest import make_activity
from volunteerhub.exchange import services
from volunteerhub.hours.services import ledger_backfill, ledger_correct, ledger_entry_decide

FORMULA = '=HYPERLINK("http://example.com/x","点此查看")'


def _csv(body: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def _xlsx(body: bytes) -> list[dict]:
    sheet = load_workbook(io.BytesIO(body)).worksheets[0]
    header, *rows = list(sheet.iter_rows())
    return [{h.value: cell for h, cell in zip(header, row)} for row in rows]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_that_a_spreadsheet_would_run_is_written_as_text_in_csv(organizer, county_admin, volunteer, start):
    entry = ledger_backfill(user=organizer, volunteer=volunteer, hours="2", served_on=timezone.localdate(),
                            reason="纸质签到补录", content=f"{start}1+1 入户随访")
    ledger_entry_decide(entry=entry, user=county_admin, approve=True)

    rows = _csv(services.export_bytes(name="national_service_records", fmt="csv", user=county_admin))

    assert rows[0]["活动名称"] == f"'{start}1+1 入户随访"


def test_a_formula_in_a_title_is_a_string_cell_in_xlsx_not_a_formula(organizer, county_admin):
    make_activity(organizer, title=FORMULA)

    cell = _xlsx(services.export_bytes(name="national_activities", fmt="xlsx", user=county_admin))[0]["活动名称"]

    assert cell.data_type == "s" and cell.value == "'" + FORMULA


def test_json_keeps_the_text_as_it_is(organizer, county_admin):
    import json

    make_activity(organizer, title=FORMULA)

    rows = json.loads(services.export_bytes(name="national_activities", fmt="json", user=county_admin))

    assert rows[0]["活动名称"] == FORMULA


@pytest.fixture
def corrected_record(organizer, county_admin, volunteer):
    """Three back-filled hours, then a correction taking away one and a half: both approved."""
    served = timezone.localdate() - dt.timedelta(days=3)
    entry = ledger_backfill(user=organizer, volunteer=volunteer, hours="3", served_on=served, reason="纸质签到补录")
    ledger_entry_decide(entry=entry, user=county_admin, approve=True)
    correction = ledger_correct(user=organizer, entry=entry, hours_delta="-1.5", reason="提前离场")
    ledger_entry_decide(entry=correction, user=county_admin, approve=True)
    return correction


def test_a_negative_correction_stays_a_number_in_csv(corrected_record, county_admin):
    rows = _csv(services.export_bytes(name="national_service_records", fmt="csv", user=county_admin))

    assert [r["服务时长"] for r in rows] == ["3.00", "-1.50"]


def test_a_negative_correction_stays_a_number_in_xlsx(corrected_record, county_admin):
    rows = _xlsx(services.export_bytes(name="national_service_records", fmt="xlsx", user=county_admin))

    hours = [r["服务时长"] for r in rows]
    assert [c.data_type for c in hours] == ["n", "n"] and [Decimal(str(c.value)) for c in hours] == [3, Decimal("-1.5")]


def test_the_kept_total_is_a_number_in_the_volunteers_export(corrected_record, county_admin):
    rows = _xlsx(services.export_bytes(name="national_volunteers", fmt="xlsx", user=county_admin))

    assert rows[0]["累计服务时长"].data_type == "n" and Decimal(str(rows[0]["累计服务时长"].value)) == Decimal("1.5")
