"""A tiny run of every benchmark, so none of them rots (never a speed assertion)."""

import re

import pytest
from dataclasses import replace

from bench import api_nearest, assignment, clinic, dashboard, nearest, province, rounds, signups
from bench.common import PROFILES
from bench.report import document, table

SMOKE = PROFILES["smoke"]


def _check(results):
    assert results, "a benchmark must report at least one line"
    assert "|" in table(results)
    return {r.metric: r for r in results}


def test_it_runs_the_batch_assignment_and_is_never_worse_than_greedy():
    rows = _check(assignment.run(replace(SMOKE, needs=20, assign_volunteers=200)))
    assert rows["total distance (first instance)"].met is True


def test_it_orders_a_round_of_home_visits_never_longer_than_nearest_neighbour():
    rows = _check(rounds.run(SMOKE))
    assert rows["route length against nearest-neighbour (median)"].met is True


@pytest.mark.django_db(transaction=True)
def test_it_finds_the_same_nearest_ten_as_brute_force():
    rows = _check(nearest.run(SMOKE))
    first = rows["index (k-d tree) median per query"]
    agree = first.extra["brute_agree"].split("/")
    assert agree[0] == agree[1] and first.extra["points"] == SMOKE.points
    assert rows["H3 cell search in the database, median"].value is not None


@pytest.mark.django_db(transaction=True)
def test_it_loads_the_nearest_api_and_the_health_endpoint_over_http():
    rows = _check(api_nearest.run(SMOKE))
    assert rows["throughput"].value > 0 and rows["throughput"].baseline_value > 0
    assert rows["p99 latency"].value > 0 and rows["p99 latency"].baseline_value > 0
    answers = rows["throughput"].note.split("items per answer ")[1]
    assert set(answers.strip("[]").split(", ")) == {"10"}
    assert "index built before timing" in rows["throughput"].note


@pytest.mark.django_db(transaction=True)
def test_it_signs_up_over_http_without_overbooking():
    rows = _check(signups.run(replace(SMOKE, signup_volunteers=24, signup_activities=2, signup_seats=4)))
    assert rows["accepted sign-ups per second"].value > 0, rows["accepted sign-ups per second"].note
    assert rows["accepted sign-ups per second"].baseline_value > 0  # the health endpoint on the same server
    assert rows["overbooked seats (from the database)"].value == 0
    assert rows["overbooked seats (from the database)"].met is True


@pytest.mark.django_db(transaction=True)
def test_the_clinic_opens_and_its_seats_are_exactly_taken():
    rows = _check(clinic.run(replace(SMOKE, clinic_volunteers=30, clinic_seats=4)))
    assert rows["every sign-up answered, seconds"].value > 0, rows["every sign-up answered, seconds"].note
    assert "statuses {200: 30}" in rows["every sign-up answered, seconds"].note
    seats = rows["confirmed sign-ups (from the database)"]
    assert seats.value == 4 and seats.met is True, seats.note
    assert "the answers said 4 confirmed and 26 waitlisted at 26 distinct places" in seats.note


@pytest.mark.django_db(transaction=True)
def test_it_times_the_dashboard_and_its_counters_match_the_ledger():
    rows = _check(dashboard.run(replace(SMOKE, dashboard_ledger=1_500, dashboard_activities=30,
                                        dashboard_volunteers=150, dashboard_requests=3)))
    note = rows["GET /api/v1/stats median"].note
    assert "kept hours" in note and "!=" not in note
    from volunteerhub.dashboards.selectors import rollup_differences, tally_differences

    assert rollup_differences() == [] and tally_differences() == []  # the fill keeps every counter, every level


@pytest.fixture
def province_database(django_db_blocker):
    """The province benchmark's own database (beside the test database), dropped afterwards."""
    yield
    from django.db import connection

    if connection.vendor == "postgresql":
        with django_db_blocker.unblock():
            province.drop_database(province.database_url(create=False))


