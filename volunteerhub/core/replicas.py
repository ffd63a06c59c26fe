"""Read replicas: reads that tolerate lag go to a healthy streaming replica, everything else to the primary.

A request is lag-tolerant when it is a GET or HEAD of a path in REPLICA_READ_PATHS (the map, public lists, public
figures, articles) and its client has not written in the last READ_YOUR_WRITES_SECONDS (a cookie, or a marker in
the cache bound to the bearer token). Inside such a request, reads of the models of REPLICA_READ_APPS go to a
replica; accounts, sessions, tokens, throttles and data versions are always read from the primary, as is anything
read inside a transaction. Writes always go to the primary. A replica that is down or lags more than
REPLICA_MAX_LAG_SECONDS is skipped; each process checks each replica at most once a second.
"""

import hashlib
import re
import threading
import time
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

lag_tolerant: ContextVar[bool] = ContextVar("lag_tolerant", default=False)

CHECK_INTERVAL_SECONDS = 1.0
WROTE_COOKIE = "vh_wrote"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# Zero when everything received is replayed (an idle primary writes nothing new), else the age of the last
# transaction replayed: a replica held back or cut off from its primary falls behind by the clock.
LAG_SQL = """SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
             ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 1e9) END"""

_health: dict[str, tuple[float, bool]] = {}  # alias -> (checked at, usable), per process
_health_lock = threading.Lock()


def replica_lag_seconds(alias: str) -> float:
    """How far the replica is behind its primary, in seconds (raises DatabaseError when it cannot answer)."""
    with connections[alias].cursor() as cursor:
        cursor.execute(LAG_SQL)
        return float(cursor.fetchone()[0])


def _usable(alias: str) -> bool:
    try:
        return replica_lag_seconds(alias) <= settings.REPLICA_MAX_LAG_SECONDS
    except DatabaseError:
        connections[alias].close()  # a broken connection is opened afresh at the next check
        return False


def replica_usable(alias: str) -> bool:
    """The replica's health, checked at most once a second per process (other threads keep the last answer)."""
    checked_at, usable = _health.get(alias, (float("-inf"), False))
    if time.monotonic() - checked_at < CHECK_INTERVAL_SECONDS or not _health_lock.acquire(blocking=False):
        return usable
    try:
        usable = _usable(alias)
        _health[alias] = (time.monotonic(), usable)
    finally:
        _health_lock.release()
    return usable


def healthy_replica() -> str | None:
    """The first usable replica, or None: the primary answers."""
    return next((alias for alias in settings.DATABASE_REPLICAS if replica_usable(alias)), None)


class ReplicaRouter:
    """Lag-tolerant reads of the named apps to a replica; every write, migration and other read to the primary."""

    def db_for_read(self, model, **hints):
        if (not lag_tolerant.get() or model._meta.app_label not in settings.REPLICA_READ_APPS
                or connections[DEFAULT_DB_ALIAS].in_atomic_block):
            return DEFAULT_DB_ALIAS
        return healthy_replica() or DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replicas hold the primary's very rows

    def allow_migrate(self, db, app_label, **hints):
        return db == DEFAULT_DB_ALIAS


def _token_key(request) -> str | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    return "replicas:wrote:" + hashlib.sha256(header.encode()).hexdigest() if header else None


def wrote_recently(request) -> bool:
    key = _token_key(request)
    return WROTE_COOKIE in request.COOKIES or (key is not None and cache.get(key) is not None)


def _mark_wrote(request, response) -> None:
    """The client reads from the primary for a while: a cookie for browsers, a cache marker for a token."""
    seconds = settings.READ_YOUR_WRITES_SECONDS
    response.set_cookie(WROTE_COOKIE, "1", max_age=seconds, httponly=True, samesite="Lax",
                        secure=settings.SESSION_COOKIE_SECURE)
    key = _token_key(request)
    if key is not None:
        cache.set(key, 1, seconds)


class ReplicaReadsMiddleware:
    """Marks lag-tolerant requests for the router, and clients that have just written."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.paths = [re.compile(pattern) for pattern in settings.REPLICA_READ_PATHS]

    def __call__(self, request):
        tolerant = (request.method in ("GET", "HEAD") and any(p.match(request.path_info) for p in self.paths)
                    and not wrote_recently(request))
        token = lag_tolerant.set(tolerant)
        try:
            response = self.get_response(request)
        finally:
            lag_tolerant.reset(token)
        if request.method not in SAFE_METHODS:
            _mark_wrote(request, response)
        return response
