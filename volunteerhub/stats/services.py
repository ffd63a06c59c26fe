"""Keeps the dashboard counters. Call inside the transaction that makes the change being counted."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import connection, transaction
from django.db.models import Sum
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from volunteerhub.audit.services import audit_record
from volunteerhub.core.errors import Conflict, PermissionDenied, ValidationFailed
from volunteerhub.core.i18n import Text
from volunteerhub.stats.freshness import data_changed
from volunteerhub.stats.labels import KINDS
from volunteerhub.stats.models import MonthlyRollup, PlanTarget, RegionTally, SubtreeRollup


def _month_of(when: dt.date | dt.datetime) -> dt.date:
    if isinstance(when, dt.datetime):
        from django.utils import timezone

        when = timezone.localtime(when) if timezone.is_aware(when) else when
    return dt.date(when.year, when.month, 1)


def _ancestor_codes(region) -> list[str]:
    """The region's own code and those of all its ancestors, top first (from the path)."""
    return [code for code in region.path.strip("/").split("/") if code] or [region.pk]


def _upsert(model, key_columns: list[str], rows: list[tuple], add_columns: list[str],
            insert_only: tuple[str, ...] = ()) -> None:
    """INSERT ... ON CONFLICT DO UPDATE adding to the counters (one statement; SQLite and PostgreSQL).

    Each row holds the key columns, then the counters to add, then the `insert_only` columns.
    """
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    columns = key_columns + add_columns + list(insert_only)
    values = ", ".join("(" + ", ".join(["%s"] * len(columns)) + ")" for _ in rows)
    updates = ", ".join(f"{qn(c)} = {table}.{qn(c)} + excluded.{qn(c)}" for c in add_columns)
    sql = (f"INSERT INTO {table} ({', '.join(qn(c) for c in columns)}) VALUES {values} "
           f"ON CONFLICT ({', '.join(qn(c) for c in key_columns)}) DO UPDATE SET {updates}")
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for row in rows for value in row])


COUNTERS = ["hours", "ledger_entries", "activities", "people_served"]


def rollup_add(*, region, when: dt.date | dt.datetime, activity_kind: str = "", setting: str = "",
               hours: Decimal | float | int = 0, ledger_entries: int = 0, activities: int = 0,
               people_served: int = 0) -> None:
    """Add to (or, with negative numbers, take from) the counters of one region-month-kind-setting cell.

    Keeps the region's own cell (MonthlyRollup) and the subtree cell of the region and of each of its
    ancestors (SubtreeRollup), in the caller's transaction.
    """
    month, kind, setting = _month_of(when), activity_kind or "", setting or ""
    counts = (Decimal(str(hours)), int(ledger_entries), int(activities), int(people_served))
    city = region.city_code  # the region's ancestors are in the same city
    _upsert(MonthlyRollup, ["city_code", "region_id", "month", "activity_kind", "setting"],
            [(city, region.pk, month, kind, setting, *counts, region.path)], COUNTERS, insert_only=("region_path",))
    _upsert(SubtreeRollup, ["city_code", "region_id", "month", "activity_kind", "setting"],
            [(city, code, month, kind, setting, *counts) for code in _ancestor_codes(region)], COUNTERS)
    data_changed()


def volunteer_count_add(*, region, delta: int = 1) -> None:
    """Count a registered volunteer (or, with -1, take one away) in the region and each of its ancestors."""
    _upsert(RegionTally, ["region_id"], [(code, int(delta), region.city_code) for code in _ancestor_codes(region)],
            ["volunteers"], insert_only=("city_code",))
    data_changed()


# --- The annual plan ---------------------------------------------------------------------------

PLAN_LEVELS = {"county", "township"}
TARGET_MAX = Decimal("999999999999.99")  # the most PlanTarget.target (14 digits, 2 of them decimals) holds


def _clean_target(target) -> Decimal | None:
    """The target to two decimals, or None when it is no number or outside 0 to TARGET_MAX."""
    try:
        value = Decimal(str(target)).quantize(Decimal("0.01"))
        return value if 0 <= value <= TARGET_MAX else None
    except (InvalidOperation, ValueError):  # not a number, NaN, infinite, too many digits
        return None


