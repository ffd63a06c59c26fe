"""The province behind two application processes: the map's reads and the public activity list, against the
primary alone and against the primary plus one streaming replica (PostgreSQL only).

- Data: `volunteerhub seed province` (1,000,000 volunteers, 1,000,000 mapped service posts around Shandong's
  cities; a tenth in the quick profile, a five-hundredth in smoke) and a city's worth of activities for the
  public list and the map's activity layer, in a database of its own beside the bench database
  (`<bench database>_province`), so that the other benchmarks keep their own points. Loaded once, reused.
- Replica: `scripts/replica.sh` copies the local PostgreSQL with pg_basebackup once the data is in, starts it on a
  free port, and destroys it at the end (also on failure). No replica: the rows say why.
- Servers: four `volunteerhub serve` processes (granian, one process each): two against the primary alone, two
  with DATABASE_REPLICA_URLS naming the replica. The load generator drives a pair through both its ports at
  once; the two pairs take turns (map, then list), so a drift in the machine's speed touches both alike. Each
  figure is the median of its turns.
- Map: `GET /api/v1/map/nearest` (posts, from each process's in-memory index, and activities, from the database)
  and `GET /api/v1/map/posts/{id}` (the marker's card), in turn. List: `GET /api/v1/activities` pages.
- Proof that the replica answered: the province database's transactions on the primary and on the replica
  (`pg_stat_database`, read around every timed run) and the CPU time of the servers and of the backends serving
  them (/proc, when PostgreSQL runs on this machine), each per request and per setup.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace

import numpy as np

from bench import http
from bench.common import BENCH_VAR, ROOT, Profile, Result, free_port, query_points

NAME = "province"
SCRIPT = ROOT / "scripts" / "replica.sh"
SCALE = {"full": 1.0, "quick": 0.1, "smoke": 0.002}  # of `volunteerhub seed province`
ACTIVITIES = {"full": 10_000, "quick": 3_000, "smoke": 60}  # for the public list and the map's activity layer
ROUNDS = {"full": 5, "quick": 5, "smoke": 1}
RUN_S = {"full": 10.0, "quick": 6.0, "smoke": 1.0}  # each timed run (a map request costs 10-100 ms here)
PAIR = 2  # application processes per setup
REPLICA_START_S = {"full": 600, "quick": 300, "smoke": 120}  # pg_basebackup copies the whole cluster
MAX_LAG_S = 30  # REPLICA_MAX_LAG_SECONDS of the replica's servers: this machine's primary is shared with other runs,
# whose writes the replica replays too (the product's default, 5 s, is for a replica of the platform's own primary)
THROUGHPUT_TARGET = 0.8  # of primary-only: one machine's two cores run the replica too
WAIT_S = 300.0
LABEL_MAP = "province map reads over HTTP, 2 app processes"
LABEL_LIST = "province public activity list over HTTP, 2 app processes"
LABEL_REPLICA = "province reads answered by the replica"


class Skipped(Exception):
    """The environment cannot run this benchmark (not PostgreSQL, no replica): said in the rows."""


def sizes(profile_name: str):
    """The province dataset at this profile's scale, and the activities beside it."""
    from volunteerhub import synthetic

    province = synthetic.small(synthetic.SIZES["province"], SCALE[profile_name])
    activities = replace(synthetic.SIZES["city"], volunteers=max(200, ACTIVITIES[profile_name] // 5), teams=32,
                         posts=0, projects=20, activities=ACTIVITIES[profile_name], ledger_entries=0, signups=False)
    return province, activities


# --- the province's own database ---------------------------------------------------------------------------


def database_url(*, create: bool = True) -> str:
    """`<this benchmark's database>_province` on the same PostgreSQL, created when missing (unless not `create`)."""
    import psycopg
    from django.db import connection

    from bench import db

    if connection.vendor != "postgresql":
        raise Skipped("not on PostgreSQL (streaming replicas are PostgreSQL's)")
    server, name = db.url_for_subprocess().rsplit("/", 1)
    name = f"{name}_{NAME}"
    if create:
        with psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=3) as conn:
            if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
                conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


