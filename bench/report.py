"""The results table (Markdown) and the machine it was measured on."""

from __future__ import annotations

import datetime as dt
import os
import platform
import sqlite3
import subprocess
import sys
from pathlib import Path

from bench import design
from bench.common import Result

RESULTS = Path(__file__).resolve().parent / "results"


def _fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    if abs(value) >= 1000:
        text = f"{value:,.0f}"
    elif abs(value) >= 100:
        text = f"{value:.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    elif abs(value) >= 0.1:
        text = f"{value:.2f}"
    else:
        text = f"{value:.4f}"
    return f"{text} {unit}".strip()


def table(results: list[Result]) -> str:
    lines = ["| benchmark | metric | value | baseline (same run) | ratio | target | met |",
             "|---|---|---:|---|---:|---|:---:|"]
    for r in results:
        baseline = f"{r.baseline}: {_fmt(r.baseline_value, r.unit)}" if r.baseline else "—"
        ratio = "—" if r.ratio is None else f"{r.ratio:,.2f}x" if r.ratio < 10 else f"{r.ratio:,.0f}x"
        met = "—" if r.met is None else ("yes" if r.met else "**no**")
        lines.append(f"| {r.benchmark} | {r.metric} | {_fmt(r.value, r.unit)} | {baseline} | {ratio} | "
                     f"{r.target or '—'} | {met} |")
    notes = [f"- {r.benchmark}, {r.metric}: {r.note}" for r in results if r.note]
    return "\n".join(lines + ([""] + ["Notes:"] + notes if notes else []))


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _os() -> str:
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                return f"{line.split('=', 1)[1].strip(chr(34))}, kernel {platform.release()}"
    except OSError:
        pass
    return platform.platform()


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=RESULTS.parent.parent, capture_output=True, text=True, timeout=10,
                          check=True).stdout.strip()


def _code() -> str:
    """The commit measured, and whether the work tree differed from it (results files aside)."""
    try:
        commit = _git("rev-parse", "--short=12", "HEAD")
        changed = _git("status", "--porcelain", "--untracked-files=no", "--", ".", ":(exclude)bench/results")
    except (OSError, subprocess.SubprocessError):
        return "unknown (no git)"
    return f"commit {commit}" + (", with uncommitted changes" if changed else "")


def _postgres(url: str | None) -> str:
    if not url:
        return "not reachable"
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=3) as conn:
            version = conn.execute("SHOW server_version").fetchone()[0]
            postgis = conn.execute("SELECT default_version FROM pg_available_extensions WHERE name = 'postgis'") \
                .fetchone()
            autovacuum = conn.execute("SHOW autovacuum").fetchone()[0]
        return f"{version}" + (f", PostGIS {postgis[0]}" if postgis else ", no PostGIS") + f", autovacuum {autovacuum}"
    except psycopg.Error as exc:
        return f"error: {exc}"


def machine(postgres_url: str | None) -> dict[str, str]:
    load = os.getloadavg() if hasattr(os, "getloadavg") else ("?",) * 3
    return {"CPU": _cpu_model(), "cores": str(os.cpu_count()), "memory": _memory(), "OS": _os(),
            "Python": sys.version.split()[0], "SQLite": sqlite3.sqlite_version, "PostgreSQL": _postgres(postgres_url),
            "load average at start": " ".join(f"{x:.2f}" if isinstance(x, float) else x for x in load),
            "code": _code()}


def document(results: list[Result], info: dict[str, str], *, profile: str, seconds: float, command: str) -> str:
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"# Benchmarks ({profile}), {when}", "", f"`{command}` took {seconds / 60:.1f} minutes.", "",
             table(results), "", design.section(results), "", "## Machine", ""]
    lines += [f"- {key}: {value}" for key, value in info.items()]
    return "\n".join(lines) + "\n"


def write(text: str, *, profile: str, latest: bool) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d-%H%M")
    path = RESULTS / f"{stamp}-{profile}.md"
    path.write_text(text, encoding="utf-8")
    if latest:
        (RESULTS / "latest.md").write_text(text, encoding="utf-8")
    return path
