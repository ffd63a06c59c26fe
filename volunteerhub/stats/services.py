"""Keeps the dashboard counters. Call inside the transaction that makes the change being counted."""

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F

from volunteerhub.stats.models import MonthlyRollup


def _month_of(when: dt.date | dt.datetime) -> dt.date:
    if isinstance(when, dt.datetime):
        from django.utils import timezone

        when = timezone.localtime(when) if timezone.is_aware(when) else when
    return dt.date(when.year, when.month, 1)


def rollup_add(*, region, when: dt.date | dt.datetime, activity_kind: str = "", setting: str = "",
               hours: Decimal | float | int = 0, ledger_entries: int = 0, activities: int = 0,
               people_served: int = 0) -> None:
    """Add to (or, with negative numbers, take from) the counters of one region-month-kind-setting cell."""
    key = {"region": region, "month": _month_of(when), "activity_kind": activity_kind or "", "setting": setting or ""}
    row = MonthlyRollup.objects.filter(**key).only("pk").first()
    if row is None:
        try:
            with transaction.atomic():
                row = MonthlyRollup.objects.create(region_path=region.path, **key)
        except IntegrityError:  # created meanwhile by a concurrent writer
            row = MonthlyRollup.objects.get(**key)
    MonthlyRollup.objects.filter(pk=row.pk).update(
        hours=F("hours") + Decimal(str(hours)), ledger_entries=F("ledger_entries") + ledger_entries,
        activities=F("activities") + activities, people_served=F("people_served") + people_served,
    )