def drop_database(url: str) -> None:
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=3) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _env(url: str) -> dict:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings",
           "VOLUNTEERHUB_VAR_DIR": str(BENCH_VAR), "LOG_LEVEL": "WARNING", "VOLUNTEERHUB_DEMO": "1",
           "VOLUNTEERHUB_NO_PROGRESS": "1"}
    env.pop("PYTEST_CURRENT_TEST", None)
    for name in ("TEST_DATABASE_NAME", "DATABASE_REPLICA_URLS"):
        env.pop(name, None)
    return env


def _seed(url: str, profile: Profile) -> str:
    """Migrate the province database and load its data (once; later runs reuse it) in processes of their own."""
    started = time.perf_counter()
    cli = os.path.join(os.path.dirname(sys.executable), "volunteerhub")
    subprocess.run([sys.executable, cli, "migrate", "--noinput", "-v", "0"], check=True, env=_env(url), cwd=ROOT)
    subprocess.run([sys.executable, "-m", "bench.province", "seed", profile.name], check=True, env=_env(url), cwd=ROOT)
    return f"migrated and loaded (or reused) in {time.perf_counter() - started:.0f} s"


def seed_main(profile_name: str) -> None:
    """`python -m bench.province seed PROFILE` against DATABASE_URL: the province, then the activities."""
    import django

    django.setup()
    from bench import datasets

    for size in sizes(profile_name):
        datasets.ensure(size)


def _sql(url: str, statement: str, params=()) -> tuple:
    import psycopg

    with psycopg.connect(url, autocommit=True, connect_timeout=3) as conn:
        return conn.execute(statement, params).fetchone()


