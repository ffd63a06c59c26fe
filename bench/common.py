"""What every benchmark shares: sizes, results, timing statistics, the bench databases."""

from __future__ import annotations

import os
import socket
import statistics
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
BENCH_VAR = ROOT / "var" / "bench"
PG_ADMIN_URL = os.environ.get("BENCH_POSTGRES_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
PG_BENCH_DB = os.environ.get("BENCH_POSTGRES_DB", "bench")
SQLITE_BENCH = BENCH_VAR / "bench.sqlite3"


@dataclass(frozen=True)
class Profile:
    """How big each benchmark runs: `full` for `make bench`, `quick` for a look, `smoke` for the tests."""

    name: str
    points: int  # nearest-k: mapped points (service posts)
    index_queries: int  # queries timed against the in-memory index and PostGIS
    db_queries: int  # queries timed against the H3 cell search in the database
    brute_queries: int  # queries timed by the brute-force scan
    http_seconds: float  # each HTTP load run
    http_requests: int  # upper bound on requests per HTTP run
    http_clients: int  # load-generator processes (the Python client; the C one drives all connections alone)
    http_connections: int  # keep-alive connections per process: http_clients x http_connections in all
    server_workers: int
    signup_volunteers: int
    signup_activities: int
    signup_seats: int  # per activity
    clinic_volunteers: int  # the popular free clinic: this many sign up at once ...
    clinic_seats: int  # ... for this many seats
    needs: int
    assign_volunteers: int
    dashboard_ledger: int
    dashboard_activities: int
    dashboard_volunteers: int
    dashboard_requests: int
    aggregate_runs: int


PROFILES = {
    "full": Profile("full", points=1_000_000, index_queries=2_000, db_queries=300, brute_queries=100,
                    http_seconds=15, http_requests=200_000, http_clients=2, http_connections=12, server_workers=2,
                    signup_volunteers=6_000, signup_activities=150, signup_seats=20, clinic_volunteers=2_000,
                    clinic_seats=100, needs=1_000,
                    assign_volunteers=20_000, dashboard_ledger=10_000_000, dashboard_activities=10_000,
                    dashboard_volunteers=5_000, dashboard_requests=200, aggregate_runs=3),
    "quick": Profile("quick", points=1_000_000, index_queries=500, db_queries=100, brute_queries=30,
                     http_seconds=5, http_requests=50_000, http_clients=2, http_connections=12, server_workers=2,
                     signup_volunteers=1_500, signup_activities=50, signup_seats=20, clinic_volunteers=2_000,
                     clinic_seats=100, needs=1_000,
                     assign_volunteers=20_000, dashboard_ledger=1_000_000, dashboard_activities=4_000,
                     dashboard_volunteers=2_000, dashboard_requests=50, aggregate_runs=2),
    "smoke": Profile("smoke", points=2_000, index_queries=20, db_queries=5, brute_queries=5,
                     http_seconds=1, http_requests=40, http_clients=2, http_connections=2, server_workers=1,
                     signup_volunteers=40, signup_activities=3, signup_seats=5, clinic_volunteers=40,
                     clinic_seats=5, needs=30,
                     assign_volunteers=400, dashboard_ledger=3_000, dashboard_activities=60,
                     dashboard_volunteers=300, dashboard_requests=5, aggregate_runs=1),
}


@dataclass
class Result:
    """One line of the table: a figure beside its baseline, with the target and whether it is met."""

    benchmark: str
    metric: str
    value: float | None
    unit: str
    baseline: str = ""  # what the figure is compared with
    baseline_value: float | None = None
    better: str = "lower"  # lower | higher: which way is better for this metric
    target: str = ""
    met: bool | None = None
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        """How many times better than the baseline (>1 is better)."""
        if self.value in (None, 0) or self.baseline_value in (None, 0):
            return None
        return self.baseline_value / self.value if self.better == "lower" else self.value / self.baseline_value

    def as_dict(self) -> dict:
        return {**asdict(self), "ratio": self.ratio}


def result_from(data: dict) -> Result:
    data = {k: v for k, v in data.items() if k != "ratio"}
    return Result(**data)


def ms(seconds: float) -> float:
    return seconds * 1000.0


def percentile(values, q: float) -> float:
    return float(np.percentile(np.asarray(values, dtype=float), q)) if len(values) else float("nan")


def median(values) -> float:
    return float(statistics.median(values)) if len(values) else float("nan")


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - start, out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def query_points(rng: np.random.Generator, n: int, lat: np.ndarray, lng: np.ndarray) -> np.ndarray:
    """Where people ask from: near the data (a random stored point moved up to ~2 km)."""
    pick = rng.integers(0, len(lat), n)
    return np.stack([lat[pick] + rng.normal(0, 0.01, n), lng[pick] + rng.normal(0, 0.01, n)], axis=1)


class Out:
    """A stdout for the loaders that prints progress lines as they come."""

    def write(self, text: str) -> None:
        print(text.rstrip("\n"), flush=True)

    def flush(self) -> None:
        pass
