from datetime import datetime

from django.http import HttpResponse
from django.utils.translation import gettext
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from volunteerhub.accounts.auth import AUTH
from volunteerhub.core.tables import CONTENT_TYPES
from volunteerhub.core.errors import PermissionDenied
from volunteerhub.exchange import selectors, services

router = Router(tags=["exchange"], auth=AUTH)


class RowErrorOut(Schema):
    row: int
    field: str
    reason: str


class ImportReportOut(Schema):
    ok: bool
    total_rows: int
    imported: int
    errors: list[RowErrorOut]


class ImportRejectedOut(ImportReportOut):
    code: str
    message: str
    fields: dict[str, list[str]]


@router.post("/exchange/imports/volunteers", response={200: ImportReportOut, 400: ImportRejectedOut},
             summary="Import a volunteer roster (.xlsx): every row or none, with a row-by-row report "
                     "(400: the usual error body, `fields` keyed `rows[N].field`, plus the report)")
def import_volunteers(request, file: UploadedFile = File(...)):
    report = services.roster_import(file, user=request.user, file_name=file.name)
    if report.ok:
        return Status(200, report.as_json())
    fields: dict[str, list[str]] = {}
    for error in report.errors:
        fields.setdefault(f"rows[{error.row}]" + (f".{error.field}" if error.field else ""), []).append(error.reason)
    message = gettext("{count} error(s): nothing was imported").format(count=len(report.errors))
    return Status(400, {"code": "import_rejected", "message": message, "fields": fields, **report.as_json()})


@router.get("/exchange/exports/{name}", summary="A national-format export (csv, json or xlsx); logged")
def export(request, name: str, format: str = "csv"):
    body = services.export_bytes(name=name, fmt=format, user=request.user)
    response = HttpResponse(body, content_type=CONTENT_TYPES[format])
    response["Content-Disposition"] = f'attachment; filename="{name}.{format}"'
    return response


class LogOut(Schema):
    at: datetime
    direction: str
    name: str
    format: str
    channel: str
    rows: int
    ok: bool
    clear_personal_data: bool
    file_name: str


@router.get("/exchange/log", response=list[LogOut], summary="Imports and exports in the caller's reach")
def exchange_log(request, limit: int = 50):
    if not services.may_exchange(request.user):
        raise PermissionDenied()
    return list(selectors.log_visible_to(user=request.user)[:max(1, min(limit, 500))])
