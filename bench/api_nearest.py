"""`GET /api/v1/map/nearest` over HTTP under concurrent load, against `GET /api/v1/health` (the ceiling).

Both run on the same `volunteerhub serve` (granian) against the bench database holding the mapped
points; each worker builds its warm post index before the timed runs. Workers keep copies of the
posts' rows they have read while PostgreSQL's change notices are heard (`maps.index.cached_rows`);
an untimed warm-up asks every query point a few times first, as a server up for a while would have
been asked (2,000 query points near 20,000 posts: they fit). A second server with no copies (MAP_ROW_CACHE_SIZE=0)
shows the cost when every answer reads its rows.
"""

from __future__ import annotations

import json

import numpy as np

from bench import datasets, db, http
from bench.common import Profile, Result, median, ms, percentile, query_points


WARM_PASSES = 5
ROUNDS = 5  # health and nearest in turns, each run 60% of the profile's seconds; each figure is its median run


def _median(results: list) -> http.LoadResult:
    return sorted(results, key=lambda r: r.rps)[len(results) // 2]


def _load(port: int, target, profile: Profile, share: float = 1.0) -> http.LoadResult:
    return http.load(port, path=target, seconds=profile.http_seconds * share, max_requests=profile.http_requests,
                     processes=profile.http_clients, connections=profile.http_connections)


def run(profile: Profile) -> list[Result]:
    datasets.points(profile)
    ids, lats, lngs = datasets.post_arrays()
    queries = query_points(np.random.default_rng(9), 2_000, lats, lngs)
    paths = [f"/api/v1/map/nearest?lat={a:.6f}&lng={b:.6f}&k=10" for a, b in queries]
    label = f"GET /api/v1/map/nearest (k=10, {len(ids):,} posts) over HTTP"
    runs = {}
    with http.server(db.url_for_subprocess(), workers=profile.server_workers) as (_, port):
        http.warm(port, paths, requests=profile.server_workers * 6, connections=profile.server_workers * 2)
        # Steady state, as a server that has been up a while: every query point asked a few times
        # (each worker keeps its own copies), untimed.
        http.load(port, path=paths, seconds=120, max_requests=min(WARM_PASSES * len(paths), profile.http_requests),
                  processes=1, connections=8)
        check = http.load(port, path=paths[:3], seconds=30, max_requests=3, processes=1, connections=1,
                          keep_bodies=True)
        found = [len(json.loads(body)["items"]) for body in check.bodies]
        rounds = 1 if profile.name == "smoke" else ROUNDS
        for _ in range(rounds):  # in turns, so that a drift in the machine's speed touches both alike
            for name, target in (("health", "/api/v1/health"), ("nearest", paths)):
                runs.setdefault(name, []).append(_load(port, target, profile, share=0.6 if rounds > 1 else 1.0))
    with http.server(db.url_for_subprocess(), workers=profile.server_workers, env={"MAP_ROW_CACHE_SIZE": "0"}) \
            as (_, port):
        http.warm(port, paths, requests=profile.server_workers * 6, connections=profile.server_workers * 2)
        read = _load(port, paths, profile)
    health, near = _median(runs["health"]), _median(runs["nearest"])
    turns = "; ".join(f"{h.rps:,.0f} and {n.rps:,.0f}/s" for h, n in zip(runs["health"], runs["nearest"], strict=True))
    clients = profile.http_clients * profile.http_connections
    complete = bool(found) and all(n == min(10, len(ids)) for n in found)  # fast but wrong must not count as met
    note = (f"{clients} keep-alive clients; {http.client_model()}; {http.server_model(profile.server_workers)}; "
            f"untimed warm-up first ({WARM_PASSES} passes over the {len(paths):,} query points: the workers' copies of rows); "
            f"{profile.http_seconds * (0.6 if rounds > 1 else 1.0):g} s each, in turns (health and nearest: {turns}), medians shown; statuses of the median runs: nearest {near.statuses}, health {health.statuses}; "
            f"errors {sum(r.errors for r in runs['health'] + runs['nearest'])}; items per answer {found}")
    return [
        Result(label, "throughput", near.rps, "req/s", "GET /api/v1/health throughput", health.rps, better="higher",
               target=">= 80% of health", met=health.rps > 0 and near.rps >= 0.8 * health.rps and complete,
               note=note if complete else f"WRONG ANSWERS (expected 10 items each); {note}"),
        Result(label, "throughput, rows read every time (no copies in memory)", read.rps, "req/s",
               "GET /api/v1/health throughput", health.rps, better="higher",
               note=f"MAP_ROW_CACHE_SIZE=0 (each answer reads its 10 rows; index warmed, no warm-up pass); statuses {read.statuses}; errors {read.errors}; "
                    f"median {ms(median(read.latencies)):.1f} ms"),
        Result(label, "p99 latency", ms(percentile(near.latencies, 99)), "ms", "GET /api/v1/health p99",
               ms(percentile(health.latencies, 99)),
               note=f"median {ms(median(near.latencies)):.1f} ms vs {ms(median(health.latencies)):.1f} ms"),
    ]
