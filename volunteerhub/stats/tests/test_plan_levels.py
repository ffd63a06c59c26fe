"""Plan targets are set only by the level above: the city for its counties, a county for its townships."""

from decimal import Decimal

import pytest

from volunteerhub.core.errors import PermissionDenied
from volunteerhub.regions.models import Region
from volunteerhub.stats.models import PlanTarget
from volunteerhub.stats.services import plan_target_set

pytestmark = pytest.mark.django_db
SHIZHONG = "371602001"  # 市中街道, a township of 滨城区


@pytest.fixture
def county_target(city_admin, bincheng):
    return plan_target_set(year=2026, region=bincheng, metric="hours", target=1000, by=city_admin)


def kept() -> dict:
    return {(row.region_id, row.metric): row.target for row in PlanTarget.objects.all()}


def test_the_city_sets_a_countys_target_and_the_county_splits_it(api_as, city_admin, county_admin, bincheng):
    city = api_as(city_admin).put("/api/v1/stats/plan/targets",
                                  {"year": 2026, "region": "371602", "metric": "hours", "target": 1000})
    county = api_as(county_admin).put("/api/v1/stats/plan/targets",
                                      {"year": 2026, "region": SHIZHONG, "metric": "hours", "target": 400})

    assert (city.status_code, county.status_code) == (200, 200), (city.content, county.content)
    assert kept() == {("371602", "hours"): Decimal(1000), (SHIZHONG, "hours"): Decimal(400)}


def test_the_city_setting_a_townships_target_directly_is_refused_with_the_reason(api_as, city_admin, county_target):
    answer = api_as(city_admin).put("/api/v1/stats/plan/targets",
                                    {"year": 2026, "region": SHIZHONG, "metric": "hours", "target": 400})

    assert answer.status_code == 403
    assert answer.json()["code"] == "plan_level_above_only" and "滨城区" in answer.json()["message"]
    assert kept() == {("371602", "hours"): Decimal(1000)}


def test_the_refusal_is_the_services_so_every_caller_gets_it(city_admin, county_target):
    with pytest.raises(PermissionDenied) as refused:
        plan_target_set(year=2026, region=Region.objects.get(code=SHIZHONG), metric="hours", target=400, by=city_admin)

    assert refused.value.code == "plan_level_above_only"
    assert not PlanTarget.objects.filter(region_id=SHIZHONG).exists()


def test_the_plan_page_shows_the_city_a_countys_split_without_a_form(client, city_admin, county_admin,
                                                                      county_target):
    plan_target_set(year=2026, region=Region.objects.get(code=SHIZHONG), metric="hours", target=400, by=county_admin)
    client.force_login(city_admin)

    page = client.get("/dashboard/plan?region=371602&year=2026").content.decode()

    assert 'id="plan-refusal"' in page and "滨城区" in page and "400" in page and "{%" not in page
    assert f'name="t-{SHIZHONG}-hours"' not in page


def test_the_plan_page_refuses_the_citys_post_for_a_township_and_stores_nothing(client, city_admin, county_target):
    client.force_login(city_admin)

    answer = client.post("/dashboard/plan?region=371602&year=2026", {f"t-{SHIZHONG}-hours": "400"})

    assert answer.status_code == 403 and "滨城区" in answer.content.decode()
    assert kept() == {("371602", "hours"): Decimal(1000)}


def test_the_county_splits_on_the_plan_page(client, county_admin, county_target):
    client.force_login(county_admin)
    page = client.get("/dashboard/plan?year=2026").content.decode()
    assert f'name="t-{SHIZHONG}-hours"' in page and 'id="plan-refusal"' not in page

    answer = client.post("/dashboard/plan?year=2026", {f"t-{SHIZHONG}-hours": "400"})

    assert answer.status_code == 302
    assert kept()[(SHIZHONG, "hours")] == Decimal(400)
