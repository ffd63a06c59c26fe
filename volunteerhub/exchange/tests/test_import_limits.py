"""Imports refuse files too large to read safely before reading them, and say "already registered" only of people the
importer may know of."""

import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from volunteerhub.conftest import make_volunteer, next_id_number
from volunteerhub.exchange import services
from volunteerhub.exchange.models import ExchangeLog
from volunteerhub.exchange.tests.test_exchange import good_row, roster
from volunteerhub.volunteers.models import Volunteer
from volunteerhub.volunteers.services import volunteer_id_number

pytestmark = pytest.mark.django_db

SHEET = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
         '2006/main"><dimension ref="A1:D{last}"/><sheetData>{rows}</sheetData></worksheet>')
PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.'
    'xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
    'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    'worksheet+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="data" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}


def _row(*values) -> str:
    return "<row>" + "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in values) + "</row>"


def expanding_roster(path, rows: int):
    """A small .xlsx whose one sheet repeats the same row (its size given first, as Excel writes it): it compresses to
    a few tens of KB whatever `rows` is."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        body = _row("姓名", "身份证号", "手机号", "区划代码") + _row("王") * rows
        archive.writestr("xl/worksheets/sheet1.xml", SHEET.format(last=rows + 1, rows=body))
    return path


def test_a_small_file_that_expands_to_300000_rows_is_refused_at_once_and_nothing_is_imported(tmp_path, county_admin):
    path = expanding_roster(tmp_path / "bomb.xlsx", 300_000)
    assert path.stat().st_size < 50_000

    report = services.roster_import(path, user=county_admin)

    assert [(e.row, e.field) for e in report.errors] == [(1, "file")] and "20000" in report.errors[0].reason
    assert report.total_rows == services.MAX_ROWS + 1  # read no further than needed to refuse it
    assert not Volunteer.objects.exists() and ExchangeLog.objects.get().ok is False


def test_a_spreadsheet_that_unpacks_to_more_than_the_limit_is_refused_before_it_is_opened(tmp_path, county_admin,
                                                                                         settings):
    settings.MAX_UPLOAD_UNCOMPRESSED_BYTES = 100_000
    path = expanding_roster(tmp_path / "big.xlsx", 5_000)

    report = services.roster_import(path, user=county_admin, file_name="big.xlsx")

    assert [(e.row, e.field) for e in report.errors] == [(1, "file")] and "97 KB" in report.errors[0].reason
    assert report.total_rows == 0 and not Volunteer.objects.exists()


@pytest.fixture
def small_uploads(settings):
    settings.MAX_UPLOAD_BYTES = 2048


def test_a_file_larger_than_the_upload_limit_is_refused_through_the_api(tmp_path, county_admin, api_as,
                                                                        small_uploads):
    path = roster(tmp_path / "ok.xlsx", [good_row(), good_row("赵丽")])
    api = api_as(county_admin, language="en")

    with open(path, "rb") as upload:
        answer = api.client.post("/api/v1/exchange/imports/volunteers", {"file": upload}, **api.headers)

    assert answer.status_code == 400 and answer.json()["code"] == "import_rejected"
    assert answer.json()["fields"] == {"rows[1].file": ["the file is too large: at most 2 KB"]}
    assert not Volunteer.objects.exists()


def test_a_file_larger_than_the_upload_limit_is_refused_on_the_page(tmp_path, county_admin, client, small_uploads):
    path = roster(tmp_path / "ok.xlsx", [good_row()])
    client.force_login(county_admin)

    with open(path, "rb") as upload:
        page = client.post("/exchange/", {"roster": upload})

    assert page.status_code == 400 and "文件过大" in page.content.decode()
    assert not Volunteer.objects.exists()


@pytest.mark.parametrize("what", ["volunteers", "posts"])
def test_the_import_command_refuses_a_file_larger_than_the_upload_limit(tmp_path, small_uploads, capsys, what):
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * 4096)

    with pytest.raises(CommandError):
        call_command("import", what, str(path))

    assert "file: 文件过大" in capsys.readouterr().err
    assert not Volunteer.objects.exists()


# --- who is already registered --------------------------------------------------------------------

def test_a_duplicate_in_reach_is_reported_as_already_registered(tmp_path, organizer, volunteer):
    path = roster(tmp_path / "dup.xlsx", [good_row(id_number=volunteer_id_number(volunteer=volunteer))])

    report = services.roster_import(path, user=organizer)

    assert [(e.row, e.field, e.reason) for e in report.errors] == [(2, "id_number", "已注册")]


@pytest.mark.parametrize("same", ["id_number", "phone"])
def test_a_person_registered_out_of_reach_is_not_revealed(tmp_path, organizer, same):
    elsewhere = make_volunteer("371681001213", name="邹平人")
    row = good_row(**{"id_number": volunteer_id_number(volunteer=elsewhere)} if same == "id_number"
                   else {"phone": elsewhere.user.phone, "id_number": next_id_number()})
    path = roster(tmp_path / "dup.xlsx", [row])

    report = services.roster_import(path, user=organizer)

    assert [(e.row, e.field, e.reason) for e in report.errors] == [(2, "", "该行无法导入")]
    assert "已注册" not in str(ExchangeLog.objects.get().report)
    assert Volunteer.objects.count() == 1
