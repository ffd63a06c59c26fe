import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from volunteerhub.core.errors import PermissionDenied
from volunteerhub.dashboards import selectors


def test_a_county_admin_sees_only_their_county(rollups, county_admin, zouping):
    region = selectors.dashboard_region_for(user=county_admin)
    assert region.code == "371602"
    assert selectors.totals(region=region)["hours"] == Decimal(75)
    with pytest.raises(PermissionDenied):
        selectors.dashboard_region_for(user=county_admin, code="371681")


def test_a_city_admin_sees_the_whole_city_and_drills_down(rollups, city_admin):
    city = selectors.dashboard_region_for(user=city_admin)
    assert selectors.totals(region=city)["hours"] == Decimal(183)
    counties = {row["code"]: row["hours"] for row in selectors.by_child_region(region=city)}
    assert counties["371602"] == Decimal(75) and counties["371681"] == Decimal(108) and counties["371603"] == 0
    bincheng = selectors.dashboard_region_for(user=city_admin, code="371602")
    towns = {row["code"]: row["hours"] for row in selectors.by_child_region(region=bincheng)}
    assert towns["371602001"] == Decimal(65) and towns["371602002"] == Decimal(10)


def test_volunteers_and_residents_have_no_dashboard(volunteer, resident):
    for user in (volunteer.user, resident):
        with pytest.raises(PermissionDenied):
            selectors.dashboard_region_for(user=user)


def test_totals_count_teams_and_volunteers_in_the_subtree(team, other_team, volunteer, bincheng, binzhou):
    assert selectors.totals(region=bincheng)["teams"] == 1
    assert selectors.totals(region=bincheng)["volunteers"] == 1
    assert selectors.totals(region=binzhou)["teams"] == 2


def test_the_monthly_trend_has_twelve_months(rollups, binzhou):
    import datetime as dt

    trend = selectors.monthly_trend(region=binzhou, today=dt.date(2026, 3, 15))
    assert [m["month"] for m in trend][-4:] == ["2025-12", "2026-01", "2026-02", "2026-03"] and len(trend) == 12
    assert trend[-1]["hours"] == Decimal(100) and trend[-2]["hours"] == Decimal(35)


def test_the_stats_api_is_scoped(rollups, api_as, county_admin, anon):
    mine = api_as(county_admin).get("/api/v1/stats", {"region": "371602"})
    assert mine.status_code == 200 and Decimal(str(mine.json()["hours"])) == Decimal(75)
    assert api_as(county_admin).get("/api/v1/stats", {"region": "371681"}).status_code == 403
    assert api_as(county_admin).get("/api/v1/stats").json()["region_code"] == "371600"  # the public city figures
    city = anon.get("/api/v1/stats")
    assert city.status_code == 200 and Decimal(str(city.json()["hours"])) == Decimal(183)
    assert anon.get("/api/v1/stats", {"region": "371602"}).status_code == 403


def test_the_dashboard_page_and_its_excel_downloads(rollups, client, county_admin):
    client.force_login(county_admin)
    page = client.get("/dashboard")
    assert page.status_code == 200
    html = page.content.decode()
    assert "滨城区" in html and "市中街道" in html and 'id="stats-data"' in html and "<script>" not in html
    assert client.get("/dashboard?region=371681").status_code == 403
    for chart in ("trend", "kinds", "settings", "regions", "volunteers", "teams", "totals", "plan"):
        answer = client.get(f"/dashboard/xlsx/{chart}")
        assert answer.status_code == 200, chart
        sheet = load_workbook(io.BytesIO(answer.content)).active
        assert sheet.max_row >= 1
    regions = load_workbook(io.BytesIO(client.get("/dashboard/xlsx/regions").content)).active
    assert ["371602001", "市中街道", 3, 65, 180] in [list(r) for r in regions.iter_rows(values_only=True)]
    assert client.get("/dashboard/xlsx/regions?region=371681").status_code == 403


def test_the_dashboard_needs_a_sign_in(client):
    assert client.get("/dashboard").status_code == 302


def test_the_public_page_shows_city_figures_and_masks_names(rollups, client):
    page = client.get("/stats/")
    assert page.status_code == 200
    assert "滨城区" in page.content.decode()
    assert client.get("/stats/xlsx/kinds").status_code == 200
    assert client.get("/stats/boundaries.geojson")["Content-Type"] == "application/geo+json"


def test_leaderboards_mask_names_unless_the_volunteer_opted_in(volunteer, team, binzhou):
    from volunteerhub.hours.models import TeamHours, VolunteerHours

    VolunteerHours.objects.create(volunteer=volunteer, approved_hours=120, approved_entries=3, star_level=1)
    TeamHours.objects.create(team=team, approved_hours=120, approved_entries=3)
    board = selectors.volunteer_leaderboard(region=binzhou)
    assert board[0]["name"] == "李*愿" and board[0]["star_level"] == 1
    volunteer.show_name_publicly = True
    volunteer.save()
    assert selectors.volunteer_leaderboard(region=binzhou)[0]["name"] == "李志愿"
    assert selectors.team_leaderboard(region=binzhou)[0]["name"] == team.name


def test_the_plan_page_sets_targets_all_or_nothing(client, city_admin, bincheng):
    from volunteerhub.stats.models import PlanTarget

    client.force_login(city_admin)
    assert client.get("/dashboard/plan?year=2026").status_code == 200
    bad = client.post("/dashboard/plan?year=2026", {"t-371602-hours": "100", "t-371681-hours": "lots"})
    assert bad.status_code == 200 and not PlanTarget.objects.exists()
    good = client.post("/dashboard/plan?year=2026", {"t-371602-hours": "100", "t-371602-activities:advocacy": "5"})
    assert good.status_code == 302
    assert PlanTarget.objects.count() == 2


def test_a_county_admin_reads_their_county_subtree_counters_only(rollups, api_as, county_admin):
    mine = api_as(county_admin).get("/api/v1/stats", {"region": "371602001"}).json()
    assert Decimal(str(mine["hours"])) == Decimal(65)  # the township and its village, not its sibling
    assert api_as(county_admin).get("/api/v1/stats", {"region": "371681001"}).status_code == 403
    rows = {row["code"]: row["hours"] for row in selectors.by_child_region(region=selectors.dashboard_region_for(
        user=county_admin))}
    assert rows["371602001"] == Decimal(65) and rows["371602002"] == Decimal(10)
