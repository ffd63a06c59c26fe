from datetime import datetime

from django.http import HttpResponse
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from volunteerhub.accounts.auth import AUTH
from volunteerhub.core.errors import PermissionDenied
from volunteerhub.exchange import selectors, services
from volunteerhub.exchange.views import CONTENT_TYPES

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


@router.post("/exchange/imports/volunteers", response={200: ImportReportOut, 400: ImportReportOut},
             summary="Import a volunteer roster (.xlsx): every row or none, with a row-by-row report")
def import_volunteers(request, file: UploadedFile = File(...)):
    report = services.roster_import(file, user=request.user, file_name=file.name)
    return Status(200 if report.ok else 400, report.as_json())


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
