"""Data exchange: the volunteer roster import and the national-format exports, each one logged."""

import io
import zipfile
from itertools import islice
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from volunteerhub.accounts.models import User
from volunteerhub.accounts.phones import validate_phone
from volunteerhub.regions.scope import in_reach, reach_path
from volunteerhub.audit.services import audit_record
from volunteerhub.core import crypto
from volunteerhub.core.tables import write_table
from volunteerhub.core.context import current_actor
from volunteerhub.core.errors import ApplicationError, NotFound, PermissionDenied
from volunteerhub.core.i18n import Text
from volunteerhub.exchange.exports import EXPORTS, may_see_clear
from volunteerhub.exchange.models import ExchangeLog
from volunteerhub.exchange.reports import ImportReport
from volunteerhub.organizations.models import Team
from volunteerhub.volunteers.identity import parse_resident_id
from volunteerhub.volunteers.models import Volunteer

MAX_ROWS = 20000
COLUMNS = {  # heading in the file (Chinese or English) -> field
    "姓名": "name", "name": "name", "身份证号": "id_number", "身份证号码": "id_number", "证件号码": "id_number",
    "id_number": "id_number", "手机号": "phone", "手机号码": "phone", "phone": "phone", "区划代码": "region_code",
    "所在区划代码": "region_code", "region_code": "region_code", "技能": "skills", "技能特长": "skills",
    "skills": "skills", "资质": "qualifications", "专业资质": "qualifications", "qualifications": "qualifications",
    "队伍": "team", "所属队伍": "team", "team": "team", "住址纬度": "home_lat", "home_lat": "home_lat",
    "住址经度": "home_lng", "home_lng": "home_lng",
}
REQUIRED = ["name", "id_number", "phone", "region_code"]
DUPLICATE_CODES = {"duplicate_id_number", "duplicate_phone"}  # volunteer_register's: already registered


def may_exchange(user) -> bool:
    return user is not None and user.is_authenticated and (user.is_admin or user.role == "organizer") \
        and reach_path(user) is not None


def exchange_log(*, direction: str, name: str, user=None, fmt: str = "", rows: int = 0, ok: bool = True,
                 file_name: str = "", clear: bool = False, report: dict | None = None) -> ExchangeLog:
    """Record one import or export in the exchange log and the audit trail."""
    path = reach_path(user) or ""
    entry = ExchangeLog.objects.create(
        direction=direction, name=name, format=fmt, channel=current_actor.get().source, user=user,
        region_path=path, file_name=Path(file_name).name[:255] if file_name else "", rows=rows, ok=ok,
        clear_personal_data=clear, report=report or {})
    audit_record(action=direction, target_type=name, target_id=entry.pk, actor=user,
                 changes={"format": fmt, "rows": rows, "ok": ok, "clear": clear})
    return entry


# --- Roster import ------------------------------------------------------------------------------

def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _list(value) -> list[str]:
    return [v.strip() for v in _text(value).replace("，", ",").replace("、", ",").split(",") if v.strip()]


def _float(value, field: str, report: ImportReport, row: int):
    text = _text(value)
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        report.add(row, field, gettext_lazy("must be a number"))
        return None


def file_too_large(source) -> Text | None:
    """Why a file (a path or an upload) is refused before anything reads it: more than MAX_UPLOAD_BYTES; or None."""
    size = source.size if hasattr(source, "size") else Path(source).stat().st_size
    if size <= settings.MAX_UPLOAD_BYTES:
        return None
    limit = settings.MAX_UPLOAD_BYTES // 1024
    return format_lazy(gettext_lazy("the file is too large: at most {limit} KB"), limit=limit)


def _spreadsheet_problem(source) -> Text | None:
    """Why a spreadsheet is refused before openpyxl opens it: too large, or (an .xlsx is a zip) unpacking to more
    than MAX_UPLOAD_UNCOMPRESSED_BYTES; or None."""
    problem = file_too_large(source)
    if problem is None:
        with zipfile.ZipFile(source) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
        if unpacked > settings.MAX_UPLOAD_UNCOMPRESSED_BYTES:
            limit = settings.MAX_UPLOAD_UNCOMPRESSED_BYTES // 1024
            problem = format_lazy(gettext_lazy("the spreadsheet unpacks to too much: at most {limit} KB"), limit=limit)
    return problem


def _read_rows(source) -> tuple[list[str], list[tuple[int, list]]]:
    """The header and the filled rows, read no further than one row past MAX_ROWS (enough to refuse the file)."""
    from openpyxl import load_workbook

    book = load_workbook(source, read_only=True, data_only=True)
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = [_text(h) for h in next(rows, [])]
        filled = ((n, list(r)) for n, r in enumerate(rows, start=2) if any(_text(c) for c in r))
        return header, list(islice(filled, MAX_ROWS + 1))
    finally:
        book.close()


def _qualification_codes(names: list[str]) -> list[str]:
    from volunteerhub.volunteers.models import Qualification

    by_name = {q.name: q.code for q in Qualification.objects.all()}
    return [by_name.get(n, n) for n in names]


