"""Dashboard figures, all from kept counters (MonthlyRollup, kept hour totals) and cheap counts.

Nothing here sums the ledger: a figure costs a handful of indexed queries whatever its size.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from volunteerhub.accounts.scope import EVERYWHERE, reach_path
from volunteerhub.core.errors import NotFound, PermissionDenied
from volunteerhub.core.i18n import Text
from volunteerhub.core.identity import mask_name
from volunteerhub.organizations.models import Team
from volunteerhub.regions.models import Region
from volunteerhub.stats import sources
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
        raise PermissionDenied(Text("统计看板仅对管理员和队伍组织者开放", "The dashboard is for admins and organisers"))
    if code:
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise NotFound(Text("没有该区划", "No such region"))
        if path != EVERYWHERE and not region.path.startswith(path):
            raise PermissionDenied(Text("该区划不在您的管辖范围内", "That region is outside your reach"))
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


def _child_rollups(region: Region, children: list[Region]):
    return SubtreeRollup.objects.filter(region_id__in=[c.code for c in children])


def _clean(sums: dict) -> dict:
    return {"hours": sums.get("hours") or Decimal(0), "activities": sums.get("activities") or 0,
            "people_served": sums.get("people_served") or 0, "ledger_entries": sums.get("ledger_entries") or 0}


def totals(*, region: Region, year: int | None = None) -> dict:
    """The six figures the corps reports, for the region's subtree."""
    rollups = _rollups(region)
    if year:
        rollups = rollups.filter(month__year=year)
    figures = _clean(rollups.aggregate(**SUMS))
    teams = Team.objects.filter(is_active=True)
    if region.parent_id is not None:
        teams = teams.filter(region__path__startswith=region.path)
    tally = RegionTally.objects.filter(region=region).values_list("volunteers", flat=True).first()
    return {"region_code": region.code, "region_name": region.name, "teams": teams.count(),
            "volunteers": tally or 0, "projects": sources.projects_count(region.path),
            "activities": figures["activities"], "hours": figures["hours"],
            "people_served": figures["people_served"]}


def _month_start(day: dt.date, back: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


def monthly_trend(*, region: Region, months: int = 12, today: dt.date | None = None) -> list[dict]:
    today = today or timezone.localdate()
    first = _month_start(today, months - 1)
    found = {row["month"]: row for row in _rollups(region).filter(month__gte=first)
             .values("month").annotate(**SUMS).order_by("month")}
    out = []
    for back in range(months - 1, -1, -1):
        month = _month_start(today, back)
        row = _clean(found.get(month, {}))
        out.append({"month": month.strftime("%Y-%m"), "activities": row["activities"], "hours": row["hours"],
                    "people_served": row["people_served"]})
    return out


def _breakdown(region: Region, field_name: str, labels: dict, label_fn, year: int | None) -> list[dict]:
    rollups = _rollups(region)
    if year:
        rollups = rollups.filter(month__year=year)
    found = {row[field_name]: _clean(row) for row in rollups.values(field_name).annotate(**SUMS)}
    codes = list(labels) + sorted(c for c in found if c not in labels)
    return [{"code": code, "name": label_fn(code), **{k: found.get(code, _clean({}))[k]
                                                     for k in ("activities", "hours", "people_served")}}
            for code in codes]


def by_kind(*, region: Region, year: int | None = None) -> list[dict]:
    return _breakdown(region, "activity_kind", KINDS, kind_label, year)


def by_setting(*, region: Region, year: int | None = None) -> list[dict]:
    return _breakdown(region, "setting", SETTINGS, setting_label, year)


def by_child_region(*, region: Region, year: int | None = None) -> list[dict]:
    """Figures per division one level down (counties of the city, townships of a county)."""
    children = list(Region.objects.filter(parent=region).order_by("code"))
    rollups = _child_rollups(region, children)
    if year:
        rollups = rollups.filter(month__year=year)
    found = {row["region_id"]: _clean(row) for row in rollups.values("region_id").annotate(**SUMS)}
    return [{"code": c.code, "name": c.name, **{k: found.get(c.code, _clean({}))[k]
                                                for k in ("activities", "hours", "people_served")}}
            for c in children]


# --- Leaderboards -------------------------------------------------------------------------------

def public_volunteer_name(volunteer: Volunteer) -> str:
    return volunteer.name if volunteer.show_name_publicly else mask_name(volunteer.name)


def volunteer_leaderboard(*, region: Region, limit: int = 10) -> list[dict]:
    """Names masked unless the volunteer opted in, on every page (the dashboard too)."""
    return [{"rank": i, "name": public_volunteer_name(v), "team": v.team.name if v.team_id else "",
             "hours": hours, "star_level": star}
            for i, (v, hours, star) in enumerate(sources.volunteer_totals(region.path, limit=limit), start=1)]


def team_leaderboard(*, region: Region, limit: int = 10) -> list[dict]:
    return [{"rank": i, "name": team.name, "region": team.region.name, "hours": hours}
            for i, (team, hours) in enumerate(sources.team_totals(region.path, limit=limit), start=1)]


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


def _delivered(region: Region, year: int, children: list[Region]):
    """Delivered figures of the region and of each of the given children, from their subtree counters."""
    rollups = SubtreeRollup.objects.filter(region_id__in=[region.code] + [c.code for c in children],
                                           month__year=year)
    out: dict[str, dict] = {}
    for row in rollups.values("region_id", "activity_kind").annotate(**SUMS):
        bucket = out.setdefault(row["region_id"], {})
        bucket[("activities", row["activity_kind"])] = bucket.get(("activities", row["activity_kind"]), 0) + (row["activities"] or 0)
        bucket[("hours", "")] = bucket.get(("hours", ""), Decimal(0)) + (row["hours"] or Decimal(0))
        bucket[("people_served", "")] = bucket.get(("people_served", ""), 0) + (row["people_served"] or 0)
    return out


def plan_progress(*, region: Region, year: int, today: dt.date | None = None) -> dict:
    """Target against delivered for the region and each division one level down, with what is behind."""
    today = today or timezone.localdate()
    fraction = year_fraction(year, today)
    rows = list(PlanTarget.objects.filter(year=year, region_path__startswith=region.path)
                .values_list("region_path", "metric", "activity_kind", "target"))
    # A region above the plan's rows (the city) gets the sum of its counties' targets.
    children = list(Region.objects.filter(parent=region).order_by("code"))
    targets = _resolve_targets(rows, [region.path] + [c.path for c in children])
    delivered = _delivered(region, year, children)
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

    LedgerEntry, Activity = sources.model("hours", "LedgerEntry"), sources.model("activities", "Activity")
    if LedgerEntry is None:
        return []
    expected: dict = defaultdict(lambda: [Decimal(0), 0])
    grouped = list(LedgerEntry.objects.filter(decision__decision="approved")
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
