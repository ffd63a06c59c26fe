"""Loads the division tree from package data (made from shared/data/binzhou_divisions.csv)."""

import csv
from importlib import resources

LEVEL_ORDER = {"city": 0, "county": 1, "township": 2, "village": 3}


def division_rows() -> list[dict]:
    text = resources.files("volunteerhub.regions").joinpath("data/binzhou_divisions.csv").read_text("utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    return sorted(rows, key=lambda r: (LEVEL_ORDER[r["level"]], r["code"]))


def load_regions(region_model) -> int:
    """Insert the divisions missing from the table (idempotent). Returns how many were added."""
    existing = set(region_model.objects.values_list("code", flat=True))
    paths: dict[str, str] = dict(region_model.objects.values_list("code", "path"))
    new = []
    for row in division_rows():
        parent = row["parent_code"] or None
        paths[row["code"]] = (paths[parent] if parent else "/") + row["code"] + "/"
        if row["code"] not in existing:
            new.append(region_model(code=row["code"], name=row["name"], level=row["level"],
                                    parent_id=parent, path=paths[row["code"]]))
    region_model.objects.bulk_create(new, batch_size=1000)
    return len(new)


def boundaries_geojson() -> str:
    return resources.files("volunteerhub.regions").joinpath("data/binzhou_boundaries.geojson").read_text("utf-8")
