"""Cached dashboard bodies that are never stale: keyed by the figures' data version (`core.versions`),
which every counted change moves in its own transaction, so every process sees a change at once
whatever the cache backend (local memory per process, or a shared one)."""

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS

from volunteerhub.core.versions import FIGURES, version_bump, version_of

FRAGMENT_SECONDS = 3600  # old versions' fragments just age out


def data_changed(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """The dashboard's figures change in this transaction."""
    version_bump(FIGURES, using=using)


def cached(parts: tuple, render) -> str:
    """The fragment for these key parts at the current data version; `render()` builds it on a miss."""
    key = "stats:fragment:" + version_of(FIGURES) + ":" + ":".join(str(part) for part in parts)
    found = cache.get(key)
    if found is None:
        found = render()
        cache.set(key, found, FRAGMENT_SECONDS)
    return found
