"""Online backups and restores: SQLite through its backup API, PostgreSQL through pg_dump/pg_restore."""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection


class BackupError(Exception):
    pass


def _pg_env_and_args() -> tuple[dict, list[str]]:
    s = connection.settings_dict
    env = {**os.environ}
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = s["PASSWORD"]
    args = ["-h", s.get("HOST") or "127.0.0.1", "-p", str(s.get("PORT") or 5432), "-U", s.get("USER") or "postgres"]
    return env, args


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian package postgresql-client)")
    return path


def backup_to(path: str | Path) -> None:
    """Write a consistent copy of the whole database to `path` while the platform keeps running."""
    path = Path(path)
    connection.ensure_connection()
    path.touch(mode=0o600)  # a copy of everyone's records: readable by its owner only
    path.chmod(0o600)
    if connection.vendor == "sqlite":
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    elif connection.vendor == "postgresql":
        env, args = _pg_env_and_args()
        _run([_tool("pg_dump"), *args, "--format=custom", "--no-owner", f"--file={path}",
              connection.settings_dict["NAME"]], env)
    else:
        raise BackupError(f"no backup for {connection.vendor}")


def restore_from(path: str | Path) -> None:
    """Replace the database's content with the backup at `path` (all or nothing)."""
    path = Path(path)
    if not path.exists():
        raise BackupError(f"no backup file at {path}")
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{path} is not an intact SQLite database")
            source.backup(connection.connection)
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{path} is not a SQLite backup: {exc}") from None
        finally:
            source.close()
    elif connection.vendor == "postgresql":
        connection.close()
        env, args = _pg_env_and_args()
        _run([_tool("pg_restore"), *args, "--clean", "--if-exists", "--no-owner", "--single-transaction",
              "--exit-on-error", f"--dbname={connection.settings_dict['NAME']}", str(path)], env)
    else:
        raise BackupError(f"no restore for {connection.vendor}")


def _run(argv: list[str], env: dict) -> None:
    result = subprocess.run(argv, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or f"{argv[0]} failed with {result.returncode}")


def table_snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order: for checking that a round trip kept everything."""
    snapshot = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")
            snapshot[table] = sorted((tuple(map(repr, row)) for row in cursor.fetchall()))
    return snapshot
