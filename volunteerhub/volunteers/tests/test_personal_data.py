"""The resident ID number is never kept or shown in clear: database, API answers, exports, logs, pages."""

import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from volunteerhub.conftest import make_volunteer, next_id_number
from volunteerhub.volunteers.services import volunteer_id_number

ID_NUMBER = next_id_number("371602")


@pytest.fixture
def registered(db, team):
    return make_volunteer("371602001001", id_number=ID_NUMBER, name="赵敏", team=team)


def all_database_text() -> str:
    """Every row of every table as text, from the database itself."""
    chunks = []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            chunks.extend(connection.connection.iterdump())
        else:
            for table in connection.introspection.table_names(cursor):
                cursor.execute(f'SELECT t::text FROM "{table}" t')
                chunks.extend(row[0] for row in cursor.fetchall())
    return "\n".join(chunks)


def test_the_database_holds_no_id_number_in_clear(registered):
    text = all_database_text()

    assert registered.id_number_masked in text
    assert ID_NUMBER not in text
    assert ID_NUMBER[6:14] + ID_NUMBER[14:] not in text  # not even the part after the area code
    assert volunteer_id_number(volunteer=registered) == ID_NUMBER


def test_the_sqlite_database_file_holds_no_id_number(transactional_db, registered, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the database file check is for SQLite; PostgreSQL is checked row by row above")
    target = tmp_path / "copy.sqlite3"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(target)])

    data = target.read_bytes()

    assert registered.id_number_masked.encode() in data
    assert ID_NUMBER.encode() not in data


def test_api_answers_carry_only_the_masked_number(registered, api_as, county_admin):
    own = api_as(registered.user).get("/api/v1/me").content.decode()
    listed = api_as(county_admin).get("/api/v1/volunteers").content.decode()
    one = api_as(county_admin).get(f"/api/v1/volunteers/{registered.pk}").content.decode()

    for body in (own, listed, one):
        assert ID_NUMBER not in body
        assert registered.id_number_masked in body


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_exports_carry_only_the_masked_number(registered, tmp_path, fmt):
    out = tmp_path / f"volunteers.{fmt}"

    call_command("export", "volunteers", "--format", fmt, "--output", str(out))

    raw = out.read_bytes()
    if fmt == "xlsx":
        with zipfile.ZipFile(io.BytesIO(raw)) as book:
            raw = b"".join(book.read(name) for name in book.namelist())
    assert ID_NUMBER.encode() not in raw
    assert registered.id_number_masked.encode() in raw
    if fmt == "json":
        rows = json.loads(out.read_text())
        assert rows[0]["volunteer_number"] == registered.volunteer_number
        assert rows[0]["phone_masked"].count("*") == 4


def test_pages_show_only_the_masked_number(registered):
    client = Client()
    client.force_login(registered.user)

    html = client.get("/me/").content.decode()

    assert registered.id_number_masked in html
    assert ID_NUMBER not in html


def test_the_audit_trail_holds_no_id_number(registered):
    from volunteerhub.audit.models import AuditEvent

    assert ID_NUMBER not in json.dumps([e.changes for e in AuditEvent.objects.all()], ensure_ascii=False)
