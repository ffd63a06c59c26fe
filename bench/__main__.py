"""`python -m bench` (`make bench`): every benchmark, a Markdown table, results in bench/results/.

Options: --quick (smaller runs, a look in a few minutes), --smoke (tiny, checks that it all runs),
--only NAME[,NAME] (assignment, rounds, nearest, api_nearest, signups, clinic, dashboard, province, pages),
--fresh (drop and rebuild the bench databases first), --sqlite (run everything on var/bench/ SQLite, even with
PostgreSQL up). `pages` (the weight of every README page on a phone over Slow 4G) runs on the demo city in
var/bench/pages-demo-<day>.sqlite3.
Each benchmark runs in its own process against the bench database: PostgreSQL database `bench`
(`bench_quick`, `bench_smoke` for the other profiles) when reachable, else var/bench/*.sqlite3.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

from bench import common, db, report

ORDER = ["assignment", "rounds", "nearest", "api_nearest", "signups", "clinic", "dashboard", "province", "pages"]


def _migrate(url: str) -> None:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings",
           "VOLUNTEERHUB_VAR_DIR": str(common.BENCH_VAR), "VOLUNTEERHUB_DEMO": "1"}
    cli = os.path.join(os.path.dirname(sys.executable), "volunteerhub")
    subprocess.run([sys.executable, cli, "migrate", "--noinput", "-v", "0"], check=True, env=env, cwd=common.ROOT)


def _run_one(name: str, profile: str, url: str) -> list[common.Result]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = handle.name
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings",
           "VOLUNTEERHUB_VAR_DIR": str(common.BENCH_VAR), "LOG_LEVEL": "WARNING",
           "VOLUNTEERHUB_DEMO": "1"}  # a local trial: development keys
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "bench.one", name, "--profile", profile, "--out", out],
                          env=env, cwd=common.ROOT)
    took = time.perf_counter() - started
    if proc.returncode != 0:
        return [common.Result(name, "failed", None, "", note=f"exit code {proc.returncode} after {took:.0f} s")]
    with open(out, encoding="utf-8") as handle:
        results = [common.result_from(r) for r in json.load(handle)]
    os.unlink(out)
    print(f"== {name}: {took:.0f} s", flush=True)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true")
    size.add_argument("--smoke", action="store_true")
    parser.add_argument("--only", default="")
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--sqlite", action="store_true")
    args = parser.parse_args(argv)
    profile = "smoke" if args.smoke else "quick" if args.quick else "full"
    names = [n.strip() for n in args.only.split(",") if n.strip()] or ORDER
    unknown = set(names) - set(ORDER)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    started = time.perf_counter()
    suffix = "" if profile == "full" else f"_{profile}"
    os.environ["BENCH_POSTGRES_DB"] = common.PG_BENCH_DB + suffix
    db.PG_BENCH_DB = os.environ["BENCH_POSTGRES_DB"]
    db.SQLITE_BENCH = common.BENCH_VAR / f"bench{suffix.replace('_', '-')}.sqlite3"
    if args.fresh:
        db.SQLITE_BENCH.unlink(missing_ok=True)
        if db.postgres_url() is not None:
            db.drop_postgres()
    pg = None if args.sqlite else db.postgres_url()
    url = pg or db.sqlite_url()
    info = report.machine(pg)
    print(f"== bench ({profile}) on {'PostgreSQL ' + db.PG_BENCH_DB if pg else db.SQLITE_BENCH}", flush=True)
    _migrate(url)
    results: list[common.Result] = []
    for name in names:
        print(f"== {name} ...", flush=True)
        results.extend(_run_one(name, profile, url))
    seconds = time.perf_counter() - started
    command = "python -m bench" + ("" if profile == "full" else f" --{profile}") + \
        (f" --only {args.only}" if args.only else "")
    text = report.document(results, info, profile=profile, seconds=seconds, command=command)
    print()
    print(text)
    if profile != "smoke":
        path = report.write(text, profile=profile, latest=profile == "full" and names == ORDER)
        print(f"written to {path}")
    return 1 if any(r.metric == "failed" for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
