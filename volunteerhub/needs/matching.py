"""Batch assignment of needs to volunteers: arrays in, an optimal assignment out (no database).

Each need may go to one of its `candidates` nearest volunteers who hold every qualification it
requires and are available; each volunteer takes at most one need. Among those pairs the
assignment first serves as many needs as possible (leaving a need unassigned costs more than any
trip), then minimises the total great-circle travel distance. The candidate graph is split into
connected components; each is solved exactly by `scipy.optimize.linear_sum_assignment` (or by
SciPy's sparse solver when a component is too large for a dense matrix).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components, min_weight_full_bipartite_matching
from scipy.spatial import cKDTree

from volunteerhub.geo.sphere import EARTH_RADIUS_M
from volunteerhub.geo.spatial import chord_for_m, metres_for_chord, unit_vectors

UNASSIGNED_COST_M = 1e9  # larger than any sum of trips: serving one more need always wins
DENSE_LIMIT = 4_000_000  # cells of a dense cost matrix before we switch to the sparse solver


@dataclass
class Assignment:
    volunteer_of: np.ndarray  # for each need, the index of its volunteer, or -1 when unassigned
    distance_m: np.ndarray  # for each need, the trip in metres (nan when unassigned)

    @property
    def assigned(self) -> int:
        return int(np.sum(self.volunteer_of >= 0))

    @property
    def total_distance_m(self) -> float:
        return float(np.nansum(self.distance_m))

    def cost(self) -> float:
        """The objective: trips plus a large cost per unserved need."""
        return self.total_distance_m + UNASSIGNED_COST_M * (len(self.volunteer_of) - self.assigned)


def candidate_pairs(need_lat, need_lng, need_quals, vol_lat, vol_lng, vol_quals, *, candidates: int = 20,
                    vol_available=None, max_distance_m: float | None = None,
                    pair_ok: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None):
    """(need index, volunteer index, metres) for each need's nearest eligible volunteers.

    need_quals / vol_quals are integer bit masks of qualifications; a volunteer is eligible for a
    need when it holds all the need's bits. `pair_ok(needs, vols) -> bool array` can veto pairs
    (e.g. busy in the need's window).
    """
    need_quals = np.asarray(need_quals, dtype=np.int64)
    vol_quals = np.asarray(vol_quals, dtype=np.int64)
    vol_ok = np.ones(len(vol_quals), dtype=bool) if vol_available is None else np.asarray(vol_available, bool)
    need_xyz, vol_xyz = unit_vectors(need_lat, need_lng), unit_vectors(vol_lat, vol_lng)
    bound = chord_for_m(max_distance_m) if max_distance_m is not None else np.inf
    rows, cols, dists = [], [], []
    for mask in np.unique(need_quals):
        eligible = np.flatnonzero(vol_ok & ((vol_quals & mask) == mask))
        needs = np.flatnonzero(need_quals == mask)
        if not len(eligible) or not len(needs):
            continue
        k = min(candidates, len(eligible))
        chords, positions = cKDTree(vol_xyz[eligible]).query(need_xyz[needs], k=k, distance_upper_bound=bound)
        chords, positions = chords.reshape(len(needs), k), positions.reshape(len(needs), k)
        found = positions < len(eligible)
        rows.append(np.repeat(needs, k).reshape(len(needs), k)[found])
        cols.append(eligible[positions[found]])
        dists.append(metres_for_chord(chords[found]))
    if not rows:
        return np.empty(0, int), np.empty(0, int), np.empty(0, float)
    rows, cols, dists = np.concatenate(rows), np.concatenate(cols), np.concatenate(dists)
    if pair_ok is not None and len(rows):
        keep = np.asarray(pair_ok(rows, cols), dtype=bool)
        rows, cols, dists = rows[keep], cols[keep], dists[keep]
    return rows, cols, dists


def solve_pairs(n_needs: int, rows: np.ndarray, cols: np.ndarray, dists: np.ndarray,
                weights=None) -> Assignment:
    """The optimal assignment over the given candidate pairs (each need and volunteer used once). `weights`
    (each >= 1, default 1) scale what leaving a need unserved costs: when needs compete for too few
    volunteers, the heavier ones are served first, then as many as possible, then the shortest trips."""
    unserved = UNASSIGNED_COST_M * (np.ones(n_needs) if weights is None else np.maximum(np.asarray(weights), 1.0))
    volunteer_of = np.full(n_needs, -1, dtype=int)
    distance = np.full(n_needs, np.nan)
    if not len(rows):
        return Assignment(volunteer_of, distance)
    vol_ids, col_index = np.unique(cols, return_inverse=True)
    n_cols = len(vol_ids)
    graph = coo_matrix((np.ones(len(rows)), (rows, n_needs + col_index)), shape=(n_needs + n_cols,) * 2)
    _, labels = connected_components(graph, directed=False)
    order = np.argsort(labels[rows], kind="stable")
    rows, col_index, dists = rows[order], col_index[order], dists[order]
    splits = np.flatnonzero(np.diff(labels[rows])) + 1
    for part in np.split(np.arange(len(rows)), splits):
        r, c, d = rows[part], col_index[part], dists[part]
        need_ids, local_r = np.unique(r, return_inverse=True)
        vols, local_c = np.unique(c, return_inverse=True)
        chosen_r, chosen_c = _solve_component(len(need_ids), len(vols), local_r, local_c, d, unserved[need_ids])
        real = chosen_c < len(vols)
        for lr, lc in zip(chosen_r[real], chosen_c[real], strict=True):
            need = need_ids[lr]
            volunteer_of[need] = vol_ids[vols[lc]]
        picked = {(a, b): dd for a, b, dd in zip(local_r, local_c, d, strict=True)}
        for lr, lc in zip(chosen_r[real], chosen_c[real], strict=True):
            distance[need_ids[lr]] = picked[(lr, lc)]
    return Assignment(volunteer_of, distance)


def _solve_component(n_r: int, n_c: int, r: np.ndarray, c: np.ndarray, d: np.ndarray, unserved: np.ndarray):
    """One connected component: real columns 0..n_c-1, then one 'unassigned' column per need."""
    if n_r * (n_c + n_r) <= DENSE_LIMIT:
        cost = np.full((n_r, n_c + n_r), np.inf)
        cost[r, c] = d
        cost[np.arange(n_r), n_c + np.arange(n_r)] = unserved
        return linear_sum_assignment(cost)
    # Sparse: explicit zeros are dropped by SciPy, so shift every weight by one metre (the same
    # shift for every row, each row matched exactly once: the optimum does not change).
    data = np.concatenate([d + 1.0, unserved + 1.0])
    indices_r = np.concatenate([r, np.arange(n_r)])
    indices_c = np.concatenate([c, n_c + np.arange(n_r)])
    matrix = csr_matrix((data, (indices_r, indices_c)), shape=(n_r, n_c + n_r))
    return min_weight_full_bipartite_matching(matrix)


def assign_min_distance(need_lat, need_lng, need_quals, vol_lat, vol_lng, vol_quals, *, candidates: int = 20,
                        vol_available=None, max_distance_m: float | None = None, pair_ok=None) -> Assignment:
    """Optimal batch assignment (arrays in, assignment out): see the module docstring."""
    rows, cols, dists = candidate_pairs(need_lat, need_lng, need_quals, vol_lat, vol_lng, vol_quals,
                                        candidates=candidates, vol_available=vol_available,
                                        max_distance_m=max_distance_m, pair_ok=pair_ok)
    return solve_pairs(len(need_lat), rows, cols, dists)


def assign_greedy(n_needs: int, rows: np.ndarray, cols: np.ndarray, dists: np.ndarray) -> Assignment:
    """The obvious alternative, for comparison: shortest remaining pair first."""
    volunteer_of = np.full(n_needs, -1, dtype=int)
    distance = np.full(n_needs, np.nan)
    taken: set[int] = set()
    for i in np.argsort(dists, kind="stable"):
        need, vol = rows[i], cols[i]
        if volunteer_of[need] < 0 and vol not in taken:
            volunteer_of[need], distance[need] = vol, dists[i]
            taken.add(int(vol))
    return Assignment(volunteer_of, distance)


def qualification_masks(codes_per_item: list[set[str]], vocabulary: list[str]) -> np.ndarray:
    """Sets of qualification codes as int64 bit masks over a shared vocabulary (up to 63 codes)."""
    bit = {code: 1 << i for i, code in enumerate(vocabulary)}
    return np.array([sum(bit[c] for c in codes if c in bit) for codes in codes_per_item], dtype=np.int64)


__all__ = ["Assignment", "assign_min_distance", "assign_greedy", "candidate_pairs", "solve_pairs",
           "qualification_masks", "UNASSIGNED_COST_M", "EARTH_RADIUS_M"]
