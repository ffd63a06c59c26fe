"""Warm in-memory nearest indexes for the map (service posts): answers from memory, then the
rows are loaded from the database by id and checked, so a stale index can never show a moved,
closed or deleted post; when a check fails the caller falls back to the database search.

New posts (and reopened ones) reach the index when it is rebuilt: once a change to posts has been
heard (`core.changefeed`, PostgreSQL), as soon as the index is MAP_INDEX_MIN_AGE_SECONDS old (so a
stream of changes costs at most one rebuild that often); otherwise at most MAP_INDEX_TTL_SECONDS
later; at once in the process that wrote them (`invalidate`).

The posts' rows themselves are kept in memory too (`cached_rows`, up to MAP_ROW_CACHE_SIZE of them)
where a change committed by anyone would be heard (`core.changefeed`: PostgreSQL notices sent by a
trigger, organizations migration 0002). A copy is served only while no change to any post has been
heard since it was read, and never inside a transaction (which may itself have changed posts); else
the rows are read from the database as before."""

import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from volunteerhub.core import changefeed
from volunteerhub.core.copies import Copies
from volunteerhub.core.spatial import NearestIndex

CHANNEL = "volunteerhub_posts"  # NOTIFY'd on every change to service posts (organizations migration 0002)

_lock = threading.Lock()  # guards _indexes
_building = threading.Lock()  # one build at a time in a process (its threads would each build one otherwise)
_indexes: dict[str, tuple[NearestIndex, float, int | None]] = {}  # index, when built, generation it reflects


def _ttl() -> float:
    return float(getattr(settings, "MAP_INDEX_TTL_SECONDS", 300))


def _min_age() -> float:
    return float(getattr(settings, "MAP_INDEX_MIN_AGE_SECONDS", 10))


def _heard_generation() -> int | None:
    """The posts' generation, where changes are heard and this connection sees only committed rows."""
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return None
    return changefeed.generation(CHANNEL)


def build(kind: str) -> NearestIndex:
    from volunteerhub.organizations.selectors import posts_public

    if kind != "post":
        raise ValueError(f"no in-memory index for {kind}")
    generation = _heard_generation()  # taken first: a change during the build moves it, and it is built again
    index = NearestIndex.from_queryset(posts_public())
    with _lock:
        _indexes[kind] = (index, time.monotonic(), generation)
    return index


def _fresh(kind: str) -> tuple[NearestIndex | None, bool]:
    with _lock:
        entry = _indexes.get(kind)
    if entry is None:
        return None, False
    index, built, generation = entry
    age = time.monotonic() - built
    if age >= _ttl():
        return index, False
    if generation is not None and age >= _min_age() and _heard_generation() != generation:
        return index, False  # posts changed since it was built (new ones, reopened ones)
    return index, True


def warm(kind: str = "post") -> NearestIndex | None:
    """The index if it is fresh (building it on first use when MAP_INDEX_WARM is on), else None.

    One thread builds; while it rebuilds an expired index the others keep answering from the old one
    (its rows are checked against the database all the same), and with none yet they wait for it."""
    index, fresh = _fresh(kind)
    if fresh:
        return index
    if not getattr(settings, "MAP_INDEX_WARM", True):
        return None
    if not _building.acquire(blocking=index is None):
        return index
    try:
        index, fresh = _fresh(kind)  # built by another thread while this one waited
        return index if fresh else build(kind)
    finally:
        _building.release()


def invalidate(kind: str | None = None) -> None:
    with _lock:
        if kind is None:
            _indexes.clear()
        else:
            _indexes.pop(kind, None)
    if kind in (None, "post"):
        _rows.clear()


def _row_cache_size() -> int:
    return int(getattr(settings, "MAP_ROW_CACHE_SIZE", 50_000))


_rows = Copies(CHANNEL, _row_cache_size)  # the posts' rows as read by the map (maps.selectors)


def cached_rows(pks: list, fetch: Callable[[list], dict]) -> dict:
    """{pk: row} of these posts: from memory where no change since the copy was read has been heard,
    the rest by `fetch(missing pks)` (which leaves out what is not there); read rows are remembered."""
    return _rows.get(pks, fetch)
