"""Copies of database rows a process keeps while the change feed proves nothing about them changed.

A `Copies` serves a row from memory only while its channel's generation (`core.changefeed`) is the
one the row was read under: any change committed by anyone to the rows behind the channel moves the
generation, and every copy goes at once. Nothing is served from memory inside a transaction (it may
itself have changed the rows), while nothing is heard (SQLite, CHANGE_FEED off, the listening
connection down or unproved), or with a size of 0. Rows that are not there are never remembered.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from itertools import islice

from django.db import DEFAULT_DB_ALIAS, connections

from volunteerhub.core import changefeed


class Copies:
    def __init__(self, channel: str, size: Callable[[], int]):
        self.channel = channel
        self._size = size  # read on use: settings may change (tests)
        self._lock = threading.Lock()
        self._rows: dict = {}  # key -> row as read, while _generation is the channel's generation
        self._generation: int | None = None

    def __len__(self) -> int:
        return len(self._rows)

    def get(self, keys: list, fetch: Callable[[list], dict]) -> dict:
        """{key: row} for these keys: from memory where no change since the copy was read has been heard,
        the rest by `fetch(missing keys)` (which leaves out what is not there); read rows are remembered."""
        if connections[DEFAULT_DB_ALIAS].in_atomic_block or self._size() <= 0:
            return fetch(keys)
        generation = changefeed.generation(self.channel)
        if generation is None:
            return fetch(keys)
        rows = self._rows_of(generation)
        found, missing = {}, []
        for key in keys:
            row = rows.get(key)
            if row is None:
                missing.append(key)
            else:
                found[key] = row
        if missing:
            fetched = fetch(missing)
            found.update(fetched)
            self._remember(generation, fetched)
        return found

    def replace(self, key: Hashable, change: Callable[[object], object]) -> None:
        """What this process itself wrote to a kept row, in a way the channel does not announce."""
        with self._lock:
            if key in self._rows:
                self._rows[key] = change(self._rows[key])

    def clear(self) -> None:
        with self._lock:
            self._rows = {}

    def _rows_of(self, generation: int) -> dict:
        if self._generation == generation:
            return self._rows
        with self._lock:
            if self._generation != generation:  # a change was heard: every copy goes
                self._rows, self._generation = {}, generation
            return self._rows

    def _remember(self, generation: int, fetched: dict) -> None:
        """Keep rows read under `generation`, unless a change has been heard since (they may predate it)."""
        with self._lock:
            if self._generation != generation or changefeed.generation(self.channel) != generation:
                return
            self._rows.update(fetched)
            size = self._size()
            if len(self._rows) > size:  # the oldest tenth goes (at once: not one scan per row added)
                for key in list(islice(self._rows, len(self._rows) - size + size // 10)):
                    del self._rows[key]
