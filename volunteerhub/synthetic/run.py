"""One load in progress: its size, seed and clock, the geography, and the counts written so far."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from volunteerhub.synthetic.bulk import ts
from volunteerhub.synthetic.geography import Geography
from volunteerhub.synthetic.sizes import Size


@dataclass
class Run:
    size: Size
    seed: int
    now: dt.datetime
    geo: Geography
    counts: dict[str, int] = field(default_factory=dict)

    @classmethod
    def start(cls, *, size: Size, seed: int, now: dt.datetime) -> Run:
        return cls(size=size, seed=seed, now=now, geo=Geography(np.random.default_rng([seed, 1])))

    @property
    def marker(self) -> str:
        return self.size.marker

    @property
    def stamp(self) -> str:
        """`now` as the database stores it."""
        return ts(self.now)

    def rng(self, stream: int) -> np.random.Generator:
        """The random stream of one kind of data: each kind draws from its own, so the others stay put."""
        return np.random.default_rng([self.seed, stream])