def _plan_key_problems(metric: str, activity_kind: str, target: Decimal | None) -> dict:

    problems: dict[str, list] = {}
    if metric not in PlanTarget.Metric.values:
        problems["metric"] = [gettext_lazy("must be activities, hours or people_served")]
    elif metric == PlanTarget.Metric.ACTIVITIES and activity_kind not in KINDS:
        problems["activity_kind"] = [gettext_lazy("an activities target needs a known activity kind")]
    elif metric != PlanTarget.Metric.ACTIVITIES and activity_kind:
        problems["activity_kind"] = [gettext_lazy("only activities targets are set per kind")]
    if target is None:
        problems["target"] = [format_lazy(gettext_lazy("the target must be a number from 0 to {TARGET_MAX}"), TARGET_MAX=TARGET_MAX)]
    return problems


def plan_refusal(*, user, parent) -> Text | None:
    """Why `user` may not set the targets of the divisions directly below `parent`, or None when they may.

    Targets are set only by the level above: the city's administrators for its counties, a county's for its
    townships; the city does not reach past a county into its townships."""
    admin = user is not None and user.is_authenticated and user.is_admin
    mine = user.managed_region() if admin else None
    if mine is not None and parent is not None and mine.pk == parent.pk:
        return None
    if mine is not None and parent is not None and parent.path.startswith(mine.path):
        return format_lazy(gettext_lazy("{name} splits its own targets to its townships: they are not set from above it. Set the county's targets instead"), name=parent.name)
    return gettext_lazy("You may set targets only for the divisions directly below yours")


@transaction.atomic
def plan_target_set(*, year: int, region, metric: str, target: Decimal | int | float, by,
                    activity_kind: str = ""):
    """Set one target: the city for a county, a county for one of its townships (never for itself, and the
    city never for a township: see plan_refusal).

    A township's targets may not add up to more than its county's; a county's target may not drop
    below what it has already split to its townships.
    """

    activity_kind = activity_kind or ""
    target = _clean_target(target)
    problems = _plan_key_problems(metric, activity_kind, target)
    if region.level not in PLAN_LEVELS:
        problems["region"] = [gettext_lazy("targets are set for counties and townships only")]
    if not 2000 <= int(year) <= 2100:
        problems["year"] = [gettext_lazy("not a plausible year")]
    if problems:
        raise ValidationFailed(problems)
    refusal = plan_refusal(user=by, parent=region.parent)
    if refusal is not None:
        raise PermissionDenied(refusal, code="plan_level_above_only")
    key = {"year": year, "metric": metric, "activity_kind": activity_kind}
    # Lock the parent's row, then check the split against it.
    children_sum = _sum_targets(PlanTarget.objects.filter(region__parent=region, **key))
    if target < children_sum:
        raise Conflict(format_lazy(gettext_lazy("{children_sum} is already split to the townships; the target cannot be lower"), children_sum=children_sum),
                       code="plan_below_split")
    if region.level == "township":
        parent_row = PlanTarget.objects.select_for_update().filter(region=region.parent, **key).first()
        if parent_row is None:
            raise Conflict(gettext_lazy("The county has no such target to split"),
                           code="plan_no_parent_target")
        siblings = _sum_targets(PlanTarget.objects.filter(region__parent=region.parent, **key).exclude(region=region))
        if siblings + target > parent_row.target:
            raise Conflict(format_lazy(gettext_lazy("the split adds up to {value}, more than the county's {target}"), value=siblings + target, target=parent_row.target),
                           code="plan_split_exceeds_parent")
    row, created = PlanTarget.objects.update_or_create(
        region=region, **key, defaults={"target": target, "region_path": region.path, "set_by": by})
    audit_record(action="plan_set", target_type="plan_target", target_id=row.pk, region=region,
                 changes={"year": year, "metric": metric, "activity_kind": activity_kind, "target": str(target),
                          "created": created})
    data_changed()
    return row


def _sum_targets(queryset) -> Decimal:

    return queryset.aggregate(total=Sum("target"))["total"] or Decimal(0)


@transaction.atomic
def plan_issue(*, year: int, region, targets: dict[str, Decimal | int], by) -> list:
    """Set several targets of one region at once: {"hours": 5000, "people_served": 9000, "activities:advocacy": 12}."""
    rows = []
    for key, value in targets.items():
        metric, _, kind = key.partition(":")
        rows.append(plan_target_set(year=year, region=region, metric=metric, activity_kind=kind, target=value, by=by))
    return rows