@pytest.mark.django_db(transaction=True)
def test_it_serves_the_province_from_the_primary_and_from_a_replica(province_database):
    from django.db import connection

    rows = province.run(SMOKE)
    _check(rows)
    skipped = [r.note for r in rows if r.note.startswith("skipped:")]
    if connection.vendor != "postgresql":
        assert len(skipped) == 3 and all("not on PostgreSQL" in note for note in skipped)
        assert all(r.value is None for r in rows)
        return
    if skipped:  # only an environment without a replica: pg_basebackup missing, replication refused, a long
        assert all(note.startswith("skipped: no replica:") for note in skipped), skipped  # transaction held
        pytest.skip(skipped[0])
    by_label = {r.benchmark: r for r in rows}
    for label in (province.LABEL_MAP, province.LABEL_LIST):
        row = by_label[label]
        assert row.value > 0 and row.baseline_value > 0, row.note
        assert "errors 0" in row.note and "the same ids on both setups" in row.note, row.note
    builds = re.search(r"(\d+) reads of every post seen", by_label[province.LABEL_MAP].note)
    assert builds and int(builds.group(1)) >= 4  # each of the four servers built its index before timing
    answered = by_label[province.LABEL_REPLICA]
    assert answered.value > 0 and answered.met is True, answered.note


def test_the_report_says_what_the_simple_design_cost_and_saved():
    from bench.common import Result

    rows = [Result("GET /api/v1/map/nearest (k=10) over HTTP", "throughput", 1500.0, "req/s", "health", 3000.0,
                   better="higher")]
    text = document(rows, {"CPU": "test"}, profile="smoke", seconds=1, command="python -m bench --smoke")
    assert "## What the simple design cost and saved" in text
    assert "3,873 req/s (0.88x of health) -> 1,500 req/s (0.50x of health" in text
    assert "sign-ups over HTTP: 1,624 /s (0.38x of health); not measured in this run" in text


def test_the_machine_notes_name_the_commit_measured():
    from bench.report import _git, machine

    code = machine(None)["code"]

    assert code.startswith(f"commit {_git('rev-parse', '--short=12', 'HEAD')}")


@pytest.mark.browser
def test_every_page_of_the_readme_weighs_under_400_kib_on_a_phone_first_visit():
    """Bytes only (they do not depend on the link's speed; timings are for `make bench`), every page answering 200 and
    loading without a script error."""
    import os
    from pathlib import Path

    from bench import pages

    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("the pages are weighed on their own SQLite demo city, whatever DATABASE_URL: once, in the SQLite pass")
    if not Path(pages.CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {pages.CHROMIUM} (.ci/run installs Debian's chromium)")
    # In a thread of its own: the journeys' browser (Playwright's sync API) may still be open in this one.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        rows = pool.submit(pages.run, SMOKE).result()
    assert len(rows) >= 40 and "|" in table(rows)
    assert any("/stats/" in r.benchmark for r in rows) and any("/dashboard " in r.benchmark for r in rows)
    assert [(r.benchmark, r.value, r.note) for r in rows if not r.met] == []


def test_a_page_misses_its_goal_when_heavy_slow_on_the_weak_link_refused_or_broken():
    from bench.pages import Page, Visit

    def page(kib, seconds, status=200, errors=()):
        return Page("/p", "/p", "anonymous", Visit(kib, seconds, status, "/p", errors=errors))

    assert page(399, 2.9).met(throttled=True)
    assert not page(401, 1).met(throttled=True) and not page(401, 1).met(throttled=False)
    assert not page(100, 3.2).met(throttled=True) and page(100, 3.2).met(throttled=False)
    assert not page(10, 1, status=404).met(throttled=False)
    assert not page(10, 1, errors=("TypeError",)).met(throttled=False)


def test_every_readme_page_is_measured_once_per_persona_with_its_ids_filled():
    from bench.pages import HOMES, pages_to_measure
    from volunteerhub.home.readme_pages import pages_table

    ids = {"certificate": "C0DE", "need": "11", "open_need": "12", "activity": "13", "callout": "14",
           "callout_answer": "15"}
    pages = pages_to_measure(ids)

    assert {p.pattern for p in pages} == {pattern for _, pattern in pages_table()}
    assert len({(p.persona, p.path) for p in pages}) == len(pages)
    assert not any("<" in p.path for p in pages)
    assert {p.persona for p in pages if p.path == "/"} == set(HOMES)
    assert ("/callouts/15/answer/", "volunteer") in {(p.path, p.persona) for p in pages}
    assert ("/needs/12/matches/", "organizer") in {(p.path, p.persona) for p in pages}
