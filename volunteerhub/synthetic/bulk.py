"""Writing rows in bulk: COPY on PostgreSQL, executemany on SQLite; indexes built once; sequences reset."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import numpy as np
from django.core.management.color import no_style
from django.db import connection, transaction

from volunteerhub.core.progress import progress

BATCH = 50_000
DEFERRED_FROM = 300_000  # rows: below this, indexes are kept up as the rows come


def fast_constraints() -> None:
    """SQLite: a page cache big enough for the indexes being filled (the default 2 MB thrashes);
    PostgreSQL: skip the deferred FK triggers for this transaction when the role is allowed to."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -1048576")  # 1 GiB, this connection only
    elif connection.vendor == "postgresql":
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
        except Exception:  # not a superuser: the triggers run, slower but the same result
            pass


def analyze() -> None:
    """PostgreSQL: fresh planner statistics after a load."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _table(model_or_table) -> str:
    return model_or_table if isinstance(model_or_table, str) else model_or_table._meta.db_table


def _pg_text(value) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    return str(value)


def _chunks(rows: Iterable[tuple], n: int) -> Iterator[list[tuple]]:
    chunk: list[tuple] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= n:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _copy_sql(table: str, columns: list[str]) -> str:
    qn = connection.ops.quote_name
    return f"COPY {qn(table)} ({', '.join(qn(c) for c in columns)}) FROM STDIN"


def _insert_sql(table: str, columns: list[str]) -> str:
    qn = connection.ops.quote_name
    return f"INSERT INTO {qn(table)} ({', '.join(qn(c) for c in columns)}) VALUES ({', '.join('?' * len(columns))})"


def bulk_insert(model_or_table, columns: list[str], rows: Iterable[tuple], *, total: int | None = None,
                desc: str = "") -> int:
    """Insert rows (tuples in `columns` order) fast: COPY on PostgreSQL, executemany on SQLite.

    Values must be plain: int, float, str (dates and times as ISO text), bool or None, and strings
    without tabs, newlines or backslashes.
    """
    table = _table(model_or_table)
    bar = progress(total=total, desc=desc or table, unit="rows")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            written = _copy_rows(cursor.cursor, _copy_sql(table, columns), rows, bar)
        else:
            written = _execute_rows(cursor.cursor, _insert_sql(table, columns), rows, bar)
    bar.close()
    return written


def _copy_rows(raw, sql: str, rows: Iterable[tuple], bar) -> int:
    written = 0
    with raw.copy(sql) as copy:
        for chunk in _chunks(rows, BATCH):
            copy.write("".join("\t".join(map(_pg_text, row)) + "\n" for row in chunk))
            written += len(chunk)
            bar.update(len(chunk))
    return written


def _execute_rows(raw, sql: str, rows: Iterable[tuple], bar) -> int:
    written = 0
    for chunk in _chunks(rows, BATCH):
        raw.executemany(sql, chunk)
        written += len(chunk)
        bar.update(len(chunk))
    return written


def _column_text(values, n: int) -> list[str]:
    """One column as COPY text: a scalar repeated, or an array/list of n values."""
    if values is None or isinstance(values, (str, int, float, bool)):
        return [_pg_text(values)] * n
    if isinstance(values, np.ndarray) and values.dtype.kind in "iu":
        return values.astype(str).tolist()
    return [_pg_text(v) for v in values]


def _column_values(values, n: int) -> list:
    if values is None or isinstance(values, (str, int, float, bool)):
        return [values] * n
    return values.tolist() if isinstance(values, np.ndarray) else list(values)


def insert_columns(model_or_table, columns: dict[str, object], n: int) -> int:
    """Insert n rows given column by column (numpy arrays, lists or one scalar for every row)."""
    table, names = _table(model_or_table), list(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            texts = [_column_text(columns[c], n) for c in names]
            with cursor.cursor.copy(_copy_sql(table, names)) as copy:
                copy.write("".join(["\t".join(row) + "\n" for row in zip(*texts, strict=True)]))
        else:
            values = [_column_values(columns[c], n) for c in names]
            cursor.cursor.executemany(_insert_sql(table, names), list(zip(*values, strict=True)))
    return n


def _secondary_indexes(cursor, table: str) -> list[tuple[str, str]]:
    """(name, definition) of the table's plain indexes: not the primary key nor a unique constraint's."""
    if connection.vendor == "postgresql":
        cursor.execute("SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s AND NOT EXISTS "
                       "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)", [table])
    else:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                       "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%%'", [table])
    return cursor.fetchall()


def _drop_indexes(table: str) -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        indexes = _secondary_indexes(cursor, table)
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    return indexes


def _build_indexes(table: str, indexes: list[tuple[str, str]]) -> None:
    bar = progress(total=len(indexes), desc=f"indexes of {table}", unit="index")
    with connection.cursor() as cursor:
        for _, definition in indexes:
            cursor.execute(definition)
            bar.update(1)
    bar.close()


@contextmanager
def deferred_indexes(model, *, rows: int):
    """For a big load: drop the table's plain secondary indexes, then build them once at the end
    (constraint indexes, the primary key and unique constraints, stay)."""
    if rows < DEFERRED_FROM:
        yield
        return
    table = model._meta.db_table
    indexes = _drop_indexes(table)
    yield
    _build_indexes(table, indexes)


def next_id(model) -> int:
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX({qn(model._meta.pk.column)}) FROM {qn(model._meta.db_table)}")
        return (cursor.fetchone()[0] or 0) + 1


def reset_sequences(models: list) -> None:
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def _utc_suffix() -> str:
    return "+00" if connection.vendor == "postgresql" else ""


def ts(value: dt.datetime) -> str:
    """An aware datetime as the database stores it (UTC text)."""
    return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S") + _utc_suffix()


def ts_array(seconds: np.ndarray) -> list[str]:
    """UTC epoch seconds as stored datetimes."""
    suffix = _utc_suffix()
    text = np.datetime_as_string(seconds.astype("datetime64[s]"), unit="s")
    return [s.replace("T", " ") + suffix for s in text.tolist()]
