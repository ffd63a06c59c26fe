"""Spatial cells for nearest and radius search: every mappable row keeps an indexed `cell`.

Contract for every app: a mappable model has float `lat`, `lng` (WGS-84) and an indexed
BigIntegerField `cell` set with `cell_for(lat, lng)` whenever the location changes.

Search (`nearest`, `within`): H3 ring expansion around the query point, exact haversine distances
on the candidates, and a proof of completeness: a result is final only when its distance is at
most the minimum distance from the point to any cell not yet searched. When rings at the storage
resolution find too little (sparse data), the search climbs to coarser cells, each of which is a
single range of stored cell numbers (H3 numbers children of a cell contiguously), and finally asks
for everything outside the searched area, so k larger than the data and empty areas end correctly.

`NearestIndex` answers the same questions from memory (a k-d tree on 3-D unit vectors, whose chord
order equals great-circle order) for hot paths; the database query stays the source of truth.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import h3
import numpy as np
from django.db.models import Q, QuerySet

from volunteerhub.geo.sphere import EARTH_RADIUS_M, haversine_m

CELL_RESOLUTION = 8  # H3 resolution 8: hexagons with ~530 m edges
# After these rings at one resolution the search climbs one resolution (cells ~7 times larger).
RINGS_PER_RESOLUTION = 2
COARSEST_RESOLUTION = 1
_EPSILON_M = 0.01  # floating-point slack on the lower bound: being early by 1 cm is never wrong
_DIGIT_BITS = 3


def cell_for(lat: float, lng: float) -> int:
    return h3.str_to_int(h3.latlng_to_cell(lat, lng, CELL_RESOLUTION))


def cell_range(cell: int | str) -> tuple[int, int]:
    """The [low, high] range of storage-resolution cell numbers that descend from `cell`.

    An H3 number keeps the resolution in bits 52-55 and one 3-bit digit per resolution below
    the base cell, so all descendants of a cell share the high bits and differ only in digits
    res+1..8 (values 0..6); digits below the storage resolution are 7.
    """
    value = h3.str_to_int(cell) if isinstance(cell, str) else cell
    res = h3.get_resolution(h3.int_to_str(value))
    low = (value & ~(0xF << 52)) | (CELL_RESOLUTION << 52)
    high = low
    for r in range(res + 1, CELL_RESOLUTION + 1):
        shift = (15 - r) * _DIGIT_BITS
        low &= ~(0b111 << shift)
        high = (high & ~(0b111 << shift)) | (0b110 << shift)
    return low, high


def _overhang_m(res: int) -> float:
    """How far storage cells may stick out of an ancestor of resolution `res` (H3 children are
    only approximately inside their parent): 1.5 times the sum of the finer edge lengths, about
    four times the worst overhang measured."""
    return 1.5 * sum(h3.average_hexagon_edge_length(r, "m") for r in range(res + 1, CELL_RESOLUTION + 1))


# --- spherical geometry on unit vectors ----------------------------------------------------------

def unit_vectors(lats, lngs) -> np.ndarray:
    lat, lng = np.radians(np.asarray(lats, dtype=float)), np.radians(np.asarray(lngs, dtype=float))
    cos_lat = np.cos(lat)
    return np.stack([cos_lat * np.cos(lng), cos_lat * np.sin(lng), np.sin(lat)], axis=-1)


def _angle(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    return np.arctan2(np.linalg.norm(np.cross(u, v), axis=-1), np.sum(u * v, axis=-1))


def distance_to_cells_m(lat: float, lng: float, cells: Iterable[str]) -> float:
    """Great-circle metres from a point outside the cells to the nearest point of any of them.

    H3 cell edges are great-circle arcs (straight lines in the gnomonic face projection), so the
    distance to an edge is the distance to its arc: the perpendicular when the foot falls on the
    arc, else the nearer end.
    """
    starts, ends = [], []
    for cell in cells:
        boundary = h3.cell_to_boundary(cell)
        starts.extend(boundary)
        ends.extend(boundary[1:] + boundary[:1])
    if not starts:
        return math.inf
    p = unit_vectors([lat], [lng])[0]
    a = unit_vectors([s[0] for s in starts], [s[1] for s in starts])
    b = unit_vectors([e[0] for e in ends], [e[1] for e in ends])
    normal = np.cross(a, b)
    normal /= np.linalg.norm(normal, axis=-1, keepdims=True)
    foot = p - (normal @ p)[:, None] * normal
    on_arc = (np.sum(np.cross(a, foot) * normal, axis=-1) >= 0) & (np.sum(np.cross(foot, b) * normal, axis=-1) >= 0)
    perpendicular = np.arcsin(np.clip(np.abs(normal @ p), 0.0, 1.0))
    ends_angle = np.minimum(_angle(a, p[None, :]), _angle(b, p[None, :]))
    return float(np.min(np.where(on_arc, perpendicular, ends_angle)) * EARTH_RADIUS_M)


# --- database search --------------------------------------------------------------------------

@dataclass(frozen=True)
class Hit:
    distance_m: float
    obj: Any


def _cells_clause(cells: Iterable[str], res: int, cell_field: str) -> Q:
    if res == CELL_RESOLUTION:
        return Q(**{f"{cell_field}__in": [h3.str_to_int(c) for c in cells]})
    ranges = sorted(cell_range(c) for c in cells)
    merged: list[list[int]] = []
    for low, high in ranges:
        if merged and low <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], high)
        else:
            merged.append([low, high])
    clause = Q()
    for low, high in merged:
        clause |= Q(**{f"{cell_field}__gte": low, f"{cell_field}__lte": high})
    return clause


class _Search:
    """One nearest/within query: collects candidates ring by ring until the answer is proven."""

    def __init__(self, queryset: QuerySet, lat: float, lng: float, *, k: int | None, radius_m: float | None,
                 accept: Callable[[Any], bool] | None, cell_field: str, lat_field: str, lng_field: str):
        self.queryset, self.lat, self.lng, self.k, self.radius_m = queryset, lat, lng, k, radius_m
        self.accept, self.cell_field, self.lat_field, self.lng_field = accept, cell_field, lat_field, lng_field
        self.seen: set = set()
        self.hits: list[Hit] = []
        self.queries = 0

    def _fetch(self, clause: Q) -> None:
        self.queries += 1
        for obj in self.queryset.filter(clause):
            if obj.pk in self.seen:
                continue
            self.seen.add(obj.pk)
            lat, lng = getattr(obj, self.lat_field), getattr(obj, self.lng_field)
            if lat is None or lng is None:
                continue
            distance = haversine_m(self.lat, self.lng, lat, lng)
            if self.radius_m is not None and distance > self.radius_m:
                continue
            if self.accept is not None and not self.accept(obj):
                continue
            self.hits.append(Hit(distance, obj))

    def _done(self, bound_m: float) -> bool:
        """Everything not yet searched is at least bound_m away: is the answer complete?"""
        if self.radius_m is not None and bound_m > self.radius_m:
            return True
        if self.k is None:
            return False
        final = sum(1 for hit in self.hits if hit.distance_m < bound_m)
        return final >= self.k

    def run(self) -> list[Hit]:
        if self.k is not None and self.k <= 0:
            return []
        searched_ranges: list[str] = []
        for res in range(CELL_RESOLUTION, COARSEST_RESOLUTION - 1, -1):
            origin = h3.latlng_to_cell(self.lat, self.lng, res)
            margin = 0.0 if res == CELL_RESOLUTION else _overhang_m(res)
            first_k = 0 if res == CELL_RESOLUTION else 1
            self._fetch(_cells_clause(h3.grid_disk(origin, first_k), res, self.cell_field))
            inner = set(h3.grid_disk(origin, first_k))
            for ring_k in range(first_k, RINGS_PER_RESOLUTION + 1):
                if ring_k > first_k:
                    ring = set(h3.grid_disk(origin, ring_k)) - inner
                    self._fetch(_cells_clause(ring, res, self.cell_field))
                    inner |= ring
                outer = set(h3.grid_disk(origin, ring_k + 1)) - inner
                bound = distance_to_cells_m(self.lat, self.lng, outer) - margin - _EPSILON_M
                if self._done(bound):
                    return self._result()
            searched_ranges = list(inner)
        # Still not proven at the coarsest rings: everything outside them, one last query.
        outside = ~_cells_clause(searched_ranges, COARSEST_RESOLUTION, self.cell_field)
        self._fetch(outside)
        return self._result()

    def _result(self) -> list[Hit]:
        self.hits.sort(key=lambda hit: (hit.distance_m, hit.obj.pk))
        return self.hits if self.k is None else self.hits[: self.k]


def nearest(queryset: QuerySet, *, lat: float, lng: float, k: int = 10, radius_m: float | None = None,
            accept: Callable[[Any], bool] | None = None, cell_field: str = "cell", lat_field: str = "lat",
            lng_field: str = "lng") -> list[Hit]:
    """The k rows nearest to (lat, lng) (WGS-84), nearest first, optionally within radius_m.

    `queryset` may carry any SQL filters; `accept(obj)` filters further in Python (e.g. "open now").
    """
    return _Search(queryset, lat, lng, k=k, radius_m=radius_m, accept=accept, cell_field=cell_field,
                   lat_field=lat_field, lng_field=lng_field).run()


def within(queryset: QuerySet, *, lat: float, lng: float, radius_m: float,
           accept: Callable[[Any], bool] | None = None, cell_field: str = "cell", lat_field: str = "lat",
           lng_field: str = "lng") -> list[Hit]:
    """Every row within radius_m metres of (lat, lng), nearest first."""
    return _Search(queryset, lat, lng, k=None, radius_m=radius_m, accept=accept, cell_field=cell_field,
                   lat_field=lat_field, lng_field=lng_field).run()


# --- in-memory index -------------------------------------------------------------------------

def chord_for_m(distance_m: float) -> float:
    """Straight-line distance between unit vectors that are distance_m apart on the sphere."""
    return 2.0 * math.sin(min(distance_m / EARTH_RADIUS_M, math.pi) / 2.0)


def metres_for_chord(chord: np.ndarray) -> np.ndarray:
    return 2.0 * EARTH_RADIUS_M * np.arcsin(np.clip(chord / 2.0, 0.0, 1.0))


class NearestIndex:
    """Nearest-k over (id, lat, lng) arrays from memory: a k-d tree on unit vectors."""

    def __init__(self, ids, lats, lngs):
        from scipy.spatial import cKDTree

        self.ids = np.asarray(ids)
        self.lats = np.asarray(lats, dtype=float)
        self.lngs = np.asarray(lngs, dtype=float)
        self.size = len(self.ids)
        self._tree = cKDTree(unit_vectors(self.lats, self.lngs)) if self.size else None

    @classmethod
    def from_queryset(cls, queryset: QuerySet, *, lat_field: str = "lat", lng_field: str = "lng") -> NearestIndex:
        rows = list(queryset.exclude(**{f"{lat_field}__isnull": True}).values_list("pk", lat_field, lng_field))
        if not rows:
            return cls([], [], [])
        ids, lats, lngs = zip(*rows, strict=True)
        return cls(ids, lats, lngs)

    def query(self, *, lat: float, lng: float, k: int = 10, radius_m: float | None = None) -> list[tuple[Any, float]]:
        """[(id, distance_m)] nearest first."""
        return [(pk, d) for pk, d, _, _ in self.query_points(lat=lat, lng=lng, k=k, radius_m=radius_m)]

    def query_points(self, *, lat: float, lng: float, k: int = 10,
                     radius_m: float | None = None) -> list[tuple[Any, float, float, float]]:
        """[(id, distance_m, lat, lng)] nearest first: the indexed position too, to check against the rows."""
        if self._tree is None or k <= 0:
            return []
        k = min(k, self.size)
        bound = chord_for_m(radius_m) * (1 + 1e-12) + 1e-15 if radius_m is not None else math.inf
        # One point: plain math for its unit vector and lists for the answer (numpy's per-call overhead
        # on tiny arrays costs more than the tree search itself).
        phi, lam = math.radians(lat), math.radians(lng)
        cos_phi = math.cos(phi)
        point = (cos_phi * math.cos(lam), cos_phi * math.sin(lam), math.sin(phi))
        chords, positions = self._tree.query(point, k=k, distance_upper_bound=bound)
        if k == 1:  # scalars for one neighbour
            chords, positions = np.array([chords]), np.array([positions])
        found = positions < self.size  # fewer than k within the bound: the rest are misses
        if not found.all():
            chords, positions = chords[found], positions[found]
        out = []
        for pk, chord, lat_, lng_ in zip(self.ids[positions].tolist(), chords.tolist(),
                                          self.lats[positions].tolist(), self.lngs[positions].tolist(), strict=True):
            metres = 2.0 * EARTH_RADIUS_M * math.asin(min(chord / 2.0, 1.0))
            if radius_m is None or metres <= radius_m:
                out.append((pk, metres, lat_, lng_))
        return out
