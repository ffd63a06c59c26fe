"""Warm in-memory nearest indexes for the map (service posts): answers from memory, then the
rows are loaded from the database by id and checked, so a stale index can never show a moved,
closed or deleted post; when a check fails the caller falls back to the database search.

New posts reach the index when it is rebuilt: at most MAP_INDEX_TTL_SECONDS later, or at once in
the process that wrote them (`invalidate`)."""

import threading
import time

from django.conf import settings

from volunteerhub.core.spatial import NearestIndex

_lock = threading.Lock()
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


def warm(kind: str = "post") -> NearestIndex | None:
    """The index if it is fresh (building it on first use when MAP_INDEX_WARM is on), else None."""
    with _lock:
        entry = _indexes.get(kind)
    if entry is not None and time.monotonic() - entry[1] < _ttl():
        return entry[0]
    if getattr(settings, "MAP_INDEX_WARM", True):
        return build(kind)
    return None


def invalidate(kind: str | None = None) -> None:
    with _lock:
        if kind is None:
            _indexes.clear()
        else:
            _indexes.pop(kind, None)