def _register_row(record: dict, *, user, row: int, report: ImportReport, unusable_password: str) -> None:
    from volunteerhub.volunteers.services import volunteer_register

    team = user.team if user is not None and user.team_id else None
    if record.get("team"):
        team = Team.objects.filter(name=record["team"]).first()
        if team is None:
            report.add(row, "team", gettext_lazy("no team has this name"))
            return
    home_lat = _float(record.get("home_lat"), "home_lat", report, row)
    home_lng = _float(record.get("home_lng"), "home_lng", report, row)
    try:
        with transaction.atomic():
            volunteer_register(
                name=_text(record.get("name")), id_number=_text(record.get("id_number")),
                phone=_text(record.get("phone")), region_code=_text(record.get("region_code")),
                skills=_list(record.get("skills")), qualifications=_qualification_codes(_list(record.get("qualifications"))),
                home_lat=home_lat, home_lng=home_lng, team=team, registered_by=user, channel="import",
                password_hash=None if user is not None else unusable_password)
    except ApplicationError as exc:
        if exc.code in DUPLICATE_CODES and not _registered_within_reach(record, user):
            report.add(row, "", gettext_lazy("this row cannot be imported"))  # never why: that is elsewhere
            return
        if not exc.fields:
            report.add(row, "", exc.message)
        for field_name, reasons in exc.fields.items():
            for reason in reasons:
                report.add(row, field_name, reason)


def _registered_within_reach(record: dict, user) -> bool:
    """Whether everyone already registered under the row's ID number or phone lies in the importer's reach: only
    then may the report say they are registered (a township organiser must not learn of a person elsewhere)."""
    if user is None:  # the command line without --as: the whole city
        return True
    id_hash = crypto.blind_index(parse_resident_id(_text(record.get("id_number"))).number)
    found = [Volunteer.objects.filter(id_number_hash=id_hash),
             User.objects.filter(phone=validate_phone(_text(record.get("phone"))))]
    return all(not people.exclude(pk__in=in_reach(people, user).values("pk")).exists() for people in found)


def roster_import(source, *, user=None, file_name: str = "") -> ImportReport:
    """Register every row of an Excel roster, or none: a bad file comes back with a row-by-row report."""
    if user is not None and not may_exchange(user):
        raise PermissionDenied(gettext_lazy("Only admins and organisers may import rosters"))
    report = ImportReport()
    try:
        problem = _spreadsheet_problem(source)
        header, body = ([], []) if problem else _read_rows(source)
    except FileNotFoundError:
        raise
    except Exception:  # zipfile and openpyxl raise many kinds for a file that is not a workbook
        problem = gettext_lazy("cannot read it: it must be an Excel (.xlsx) file")
    if problem:
        report.add(1, "file", problem)
        return _log_import(report, user, file_name or str(source))
    fields = [COLUMNS.get(h, COLUMNS.get(h.lower(), "")) for h in header]
    for missing in [f for f in REQUIRED if f not in fields]:
        report.add(1, missing, gettext_lazy("this column is missing"))
    report.total_rows = len(body)
    if len(body) > MAX_ROWS:
        report.add(1, "file", format_lazy(gettext_lazy("more than {MAX_ROWS} rows: at most {MAX_ROWS} at a time"), MAX_ROWS=MAX_ROWS))
    if report.errors:
        return _log_import(report, user, file_name or str(source))
    unusable = make_password(None)
    with transaction.atomic():
        for row, values in body:
            record = {f: v for f, v in zip(fields, values) if f}
            _register_row(record, user=user, row=row, report=report, unusable_password=unusable)
        if report.errors:
            transaction.set_rollback(True)
        else:
            report.imported = len(body)
    return _log_import(report, user, file_name or str(source))


def _log_import(report: ImportReport, user, file_name: str) -> ImportReport:
    exchange_log(direction=ExchangeLog.Direction.IMPORT, name="volunteers", user=user, fmt="xlsx",
                 rows=report.total_rows, ok=report.ok, file_name=file_name,
                 report={**report.as_json(), "errors": report.as_json()["errors"][:500]})
    return report


# --- National-format exports --------------------------------------------------------------------

def export_bytes(*, name: str, fmt: str, user) -> bytes:
    """One national-format export as a file, for pages and the API (logged)."""
    if not may_exchange(user):
        raise PermissionDenied(gettext_lazy("Only admins and organisers may export"))
    if name not in EXPORTS or fmt not in ("csv", "json", "xlsx"):
        raise NotFound()
    export = EXPORTS[name]
    counted = [0]
    out = io.BytesIO()
    write_table(export.columns, _counting(export.rows(user=user), counted), fmt, out)
    exchange_log(direction=ExchangeLog.Direction.EXPORT, name=name, user=user, fmt=fmt, rows=counted[0],
                 clear=may_see_clear(user))
    return out.getvalue()


def _counting(rows, counted: list):
    for row in rows:
        counted[0] += 1
        yield row
