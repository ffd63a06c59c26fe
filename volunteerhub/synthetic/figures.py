"""The kept figures, from the very rows inserted: hour totals, star levels and monthly counters, exactly as
the services keep them."""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from volunteerhub.synthetic.activities import Activities
from volunteerhub.synthetic.bulk import bulk_insert, next_id, ts_array
from volunteerhub.synthetic.ledger import Entries
from volunteerhub.synthetic.run import Run
from volunteerhub.synthetic.words import KINDS, SETTINGS

ROLLUP_COLUMNS = ["id", "region_id", "region_path", "month", "activity_kind", "setting", "hours", "ledger_entries",
                  "activities", "people_served"]


def _volunteer_totals(run: Run, e: Entries, volunteer_ids: np.ndarray) -> None:
    from volunteerhub.hours import rules
    from volunteerhub.hours.models import VolunteerHours

    ok_vol, ok_hours = e.vol_index[e.approved], e.hours_c[e.approved]
    hours = np.bincount(ok_vol, weights=ok_hours, minlength=len(volunteer_ids)).astype(np.int64)
    count = np.bincount(ok_vol, minlength=len(volunteer_ids))
    has = np.flatnonzero(count)
    rows = ((int(volunteer_ids[v]), f"{hours[v] / 100:.2f}", int(count[v]),
             rules.star_level(Decimal(int(hours[v])) / 100), run.stamp) for v in has.tolist())
    run.counts["volunteer_totals"] = bulk_insert(VolunteerHours, ["volunteer_id", "approved_hours", "approved_entries",
                                                                  "star_level", "updated_at"], rows, total=len(has),
                                                 desc="volunteer totals")


def _team_totals(run: Run, a: Activities, e: Entries) -> None:
    from volunteerhub.hours.models import TeamHours

    teams, inverse = np.unique(a.team[e.act_index][e.approved], return_inverse=True)
    hours = np.bincount(inverse, weights=e.hours_c[e.approved]).astype(np.int64) if len(teams) else []
    count = np.bincount(inverse) if len(teams) else []
    rows = [(int(t), f"{hours[k] / 100:.2f}", int(count[k]), run.stamp) for k, t in enumerate(teams.tolist())]
    run.counts["team_totals"] = bulk_insert(TeamHours, ["team_id", "approved_hours", "approved_entries", "updated_at"],
                                            rows, total=len(rows), desc="team totals")


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
    approved = e.act_index[e.approved]
    hours = np.bincount(approved, weights=e.hours_c[e.approved], minlength=len(a.id)).astype(np.int64)
    count = np.bincount(approved, minlength=len(a.id))
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


def _rollup_merge(cells: dict[tuple, list], paths: dict[str, str]) -> int:
    from volunteerhub.stats.models import MonthlyRollup

    new = _add_to_existing(cells)
    first = next_id(MonthlyRollup)
    rows = ((first + k, region, paths[region], month, kind, setting, f"{cents / 100:.2f}", entries, activities, people)
            for k, (region, month, kind, setting, cents, entries, activities, people) in enumerate(new))
    bulk_insert(MonthlyRollup, ROLLUP_COLUMNS, rows, total=len(new), desc="monthly counters")
    return len(cells)


def load_figures(run: Run, a: Activities, e: Entries, volunteer_ids: np.ndarray) -> None:
    _volunteer_totals(run, e, volunteer_ids)
    _team_totals(run, a, e)
    run.counts["rollup_cells"] = _rollup_merge(_month_cells(a, e), run.geo.paths)
