"""The dashboard's cached body: a repeat view is a cache hit, a counted change is seen at once, scopes stay apart."""

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from volunteerhub.conftest import colleague_of
from volunteerhub.hours.services import ledger_backfill, ledger_entry_decide
from volunteerhub.organizations.models import Team
from volunteerhub.regions.models import Region
from volunteerhub.core.versions import FIGURES, version_of
from volunteerhub.stats.services import plan_target_set, rollup_add

CHART_SECTIONS = ["chart-trend", "chart-kinds", "chart-settings", "chart-regions", "chart-volunteers", "chart-teams"]


def _charts(page) -> dict:
    assert page.status_code == 200
    found = re.search(r'<script id="stats-data" type="application/json">(.*?)</script>', page.content.decode(), re.S)
    return json.loads(found.group(1))["tables"]


TOTALS = {"hours": {"服务时长（小时）", "Service hours"}, "teams": {"志愿服务队伍", "Teams"}}


def _total(page, key: str):
    return next(row["value"] for row in _charts(page)["totals"]["rows"] if row["label"] in TOTALS[key])


def _without_csrf(html: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", html)


def _rollup_reads(client, path="/dashboard", **extra) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        page = client.get(path, **extra)
    return sum("stats_subtreerollup" in q["sql"] for q in queries.captured_queries), page


def _approve_hours(organizer, volunteer, hours: str):
    entry = ledger_backfill(user=organizer, volunteer=volunteer, hours=hours, served_on=timezone.localdate(),
                            reason="岗位值守补录")
    ledger_entry_decide(entry=entry, user=colleague_of(organizer), approve=True)


def test_a_repeat_view_is_served_from_the_cache(rollups, client, county_admin):
    client.force_login(county_admin)
    cold_reads, cold = _rollup_reads(client)
    warm_reads, warm = _rollup_reads(client)
    assert cold_reads >= 1 and warm_reads == 0
    assert _without_csrf(warm.content) == _without_csrf(cold.content)


def test_the_page_still_renders_every_part(rollups, client, city_admin):
    client.force_login(city_admin)
    for _ in range(2):  # cold, then from the cache
        page = client.get("/dashboard?year=2026")
        html = page.content.decode()
        assert all(f'id="{section}"' in html for section in CHART_SECTIONS)
        assert 'class="grid stats-figures"' in html and 'id="plan"' in html
        assert set(_charts(page)) == {"totals", "trend", "kinds", "settings", "regions", "volunteers", "teams"}
        assert "邹平市" in html and "滨城区" in html  # the counties' rows and the division picker


def test_a_new_approved_entry_shows_on_the_next_view(client, county_admin, organizer, volunteer):
    client.force_login(county_admin)
    _approve_hours(organizer, volunteer, "2")
    assert Decimal(str(_total(client.get("/dashboard"), "hours"))) == 2
    assert _rollup_reads(client)[0] == 0  # cached now

    _approve_hours(organizer, volunteer, "1.5")
    reads, page = _rollup_reads(client)
    assert reads >= 1 and Decimal(str(_total(page, "hours"))) == Decimal("3.5")


def test_a_change_is_seen_by_the_next_view_before_it_commits(rollups, client, county_admin, bincheng):
    client.force_login(county_admin)
    client.get("/dashboard")
    rollup_add(region=bincheng, when=timezone.localdate(), hours=10, ledger_entries=1)  # in this transaction only
    reads, page = _rollup_reads(client)
    assert reads >= 1 and Decimal(str(_total(page, "hours"))) == 85


def test_a_rolled_back_change_leaves_the_cache_in_use(rollups, client, county_admin, bincheng):
    client.force_login(county_admin)
    client.get("/dashboard")
    with pytest.raises(RuntimeError), transaction.atomic():
        rollup_add(region=bincheng, when=timezone.localdate(), hours=10, ledger_entries=1)
        raise RuntimeError
    reads, page = _rollup_reads(client)
    assert reads == 0 and Decimal(str(_total(page, "hours"))) == 75


def test_new_teams_and_plan_targets_move_the_version(rollups, client, city_admin, bincheng):
    client.force_login(city_admin)
    teams_before = _total(client.get("/dashboard?year=2026"), "teams")
    assert _rollup_reads(client, "/dashboard?year=2026")[0] == 0
    Team.objects.create(name="滨城区新队伍", region=bincheng)
    assert _total(client.get("/dashboard?year=2026"), "teams") == teams_before + 1
    plan_target_set(year=2026, region=bincheng, metric="hours", target=Decimal(5000), by=city_admin)
    assert "5000" in client.get("/dashboard?year=2026").content.decode()


def test_scopes_and_languages_each_get_their_own_body(rollups, client, city_admin, county_admin):
    client.force_login(city_admin)
    city = client.get("/dashboard")
    assert Decimal(str(_total(city, "hours"))) == 183
    client.force_login(county_admin)
    county = client.get("/dashboard")
    assert Decimal(str(_total(county, "hours"))) == 75 and "邹平市" not in county.content.decode()
    assert client.get("/dashboard?region=371600").status_code == 403  # the city's body is out of reach
    english = client.get("/dashboard", HTTP_ACCEPT_LANGUAGE="en")
    assert "Service hours" in english.content.decode() and "服务时长（小时）" not in english.content.decode()
    assert "服务时长（小时）" in client.get("/dashboard", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    client.force_login(city_admin)
    same_region = client.get("/dashboard?region=371602")  # the city admin's own body for the county
    assert Decimal(str(_total(same_region, "hours"))) == 75


@pytest.mark.django_db(transaction=True)
def test_committed_approvals_are_seen_by_the_next_view(client, county_admin, organizer, volunteer):
    """Real commits: each moves the version, so the cached body never outlives a change."""
    client.force_login(county_admin)
    _approve_hours(organizer, volunteer, "3")
    first_version = version_of(FIGURES)
    assert Decimal(str(_total(client.get("/dashboard"), "hours"))) == 3
    assert _rollup_reads(client)[0] == 0
    _approve_hours(organizer, volunteer, "4")
    assert version_of(FIGURES) != first_version
    assert Decimal(str(_total(client.get("/dashboard"), "hours"))) == 7
    rollup_add(region=Region.objects.get(code="371602"), when=dt.date(2026, 1, 5), hours=1, ledger_entries=1)
    assert Decimal(str(_total(client.get("/dashboard"), "hours"))) == 8
