"""Sign-ups from many concurrent clients over HTTP: `POST /api/v1/activities/{id}/signup`, against the health
endpoint's throughput on the same server.

Volunteers with bearer tokens each sign up once for one of a few activities with limited seats (more
volunteers than seats: the rest are waitlisted); five rounds, each for new activities, and the figure is
the median round. The health endpoint is loaded the same way just before and after the rounds. Afterwards
the database is checked: no activity may hold more confirmed sign-ups than seats, and its kept counters
must equal its rows.
"""

from __future__ import annotations

import numpy as np

from bench import db, http, seats
from bench.common import Profile, Result, median, ms, percentile

ROUNDS = 5  # the figure is the median round: a shared machine's speed drifts from one run to the next
TARGET = 0.1  # of the health endpoint's throughput


def _health(port: int, profile: Profile) -> http.LoadResult:
    return http.load(port, path="/api/v1/health", seconds=max(1.0, profile.http_seconds / 5),
                     max_requests=profile.http_requests, processes=profile.http_clients,
                     connections=profile.http_connections)


def _seconds(profile: Profile) -> float:
    """A round's time limit: it stops then, whatever is left of its plan."""
    return max(60.0, profile.http_seconds * 8)


def _round(port: int, profile: Profile, pairs: list, ids: list[int], number: int) -> http.LoadResult:
    seats.vacuum()
    choice = np.random.default_rng(10 + number).integers(0, len(ids), len(pairs))
    plan = seats.plan(pairs, [ids[c] for c in choice.tolist()])
    return http.load(port, plan=plan, seconds=_seconds(profile), max_requests=len(plan),
                     processes=profile.http_clients, connections=profile.http_connections)


def _statuses(results: list[http.LoadResult]) -> dict[int, int]:
    statuses: dict[int, int] = {}
    for r in results:
        for status, n in r.statuses.items():
            statuses[status] = statuses.get(status, 0) + n
    return statuses


def _note(profile: Profile, results: list, result: http.LoadResult, pace: list[float], confirmed: int,
          seats_in_all: int) -> str:
    clients = profile.http_clients * profile.http_connections
    return (f"{clients} concurrent clients; {http.client_model()}; {http.server_model(profile.server_workers)}; "
            f"tables vacuumed and analyzed before each round (as autovacuum would); median of {len(results)} rounds "
            f"({', '.join(f'{r.rps:,.0f}/s' for r in results)}), each of {profile.signup_volunteers:,} sign-ups or "
            f"{_seconds(profile):g} s, whichever came first; statuses {_statuses(results)}; errors "
            f"{sum(r.errors for r in results)}; {confirmed} confirmed of {seats_in_all} seats, the rest waitlisted; "
            f"median round: median {ms(median(result.latencies)):.1f} ms, p99 {ms(percentile(result.latencies, 99)):.1f} ms; "
            f"GET /api/v1/health on the same server {pace[0]:,.0f} req/s before the rounds and {pace[1]:,.0f} after "
            "(the baseline is their mean)")


def run(profile: Profile) -> list[Result]:
    from django.db import connection

    seats.retire_earlier_runs()
    pairs = seats.volunteers(profile.signup_volunteers, smoke=profile.name == "smoke")
    rounds = 1 if profile.name == "smoke" else ROUNDS
    # Every round's activities are made before the server starts (an in-memory SQLite test database is
    # copied for it then).
    activities = [seats.activities(profile.signup_activities, profile.signup_seats) for _ in range(rounds)]
    url = db.url_for_subprocess()
    with http.server(url, workers=profile.server_workers) as (_, port):
        http.warm(port, "/api/v1/health", requests=profile.server_workers * 4)
        pace = [_health(port, profile).rps]
        results = [_round(port, profile, pairs, ids, number) for number, ids in enumerate(activities)]
        pace.append(_health(port, profile).rps)
    result = sorted(results, key=lambda r: r.rps)[len(results) // 2]
    all_ids = [pk for ids in activities for pk in ids]
    over, drift, confirmed = seats.overbooked(seats.counted(url, all_ids))
    health = sum(pace) / len(pace)
    label = (f"sign-ups over HTTP ({len(pairs):,} volunteers, {profile.signup_activities} activities x "
             f"{profile.signup_seats} seats, {connection.vendor})")
    return [
        Result(label, "accepted sign-ups per second", result.rps, "/s", "GET /api/v1/health throughput", health,
               better="higher", target=f">= {TARGET}x health", met=health > 0 and result.rps >= TARGET * health,
               note=_note(profile, results, result, pace, confirmed, len(all_ids) * profile.signup_seats)),
        Result(label, "overbooked seats (from the database)", float(over), "seats", "", None,
               target="0, counters = rows", met=over == 0 and drift == 0,
               note=f"{drift} activities whose kept confirmed or waitlist count differs from their rows"),
    ]
