"""Configured rules of the field: how minutes become hours, and stars by cumulative hours."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

RULES = ("half_hour", "quarter", "exact")


def round_minutes(minutes: int, rule: str | None = None) -> Decimal:
    """Hours credited for minutes actually served, by settings.HOURS_ROUNDING_RULE.

    half_hour: whole hours plus, for the rest, <15 min -> 0, 15-44 -> 0.5, 45-59 -> 1 (DOMAIN.md);
    quarter: completed quarter hours only; exact: to the minute, two decimals.
    """
    rule = rule or settings.HOURS_ROUNDING_RULE
    minutes = max(0, int(minutes))
    whole, rest = divmod(minutes, 60)
    if rule == "half_hour":
        part = Decimal("0") if rest < 15 else Decimal("0.5") if rest < 45 else Decimal("1")
        return Decimal(whole) + part
    if rule == "quarter":
        return Decimal(minutes // 15) * Decimal("0.25")
    if rule == "exact":
        return (Decimal(minutes) / Decimal(60)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    raise ImproperlyConfigured(f"HOURS_ROUNDING_RULE must be one of {', '.join(RULES)}, not {rule!r}")


def thresholds() -> list[int]:
    return sorted(int(x) for x in settings.STAR_LEVEL_THRESHOLDS)


def star_level(hours: Decimal | float | int) -> int:
    """Number of thresholds reached (0 to 5 with the common 100/300/600/1000/1500 scale)."""
    return sum(1 for t in thresholds() if Decimal(str(hours)) >= t)


def next_threshold(hours: Decimal | float | int) -> int | None:
    return next((t for t in thresholds() if Decimal(str(hours)) < t), None)


TRAINING_KIND = "training"  # activities.Kind.TRAINING, named by value: hours sits below activities


def category_of(activity) -> str:
    """An entry of a training activity is training; any other is service."""
    return "training" if activity is not None and activity.kind == TRAINING_KIND else "service"


def counts_as_service(category: str) -> bool:
    """Training counts toward totals, star levels and counters only where local rules say so."""
    return category != "training" or bool(settings.TRAINING_COUNTS_AS_SERVICE)
