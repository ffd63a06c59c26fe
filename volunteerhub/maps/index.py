"""Warm in-memory nearest indexes for the map (service posts): answers from memory, then the
rows are loaded from the database by id and checked, so a stale index can never show a moved,
closed or deleted post; when a check fails the caller falls back to the database search.

New posts reach the index when it is rebuilt: at most MAP_INDEX_TTL_SECONDS later, or at once in
the process that wrote them (`invalidate`)."""

import threading
import time

from django.conf import settings

from volunteerhub.core.spatial import NearestIndex

_lock = threading.Lock()  # guards _indexes
_building = threading.Lock()  # one build at a time in a process (its threads would each build one otherwise)
_indexes: dict[str, tuple[NearestIndex, float]] = {}


def _ttl() -> float:
    return float(getattr(settings, "MAP_INDEX_TTL_SECONDS", 300))


def build(kind: str) -> NearestIndex:
    from volunteerhub.organizations.selectors import posts_public

    if kind != "post":
        raise ValueError(f"no in-memory index for {kind}")
    index = NearestIndex.from_queryset(posts_public())
    with _lock:
        _indexes[kind] = (index, time.monotonic())
    return index


def _fresh(kind: str) -> tuple[NearestIndex | None, bool]:
    with _lock:
        entry = _indexes.get(kind)
    if entry is None:
        return None, False
    return entry[0], time.monotonic() - entry[1] < _ttl()


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
