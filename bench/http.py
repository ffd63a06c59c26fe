"""A bench server (`volunteerhub serve`: granian) on loopback and a bounded load generator.

The load generator is `bench/loadgen.c`, built with the machine's C compiler on first use: one epoll
thread driving every client, each holding a keep-alive connection (reopened when the server closes it).
It costs the two shared cores a few microseconds a request, where a Python client costs 0.1-0.25 ms,
time the server under test would otherwise have had. Without a C compiler (or with BENCH_LOADGEN=python)
the same load comes from Python: processes, each an asyncio loop driving several clients. Every run
stops by itself: after its request budget or its time, whichever comes first. Traffic goes to
127.0.0.1 only.
"""

from __future__ import annotations

import hashlib
import http.client
import multiprocessing
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import BENCH_VAR, ROOT, free_port

HOST = "127.0.0.1"


@dataclass
class LoadResult:
    latencies: list[float] = field(default_factory=list)  # seconds, successful requests
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0
    elapsed: float = 0.0
    bodies: list[bytes] = field(default_factory=list)  # only when asked for

    @property
    def ok(self) -> int:
        return sum(n for s, n in self.statuses.items() if 200 <= s < 300)

    @property
    def rps(self) -> float:
        return self.ok / self.elapsed if self.elapsed else 0.0

    def merge(self, other: LoadResult) -> None:
        self.latencies.extend(other.latencies)
        self.errors += other.errors
        self.bodies.extend(other.bodies)
        for status, n in other.statuses.items():
            self.statuses[status] = self.statuses.get(status, 0) + n


THREADS = int(os.environ.get("BENCH_SERVER_THREADS", "4"))  # per server process


def server_processes(asked: int) -> int:
    """The bench server's processes: as asked, or BENCH_SERVER_WORKERS."""
    return int(os.environ.get("BENCH_SERVER_WORKERS", asked))


def server_model(workers: int) -> str:
    """How the bench server runs, for the notes (BENCH_SERVER_WORKERS, BENCH_SERVER_THREADS override)."""
    return f"granian (WSGI), {server_processes(workers)} processes x {THREADS} threads"


