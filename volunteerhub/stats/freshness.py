"""Cached dashboard fragments that are never stale: keyed by a data version that every counted change moves.

The version is one row in the database (stats.DataVersion), so every process sees a change at once
whatever the cache backend (local memory per process, or a shared one). A change calls
`data_changed()` in its transaction; the token moves right after the commit. Until then the
connection that made the change renders without the cache, so it neither reads nor stores a fragment
its own uncommitted change could make wrong.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from volunteerhub.stats.models import DataVersion

logger = logging.getLogger(__name__)
FRAGMENT_SECONDS = 3600  # old versions' fragments just age out
_PENDING = "_stats_version_bump"


class VersionBump:
    """The after-commit callback of one transaction (at most one per transaction)."""

    def __init__(self, using: str):
        self.using, self.done = using, False

    def __call__(self) -> None:
        self.done = True
        _new_token(self.using)


def _new_token(using: str) -> str:
    token = uuid.uuid4().hex
    if not DataVersion.objects.using(using).filter(pk=1).update(token=token):
        DataVersion.objects.using(using).bulk_create([DataVersion(pk=1, token=token)], ignore_conflicts=True)
    return token


def _pending(using: str) -> VersionBump | None:
    """This connection's bump waiting for a commit, if its transaction changed counted figures."""
    conn = connections[using]
    bump = getattr(conn, _PENDING, None)
    if bump is None or bump.done or not conn.in_atomic_block:
        return None
    # A rolled-back savepoint or transaction drops its callbacks: then nothing is pending any more.
    return bump if any(func is bump for _, func, *_ in conn.run_on_commit) else None


def data_changed(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """The dashboard's figures change in this transaction: move the data version once it commits."""
    conn = connections[using]
    if not conn.in_atomic_block:
        _new_token(using)
        return
    if _pending(using) is None:
        bump = VersionBump(using)
        setattr(conn, _PENDING, bump)
        transaction.on_commit(bump, using=using, robust=True)


def data_version(*, using: str = DEFAULT_DB_ALIAS) -> str | None:
    """The current token, or None while this connection holds an uncommitted change (do not cache then)."""
    if _pending(using) is not None:
        return None
    token = DataVersion.objects.using(using).filter(pk=1).values_list("token", flat=True).first()
    if token is None:
        DataVersion.objects.using(using).bulk_create([DataVersion(pk=1, token=uuid.uuid4().hex)],
                                                     ignore_conflicts=True)
        token = DataVersion.objects.using(using).filter(pk=1).values_list("token", flat=True).get()
    return token


def cached(parts: tuple, render) -> str:
    """The fragment for these key parts at the current data version; `render()` builds it on a miss."""
    version = data_version()
    if version is None:
        return render()
    key = "stats:fragment:" + version + ":" + ":".join(str(part) for part in parts)
    found = cache.get(key)
    if found is None:
        found = render()
        cache.set(key, found, FRAGMENT_SECONDS)
    return found
