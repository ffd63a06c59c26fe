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
meanwhile are lost). A quiet connection is checked every few seconds.
"""

from __future__ import annotations

import logging
import os
import re
import threading

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

log = logging.getLogger(__name__)

CHECK_SECONDS = 5.0  # a quiet connection is checked this often
_CHANNEL_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")

_lock = threading.Lock()
_wanted: set[str] = set()  # channels asked for
_heard: set[str] = set()  # channels being listened to now
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


def _serve(conn) -> None:
    import time

    listening: set[str] = set()
    checked = time.monotonic()
    while not _stop.is_set():
        for channel in sorted(_wanted - listening):
            conn.execute(f'LISTEN "{channel}"')
            listening.add(channel)
            with _lock:  # from now on every committed change to it is heard
                _generations[channel] = _generations.get(channel, 0) + 1
                _heard.add(channel)
        for notice in conn.notifies(timeout=0.5):
            with _lock:
                if notice.channel in _generations:
                    _generations[notice.channel] += 1
        if time.monotonic() - checked >= CHECK_SECONDS:
            conn.execute("SELECT 1")  # raises on a connection lost without a word
            checked = time.monotonic()
