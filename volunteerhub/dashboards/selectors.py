"""Dashboard figures, all from kept counters (MonthlyRollup, kept hour totals) and cheap counts.

Nothing here sums the ledger: a figure costs a handful of indexed queries whatever its size.
"""

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from decimal import Decimal

from django.conf import settings
from django.db.models import Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy

from volunteerhub.regions.scope import EVERYWHERE, reach_path
from volunteerhub.core.errors import NotFound, PermissionDenied
from volunteerhub.core.masking import mask_name
from volunteerhub.organizations.models import Team
from volunteerhub.regions.models import Region
from volunteerhub.activities.models import Activity
from volunteerhub.dashboards import sources
from volunteerhub.hours.models import LedgerEntry
from volunteerhub.stats.labels import KINDS, SETTINGS, kind_label, metric_label, setting_label
from volunteerhub.stats.models import MonthlyRollup, PlanTarget, RegionTally, SubtreeRollup
from volunteerhub.volunteers.models import Volunteer

SUMS = {"hours": Sum("hours"), "activities": Sum("activities"), "people_served": Sum("people_served"),
        "ledger_entries": Sum("ledger_entries")}


# --- Who may see what ---------------------------------------------------------------------------

def city_region() -> Region:
    return Region.objects.get(code=settings.CITY_REGION_CODE)


def dashboard_region_for(*, user, code: str | None = None) -> Region:
    """The region a signed-in viewer asked for, or the top of their reach; refused outside it."""
    path = reach_path(user)
    if path is None:
        raise PermissionDenied(gettext_lazy("The dashboard is for admins and organisers"))
    if code:
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise NotFound(gettext_lazy("No such region"))
        if path != EVERYWHERE and not region.path.startswith(path):
            raise PermissionDenied(gettext_lazy("That region is outside your reach"))
        return region
    if path == EVERYWHERE:
        return city_region()
    return Region.objects.get(path=path)


def public_region_for(*, user, code: str | None = None) -> Region:
    """Open figures: anyone sees the city; a signed-in manager may also ask for a region in reach."""
    if not code or code == settings.CITY_REGION_CODE:
        return city_region()
    return dashboard_region_for(user=user, code=code)


# --- Totals, trends, breakdowns -----------------------------------------------------------------

def _rollups(region: Region):
    """The subtree counters of the region itself: a few hundred rows whatever the ledger's size."""
    return SubtreeRollup.objects.filter(region=region)


def _subtree_path(region: Region) -> str:
    """The path prefix of the region's subtree for the sources; "/" (no filter, no join) for the top region."""
    return "/" if region.parent_id is None else region.path


def _clean(sums: dict) -> dict:
    return {"hours": sums.get("hours") or Decimal(0), "activities": sums.get("activities") or 0,
            "people_served": sums.get("people_served") or 0, "ledger_entries": sums.get("ledger_entries") or 0}


class SubtreeFigures:
    """A region's subtree counters, each read once, for every chart and the plan of one page.

    `cells` are the region's own subtree cells (months x kinds x settings: a few hundred rows);
    `child_cells` those of the divisions one level down, summed per division, kind and year.
    """

    def __init__(self, region: Region):
        self.region = region

    @cached_property
    def cells(self) -> list[tuple]:
        """(month, activity_kind, setting, hours, activities, people_served)."""
        return list(_rollups(self.region).values_list("month", "activity_kind", "setting", "hours", "activities",
                                                      "people_served"))

    @cached_property
    def children(self) -> list[Region]:
        return list(Region.objects.filter(parent=self.region).order_by("code"))

    @cached_property
    def child_cells(self) -> list[tuple]:
        """(region_id, activity_kind, year, hours, activities, people_served)."""
        rows = (SubtreeRollup.objects.filter(region_id__in=[c.code for c in self.children])
                .annotate(year=ExtractYear("month")).values("region_id", "activity_kind", "year")
                .annotate(h=Sum("hours"), a=Sum("activities"), p=Sum("people_served")).order_by())
        return [(r["region_id"], r["activity_kind"], r["year"], r["h"], r["a"], r["p"]) for r in rows]


def _sum(rows, key=lambda row: None) -> dict:
    """The three figures of rows ending in (hours, activities, people_served), summed per key(row)."""
    out: dict = {}
    for row in rows:
        hours, activities, people = row[-3:]
        found = out.get(k := key(row))
        if found is None:
            out[k] = {"hours": hours or Decimal(0), "activities": activities or 0, "people_served": people or 0}
        else:
            found["hours"] += hours or 0
            found["activities"] += activities or 0
            found["people_served"] += people or 0
    return out


