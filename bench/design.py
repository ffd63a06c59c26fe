"""What the simple design cost and saved: the lines each removed piece took (counted from the diff of
728fae3, which removed them) and what it bought in the old design's own runs, beside this run's figures."""

from __future__ import annotations

from dataclasses import dataclass

from bench.common import Result


@dataclass(frozen=True)
class Piece:
    name: str
    files: str
    removed: int  # product lines
    added: int  # product lines in its place (drop migrations, the simple path)
    tests: int  # test lines removed with it
    bought: str  # what it was measured to buy, by the old design's own runs


PIECES = [
    Piece("a second middleware stack for API calls without a cookie",
          "core/handlers.py, two API-only middlewares, API_MIDDLEWARE, config/wsgi.py", 120, 2, 226,
          "health 3,619 -> 4,300-4,400 req/s and nearest 3,079 -> 3,550-3,790 (both alike: ratios unchanged)"),
    Piece("hand-built model instances (no Model.__init__)", "core/instances.py", 49, 0, 90,
          "7.8% fewer instructions per sign-up (callgrind, 2.66 M -> 2.45 M)"),
    Piece("answers written without validating them again", "core/rendering.py, maps/api.py", 38, 2, 28,
          "nearest 0.82-0.85x -> 0.87-0.90x of health"),
    Piece("per-process copies of tokens and rows kept by LISTEN/NOTIFY",
          "core/changefeed.py, core/copies.py, accounts/tokens.py, NOTIFY trigger migrations, settings", 469, 62,
          220, "no token query per authenticated request; the posts' rows for the map (next line)"),
    Piece("the PL/pgSQL sign-up function", "activities/seats.py, migrations 0002/0003, the one-trip paths", 346, 28,
          131, "a sign-up in one round trip: 1,305-1,726 sign-ups/s"),
    Piece("the map's row machinery", "maps/index.py and maps/selectors.py (copies of rows, TTLs), settings", 203, 62,
          152, "nearest 0.88x of health with copies of rows, 0.49x reading them (same run)"),
]

# The last full run of the old design: bench/results/2026-11-29-1309-full.md as committed in 979bcab
# (it measured commit 055124f).
OLD_RUN = "2026-11-29 13:09 UTC, commit 055124f"
OLD = {"health": 4_405.0, "nearest": 3_873.0, "signups": 1_624.0, "signups_health": 4_319.5}


def _find(results: list[Result], benchmark: str, metric: str) -> Result | None:
    return next((r for r in results if r.benchmark.startswith(benchmark) and r.metric == metric), None)


def _pieces_table() -> list[str]:
    lines = ["| piece | files | product lines removed | added in its place | test lines removed | what it bought |",
             "|---|---|---:|---:|---:|---|"]
    lines += [f"| {p.name} | {p.files} | {p.removed:,} | {p.added:,} | {p.tests:,} | {p.bought} |" for p in PIECES]
    total = (sum(p.removed for p in PIECES), sum(p.added for p in PIECES), sum(p.tests for p in PIECES))
    return lines + [f"| **all six** | | **{total[0]:,}** | {total[1]:,} | {total[2]:,} | |"]


def _versus(old: float, old_base: float, row: Result | None, unit: str) -> str:
    was = f"{old:,.0f} {unit} ({old / old_base:.2f}x of health)"
    if row is None or not row.value or not row.baseline_value:
        return f"{was}; not measured in this run"
    return f"{was} -> {row.value:,.0f} {unit} ({row.value / row.baseline_value:.2f}x of health, which ran at " \
           f"{row.baseline_value:,.0f} req/s)"


def section(results: list[Result]) -> str:
    nearest = _find(results, "GET /api/v1/map/nearest", "throughput")
    signups = _find(results, "sign-ups over HTTP", "accepted sign-ups per second")
    health = nearest.baseline_value if nearest is not None else None
    lines = ["## What the simple design cost and saved", "",
             "Removed in 728fae3 (line counts from its diff), and what each piece was measured to buy then:", ""]
    lines += _pieces_table()
    lines += ["", f"Against the old design's last full run ({OLD_RUN}), on a machine of the same kind:", "",
              f"- health: {OLD['health']:,.0f} req/s -> "
              + (f"{health:,.0f} req/s (one Django stack for every call, and this minute's machine: compare the "
                 "ratios)" if health else "not measured in this run"),
              f"- nearest over HTTP: {_versus(OLD['nearest'], OLD['health'], nearest, 'req/s')}",
              f"- sign-ups over HTTP: {_versus(OLD['signups'], OLD['signups_health'], signups, '/s')}"]
    return "\n".join(lines)
