"""A plan target is a number its column holds (14 digits, 2 of them decimals), or it is refused and nothing is stored."""

from decimal import Decimal

import pytest

from volunteerhub.core.errors import ValidationFailed
from volunteerhub.stats.models import PlanTarget
from volunteerhub.stats.services import plan_target_set


@pytest.mark.parametrize("target", ["1000000000000", "1e15", "-1", "NaN", "Infinity", "abc"])
def test_a_target_out_of_bounds_is_refused_and_nothing_is_stored(city_admin, bincheng, target):
    with pytest.raises(ValidationFailed) as refused:
        plan_target_set(year=2026, region=bincheng, metric="hours", target=target, by=city_admin)

    assert list(refused.value.fields) == ["target"]
    assert not PlanTarget.objects.exists()


def test_the_largest_target_the_column_holds_is_kept_to_the_cent(city_admin, bincheng):
    plan_target_set(year=2026, region=bincheng, metric="hours", target="999999999999.99", by=city_admin)
    plan_target_set(year=2026, region=bincheng, metric="people_served", target="12.345", by=city_admin)

    kept = dict(PlanTarget.objects.values_list("metric", "target"))
    assert kept == {"hours": Decimal("999999999999.99"), "people_served": Decimal("12.34")}


def test_the_api_answers_400_for_a_target_no_column_holds(api_as, city_admin, bincheng):
    answer = api_as(city_admin).put("/api/v1/stats/plan/targets",
                                    {"year": 2026, "region": "371602", "metric": "hours", "target": "1e15"})

    assert answer.status_code == 400 and list(answer.json()["fields"]) == ["target"]
    assert not PlanTarget.objects.exists()
