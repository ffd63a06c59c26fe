import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from volunteerhub.accounts.models import User
from volunteerhub.audit.models import AuditEvent
from volunteerhub.conftest import next_id_number, next_phone
from volunteerhub.exchange import services
from volunteerhub.exchange.models import ExchangeLog
from volunteerhub.volunteers.models import Volunteer

HEADER = ["姓名", "身份证号", "手机号", "区划代码", "技能", "资质", "队伍"]


def roster(path, rows, header=HEADER):
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def good_row(name="王小明", area="371602", region="371602001001", **kw):
    return [name, kw.get("id_number", next_id_number(area)), kw.get("phone", next_phone()), region,
            "测血压，急救", "护士", kw.get("team", "")]


@pytest.fixture
def good_file(tmp_path, team):
    return roster(tmp_path / "ok.xlsx", [good_row(), good_row("赵丽", team=team.name), good_row("孙强")])


def test_it_imports_a_good_roster_through_registration(good_file, county_admin, team):
    report = services.roster_import(good_file, user=county_admin)
    assert report.ok and report.imported == 3
    assert Volunteer.objects.filter(channel="import").count() == 3
    zhao = Volunteer.objects.get(name="赵丽")
    assert zhao.team == team and zhao.registered_by == county_admin
    assert list(zhao.qualifications.values_list("code", flat=True)) == ["nurse"]
    log = ExchangeLog.objects.get()
    assert (log.direction, log.name, log.rows, log.ok) == ("import", "volunteers", 3, True)


def test_it_rejects_a_bad_roster_with_its_report_and_imports_nothing(tmp_path, county_admin):
    taken = next_id_number()
    path = roster(tmp_path / "bad.xlsx", [
        good_row(),
        good_row("李", id_number="371602199001011234"),       # name too short, bad check digit
        good_row("周杰", phone="12345"),                          # bad phone
        good_row("吴敏", id_number=taken),
        good_row("郑和", id_number=taken),                        # same person twice in the file
        good_row("冯雪", region="999999"),                        # unknown region
        good_row("陈晨", team="没有这个队伍"),
    ])
    before = (Volunteer.objects.count(), User.objects.count())
    report = services.roster_import(path, user=county_admin)
    assert not report.ok and report.imported == 0 and report.total_rows == 7
    wrong = {(e.row, e.field) for e in report.errors}
    assert {(3, "name"), (3, "id_number"), (4, "phone"), (6, "id_number"), (7, "region_code"), (8, "team")} <= wrong
    assert not any(e.row in (2, 5) for e in report.errors)
    assert (Volunteer.objects.count(), User.objects.count()) == before
    assert ExchangeLog.objects.get().ok is False


def test_it_refuses_rows_outside_the_importers_region(tmp_path, other_county_admin):
    path = roster(tmp_path / "r.xlsx", [good_row()])
    report = services.roster_import(path, user=other_county_admin)
    assert not report.ok and report.errors[0].row == 2
    assert not Volunteer.objects.exists()


def test_it_reports_missing_columns_and_unreadable_files(tmp_path, county_admin):
    path = roster(tmp_path / "cols.xlsx", [["王小明"]], header=["姓名"])
    report = services.roster_import(path, user=county_admin)
    assert {e.field for e in report.errors} == {"id_number", "phone", "region_code"}
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"this is not a workbook")
    assert services.roster_import(junk, user=county_admin).errors[0].field == "file"
    assert not Volunteer.objects.exists()


def test_the_import_command_registers_and_reports(good_file, tmp_path, county_admin):
    call_command("import", "volunteers", str(good_file), "--as", county_admin.phone)
    assert Volunteer.objects.filter(channel="import").count() == 3
    bad = roster(tmp_path / "bad.xlsx", [good_row(phone="1")])
    with pytest.raises(CommandError):
        call_command("import", "volunteers", str(bad))
    assert Volunteer.objects.count() == 3


def _rows(body: bytes, fmt: str) -> list[dict]:
    if fmt == "json":
        return json.loads(body)
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_exports_are_masked_for_a_county_admin_and_scoped(volunteer, other_county_admin, county_admin, fmt):
    from volunteerhub.conftest import make_volunteer

    make_volunteer("371681001213", name="邹平人")
    rows = _rows(services.export_bytes(name="national_volunteers", fmt=fmt, user=county_admin), fmt)
    assert [r["姓名"] for r in rows] == ["李志愿"]
    assert "*" in rows[0]["证件号码"] and "****" in rows[0]["手机号码"]
    assert [r["姓名"] for r in _rows(services.export_bytes(name="national_volunteers", fmt=fmt,
                                                           user=other_county_admin), fmt)] == ["邹平人"]


def test_a_city_admin_exports_clear_id_numbers_and_it_is_logged(volunteer, city_admin):
    from volunteerhub.volunteers.services import volunteer_id_number

    rows = _rows(services.export_bytes(name="national_volunteers", fmt="csv", user=city_admin), "csv")
    assert rows[0]["证件号码"] == volunteer_id_number(volunteer=volunteer)
    log = ExchangeLog.objects.get()
    assert (log.direction, log.rows, log.clear_personal_data) == ("export", 1, True)
    assert AuditEvent.objects.filter(action="export", target_type="national_volunteers").exists()


def test_volunteers_and_residents_may_not_export(volunteer, resident):
    from volunteerhub.core.errors import PermissionDenied

    for user in (volunteer.user, resident):
        with pytest.raises(PermissionDenied):
            services.export_bytes(name="national_volunteers", fmt="csv", user=user)
    assert not ExchangeLog.objects.exists()


def test_the_export_api_and_page(volunteer, county_admin, api_as, client):
    api = api_as(county_admin)
    answer = api.get("/api/v1/exchange/exports/national_volunteers", {"format": "json"})
    assert answer.status_code == 200 and json.loads(answer.content)[0]["志愿者编号"] == volunteer.volunteer_number
    assert api.get("/api/v1/exchange/exports/nothing").status_code == 404
    assert api.get("/api/v1/exchange/log").json()[0]["name"] == "national_volunteers"
    client.force_login(county_admin)
    assert client.get("/exchange/").status_code == 200
    assert client.get("/exchange/export/national_volunteers.csv").status_code == 200


def test_the_import_api_returns_the_report(tmp_path, county_admin, api_as):
    path = roster(tmp_path / "bad.xlsx", [good_row(phone="1")])
    with open(path, "rb") as fh:
        answer = api_as(county_admin).client.post("/api/v1/exchange/imports/volunteers", {"file": fh},
                                                  **api_as(county_admin).headers)
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["field"] == "phone"
