"""Tabular exports (CSV, XLSX, JSON) shared by every domain; each app lists its own in exports.py."""

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from volunteerhub.core.discovery import collect


@dataclass(frozen=True)
class Export:
    columns: list[str]
    rows: Callable[..., Iterable[dict]]  # rows(user=...) -> dicts keyed by column; personal data masked
    count: Callable[..., int] | None = None


def registry() -> dict[str, Export]:
    return collect("exports", "EXPORTS")


def write(export: Export, rows: Iterable[dict], fmt: str, out) -> None:
    """Write rows to a binary stream in the given format."""
    if fmt == "csv":
        text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
        writer = csv.DictWriter(text, fieldnames=export.columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
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
        sheet.append(export.columns)
        for row in rows:
            sheet.append([_cell(row.get(c)) for c in export.columns])
        book.save(out)
    else:
        raise ValueError(f"unknown format {fmt}")


def _cell(value):
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    return value
