"""Checks of the database a deployment runs on: `volunteerhub check --database default`, and every
`volunteerhub migrate` (Django runs the database checks there).

PostgreSQL with autovacuum off neither keeps planner statistics up to date nor clears dead row versions:
a connection that planned its statements while a table was nearly empty (a new deployment, the first
sign-ups) goes on scanning the whole table for every lookup as it grows, because nothing tells it to
plan again, and rows updated often (a token's last use) leave ever more dead versions to step over. On
a fresh benchmark database the sign-up rate fell from 956 to 378 per second within a minute that way.
"""

from __future__ import annotations

from django.core import checks
from django.db import connections


def autovacuum_warning(setting: str, *, alias: str = "default") -> checks.Warning | None:
    """The warning for PostgreSQL's `autovacuum` setting as `SHOW autovacuum` gives it; None when on."""
    if setting == "on":
        return None
    return checks.Warning(
        f"数据库 {alias} 的 PostgreSQL autovacuum 已关闭：统计信息不再更新，长连接会沿用表还很小时的执行计划（全表扫描）。"
        f" PostgreSQL autovacuum is off on database {alias}: planner statistics go stale, and long-lived "
        "connections keep plans made while tables were small (whole-table scans).",
        hint="在 postgresql.conf 中设置 autovacuum = on，或定时运行 VACUUM (ANALYZE)。"
             " Set autovacuum = on in postgresql.conf, or run VACUUM (ANALYZE) on a schedule.",
        id="volunteerhub.W001",
    )


@checks.register(checks.Tags.database)
def postgres_autovacuum(app_configs=None, databases=None, **kwargs) -> list[checks.CheckMessage]:
    found = []
    for alias in databases or ():
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        with connection.cursor() as cursor:
            cursor.execute("SHOW autovacuum")
            warning = autovacuum_warning(cursor.fetchone()[0], alias=alias)
        if warning is not None:
            found.append(warning)
    return found
