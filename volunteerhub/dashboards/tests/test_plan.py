import datetime as dt
from decimal import Decimal

import pytest

from volunteerhub.core.errors import Conflict, PermissionDenied, ValidationFailed
from volunteerhub.regions.models import Region
from volunteerhub.stats.models import PlanTarget
from volunteerhub.dashboards.selectors import plan_progress, year_fraction
from volunteerhub.stats.services import plan_issue, plan_target_set


def township(code):
    return Region.objects.get(code=code)


@pytest.fixture
def plan(db, city_admin, county_admin, bincheng, zouping):
    plan_issue(year=2026, region=bincheng, by=city_admin,
               targets={"hours": 1000, "people_served": 2000, "activities:advocacy": 10})
    plan_issue(year=2026, region=zouping, by=city_admin, targets={"hours": 500, "activities:advocacy": 4})
    plan_target_set(year=2026, region=township("371602001"), metric="hours", target=600, by=county_admin)
    plan_target_set(year=2026, region=township("371602002"), metric="hours", target=300, by=county_admin)


def _line(row, metric, kind=""):
    return next(line for line in row.lines if line.metric == metric and line.activity_kind == kind)


def test_it_rolls_county_targets_up_to_the_city(plan, rollups, binzhou):
    progress = plan_progress(region=binzhou, year=2026, today=dt.date(2026, 3, 31))
    city = progress["region"]
    assert _line(city, "hours").target == Decimal(1500)
    assert _line(city, "hours").delivered == Decimal(175)  # 2025's hours are not this year's
    assert _line(city, "activities", "advocacy").target == Decimal(14)
    assert _line(city, "activities", "advocacy").delivered == Decimal(6)
    assert [c.code for c in progress["children"]][:2] == ["371602", "371603"]


def test_it_shows_each_county_against_its_own_target(plan, rollups, binzhou):
    children = {c.code: c for c in plan_progress(region=binzhou, year=2026, today=dt.date(2026, 3, 31))["children"]}
    assert _line(children["371602"], "hours").target == Decimal(1000)
    assert _line(children["371602"], "hours").delivered == Decimal(75)
    assert _line(children["371681"], "hours").delivered == Decimal(100)
    assert _line(children["371603"], "hours").target == 0


def test_it_flags_what_is_behind_the_share_of_the_year_gone(plan, rollups, binzhou):
    children = {c.code: c for c in plan_progress(region=binzhou, year=2026, today=dt.date(2026, 3, 31))["children"]}
    bincheng_hours = _line(children["371602"], "hours")
    assert bincheng_hours.expected == Decimal("246.58")  # 90 of 365 days of 1000 hours
    assert bincheng_hours.behind and bincheng_hours.remaining == Decimal(925)
    assert not _line(children["371681"], "activities", "advocacy").behind  # 3 of 4 by the end of March


def test_it_rolls_township_splits_down_a_level(plan, rollups, bincheng):
    progress = plan_progress(region=bincheng, year=2026, today=dt.date(2026, 12, 31))
    assert _line(progress["region"], "hours").target == Decimal(1000)  # the county's own target, not the split
    towns = {c.code: c for c in progress["children"]}
    assert _line(towns["371602001"], "hours").target == Decimal(600)
    assert _line(towns["371602001"], "hours").delivered == Decimal(65)
    assert _line(towns["371602002"], "hours").delivered == Decimal(10)


def test_it_refuses_a_split_beyond_the_county_target(plan, county_admin):
    with pytest.raises(Conflict):
        plan_target_set(year=2026, region=township("371602003"), metric="hours", target=101, by=county_admin)
    assert not PlanTarget.objects.filter(region_id="371602003").exists()


def test_it_refuses_lowering_a_county_below_its_split(plan, city_admin, bincheng):
    with pytest.raises(Conflict):
        plan_target_set(year=2026, region=bincheng, metric="hours", target=800, by=city_admin)
    assert PlanTarget.objects.get(region=bincheng, metric="hours").target == Decimal(1000)


def test_it_refuses_a_county_setting_its_own_target(plan, county_admin, bincheng):
    with pytest.raises(PermissionDenied):
        plan_target_set(year=2026, region=bincheng, metric="hours", target=5000, by=county_admin)
    assert PlanTarget.objects.get(region=bincheng, metric="hours").target == Decimal(1000)


def test_it_refuses_a_county_splitting_another_county(plan, other_county_admin):
    with pytest.raises(PermissionDenied):
        plan_target_set(year=2026, region=township("371602003"), metric="hours", target=10, by=other_county_admin)


def test_it_refuses_a_township_target_before_the_county_has_one(county_admin):
    with pytest.raises(Conflict):
        plan_target_set(year=2026, region=township("371602001"), metric="hours", target=10, by=county_admin)


def test_it_needs_a_kind_for_activities_targets(city_admin, bincheng):
    with pytest.raises(ValidationFailed) as caught:
        plan_target_set(year=2026, region=bincheng, metric="activities", target=10, by=city_admin)
    assert "activity_kind" in caught.value.fields
    assert not PlanTarget.objects.exists()


def test_year_fraction_runs_from_nothing_to_all():
    assert year_fraction(2026, dt.date(2025, 6, 1)) == 0
    assert year_fraction(2026, dt.date(2026, 12, 31)) == 1
    assert year_fraction(2025, dt.date(2026, 1, 1)) == 1