def _three(sums: dict | None) -> dict:
    sums = sums or {}
    return {"activities": sums.get("activities") or 0, "hours": sums.get("hours") or Decimal(0),
            "people_served": sums.get("people_served") or 0}


def _in_year(cells, year: int | None) -> list:
    return cells if not year else [c for c in cells if c[0].year == year]


def totals(*, region: Region, year: int | None = None, figures: SubtreeFigures | None = None) -> dict:
    """The six figures the corps reports, for the region's subtree."""
    if figures is not None:
        sums = _clean(_sum(_in_year(figures.cells, year)).get(None, {}))
    else:
        rollups = _rollups(region)
        if year:
            rollups = rollups.filter(month__year=year)
        sums = _clean(rollups.aggregate(**SUMS))
    teams = Team.objects.filter(is_active=True)
    if region.parent_id is not None:
        teams = teams.filter(region__path__startswith=region.path)
    tally = RegionTally.objects.filter(region=region).values_list("volunteers", flat=True).first()
    return {"region_code": region.code, "region_name": region.name, "teams": teams.count(),
            "volunteers": tally or 0, "projects": sources.projects_count(_subtree_path(region)),
            "activities": sums["activities"], "hours": sums["hours"], "people_served": sums["people_served"]}


def _month_start(day: dt.date, back: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


def monthly_trend(*, region: Region, months: int = 12, today: dt.date | None = None,
                  figures: SubtreeFigures | None = None) -> list[dict]:
    today = today or timezone.localdate()
    first = _month_start(today, months - 1)
    if figures is not None:
        cells = [c for c in figures.cells if c[0] >= first]
    else:
        cells = _rollups(region).filter(month__gte=first).values_list("month", "hours", "activities", "people_served")
    found = _sum(cells, key=lambda c: c[0])
    out = []
    for back in range(months - 1, -1, -1):
        month = _month_start(today, back)
        row = _clean(found.get(month, {}))
        out.append({"month": month.strftime("%Y-%m"), "activities": row["activities"], "hours": row["hours"],
                    "people_served": row["people_served"]})
    return out


def _breakdown(region: Region, index: int, labels: dict, label_fn, year: int | None,
               figures: SubtreeFigures | None) -> list[dict]:
    found = _sum(_in_year((figures or SubtreeFigures(region)).cells, year), key=lambda c: c[index])
    codes = list(labels) + sorted(c for c in found if c not in labels)
    return [{"code": code, "name": label_fn(code), **_three(found.get(code))} for code in codes]


def by_kind(*, region: Region, year: int | None = None, figures: SubtreeFigures | None = None) -> list[dict]:
    return _breakdown(region, 1, KINDS, kind_label, year, figures)


def by_setting(*, region: Region, year: int | None = None, figures: SubtreeFigures | None = None) -> list[dict]:
    return _breakdown(region, 2, SETTINGS, setting_label, year, figures)


def by_child_region(*, region: Region, year: int | None = None, figures: SubtreeFigures | None = None) -> list[dict]:
    """Figures per division one level down (counties of the city, townships of a county)."""
    figures = figures or SubtreeFigures(region)
    found = _sum([c for c in figures.child_cells if not year or c[2] == year], key=lambda c: c[0])
    return [{"code": c.code, "name": c.name, **_three(found.get(c.code))} for c in figures.children]


# --- Leaderboards -------------------------------------------------------------------------------

def public_volunteer_name(volunteer: Volunteer) -> str:
    return volunteer.name if volunteer.show_name_publicly else mask_name(volunteer.name)


def volunteer_leaderboard(*, region: Region, limit: int = 10) -> list[dict]:
    """Names masked unless the volunteer opted in, on every page (the dashboard too)."""
    return [{"rank": i, "name": public_volunteer_name(v), "team": v.team.name if v.team_id else "",
             "hours": hours, "star_level": star}
            for i, (v, hours, star) in enumerate(sources.volunteer_totals(_subtree_path(region), limit=limit), start=1)]


def team_leaderboard(*, region: Region, limit: int = 10) -> list[dict]:
    return [{"rank": i, "name": team.name, "region": team.region.name, "hours": hours}
            for i, (team, hours) in enumerate(sources.team_totals(_subtree_path(region), limit=limit), start=1)]


# --- The annual plan ----------------------------------------------------------------------------

@dataclass
class PlanLine:
    metric: str
    activity_kind: str
    label: str
    target: Decimal
    delivered: Decimal
    expected: Decimal
    behind: bool = False
    remaining: Decimal = Decimal(0)

    def as_dict(self) -> dict:
        return {"metric": self.metric, "activity_kind": self.activity_kind, "label": self.label,
                "target": self.target, "delivered": self.delivered, "expected_by_now": self.expected,
                "remaining": self.remaining, "behind": self.behind,
                "percent": round(self.delivered * 100 / self.target, 1) if self.target else None}


@dataclass
class PlanRow:
    code: str
    name: str
    level: str
    lines: list[PlanLine] = field(default_factory=list)

    @property
    def behind(self) -> list[PlanLine]:
        return [line for line in self.lines if line.behind]


def year_fraction(year: int, today: dt.date) -> Decimal:
    """How much of the year has passed: the share of each target that should be delivered by now."""
    if today.year > year:
        return Decimal(1)
    if today.year < year:
        return Decimal(0)
    days = (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days
    return Decimal((today - dt.date(year, 1, 1)).days + 1) / Decimal(days)


def _plan_keys(rows) -> list[tuple[str, str]]:
    keys = {(m, k) for _, m, k, _ in rows}
    order = [("activities", kind) for kind in KINDS] + [("hours", ""), ("people_served", "")]
    return [key for key in order if key in keys] + sorted(keys - set(order))


def _resolve_targets(rows, paths: list[str]) -> dict[str, dict]:
    """Target of each path: its own row, or else the sum of the targets of the divisions below it."""
    own: dict[str, dict] = {}
    for path, metric, kind, target in rows:
        own.setdefault(path, {})[(metric, kind)] = target
    memo: dict[str, dict] = {}

    def resolve(path: str) -> dict:
        if path not in memo:
            below = {p for p in own if p != path and p.startswith(path)}
            direct = {"/".join(p.split("/")[:path.count("/") + 1]) + "/" for p in below}
            summed: dict = {}
            for child in direct:
                for key, value in resolve(child).items():
                    summed[key] = summed.get(key, Decimal(0)) + value
            memo[path] = {**summed, **own.get(path, {})}
        return memo[path]

    return {path: resolve(path) for path in paths}


def _delivered(figures: SubtreeFigures, year: int) -> dict[str, dict]:
    """Delivered figures of the region and of each division one level down, from their subtree counters."""
    own = [(figures.region.code, kind, hours, activities, people)
           for month, kind, _, hours, activities, people in figures.cells if month.year == year]
    below = [(code, kind, hours, activities, people)
             for code, kind, cell_year, hours, activities, people in figures.child_cells if cell_year == year]
    out: dict[str, dict] = {}
    for (code, kind), sums in _sum(own + below, key=lambda row: (row[0], row[1])).items():
        bucket = out.setdefault(code, {("hours", ""): Decimal(0), ("people_served", ""): 0})
        bucket[("activities", kind)] = bucket.get(("activities", kind), 0) + sums["activities"]
        bucket[("hours", "")] += sums["hours"]
        bucket[("people_served", "")] += sums["people_served"]
    return out


def plan_progress(*, region: Region, year: int, today: dt.date | None = None,
                  figures: SubtreeFigures | None = None) -> dict:
    """Target against delivered for the region and each division one level down, with what is behind."""
    today = today or timezone.localdate()
    figures = figures or SubtreeFigures(region)
    fraction = year_fraction(year, today)
    rows = list(PlanTarget.objects.filter(year=year, region_path__startswith=region.path)
                .values_list("region_path", "metric", "activity_kind", "target"))
    # A region above the plan's rows (the city) gets the sum of its counties' targets.
    children = figures.children
    targets = _resolve_targets(rows, [region.path] + [c.path for c in children])
    delivered = _delivered(figures, year) if rows else {}
    keys = _plan_keys(rows)

    def row_for(r: Region) -> PlanRow:
        plan_row = PlanRow(code=r.code, name=r.name, level=r.level)
        for metric, kind in keys:
            target = Decimal(targets[r.path].get((metric, kind), 0))
            done = Decimal(delivered.get(r.code, {}).get((metric, kind), 0))
            expected = (target * fraction).quantize(Decimal("0.01"))
            plan_row.lines.append(PlanLine(metric=metric, activity_kind=kind, label=metric_label(metric, kind),
                                           target=target, delivered=done, expected=expected,
                                           behind=target > 0 and done < expected,
                                           remaining=max(target - done, Decimal(0))))
        return plan_row

    return {"year": year, "fraction": fraction, "region": row_for(region),
            "children": [row_for(c) for c in children], "has_plan": bool(rows)}


# --- Checking the kept counters -----------------------------------------------------------------

def rollup_differences() -> list[dict]:
    """Cells whose kept hours or entry counts differ from the approved ledger.

    An offline check (it sums the ledger, so never call it from a page): empty when counters are right.
    """
    from collections import defaultdict

    from django.db.models import Count

    from volunteerhub.stats.services import _month_of

    expected: dict = defaultdict(lambda: [Decimal(0), 0])
    from volunteerhub.hours.rules import counts_as_service

    counted = [c for c in LedgerEntry.Category.values if counts_as_service(c)]  # training only where rules count it
    grouped = list(LedgerEntry.objects.filter(decision__decision="approved", category__in=counted)
                   .values("activity_id", "region_id", "served_on").annotate(h=Sum("hours"), n=Count("pk")))
    ids = {row["activity_id"] for row in grouped if row["activity_id"]}
    activities = {a.pk: a for a in Activity.objects.filter(pk__in=ids).only("region_id", "starts_at", "kind", "setting")}
    for row in grouped:
        a = activities.get(row["activity_id"])
        key = (a.region_id, _month_of(a.starts_at), a.kind, a.setting) if a else \
            (row["region_id"], _month_of(row["served_on"]), "", "")
        expected[key][0] += row["h"]
        expected[key][1] += row["n"]
    own = list(MonthlyRollup.objects.values_list("region_id", "month", "activity_kind", "setting", "hours",
                                                 "ledger_entries", "activities", "people_served"))
    kept = {row[:4]: [row[4], row[5]] for row in own}
    out = []
    for key in sorted(set(expected) | set(kept), key=str):
        want, have = expected.get(key, [Decimal(0), 0]), kept.get(key, [Decimal(0), 0])
        if Decimal(want[0]) != Decimal(have[0]) or want[1] != have[1]:
            out.append({"region": key[0], "month": key[1], "activity_kind": key[2], "setting": key[3],
                        "ledger_hours": want[0], "kept_hours": have[0], "ledger_entries": want[1],
                        "kept_entries": have[1]})
    return out + _subtree_differences(own)


def _subtree_differences(own: list[tuple]) -> list[dict]:
    """Subtree cells that differ from the sum of the own cells below them (every level, every counter)."""
    from collections import defaultdict

    paths = dict(Region.objects.values_list("code", "path"))
    expected: dict = defaultdict(lambda: [Decimal(0), 0, 0, 0])
    for region_id, month, kind, setting, *counts in own:
        for code in paths[region_id].strip("/").split("/"):
            cell = expected[(code, month, kind, setting)]
            for i, value in enumerate(counts):
                cell[i] += value
    kept = {row[:4]: list(row[4:]) for row in SubtreeRollup.objects.values_list(
        "region_id", "month", "activity_kind", "setting", "hours", "ledger_entries", "activities", "people_served")}
    zero = [Decimal(0), 0, 0, 0]
    out = []
    for key in sorted(set(expected) | set(kept), key=str):
        want, have = expected.get(key, zero), kept.get(key, zero)
        if [Decimal(want[0]), *want[1:]] != [Decimal(have[0]), *have[1:]]:
            out.append({"region": key[0], "month": key[1], "activity_kind": key[2], "setting": key[3],
                        "level": "subtree", "own_cells_hours": want[0], "kept_hours": have[0],
                        "own_cells_entries": want[1], "kept_entries": have[1], "own_cells_activities": want[2],
                        "kept_activities": have[2], "own_cells_people": want[3], "kept_people": have[3]})
    return out


def tally_differences() -> list[dict]:
    """Regions whose kept count of registered volunteers differs from the volunteers in their subtree (offline)."""
    from collections import Counter

    from django.db.models import Count

    paths = dict(Region.objects.values_list("code", "path"))
    expected: Counter = Counter()
    for row in Volunteer.objects.values("region_id").annotate(n=Count("pk")):
        for code in paths[row["region_id"]].strip("/").split("/"):
            expected[code] += row["n"]
    kept = dict(RegionTally.objects.values_list("region_id", "volunteers"))
    return [{"region": code, "volunteers": expected.get(code, 0), "kept": kept.get(code, 0)}
            for code in sorted(set(expected) | set(kept)) if expected.get(code, 0) != kept.get(code, 0)]
