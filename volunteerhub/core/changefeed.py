"""Committed changes, heard at once: PostgreSQL NOTIFY on a channel moves a generation number here.

A process keeps memory copies of rows (the map's service posts) that must never outlive a change
committed by anyone (another worker, the admin, a bulk import, raw SQL). Triggers in the database
NOTIFY a channel on every change; one thread per process LISTENs on its own connection and counts
what it hears. A copy tagged with a generation is current while `generation(channel)` still gives
that number: a change committed after the copy was read moves it within milliseconds (the time the
notice takes to arrive), and the copy is dropped.

`generation()` is None, and nothing may be served from memory, whenever nothing is being heard:
on SQLite, with CHANGE_FEED off, before the thread has started listening, and from the moment its
connection fails until it listens again (every generation moves on reconnecting: notices sent
meanwhile are lost). Listening is proved, not assumed: the thread NOTIFYs itself a probe after each
LISTEN and every few seconds, and a channel counts as heard only once a probe sent after its LISTEN
has come back; a probe that does not come back in time drops the connection.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

log = logging.getLogger(__name__)

APPLICATION_NAME = "volunteerhub-changefeed"
CHECK_SECONDS = 5.0  # a probe goes round this often, and must be back within this long
_CHANNEL_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")

_lock = threading.Lock()
_wanted: set[str] = set()  # channels asked for
_heard: set[str] = set()  # channels listened to, with a probe back since: their notices arrive
_generations: dict[str, int] = {}
_thread: threading.Thread | None = None
_owner_pid: int | None = None  # the process the thread belongs to (a forked child starts its own)
_stop = threading.Event()


def enabled() -> bool:
    return bool(getattr(settings, "CHANGE_FEED", True)) and connections[DEFAULT_DB_ALIAS].vendor == "postgresql"


def generation(channel: str) -> int | None:
    """The channel's generation, or None while changes to it would not be heard."""
    if _owner_pid == os.getpid() and channel in _heard:
        return _generations[channel]
    if not _CHANNEL_NAME.match(channel):
        raise ValueError(f"not a channel name: {channel!r}")
    if not enabled():
        return None
    with _lock:
        _wanted.add(channel)
        _start_locked()
    return None  # heard from the next call on, once the thread listens


def _start_locked() -> None:
    global _thread, _owner_pid
    if _owner_pid == os.getpid() and _thread is not None and _thread.is_alive():
        return
    if _owner_pid != os.getpid():  # inherited across a fork: nothing is listening in this process
        _heard.clear()
    _stop.clear()
    _owner_pid = os.getpid()
    _thread = threading.Thread(target=_listen, args=(_connection_params(),), name="volunteerhub-changefeed",
                               daemon=True)
    _thread.start()


def stop(timeout: float = 5.0) -> None:
    """Stop listening in this process (tests; a database about to be dropped)."""
    global _thread
    with _lock:
        thread, _thread = _thread, None
        _stop.set()
    if thread is not None and thread.is_alive():
        thread.join(timeout)
    with _lock:
        _lost_locked()
        _wanted.clear()


def _connection_params() -> dict:
    params = connections[DEFAULT_DB_ALIAS].get_connection_params()
    for name in ("cursor_factory", "context", "prepare_threshold"):
        params.pop(name, None)
    params["application_name"] = APPLICATION_NAME  # how it shows in pg_stat_activity
    return params


def _lost_locked() -> None:
    """Nothing heard from here on: every generation moves, so copies taken so far are never trusted again."""
    _heard.clear()
    for channel in list(_generations):
        _generations[channel] += 1


def _listen(params: dict) -> None:
    import psycopg

    backoff = 0.5
    while not _stop.is_set():
        try:
            with psycopg.connect(**params, autocommit=True, connect_timeout=5) as conn:
                backoff = 0.5
                _serve(conn)
        except Exception as exc:  # noqa: BLE001 - whatever broke, stop trusting copies and reconnect
            if not _stop.is_set():
                log.warning("change feed lost its connection (%s); copies are not trusted until it listens again",
                            exc)
        finally:
            with _lock:
                _lost_locked()
        _stop.wait(backoff)
        backoff = min(backoff * 2, 30.0)


PROBE = "volunteerhub_feed_probe"  # each process NOTIFYs itself here to prove notices reach it


class ProbeLost(RuntimeError):
    """A probe sent on the listening connection did not come back in time."""


def _answers(notice, awaited: str) -> bool:
    return notice.payload == awaited


def _serve(conn) -> None:
    """LISTEN on the wanted channels; a channel counts as heard once a probe sent after its LISTEN has
    come back on this connection (so a connection that cannot receive notices, e.g. through a pooler in
    transaction mode, is never trusted), and the probe is repeated every CHECK_SECONDS."""
    conn.execute(f'LISTEN "{PROBE}"')
    listening: set[str] = set()
    sent = 0
    awaited: tuple[str, float, frozenset] | None = None  # payload, when sent, channels it vouches for
    confirmed = time.monotonic()
    while not _stop.is_set():
        new = sorted(_wanted - listening)
        for channel in new:
            conn.execute(f'LISTEN "{channel}"')
            listening.add(channel)
        now = time.monotonic()
        if awaited is None and (new or now - confirmed >= CHECK_SECONDS or listening - _heard):
            sent += 1
            payload = f"{os.getpid()}-{id(conn)}-{sent}"
            conn.execute("SELECT pg_notify(%s, %s)", [PROBE, payload])
            awaited = (payload, now, frozenset(listening))
        for notice in conn.notifies(timeout=0.5):
            with _lock:
                if notice.channel in _generations and notice.channel in _heard:
                    _generations[notice.channel] += 1
                elif notice.channel == PROBE and awaited is not None and _answers(notice, awaited[0]):
                    for channel in awaited[2] - _heard:  # heard from now on: every later commit reaches us
                        _generations[channel] = _generations.get(channel, 0) + 1
                        _heard.add(channel)
                    awaited, confirmed = None, time.monotonic()
        if awaited is not None and time.monotonic() - awaited[1] > CHECK_SECONDS:
            raise ProbeLost(f"no probe back in {CHECK_SECONDS:g} s")
