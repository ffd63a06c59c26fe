"""The benchmark datasets, loaded once into the bench database with the scale loader."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from django.db import connection

from bench.common import Out, Profile
from volunteerhub.core import scale

SEED = 2026


def _loaded(marker: str) -> bool:
    from volunteerhub.organizations.models import Team

    return Team.objects.filter(name__startswith=f"规模{marker}-").exists()


def ensure(size: scale.Size, *, seed: int = SEED) -> bool:
    """Load the dataset unless it is there already; True when it was loaded now."""
    if _loaded(size.marker):
        return False
    scale.load(size=size, seed=seed, stdout=Out())
    return True


def points(profile: Profile) -> None:
    """The province's mapped points: `profile.points` service posts around Shandong's cities."""
    ensure(replace(scale.SIZES["province"], volunteers=min(1_000, profile.points // 10), teams=16, posts=profile.points,
                   marker="points"))


def dashboard(profile: Profile) -> None:
    """A city whose ledger holds `profile.dashboard_ledger` approved-or-decided entries."""
    ensure(replace(scale.SIZES["city"], volunteers=profile.dashboard_volunteers, teams=132, posts=0, projects=50,
                   activities=profile.dashboard_activities, ledger_entries=profile.dashboard_ledger, signups=False,
                   marker="dashboard"))


def post_arrays() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(ids, lats, lngs) of the active service posts, straight from the table."""
    from volunteerhub.organizations.models import ServicePost

    table = ServicePost._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, lat, lng FROM {table} WHERE is_active ORDER BY id" if connection.vendor ==
                       "postgresql" else f"SELECT id, lat, lng FROM {table} WHERE is_active = 1 ORDER BY id")
        rows = cursor.fetchall()
    if not rows:
        return np.empty(0, dtype=np.int64), np.empty(0), np.empty(0)
    data = np.array(rows, dtype=float)
    return data[:, 0].astype(np.int64), data[:, 1], data[:, 2]
