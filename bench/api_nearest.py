"""`GET /api/v1/map/nearest` over HTTP under concurrent load, against `GET /api/v1/health` on the same server.

Both run on one `volunteerhub serve` (granian) against the bench database holding the mapped points.
Each server process builds its nearest index of the posts in the background on its first nearest
request (the database answers meanwhile); the timed runs start only once every process has built its
own (`_wait_for_indexes`). Every answer then reads the posts' data version and the ten rows found.
"""

from __future__ import annotations

import json
import time

import numpy as np
from django.db import connection

from bench import datasets, db, http
from bench.common import Profile, Result, median, ms, percentile, query_points

ROUNDS = 5  # health and nearest in turns, each run 60% of the profile's seconds; each figure is its median run
THROUGHPUT_TARGET = 0.35  # of health's
P99_TARGET = 3.0  # times health's p99, at most
WAIT_S = 300.0


def _median(results: list) -> http.LoadResult:
    return sorted(results, key=lambda r: r.rps)[len(results) // 2]


def _load(port: int, target, profile: Profile, share: float = 1.0) -> http.LoadResult:
    return http.load(port, path=target, seconds=profile.http_seconds * share, max_requests=profile.http_requests,
                     processes=profile.http_clients, connections=profile.http_connections)


def _rows_read_from_posts() -> int | None:
    """Rows read from the posts' table so far, by scans and through indexes alike (PostgreSQL's statistics;
    None elsewhere). Building an index reads every post; an answer reads ten, or a few cells of them."""
    from volunteerhub.organizations.models import ServicePost

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT seq_tup_read + COALESCE(idx_tup_fetch, 0) FROM pg_stat_user_tables WHERE relname = %s",
                       [ServicePost._meta.db_table])
        return cursor.fetchone()[0]


def _ask(port: int, paths: list[str], profile: Profile) -> None:
    """A few nearest requests on fresh connections, several per process: each connection lands on one."""
    connections = profile.server_workers * 4
    http.load(port, path=paths, seconds=30, max_requests=connections * 2, processes=1, connections=connections)


def _wait_for_indexes(port: int, paths: list[str], profile: Profile, posts: int) -> str:
    """Ask until every server process has built its index: on PostgreSQL, until the rows read from the posts'
    table have jumped by all the posts once per process (a build's reads are counted when its connection
    closes, at once); elsewhere (smoke runs: a few thousand posts, built in milliseconds) three rounds."""
    workers, started, last = http.server_processes(profile.server_workers), time.monotonic(), _rows_read_from_posts()
    builds = 0
    for round_ in range(1, int(WAIT_S) + 1):
        _ask(port, paths, profile)
        time.sleep(1.0)
        if last is None and round_ == 3:
            return f"no statistics to count the builds by on {connection.vendor}: three rounds of asking"
        now = _rows_read_from_posts()
        if now is not None:
            builds, last = builds + int((now - last) // (0.9 * posts)), now
        if builds >= workers:
            return f"{builds} reads of every post seen after {time.monotonic() - started:.0f} s"
    raise RuntimeError(f"{builds} of {workers} server processes built their index within {WAIT_S:.0f} s")


def _turns(port: int, paths: list[str], profile: Profile) -> dict[str, list[http.LoadResult]]:
    """Health and nearest in turns, so that a drift in the machine's speed touches both alike."""
    rounds = 1 if profile.name == "smoke" else ROUNDS
    runs: dict[str, list] = {}
    for _ in range(rounds):
        for name, target in (("health", "/api/v1/health"), ("nearest", paths)):
            runs.setdefault(name, []).append(_load(port, target, profile, share=0.6 if rounds > 1 else 1.0))
    return runs


def _items(port: int, paths: list[str]) -> list[int]:
    check = http.load(port, path=paths[:3], seconds=30, max_requests=3, processes=1, connections=1, keep_bodies=True)
    return [len(json.loads(body)["items"]) for body in check.bodies]


def _note(profile: Profile, runs: dict, waited: str, found: list[int]) -> str:
    health, near = _median(runs["health"]), _median(runs["nearest"])
    turns = "; ".join(f"{h.rps:,.0f} and {n.rps:,.0f}/s" for h, n in zip(runs["health"], runs["nearest"], strict=True))
    return (f"{profile.http_clients * profile.http_connections} keep-alive clients; {http.client_model()}; "
            f"{http.server_model(profile.server_workers)}; every process's index built before timing ({waited}); "
            f"{len(runs['health'])} runs each, in turns (health and nearest: {turns}), medians shown; statuses of "
            f"the median runs: nearest {near.statuses}, health {health.statuses}; errors "
            f"{sum(r.errors for r in runs['health'] + runs['nearest'])}; items per answer {found}")


def run(profile: Profile) -> list[Result]:
    datasets.points(profile)
    ids, lats, lngs = datasets.post_arrays()
    queries = query_points(np.random.default_rng(9), 2_000, lats, lngs)
    paths = [f"/api/v1/map/nearest?lat={a:.6f}&lng={b:.6f}&k=10" for a, b in queries]
    with http.server(db.url_for_subprocess(), workers=profile.server_workers) as (_, port):
        waited = _wait_for_indexes(port, paths, profile, len(ids))
        found = _items(port, paths)
        runs = _turns(port, paths, profile)
    health, near = _median(runs["health"]), _median(runs["nearest"])
    complete = bool(found) and all(n == min(10, len(ids)) for n in found)  # fast but wrong must not count as met
    note = _note(profile, runs, waited, found)
    h_p99, n_p99 = ms(percentile(health.latencies, 99)), ms(percentile(near.latencies, 99))
    label = f"GET /api/v1/map/nearest (k=10, {len(ids):,} posts) over HTTP"
    return [
        Result(label, "throughput", near.rps, "req/s", "GET /api/v1/health throughput", health.rps, better="higher",
               target=f">= {THROUGHPUT_TARGET}x health", met=complete and near.rps >= THROUGHPUT_TARGET * health.rps > 0,
               note=note if complete else f"WRONG ANSWERS (expected 10 items each); {note}"),
        Result(label, "p99 latency", n_p99, "ms", "GET /api/v1/health p99", h_p99,
               target=f"<= {P99_TARGET:g}x health p99 (ratio >= {1 / P99_TARGET:.2f}x)",
               met=complete and n_p99 <= P99_TARGET * h_p99,
               note=f"median {ms(median(near.latencies)):.1f} ms vs {ms(median(health.latencies)):.1f} ms"),
    ]
