"""The moment a popular free clinic opens: 2,000 volunteers sign up at once for one activity with 100 seats.

Each volunteer has a connection of its own and sends its one `POST /api/v1/activities/{id}/signup` as
soon as it is open (the load generator opens them all in a tight loop). Every sign-up takes the same
activity row, so this is the seat counter's worst case: one conditional UPDATE after another on one row.
Every answer must come within 10 s of the first request, p99 under 1 s; then the database must hold
exactly 100 confirmed sign-ups and the rest waitlisted, each at a position of its own, with the kept
counters equal to the rows. Each server process has signed volunteers up for another activity first.
"""

from __future__ import annotations

import json

from bench import db, http, seats
from bench.common import Profile, Result, median, ms, percentile

ALL_WITHIN_S = 10.0
P99_UNDER_MS = 1000.0
WARM_PER_WORKER = 8  # sign-ups for another activity first, so that each process has served a few


def _warm(port: int, profile: Profile, pairs: list, warm_id: int) -> None:
    http.warm(port, "/api/v1/health", requests=profile.server_workers * 4)
    few = pairs[:WARM_PER_WORKER * profile.server_workers]
    http.load(port, plan=seats.plan(few, [warm_id] * len(few)), seconds=60, max_requests=len(few), processes=1,
              connections=profile.server_workers * 2)


def _answers(bodies: list[bytes]) -> tuple[int, list]:
    """(confirmed, waitlist positions) as the answers gave them."""
    answers = [json.loads(body) for body in bodies if body.startswith(b"{")]
    return (sum(1 for a in answers if a.get("status") == "confirmed"),
            [a.get("position") for a in answers if a.get("status") == "waitlisted"])


def _seats_row(label: str, profile: Profile, counted: tuple, answered: tuple[int, list]) -> Result:
    capacity, kept, confirmed, w_kept, waitlisted, positions = counted
    n, (said_confirmed, said_positions) = profile.clinic_volunteers, answered
    exact = (confirmed == kept == capacity and waitlisted == w_kept == n - capacity and positions == waitlisted)
    return Result(label, "confirmed sign-ups (from the database)", float(confirmed), "seats", "seats", float(capacity),
                  better="higher", target=f"exactly {capacity}, the rest waitlisted at distinct positions",
                  met=exact, note=f"waitlisted {waitlisted} at {positions} distinct positions; kept counters "
                  f"{kept} confirmed and {w_kept} waitlisted; the answers said {said_confirmed} confirmed and "
                  f"{len(said_positions)} waitlisted at {len(set(said_positions))} distinct places in line")


def run(profile: Profile) -> list[Result]:
    from django.db import connection

    seats.retire_earlier_runs()
    pairs = seats.volunteers(profile.clinic_volunteers, smoke=profile.name == "smoke")
    warm_id = seats.activities(1, len(pairs), title="压测预热活动")[0]
    clinic = seats.activities(1, profile.clinic_seats, title="义诊开放")[0]
    seats.vacuum()
    url = db.url_for_subprocess()
    with http.server(url, workers=profile.server_workers) as (_, port):
        _warm(port, profile, pairs, warm_id)
        burst = http.load(port, plan=seats.plan(pairs, [clinic] * len(pairs)), seconds=60, max_requests=len(pairs),
                          processes=1, connections=len(pairs), keep_bodies=True)
    label = (f"the clinic opens: {len(pairs):,} volunteers at once for {profile.clinic_seats} seats "
             f"({connection.vendor})")
    p99 = ms(percentile(burst.latencies, 99))
    all_ok = burst.ok == len(pairs) and burst.errors == 0
    note = (f"{len(pairs):,} connections, one request each; {http.client_model()}; "
            f"{http.server_model(profile.server_workers)}; statuses {burst.statuses}; errors {burst.errors}; "
            f"median {ms(median(burst.latencies)):.0f} ms, slowest {ms(max(burst.latencies, default=0)):.0f} ms")
    return [
        Result(label, "every sign-up answered, seconds", burst.elapsed, "s", "", None,
               target=f"all within {ALL_WITHIN_S:g} s", met=all_ok and burst.elapsed <= ALL_WITHIN_S, note=note),
        Result(label, "p99 latency", p99, "ms", "", None, target=f"< {P99_UNDER_MS:,.0f} ms", met=p99 < P99_UNDER_MS),
        _seats_row(label, profile, seats.counted(url, [clinic])[0], _answers(burst.bodies)),
    ]