def _rows(url: str, statement: str, limit: int) -> np.ndarray:
    """Up to `limit` rows of (id, lat, lng), spread evenly over what the statement finds."""
    import psycopg

    with psycopg.connect(url, connect_timeout=3) as conn:
        rows = conn.execute(statement).fetchall()
    data = np.array(rows, dtype=float).reshape(-1, 3)
    return data[::max(1, len(data) // limit)][:limit]


# --- the replica --------------------------------------------------------------------------------------------


@contextmanager
def replica(url: str, profile: Profile):
    """A streaming replica of the PostgreSQL holding `url` (scripts/replica.sh, on a free port); yields
    (the province database's URL on the replica, how it started); destroyed on exit, also on failure."""
    import shutil
    from urllib.parse import urlsplit

    missing = [p for p in ("pg_basebackup", "pg_ctl") if shutil.which(p) is None]
    if missing:
        raise Skipped(f"no replica: {', '.join(missing)} not installed (Debian: postgresql-client, postgresql)")
    where = urlsplit(url)
    directory, port = f"/tmp/vh-bench-replica-{os.getpid()}", free_port()
    env = {**os.environ, "PRIMARY_HOST": where.hostname or "127.0.0.1", "PRIMARY_PORT": str(where.port or 5432),
           "REPLICA_START_SECONDS": "30" if profile.name == "smoke" else "60"}
    started = time.perf_counter()
    try:
        try:
            done = subprocess.run(["bash", str(SCRIPT), "start", directory, str(port)], capture_output=True,
                                  text=True, timeout=REPLICA_START_S[profile.name], env=env)
        except subprocess.TimeoutExpired:
            raise Skipped(f"no replica: scripts/replica.sh did not start one within "
                          f"{REPLICA_START_S[profile.name]} s") from None
        if done.returncode != 0:
            said = " ".join((done.stderr or done.stdout).split())[-400:]
            raise Skipped(f"no replica: scripts/replica.sh start failed ({said}){_long_transaction(url)}")
        replica_url = url.replace(f":{where.port or 5432}/", f":{port}/", 1)
        _sql(replica_url, "SELECT 1")
        copied = _sql(replica_url, "SELECT pg_size_pretty(sum(pg_database_size(datname))) FROM pg_database")[0]
        yield replica_url, f"the replica (pg_basebackup of the whole cluster, {copied}) started in " \
                           f"{time.perf_counter() - started:.0f} s"
    finally:
        subprocess.run(["bash", str(SCRIPT), "destroy", directory], capture_output=True, timeout=120, env=env)


def _long_transaction(url: str) -> str:
    """Another session's transaction open for over half a minute, if any: a hot standby opens only once no
    snapshot on the primary has overflowed its subtransactions, which such a transaction can hold off."""
    found = _sql(_beside(url)[0], "SELECT datname || ', pid ' || pid FROM pg_stat_activity WHERE xact_start < now() "
                                  "- interval '30 seconds' AND pid <> pg_backend_pid() ORDER BY xact_start LIMIT 1")
    return f"; a transaction has been open on the primary for over 30 s ({found[0]})" if found else ""


def _beside(url: str) -> tuple[str, str]:
    """(the `postgres` database on the server `url` names, the database `url` names): the bench's own bookkeeping
    connects to the former, so that the latter's counts are the application's alone."""
    server, name = url.rsplit("/", 1)
    return f"{server}/postgres", name


def _counts(url: str) -> tuple[int, int]:
    """(transactions, rows fetched) in this database so far, on the server `url` names."""
    admin, name = _beside(url)
    row = _sql(admin, "SELECT xact_commit + xact_rollback, tup_fetched FROM pg_stat_database WHERE datname = %s",
               (name,))
    return int(row[0]), int(row[1])


def _lag(replica_url: str) -> float:
    """The replica's lag as the servers' router sees it (core.replicas), in seconds."""
    from volunteerhub.core.replicas import LAG_SQL

    return float(_sql(_beside(replica_url)[0], LAG_SQL)[0])


def _caught_up(url: str, replica_url: str, timeout: float = 60.0) -> str:
    """Wait until the replica has replayed what the primary had written when asked (other runs write too)."""
    (lsn,) = _sql(url, "SELECT pg_current_wal_lsn()::text")
    started = time.monotonic()
    while not _sql(replica_url, "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (lsn,))[0]:
        if time.monotonic() - started > timeout:
            return f"the replica had not caught up with the primary after {timeout:.0f} s"
        time.sleep(0.2)
    return f"the replica caught up with the primary in {time.monotonic() - started:.1f} s"


# --- the servers and their load -----------------------------------------------------------------------------


def _rows_read_from_posts(url: str) -> int:
    """Rows read from the posts' table on the primary: an index build reads every post once."""
    return int(_sql(url, "SELECT seq_tup_read + COALESCE(idx_tup_fetch, 0) FROM pg_stat_user_tables "
                         "WHERE relname = 'organizations_servicepost'")[0])


def _wait_for_indexes(url: str, ports: list[int], paths: list[str], posts: int) -> str:
    """Ask every server for nearest posts until each has built its in-memory index (a build reads every post from
    the primary, in a thread of its own, on every setup; its reads are counted when its connection closes)."""
    started, last, builds = time.monotonic(), _rows_read_from_posts(url), 0
    while time.monotonic() - started < WAIT_S:
        for port in ports:
            http.load(port, path=paths, seconds=30, max_requests=4, processes=1, connections=2)
        time.sleep(1.0)
        now = _rows_read_from_posts(url)
        builds, last = builds + int((now - last) // (0.9 * posts)), now
        if builds >= len(ports):
            return f"{builds} reads of every post seen after {time.monotonic() - started:.0f} s"
    raise RuntimeError(f"{builds} of {len(ports)} servers built their nearest index within {WAIT_S:.0f} s")


def _pair_load(ports: list[int], paths: list[str], profile: Profile, seconds: float) -> http.LoadResult:
    """Both servers of a pair at once, each from its own load generator with half the clients."""
    parts: list[http.LoadResult | None] = [None] * len(ports)

    def drive(i: int, port: int) -> None:
        rotated = paths[i * len(paths) // len(ports):] + paths[:i * len(paths) // len(ports)]
        parts[i] = http.load(port, path=rotated, seconds=seconds, max_requests=profile.http_requests // len(ports),
                             processes=profile.http_clients, connections=max(1, profile.http_connections // len(ports)))

    threads = [threading.Thread(target=drive, args=(i, port)) for i, port in enumerate(ports)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = http.LoadResult()
    for part in parts:
        total.merge(part)
    total.elapsed = max(part.elapsed for part in parts)
    return total


def _ids(port: int, path: str) -> list:
    """What one answer holds, by ids (and the list's count), to compare the setups' answers."""
    done = http.load(port, path=path, seconds=30, max_requests=1, processes=1, connections=1, keep_bodies=True)
    if not done.bodies:
        return [f"no answer: statuses {done.statuses}, errors {done.errors}"]
    body = json.loads(done.bodies[0])
    items = body.get("items", [body]) if isinstance(body, dict) else []
    return [body.get("count"), *[item.get("id") for item in items]]


def _same_answers(primary: int, replicated: int, paths: list[str]) -> tuple[bool, str]:
    """The replica's setup answers as the primary's does, and the answers are not empty."""
    seen = [(_ids(primary, p), _ids(replicated, p)) for p in paths]
    same = all(a == b and len(a) > 1 and not str(a[0]).startswith("no answer") for a, b in seen)
    return same, f"{len(paths)} answers compared, " + ("the same ids on both setups" if same else f"DIFFERENT: {seen}")


def _median(runs: list[http.LoadResult]) -> http.LoadResult:
    return sorted(runs, key=lambda r: r.rps)[len(runs) // 2]


FLUSH_S = 2.0  # for idle backends to flush their counts: most do within a second, but one that flushed less than a
# second before waits 10 s (PostgreSQL 15), so a few of a run's transactions are counted in the next run's


CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_seconds(pids: list[int]) -> dict[int, float]:
    """CPU time (user + system) of each process so far, from /proc (the gone and the unreadable left out)."""
    found = {}
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        found[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime and stime, fields 14 and 15
    return found


def _server_pids(ports: list[int]) -> list[int]:
    """The server processes of these ports: `volunteerhub serve --port N` runs `python -m granian ... --port N`, whose
    worker has the same command line."""
    wanted = {f"--port\0{port}\0".encode() for port in ports}
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as handle:
                    command = handle.read()
            except OSError:
                continue
            if (b"granian" in command or b"serve" in command) and any(w in command for w in wanted):
                pids.append(int(entry))
    return pids


def _backends(url: str) -> list[int]:
    """The server processes serving this database's connections (the application's)."""
    import psycopg

    admin, name = _beside(url)
    with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
        rows = conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [name]).fetchall()
    return [pid for (pid,) in rows]


def _local(url: str) -> bool:
    from urllib.parse import urlsplit

    return urlsplit(url).hostname in ("127.0.0.1", "localhost", "::1") and os.path.isdir("/proc/self")


@dataclass
class Tally:
    """What one setup's timed runs cost: transactions on each database (Django autocommits each query outside a
    transaction, so about one a query) and rows fetched, from pg_stat_database's deltas around each run; and the
    CPU seconds of the pair's server processes and of the database backends serving them (from /proc, when the
    databases run on this machine)."""

    requests: int = 0
    primary: int = 0
    replica: int = 0
    replica_rows: int = 0
    cpu: dict[str, float] = field(default_factory=lambda: {"servers": 0.0, "primary": 0.0, "replica": 0.0})
    lag: float = 0.0  # the most seen before or after a run, seconds

    def per_request(self, amount: float) -> float:
        return amount / self.requests if self.requests else 0.0


class Snapshot:
    """Counts and CPU times before or after one timed run."""

    def __init__(self, url: str, replica_url: str, ports: list[int]):
        self.primary, self.replica, self.lag = _counts(url), _counts(replica_url), _lag(replica_url)
        self.cpu = {"servers": _cpu_seconds(_server_pids(ports)),
                    "primary": _cpu_seconds(_backends(url)) if _local(url) else {},
                    "replica": _cpu_seconds(_backends(replica_url))}

    def add_to(self, tally: Tally, before: Snapshot) -> None:
        tally.primary += self.primary[0] - before.primary[0]
        tally.replica += self.replica[0] - before.replica[0]
        tally.replica_rows += self.replica[1] - before.replica[1]
        tally.lag = max(tally.lag, self.lag, before.lag)
        for role, now in self.cpu.items():
            tally.cpu[role] += sum(seconds - before.cpu[role].get(pid, 0.0) for pid, seconds in now.items())


def _turns(pairs: dict[str, list[int]], workloads: dict[str, list[str]], profile: Profile, url: str,
           replica_url: str) -> tuple[dict, dict[str, Tally]]:
    """Each workload on each setup, in turns, ROUNDS times: ({(workload, setup): [runs]}, {setup: Tally})."""
    rounds, seconds = ROUNDS[profile.name], RUN_S[profile.name]
    runs: dict[tuple[str, str], list[http.LoadResult]] = {}
    tallies = {setup: Tally() for setup in pairs}
    time.sleep(FLUSH_S)  # the warm-up's counts flushed
    for _ in range(rounds):
        for workload, paths in workloads.items():
            for setup, ports in pairs.items():
                before = Snapshot(url, replica_url, ports)
                done = _pair_load(ports, paths, profile, seconds)
                time.sleep(FLUSH_S)
                tally = tallies[setup]
                Snapshot(url, replica_url, ports).add_to(tally, before)
                tally.requests += done.ok + done.errors + sum(n for s, n in done.statuses.items() if s >= 300)
                runs.setdefault((workload, setup), []).append(done)
    return runs, tallies


# --- the benchmark ------------------------------------------------------------------------------------------


def _workloads(url: str) -> tuple[dict[str, list[str]], int]:
    """The map's requests and the public list's pages; and how many posts the map holds."""
    posts = _rows(url, "SELECT id, lat, lng FROM organizations_servicepost WHERE is_active ORDER BY id", 20_000)
    (active_posts,) = _sql(url, "SELECT count(*) FROM organizations_servicepost WHERE is_active")
    places = _rows(url, "SELECT id, lat, lng FROM activities_activity WHERE status = 'published' ORDER BY id", 2_000)
    (public,) = _sql(url, "SELECT count(*) FROM activities_activity WHERE status IN ('published', 'finished', "
                          "'cancelled')")
    if not len(posts) or not len(places):
        raise RuntimeError(f"the province database holds {len(posts)} posts and {len(places)} published activities")
    rng = np.random.default_rng(21)
    near_posts = query_points(rng, 1_000, posts[:, 1], posts[:, 2])
    near_places = query_points(rng, 1_000, places[:, 1], places[:, 2])
    cards = rng.choice(posts[:, 0].astype(int), 1_000)
    map_paths = [path for (a, b), (c, d), card in zip(near_posts, near_places, cards, strict=True) for path in (
        f"/api/v1/map/nearest?lat={a:.6f}&lng={b:.6f}&k=10",
        f"/api/v1/map/nearest?kind=activity&lat={c:.6f}&lng={d:.6f}&k=10",
        f"/api/v1/map/posts/{card}")]
    list_paths = [f"/api/v1/activities?limit=20&offset={offset}" for offset in range(0, min(int(public), 2_000), 20)]
    return {"map": map_paths, "list": list_paths}, int(active_posts)


def _servers(stack: ExitStack, url: str, replica_url: str) -> dict[str, list[int]]:
    """Two servers against the primary alone, two with the replica; one process of THREADS threads each."""
    pairs: dict[str, list[int]] = {"primary only": [], "primary + replica": []}
    for setup, extra in (("primary only", {"DATABASE_REPLICA_URLS": ""}),
                         ("primary + replica", {"DATABASE_REPLICA_URLS": replica_url,
                                                "REPLICA_MAX_LAG_SECONDS": str(MAX_LAG_S)})):
        for _ in range(PAIR):
            _, port = stack.enter_context(http.server(url, workers=1, env=extra))
            pairs[setup].append(port)
    return pairs


def _skipped(reason: str) -> list[Result]:
    note = f"skipped: {reason}"
    return [Result(LABEL_MAP, "throughput, primary + replica", None, "req/s", note=note),
            Result(LABEL_LIST, "throughput, primary + replica", None, "req/s", note=note),
            Result(LABEL_REPLICA, "transactions on the replica", None, "", note=note)]


def run(profile: Profile) -> list[Result]:
    try:
        return _run(profile)
    except Skipped as why:
        print(f"  · {NAME}: skipped: {why}", flush=True)
        return _skipped(str(why))


def _run(profile: Profile) -> list[Result]:
    url = database_url()
    seeded = _seed(url, profile)
    workloads, posts = _workloads(url)
    with replica(url, profile) as (replica_url, started):
        with ExitStack() as stack:
            pairs = _servers(stack, url, replica_url)
            ports = [port for setup in pairs.values() for port in setup]
            waited = _wait_for_indexes(url, ports, workloads["map"][::3], posts)
            checks = [_same_answers(pairs["primary only"][0], pairs["primary + replica"][0], workloads[w][:k])
                      for w, k in (("map", 6), ("list", 3))]
            caught_up = _caught_up(url, replica_url)
            runs, tallies = _turns(pairs, workloads, profile, url, replica_url)
    return _results(profile, runs, pairs, tallies, checks,
                    notes=f"{seeded}; {started}; every server's nearest index built before timing ({waited}); "
                          f"{caught_up}",
                    url=url, posts=posts)


def _results(profile, runs, pairs, tallies: dict[str, Tally], checks, *, notes: str, url: str,
             posts: int) -> list[Result]:
    rounds = ROUNDS[profile.name]
    alone, shared = tallies["primary only"], tallies["primary + replica"]
    replica_tx = shared.replica
    same = all(ok for ok, _ in checks)
    clients = profile.http_clients * max(1, profile.http_connections // PAIR) * PAIR
    shape = (f"{posts:,} posts; 2 x `volunteerhub serve` ({http.server_model(1)} each) per setup, "
             f"{clients} keep-alive clients over both ports; {http.client_model()}; {rounds} runs each, in turns "
             f"(map, list; primary only, then primary + replica), medians shown")
    rows = []
    for workload, label in (("map", LABEL_MAP), ("list", LABEL_LIST)):
        p, r = _median(runs[(workload, "primary only")]), _median(runs[(workload, "primary + replica")])
        clean = all(r2.errors == 0 and r2.ok == sum(r2.statuses.values()) for setup in pairs
                    for r2 in runs[(workload, setup)])
        turns = "; ".join(f"{a.rps:,.0f} and {b.rps:,.0f}/s ({b.rps / a.rps if a.rps else 0:.2f}x)" for a, b in zip(
            runs[(workload, "primary only")], runs[(workload, "primary + replica")], strict=True))
        errors = sum(x.errors for setup in pairs for x in runs[(workload, setup)])
        note = (f"{shape}; turns (primary only and primary + replica, {RUN_S[profile.name]:g} s each): {turns}; "
                f"statuses of the median runs: {p.statuses} and {r.statuses}; errors {errors}; "
                f"{checks[0 if workload == 'map' else 1][1]}")
        if workload == "map":
            note += f"; {notes}"
        rows.append(Result(label, "throughput, primary + replica", r.rps, "req/s", "primary only", p.rps,
                           better="higher", target=f">= {THROUGHPUT_TARGET}x primary only (one machine: the replica "
                           "shares its cores)", met=same and clean and replica_tx > 0 and r.rps >= THROUGHPUT_TARGET
                           * p.rps > 0, note=note if same and clean else f"ERRORS OR DIFFERENT ANSWERS; {note}"))
    per = {setup: f"{t.per_request(t.primary):.1f} on the primary and {t.per_request(t.replica):.1f} on the replica"
           for setup, t in tallies.items()}
    cpu = {setup: ", ".join(f"{role} {1000 * t.per_request(seconds):.1f} ms" for role, seconds in t.cpu.items())
           for setup, t in tallies.items()}
    rows.append(Result(LABEL_REPLICA, "transactions on the replica", replica_tx, "transactions", better="higher",
                       target="> 0: the reads went to the replica", met=replica_tx > 0,
                       note=f"pg_stat_database of the province database around each timed run (about one transaction "
                            f"a query): primary only, {alone.requests:,} requests, {per['primary only']} a request; "
                            f"primary + replica, {shared.requests:,} requests, {per['primary + replica']} a request "
                            f"({shared.replica:,} transactions and {shared.replica_rows:,} rows fetched on the "
                            f"replica; a few of a run's counts land in the next run's: an idle backend may flush them "
                            f"10 s late); what stays on the primary: the data-version, session and throttle reads; "
                            f"CPU a request: {cpu['primary only']} (primary only), {cpu['primary + replica']} "
                            f"(primary + replica); the replica's lag at most {shared.lag:.1f} s around the runs "
                            f"(servers skip it past {MAX_LAG_S} s)",
                       extra={"database": url}))
    return rows


if __name__ == "__main__":
    if sys.argv[1:2] == ["seed"] and len(sys.argv) == 3:
        seed_main(sys.argv[2])
    else:
        sys.exit("usage: python -m bench.province seed full|quick|smoke")