@contextmanager
def server(database_url: str, *, workers: int, port: int | None = None, env: dict | None = None):
    """`volunteerhub serve` against the given database; yields (host, port); stopped on exit."""
    port = port or free_port()
    processes = server_processes(workers)
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    run_env = {**os.environ, "DATABASE_URL": database_url, "VOLUNTEERHUB_VAR_DIR": str(BENCH_VAR),
               "DJANGO_SETTINGS_MODULE": "config.settings", "LOG_LEVEL": "WARNING", "VOLUNTEERHUB_DEMO": "1",
               "DB_CONN_MAX_AGE": "600", "VOLUNTEERHUB_NO_PROGRESS": "1", **(env or {})}
    run_env.pop("PYTEST_CURRENT_TEST", None)
    cli = str(Path(sys.executable).parent / "volunteerhub")
    log = BENCH_VAR / f"server-{port}.log"  # a file, not a pipe: a server logging errors never blocks on it
    with log.open("wb") as errors:
        process = subprocess.Popen([sys.executable, cli, "serve", "--port", str(port), "--workers", str(processes),
                                    "--threads", str(THREADS)],
                                   cwd=ROOT, env=run_env, stdout=subprocess.DEVNULL, stderr=errors,
                                   start_new_session=True)
    try:
        _wait_ready(process, port, log)
        yield HOST, port
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_ready(process: subprocess.Popen, port: int, log: Path, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the bench server exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/api/v1/health")
            if conn.getresponse().status == 200:
                conn.close()
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the bench server did not answer /api/v1/health in time")


Request = tuple[str, str, dict]  # method, path, headers


def _encode(method: str, target: str, headers: dict, port: int) -> bytes:
    lines = [f"{method} {target} HTTP/1.1", f"Host: {HOST}:{port}", "Connection: keep-alive",
             *(f"{k}: {v}" for k, v in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


async def _exchange(reader, writer, request: bytes) -> tuple[int, bytes, bool]:
    """One request on an open connection: (status, body, whether the server closes the connection)."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length, close, chunked = 0, False, False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        name, value = name.strip().lower(), value.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"connection":
            close = value == b"close"
        elif name == b"transfer-encoding":
            chunked = value == b"chunked"
    if not chunked:
        return status, (await reader.readexactly(length) if length else b""), close
    parts = []
    while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
        parts.append(await reader.readexactly(size))
        await reader.readexactly(2)
    await reader.readuntil(b"\r\n")  # the empty trailer
    return status, b"".join(parts), close


async def _client(port: int, requests, stop_at: float, budget: int, keep_bodies: bool, out: LoadResult) -> None:
    """One keep-alive connection (reopened when the server closes it) sending its requests in turn."""
    import asyncio

    reader = writer = None
    done = 0
    for request in requests:
        if done >= budget or time.monotonic() >= stop_at:
            break
        start = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(HOST, port)
            status, body, close = await _exchange(reader, writer, request)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
            out.errors += 1
            done += 1
            if writer is not None:
                writer.close()
            writer = None
            continue
        elapsed = time.perf_counter() - start
        out.statuses[status] = out.statuses.get(status, 0) + 1
        if 200 <= status < 300:
            out.latencies.append(elapsed)
        if keep_bodies:
            out.bodies.append(body)
        if close:
            writer.close()
            writer = None
        done += 1
    if writer is not None:
        writer.close()


def _requests(port: int, plan: list[Request] | None, paths: list[str] | None, offset: int):
    """Encoded requests: the plan once, or the paths round and round (from `offset`)."""
    if plan is not None:
        yield from (_encode(m, t, h, port) for m, t, h in plan)
        return
    encoded = [_encode("GET", p, {}, port) for p in paths]
    i = offset
    while True:
        yield encoded[i % len(encoded)]
        i += 1


def _process_main(args) -> LoadResult:
    """A load-generator process: one asyncio loop driving `connections` clients (cheap on CPU, so the
    server, not the generator, sets the pace)."""
    import asyncio

    port, plans, paths, seconds, budget, connections, keep_bodies, start_at, process_no = args
    while time.time() < start_at:  # every process starts together
        time.sleep(0.001)
    stop_at = time.monotonic() + seconds
    out = LoadResult()

    async def main():
        await asyncio.gather(*(_client(port, _requests(port, plans[i] if plans else None, paths,
                                                       (process_no * connections + i) * 7919),
                                       stop_at, budget // connections + 1, keep_bodies, out)
                               for i in range(connections)))

    begin = time.perf_counter()
    asyncio.run(main())
    out.elapsed = time.perf_counter() - begin
    return out


def load(port: int, *, path: str | list[str] | None = None, plan: list[Request] | None = None, seconds: float,
         max_requests: int, processes: int, connections: int, keep_bodies: bool = False) -> LoadResult:
    """GET `path` (or each of a list of paths in turn) over and over, or run through `plan` once, from
    processes x connections clients."""
    paths = [path] if isinstance(path, str) else path
    binary = loadgen()
    if binary is not None:
        return _load_native(binary, port, paths, plan, seconds, max_requests, processes * connections, keep_bodies)
    streams = processes * connections
    plans = None
    if plan is not None:
        split = [plan[i::streams] for i in range(streams)]
        plans = [split[p * connections:(p + 1) * connections] for p in range(processes)]
    start_at = time.time() + 1.0
    jobs = [(port, plans[p] if plans else None, paths, seconds, max_requests // processes + 1, connections,
             keep_bodies, start_at, p) for p in range(processes)]
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        parts = pool.map(_process_main, jobs)
    total = LoadResult()
    for part in parts:
        total.merge(part)
    total.elapsed = max(part.elapsed for part in parts)
    return total


LOADGEN_SOURCE = Path(__file__).with_name("loadgen.c")


def loadgen() -> Path | None:
    """The native load generator, built on first use (by source hash) into var/bench; None without a C
    compiler, when it does not build, or with BENCH_LOADGEN=python."""
    if os.environ.get("BENCH_LOADGEN", "native") == "python":
        return None
    source = LOADGEN_SOURCE.read_bytes()
    binary = BENCH_VAR / f"loadgen-{hashlib.sha256(source).hexdigest()[:12]}"
    if binary.exists():
        return binary
    compiler = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        return None
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    building = binary.with_suffix(f".{os.getpid()}")
    built = subprocess.run([compiler, "-O2", "-o", str(building), str(LOADGEN_SOURCE)], capture_output=True)
    if built.returncode != 0:
        print(f"bench: the C load generator did not build, using Python's: {built.stderr.decode()[-500:]}",
              file=sys.stderr)
        return None
    building.replace(binary)
    return binary


def client_model() -> str:
    """Which load generator runs, for the notes."""
    return "load generator: bench/loadgen.c (epoll)" if loadgen() else "load generator: Python asyncio"


def _load_native(binary: Path, port: int, paths: list[str] | None, plan: list[Request] | None, seconds: float,
                 max_requests: int, connections: int, keep_bodies: bool) -> LoadResult:
    encoded = [_encode(m, t, h, port) for m, t, h in plan] if plan is not None \
        else [_encode("GET", p, {}, port) for p in paths]
    with tempfile.TemporaryDirectory(prefix="loadgen-") as tmp:
        requests, out, bodies = (os.path.join(tmp, name) for name in ("requests", "out", "bodies"))
        with open(requests, "wb") as handle:
            for request in encoded:
                handle.write(struct.pack("<I", len(request)) + request)
        argv = [str(binary), str(port), str(connections), str(seconds), str(max_requests),
                "once" if plan is not None else "cycle", requests, out, *([bodies] if keep_bodies else [])]
        subprocess.run(argv, check=True)
        result = LoadResult()
        with open(out, encoding="ascii") as handle:
            elapsed, errors = handle.readline().split()
            result.elapsed, result.errors = float(elapsed), int(errors)
            for line in handle:
                status, latency = line.split()
                status = int(status)
                result.statuses[status] = result.statuses.get(status, 0) + 1
                if 200 <= status < 300:
                    result.latencies.append(float(latency))
        if keep_bodies:
            with open(bodies, "rb") as handle:
                data = handle.read()
            at = 0
            while at < len(data):
                (size,) = struct.unpack_from("<I", data, at)
                result.bodies.append(data[at + 4:at + 4 + size])
                at += 4 + size
    return result


def warm(port: int, path: str | list[str], *, requests: int, connections: int = 8) -> None:
    """Enough concurrent requests that every worker has most likely answered a few."""
    load(port, path=path, seconds=120, max_requests=requests, processes=1, connections=connections)
