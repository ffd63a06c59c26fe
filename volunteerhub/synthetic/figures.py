"""The kept figures, from the very rows inserted: hour totals (training apart), star levels and monthly counters,
exactly as the services keep them."""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from volunteerhub.synthetic.activities import Activities
from volunteerhub.synthetic.bulk import bulk_insert, next_id, ts_array
from volunteerhub.synthetic.ledger import Entries
from volunteerhub.synthetic.run import Run
from volunteerhub.synthetic.words import KINDS, SETTINGS

ROLLUP_COLUMNS = ["id", "region_id", "region_path", "month", "activity_kind", "setting", "hours", "ledger_entries",
                  "activities", "people_served", "city_code"]


def _training(a: Activities, e: Entries) -> np.ndarray:
    """Entries of training activities: training, kept apart from service."""
    return a.kind[e.act_index] == KINDS.index("training")


def _counted(a: Activities, e: Entries) -> np.ndarray:
    """Approved entries that count toward totals, stars and counters (training only where local rules say)."""
    from volunteerhub.hours.rules import counts_as_service

    return e.approved & (~_training(a, e) | counts_as_service("training"))


def _sums(index: np.ndarray, mask: np.ndarray, e: Entries, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Hour cents and entry counts per index over the masked entries."""
    return (np.bincount(index[mask], weights=e.hours_c[mask], minlength=n).astype(np.int64),
            np.bincount(index[mask], minlength=n))


def _volunteer_totals(run: Run, a: Activities, e: Entries, volunteer_ids: np.ndarray) -> None:
    from volunteerhub.hours import rules
    from volunteerhub.hours.models import VolunteerHours

    n, training = len(volunteer_ids), _training(a, e)
    hours, count = _sums(e.vol_index, _counted(a, e), e, n)
    service, _ = _sums(e.vol_index, e.approved & ~training, e, n)
    trained, trainings = _sums(e.vol_index, e.approved & training, e, n)
    has = np.flatnonzero(count + trainings)

    def row(v):
        level = rules.star_level(Decimal(int(hours[v])) / 100)
        return (int(volunteer_ids[v]), f"{hours[v] / 100:.2f}", int(count[v]), f"{service[v] / 100:.2f}",
                f"{trained[v] / 100:.2f}", int(trainings[v]), level, level, run.stamp, run.geo.city)

    run.counts["volunteer_totals"] = bulk_insert(
        VolunteerHours, ["volunteer_id", "approved_hours", "approved_entries", "service_hours", "training_hours",
                         "training_entries", "star_level", "star_level_announced", "updated_at", "city_code"],
        (row(v) for v in has.tolist()), total=len(has), desc="volunteer totals")


def _team_totals(run: Run, a: Activities, e: Entries) -> None:
    from volunteerhub.hours.models import TeamHours

    counted = _counted(a, e)
    teams, inverse = np.unique(a.team[e.act_index][counted], return_inverse=True)
    hours = np.bincount(inverse, weights=e.hours_c[counted]).astype(np.int64) if len(teams) else []
    count = np.bincount(inverse) if len(teams) else []
    rows = [(int(t), f"{hours[k] / 100:.2f}", int(count[k]), run.stamp, run.geo.city)
            for k, t in enumerate(teams.tolist())]
    run.counts["team_totals"] = bulk_insert(TeamHours, ["team_id", "approved_hours", "approved_entries", "updated_at",
                                                        "city_code"], rows, total=len(rows), desc="team totals")


def _month_cells(a: Activities, e: Entries) -> dict[tuple, list]:
    """One counter cell per (region, month of the start, kind, setting): [hour cents, entries, activities,
    people served]; finished activities first, then those with approved hours, in activity order."""
    month = [s[:7] for s in ts_array(a.start + 8 * 3600)]
    key = lambda i: (a.region[i], month[i] + "-01", KINDS[a.kind[i]], SETTINGS[a.setting[i]])  # noqa: E731
    cells: dict[tuple, list] = {}
    for i in np.flatnonzero(a.past).tolist():
        cell = cells.setdefault(key(i), [0, 0, 0, 0])
        cell[2] += 1
        cell[3] += int(a.people[i])
    hours, count = _sums(e.act_index, _counted(a, e), e, len(a.id))
    for i in np.flatnonzero(count).tolist():
        cell = cells.setdefault(key(i), [0, 0, 0, 0])
        cell[0] += int(hours[i])
        cell[1] += int(count[i])
    return cells


def _add_to_existing(cells: dict[tuple, list]) -> list[tuple]:
    """Add to the counter cells already there (e.g. the demo's); gives the others, to insert."""
    from volunteerhub.stats.models import MonthlyRollup

    existing = {(r.region_id, r.month.isoformat(), r.activity_kind, r.setting): r
                for r in MonthlyRollup.objects.all()}
    new = []
    for key, (cents, entries, activities, people) in cells.items():
        row = existing.get(key)
        if row is None:
            new.append(key + (cents, entries, activities, people))
            continue
        MonthlyRollup.objects.filter(pk=row.pk).update(
            hours=row.hours + Decimal(cents) / 100, ledger_entries=row.ledger_entries + entries,
            activities=row.activities + activities, people_served=row.people_served + people)
    return new


def _rollup_merge(cells: dict[tuple, list], paths: dict[str, str], city: str) -> int:
    from volunteerhub.stats.models import MonthlyRollup

    new = _add_to_existing(cells)
    first = next_id(MonthlyRollup)
    rows = ((first + k, region, paths[region], month, kind, setting, f"{cents / 100:.2f}", entries, activities, people,
             city)
            for k, (region, month, kind, setting, cents, entries, activities, people) in enumerate(new))
    bulk_insert(MonthlyRollup, ROLLUP_COLUMNS, rows, total=len(new), desc="monthly counters")
    return len(cells)


def load_figures(run: Run, a: Activities, e: Entries, volunteer_ids: np.ndarray) -> None:
    _volunteer_totals(run, a, e, volunteer_ids)
    _team_totals(run, a, e)
    run.counts["rollup_cells"] = _rollup_merge(_month_cells(a, e), run.geo.paths, run.geo.city)
