"""The dashboard over a large ledger (helper_c's stats, from kept counters), against a direct aggregate.

Timed in process through Django's test client (the whole request: middleware, selectors, JSON or
HTML), median of repeated requests: `GET /api/v1/stats` (the city's totals, open to everyone) and the
signed-in `/dashboard` page of a city admin. The baseline computes the same hours figure straight
from the ledger: SUM(hours) of the approved entries.

The page's body is cached behind a data version (stats.freshness), so the page is timed twice: warm
(repeat views, what users see; the target is checked on this one) and cold (the cache cleared before
each request: the full render from the kept counters).
"""

from __future__ import annotations

import time
from decimal import Decimal

from django.db import connection
from django.db.models import Sum
from django.test import Client

from bench import datasets
from bench.common import Profile, Result, median, ms

ADMIN_PHONE = "18999990001"


def _admin():
    from volunteerhub.accounts.models import Role, User
    from volunteerhub.regions.models import Region

    user = User.objects.filter(phone=ADMIN_PHONE).first()
    if user is None:
        user = User.objects.create_user(ADMIN_PHONE, None, role=Role.CITY_ADMIN, is_staff=True,
                                        region=Region.objects.get(code="371600"), display_name="压测市级管理员")
    return user


def _time_get(client: Client, path: str, n: int, *, before=None) -> tuple[list[float], object]:
    response = client.get(path)  # warm
    times = []
    for _ in range(n):
        if before is not None:
            before()
        start = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - start)
    assert response.status_code == 200, (path, response.status_code)
    return times, response


def _direct_aggregate() -> tuple[float, Decimal]:
    from volunteerhub.hours.models import LedgerEntry

    from django.conf import settings

    counted = LedgerEntry.objects.filter(decision__decision="approved")
    if not settings.TRAINING_COUNTS_AS_SERVICE:  # the figures count service; training is kept apart
        counted = counted.filter(category="service")
    start = time.perf_counter()
    total = counted.aggregate(s=Sum("hours"))["s"] or Decimal(0)
    return time.perf_counter() - start, total


def _plain_sum() -> float:
    from volunteerhub.hours.models import LedgerEntry

    start = time.perf_counter()
    LedgerEntry.objects.aggregate(s=Sum("hours"))
    return time.perf_counter() - start


def run(profile: Profile) -> list[Result]:
    from volunteerhub.hours.models import LedgerEntry

    loaded = datasets.dashboard(profile)
    entries = LedgerEntry.objects.count()
    anon, admin = Client(), Client()
    admin.force_login(_admin())
    api_times, response = _time_get(anon, "/api/v1/stats", profile.dashboard_requests)
    kept_hours = Decimal(str(response.json()["hours"]))
    from django.core.cache import cache

    page_n = max(3, profile.dashboard_requests // 4)
    page_times, _ = _time_get(admin, "/dashboard", page_n)
    cold_times, _ = _time_get(admin, "/dashboard", page_n, before=cache.clear)
    aggregate = [_direct_aggregate() for _ in range(profile.aggregate_runs)]
    agg_s = median([s for s, _ in aggregate])
    ledger_hours = aggregate[0][1]
    plain_s = _plain_sum()
    label = f"dashboard over {entries:,} ledger entries ({connection.vendor})"
    api_med, page_med, cold_med = median(api_times), median(page_times), median(cold_times)
    consistent = Decimal(ledger_hours) == kept_hours
    return [
        Result(label, "GET /api/v1/stats median", ms(api_med), "ms", "direct aggregate over the ledger", ms(agg_s),
               target="< 20 ms and >= 100x faster", met=ms(api_med) < 20 and agg_s / api_med >= 100,
               note=f"kept hours {kept_hours} {'=' if consistent else '!='} ledger {ledger_hours}; "
                    f"plain SUM(hours) over all rows {ms(plain_s):.0f} ms"),
        Result(label, "/dashboard page (city admin) median", ms(page_med), "ms",
               "direct aggregate over the ledger", ms(agg_s), target="< 20 ms and >= 100x faster",
               met=ms(page_med) < 20 and agg_s / page_med >= 100,
               note="HTML with every chart table, the annual plan and leaderboards; the target is checked on the "
                    "warm page (repeat views: the body comes from the cache, keyed by the data version); cold "
                    f"median (cache cleared before each request) {ms(cold_med):.1f} ms, its own row; dataset: "
                    f"{profile.dashboard_volunteers:,} volunteers, {profile.dashboard_activities:,} activities; {loaded}"),
        Result(label, "/dashboard page (city admin) median, cold (cache cleared)", ms(cold_med), "ms",
               "direct aggregate over the ledger", ms(agg_s), target="—", met=None,
               note=f"cache cleared before each of {page_n} requests: the full render from the kept counters"),
    ]
