"""The bench databases: PostgreSQL database `bench` (created when missing) and var/bench/bench.sqlite3.

Never the developer's var/volunteerhub.sqlite3 nor a test database.
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

from bench.common import BENCH_VAR, PG_ADMIN_URL, PG_BENCH_DB, SQLITE_BENCH


def postgres_url() -> str | None:
    """The bench database's URL, creating the database if needed; None when PostgreSQL is unreachable."""
    import psycopg

    try:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
            if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [PG_BENCH_DB]).fetchone() is None:
                conn.execute(f'CREATE DATABASE "{PG_BENCH_DB}"')
    except psycopg.OperationalError:
        return None
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + PG_BENCH_DB


def sqlite_url() -> str:
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{SQLITE_BENCH}"


def drop_postgres() -> None:
    """Drop the bench database (for --fresh)."""
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_BENCH_DB}" WITH (FORCE)')


def url_for_subprocess() -> str:
    """A URL another process (the bench server) can open to see this process's committed data.

    An in-memory SQLite test database is copied to a file first (the online backup API).
    """
    from django.db import connection

    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        user, password = settings.get("USER") or "", settings.get("PASSWORD") or ""
        auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
        host, port = settings.get("HOST") or "127.0.0.1", settings.get("PORT") or 5432
        return f"postgresql://{auth}{host}:{port}/{settings['NAME']}"
    name = str(settings["NAME"])
    if connection.is_in_memory_db() or name.startswith("file:"):
        connection.ensure_connection()
        target = Path(tempfile.mkdtemp(prefix="bench-")) / "copy.sqlite3"
        with sqlite3.connect(target) as dest:
            connection.connection.backup(dest)
        return f"sqlite:///{target}"
    return f"sqlite:///{name}"
