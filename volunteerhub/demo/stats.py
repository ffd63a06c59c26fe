"""Demo annual plan for the current year: the city's targets per county, 滨城区 split to its townships.

Targets are set around what the demo history delivers, so some divisions are ahead and some behind.
"""

from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from volunteerhub.accounts.models import Role, User
from volunteerhub.regions.models import Region
from volunteerhub.stats.labels import KINDS
from volunteerhub.stats.models import PlanTarget, SubtreeRollup
from volunteerhub.dashboards.selectors import year_fraction
from volunteerhub.stats.services import plan_target_set

DEFAULT_YEAR_HOURS = 60000  # the corps' reported yearly figure, shared out when there is no history
SPLIT_COUNTY = "371602"


def _admin(role: str, code: str) -> User | None:
    return User.objects.filter(role=role, region_id=code, is_active=True).order_by("pk").first()


def _pace(region: Region, year: int, fraction: Decimal) -> dict:
    """What this region would deliver in the whole year at its pace so far."""
    rows = SubtreeRollup.objects.filter(region=region, month__year=year)
    sums = rows.aggregate(h=Sum("hours"), p=Sum("people_served"))
    kinds = dict(rows.values_list("activity_kind").annotate(n=Sum("activities")))
    scale = 1 / fraction if fraction > 0 else Decimal(1)
    return {"hours": (sums["h"] or 0) * scale, "people_served": (sums["p"] or 0) * scale,
            **{f"activities:{k}": (kinds.get(k) or 0) * scale for k in KINDS}}


def _target(rng, paced, fallback) -> Decimal:
    base = Decimal(paced) if paced else Decimal(fallback)
    return Decimal(max(1, round(float(base) * rng.uniform(0.85, 1.3))))


@transaction.atomic
def seed_demo(*, rng, stdout) -> None:
    year = timezone.localdate().year
    city_admin = _admin(Role.CITY_ADMIN, settings.CITY_REGION_CODE)
    if city_admin is None:
        stdout.write("  plan: no city admin, skipped")
        return
    if PlanTarget.objects.filter(year=year).exists():
        stdout.write(f"  plan {year}: already issued")
        return
    fraction = year_fraction(year, timezone.localdate())
    counties = list(Region.objects.filter(level="county").order_by("code"))
    for county in counties:
        paced = _pace(county, year, fraction)
        fallbacks = {"hours": DEFAULT_YEAR_HOURS / len(counties), "people_served": 600000 / len(counties)}
        for key, value in paced.items():
            metric, _, kind = key.partition(":")
            fallback = fallbacks.get(metric, 12)
            plan_target_set(year=year, region=county, metric=metric, activity_kind=kind,
                            target=_target(rng, value, fallback), by=city_admin)
    _split(rng, year, city_admin, fraction)
    stdout.write(f"  plan {year}: {PlanTarget.objects.filter(year=year).count()} targets")


def _split(rng, year: int, city_admin, fraction: Decimal) -> None:
    """滨城区 splits its hours and people-served targets to its townships (never beyond its own)."""
    county_admin = _admin(Role.COUNTY_ADMIN, SPLIT_COUNTY) or city_admin
    county = Region.objects.get(code=SPLIT_COUNTY)
    townships = list(Region.objects.filter(parent=county).order_by("code"))
    for metric in ("hours", "people_served"):
        total = PlanTarget.objects.get(year=year, region=county, metric=metric).target
        weights = [rng.uniform(0.6, 1.4) for _ in townships]
        shares = [(total * Decimal(w / sum(weights)) * Decimal("0.95")).quantize(Decimal(1)) for w in weights]
        for township, share in zip(townships, shares):
            plan_target_set(year=year, region=township, metric=metric, target=share, by=county_admin)
