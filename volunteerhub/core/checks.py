"""Checks of a deployment: its keys (`volunteerhub check --deploy`, and as `serve`, `worker` and the WSGI/ASGI
apps start), and the database it runs on (`volunteerhub check --database default`, and every `volunteerhub
migrate`: Django runs the database checks there).

PostgreSQL with autovacuum off neither keeps planner statistics up to date nor clears dead row versions:
a connection that planned its statements while a table was nearly empty (a new deployment, the first
sign-ups) goes on scanning the whole table for every lookup as it grows, because nothing tells it to
plan again, and rows updated often (a token's last use) leave ever more dead versions to step over. On
a fresh benchmark database the sign-up rate fell from 956 to 378 per second within a minute that way.
"""

from __future__ import annotations

from django.conf import settings
from django.core import checks
from django.db import connections

KEYS = ("SECRET_KEY", "FIELD_ENCRYPTION_KEY", "BLIND_INDEX_KEY", "CHECKIN_TOKEN_KEY")


def keys_error() -> checks.Error | None:
    """The error naming the keys unset or still the development default; None when every key is set."""
    missing = ", ".join(name for name in KEYS if getattr(settings, name) in ("", settings.DEVELOPMENT_SECRET_KEY))
    if not missing:
        return None
    return checks.Error(
        f"密钥未设置或仍为开发用默认值：{missing}。 Keys unset or still the development default: {missing}.",
        hint="用 volunteerhub keys generate 生成，设为环境变量（各自不同，妥善保管）。"
             " Generate them with volunteerhub keys generate and set them as environment variables "
             "(each its own secret, kept safe).",
        id="volunteerhub.E001",
    )


@checks.register(checks.Tags.security, deploy=True)
def keys_set(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    error = keys_error()
    return [error] if error else []


def startup_refusal() -> str | None:
    """Why a server or worker must not start (development keys outside DEBUG and the demo); None when it may."""
    error = keys_error()
    if error is None or settings.DEVELOPMENT_KEYS:
        return None
    return (f"拒绝启动。 Refusing to start. {error.msg}\n{error.hint}\n"
            "仅限本机试用：DEBUG=1 或 VOLUNTEERHUB_DEMO=1。 For a local trial only: DEBUG=1 or VOLUNTEERHUB_DEMO=1.")


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
