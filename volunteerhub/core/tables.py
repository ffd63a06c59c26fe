"""Tables written as CSV, XLSX or JSON: every export and download of the platform goes through here."""

import csv
import io
import json
from collections.abc import Iterable

# A spreadsheet runs a cell beginning with one of these as a formula (CSV injection): such text is written with a
# leading single quote, as text. Numbers are never touched, so a column of numbers must hold numbers, not strings.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def write_table(columns: list[str], rows: Iterable[dict], fmt: str, out) -> None:
    """Write rows (dicts keyed by column) to a binary stream in the given format."""
    if fmt == "csv":
        text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
        writer = csv.writer(text)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
        text.flush()
        text.detach()
    elif fmt == "json":
        out.write(b"[")
        for i, row in enumerate(rows):
            out.write((b",\n" if i else b"\n") + json.dumps(row, ensure_ascii=False, default=str).encode())
        out.write(b"\n]\n")
    elif fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("data")
        sheet.append(columns)
        for row in rows:
            sheet.append([_cell(row.get(c)) for c in columns])
        book.save(out)
    else:
        raise ValueError(f"unknown format {fmt}")


def _cell(value):
    """A value as a spreadsheet cell: lists joined, text that would run as a formula quoted."""
    if isinstance(value, (list, tuple)):
        value = "、".join(str(v) for v in value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
