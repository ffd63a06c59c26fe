"""The benchmark datasets, loaded once into the bench database with the synthetic data loader (volunteerhub.synthetic)."""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np
from django.db import connection

from bench.common import Out, Profile
from volunteerhub import synthetic

SEED = 2026


def _loaded(marker: str) -> bool:
    from volunteerhub.organizations.models import Team

    return Team.objects.filter(name__startswith=f"规模{marker}-").exists()


def ensure(size: synthetic.Size, *, seed: int = SEED) -> bool:
    """Load the dataset unless it is there already; True when it was loaded now."""
    if _loaded(size.marker):
        return False
    synthetic.load(size=size, seed=seed, stdout=Out())
    return True


def points(profile: Profile) -> None:
    """The province's mapped points: `profile.points` service posts around Shandong's cities."""
    ensure(replace(synthetic.SIZES["province"], volunteers=min(1_000, profile.points // 10), teams=16, posts=profile.points,
                   marker="points"))


def dashboard(profile: Profile) -> str:
    """A small city base whose ledger holds `profile.dashboard_ledger` entries (decided or pending).

    The dashboard reads kept counters, so the base is small (`dashboard_volunteers` volunteers and
    `dashboard_activities` activities over the counties and two years); the ledger is big. On
    PostgreSQL the ledger is filled set-based in the database (bench.fill); an already filled bench
    database of the expected size is reused (`--fresh` drops it first). Returns how it was loaded
    (the fill's step timings), for the notes.
    """
    size = replace(synthetic.SIZES["city"], volunteers=profile.dashboard_volunteers, teams=132, posts=0, projects=50,
                   activities=profile.dashboard_activities, ledger_entries=profile.dashboard_ledger, signups=False,
                   marker="dashboard")
    if connection.vendor != "postgresql":
        started = time.perf_counter()
        loaded = ensure(size)
        return f"loaded by the synthetic data loader in {time.perf_counter() - started:.0f} s" if loaded else "reused"
    from bench import fill

    found = fill.filled_size(size.marker)
    if found == -1:  # loaded before fills recorded their size: count once
        found = _count_dashboard_ledger(size.marker)
    if found is None:
        return fill.fill(size, seed=SEED, out=Out())["timings_text"]
    if found == size.ledger_entries:
        print(f"  · reusing the filled dashboard dataset ({found:,} ledger entries)", flush=True)
        return "reused a filled bench database"
    print(f"  · the bench database holds a dashboard dataset of {found:,} entries, not {size.ledger_entries:,}: "
          "using it as it is (run with --fresh to reload)", flush=True)
    return f"reused a bench database of {found:,} entries"


def _count_dashboard_ledger(marker: str) -> int:
    from volunteerhub.hours.models import LedgerEntry
    from volunteerhub.organizations.models import Team

    n = LedgerEntry.objects.filter(team__name__startswith=f"规模{marker}-").count()
    Team.objects.filter(name=f"规模{marker}-队伍00001").update(description=f"bench ledger {n}")
    return n


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
