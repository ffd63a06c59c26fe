"""The nearest index of service posts kept in each process, keyed by the posts' data version.

Every write to posts moves their version (`core.versions.POSTS`) in its own transaction. A request
reads the version (one query) and uses the index only when it was built at that very version; else
the database search answers while one background thread builds the index for the new version. So a
new, moved or closed post is seen on the very next request in every process, on every database.
The posts' rows that answers read are kept with the index, and go with it when the version moves.
"""

import logging
import threading

from django.conf import settings
from django.db import connection

from volunteerhub.geo.spatial import NearestIndex
from volunteerhub.core.versions import POSTS, version_of

log = logging.getLogger(__name__)

MAX_ROWS = 20_000  # rows kept with an index; past that they are read again

_lock = threading.Lock()
_building: str | None = None  # the version a background thread is building


class PostsIndex:
    """The posts' positions at one version, and the rows read since that version was current."""

    def __init__(self, version: str, index: NearestIndex):
        self.version, self.index, self._rows = version, index, {}

    def rows(self, pks: list, fetch) -> dict:
        """{pk: row} of these posts, those not kept yet read by `fetch(missing pks)` (which leaves out what is
        closed or gone) and kept."""
        missing = [pk for pk in pks if pk not in self._rows]
        if missing:
            found = fetch(missing)
            if len(self._rows) + len(found) > MAX_ROWS:
                self._rows = {}
            self._rows.update(found)
        return {pk: self._rows[pk] for pk in pks if pk in self._rows}


_built: PostsIndex | None = None


def _public_posts():
    from volunteerhub.organizations.selectors import posts_public

    return posts_public()


def posts_index() -> PostsIndex | None:
    """The index of public posts at the current version, or None while it is being built (search the
    database then)."""
    version = version_of(POSTS)
    built = _built
    if built is not None and built.version == version:
        return built
    if settings.MAP_INDEX_BACKGROUND_BUILD:
        _build_in_background()
    return None


def build_now() -> PostsIndex:
    """Build the index on this thread's connection, at the version it sees (tests; a warm-up)."""
    global _built
    version = version_of(POSTS)  # read first: a write after it moves the version, and the index is rebuilt
    built = PostsIndex(version, NearestIndex.from_queryset(_public_posts().order_by()))
    with _lock:
        _built = built
    return built


def _build_in_background() -> None:
    global _building
    with _lock:
        if _building is not None:
            return
        _building = "starting"
    threading.Thread(target=_build, name="volunteerhub-posts-index", daemon=True).start()


def _build() -> None:
    global _building
    try:
        build_now()
    except Exception:  # noqa: BLE001 - the database answers meanwhile; the next request tries again
        log.exception("building the posts' nearest index failed")
    finally:
        connection.close()  # this thread's own connection
        with _lock:
            _building = None


def forget() -> None:
    """Drop this process's index (tests)."""
    global _built
    with _lock:
        _built = None
