"""The load: every kind of data in one transaction, then the data versions the caches are keyed by."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import CommandError
from django.db import transaction

from volunteerhub.core.versions import FIGURES, POSTS, version_bump
from volunteerhub.synthetic.activities import load_activities, load_projects
from volunteerhub.synthetic.bulk import analyze, fast_constraints, reset_sequences
from volunteerhub.synthetic.figures import load_figures
from volunteerhub.synthetic.ledger import load_ledger
from volunteerhub.synthetic.posts import load_posts
from volunteerhub.synthetic.run import Run
from volunteerhub.synthetic.sizes import DAYS, MARKERS, SIZES, Size
from volunteerhub.synthetic.teams import load_teams, team_model
from volunteerhub.synthetic.volunteers import load_volunteers


def seed_scale(*, dataset: str, seed: int, stdout) -> dict:
    """Load a scale dataset ("city" or "province") into the configured database."""
    if dataset not in SIZES:
        raise CommandError(f"unknown dataset {dataset!r}: choose {', '.join(SIZES)}")
    return load(size=SIZES[dataset], seed=seed, stdout=stdout)


def _check(size: Size) -> None:
    if size.marker not in MARKERS:
        raise CommandError(f"unknown dataset marker {size.marker!r}")
    if size.volunteers > MARKERS[size.marker][2] * DAYS:
        raise CommandError(f"{size.volunteers} volunteers is more than dataset {size.marker} can number")


def _loaded(marker: str) -> bool:
    from volunteerhub.regions.loader import load_regions
    from volunteerhub.regions.models import Region

    load_regions(Region)
    return team_model().objects.filter(name__startswith=f"规模{marker}-").exists()


def load(*, size: Size, seed: int, stdout, now: dt.datetime | None = None) -> dict:
    """Load one dataset of the given size (benchmarks use their own sizes); returns what was written."""
    _check(size)
    if _loaded(size.marker):
        stdout.write(f"数据集 {size.marker} 已载入，跳过 Dataset {size.marker} is already loaded: nothing done.")
        return {}
    now = now or dt.datetime.now(dt.UTC).replace(microsecond=0)
    with transaction.atomic():
        fast_constraints()
        counts = _load_all(Run.start(size=size, seed=seed, now=now))
        version_bump(POSTS)  # the rows were written behind the services' backs: every cache keyed by these
        version_bump(FIGURES)  # versions is dropped when this transaction commits
    analyze()
    stdout.write("已载入 Loaded: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    return counts


def _load_all(run: Run) -> dict:
    from volunteerhub.synthetic.counters import counters_rebuild

    teams = load_teams(run)
    load_posts(run, teams)
    volunteers = load_volunteers(run, teams)
    if run.size.activities:
        activities = load_activities(run, teams, len(volunteers.ids), load_projects(run, teams))
        entries = load_ledger(run, activities, volunteers.ids)
        load_figures(run, activities, entries, volunteers.ids)
    reset_sequences(_models())
    run.counts.update(counters_rebuild())  # subtree counters and volunteer tallies, as the services keep them
    return run.counts


def _models() -> list:
    """Every model whose rows are written with their ids given (their sequences move past them)."""
    from volunteerhub.accounts.models import User
    from volunteerhub.activities.models import Activity, Project, SignUp
    from volunteerhub.hours.models import LedgerDecision, LedgerEntry
    from volunteerhub.organizations.models import ServicePost, Team
    from volunteerhub.stats.models import MonthlyRollup
    from volunteerhub.volunteers.models import Volunteer

    return [Team, ServicePost, User, Volunteer, Project, Activity, SignUp, LedgerEntry, LedgerDecision, MonthlyRollup]
