"""Bulk imports (`volunteerhub import posts|volunteers FILE`), all or nothing.

Service posts from CSV. 
Columns: name, kind, address, lat, lng, coord (wgs84|gcj02|bd09, default wgs84), region_code,
services (separated by 、 , ; or |), opening_hours ("周一至周五 08:00-17:30" or JSON); optional
contact_name, contact_phone. Every row is checked first; one bad row and nothing is written.
"""

import csv
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext_lazy

from volunteerhub.regions.scope import can_manage_region
from volunteerhub.audit.services import audit_record
from volunteerhub.core.progress import progress
from volunteerhub.core.versions import POSTS, version_bump
from volunteerhub.exchange.reports import ImportReport
from volunteerhub.exchange.services import file_too_large, roster_import
from volunteerhub.organizations.models import ServicePost
from volunteerhub.organizations.services import clean_post_fields
from volunteerhub.core.tenancy import with_city_codes

REQUIRED_COLUMNS = ["name", "kind", "address", "lat", "lng", "coord", "region_code", "services", "opening_hours"]
OPTIONAL_COLUMNS = ["contact_name", "contact_phone"]


def _float(value: str):
    try:
        return float(value.strip()) if value is not None and value.strip() else None
    except ValueError:
        return "bad"


def _check_row(number: int, row: dict, report: ImportReport, seen: set, user) -> ServicePost | None:
    problems: dict = {}
    lat, lng = _float(row.get("lat")), _float(row.get("lng"))
    for name, value in (("lat", lat), ("lng", lng)):
        if value == "bad" or value is None:
            report.add(number, name, gettext_lazy("must be a number"))
    if "bad" in (lat, lng) or None in (lat, lng):
        lat = lng = None
    data = {key: row.get(key) or "" for key in REQUIRED_COLUMNS + OPTIONAL_COLUMNS if key in row}
    data.update(lat=lat, lng=lng, coord=row.get("coord") or "wgs84")
    if lat is None:
        data.pop("lat"), data.pop("lng")
    cleaned = clean_post_fields(data, problems)
    for field_name, reasons in problems.items():
        for reason in reasons:
            report.add(number, field_name, reason)
    region = cleaned.get("region")
    if region is not None and user is not None and not can_manage_region(user, region):
        report.add(number, "region_code", gettext_lazy("outside your region"))
    key = (cleaned.get("name"), row.get("region_code"))
    if key in seen:
        report.add(number, "name", gettext_lazy("duplicated in this file"))
    seen.add(key)
    if region is not None and ServicePost.objects.filter(name=cleaned.get("name"), region=region).exists():
        report.add(number, "name", gettext_lazy("already exists in this region"))
    if problems or lat is None:
        return None
    return ServicePost(**cleaned)


def posts_import(path, *, user=None) -> ImportReport:
    report = ImportReport()
    too_large = file_too_large(path)
    if too_large:
        report.add(1, "file", too_large)
        return report
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            report.add(1, ",".join(missing), gettext_lazy("missing columns"))
            return report
        rows = list(reader)
    report.total_rows = len(rows)
    posts, seen = [], set()
    for number, row in enumerate(progress(rows, desc="check posts", unit="rows"), start=2):
        post = _check_row(number, row, report, seen, user)
        if post is not None:
            posts.append(post)
    if not report.ok:
        return report
    with transaction.atomic():
        ServicePost.objects.bulk_create(with_city_codes(posts), batch_size=1000)
        version_bump(POSTS)  # the map's index follows, in every process
        audit_record(action="import", target_type="service_post", actor=user,
                     changes={"file": Path(path).name, "rows": len(posts)})
    report.imported = len(posts)
    return report


def volunteers_import(path, *, user=None) -> ImportReport:
    return roster_import(path, user=user, file_name=str(path))


IMPORTS = {"posts": posts_import, "volunteers": volunteers_import}
