"""Batch assignment of needs to volunteers (helper_b's `needs.matching`, arrays in, no database).

The optimal assignment (`assign_min_distance`) against the obvious greedy one (`assign_greedy`,
shortest remaining pair first) over the same candidate pairs; both timed from the arrays.
"""

from __future__ import annotations

import time

import numpy as np

from bench.common import Profile, Result, median
from volunteerhub.needs.matching import assign_greedy, assign_min_distance, candidate_pairs

CENTRE = (37.3825, 117.9707)
INSTANCES = 5


def instance(rng: np.random.Generator, needs: int, volunteers: int):
    """Needs and volunteers around a dozen towns of a city; some needs require a qualification."""
    towns = np.stack([CENTRE[0] + rng.normal(0, 0.25, 12), CENTRE[1] + rng.normal(0, 0.3, 12)], axis=1)

    def around(n):
        at = towns[rng.integers(0, len(towns), n)]
        return at[:, 0] + rng.normal(0, 0.02, n), at[:, 1] + rng.normal(0, 0.025, n)

    n_lat, n_lng = around(needs)
    v_lat, v_lng = around(volunteers)
    n_quals = np.where(rng.random(needs) < 0.3, 1 << rng.integers(0, 8, needs), 0).astype(np.int64)
    v_quals = np.where(rng.random(volunteers) < 0.15, 1 << rng.integers(0, 8, volunteers), 0).astype(np.int64)
    return n_lat, n_lng, n_quals, v_lat, v_lng, v_quals


def run(profile: Profile) -> list[Result]:
    rng = np.random.default_rng(11)
    optimal_s, greedy_s, worse, details = [], [], 0, []
    for _ in range(INSTANCES):
        data = instance(rng, profile.needs, profile.assign_volunteers)
        start = time.perf_counter()
        best = assign_min_distance(*data)
        optimal_s.append(time.perf_counter() - start)
        start = time.perf_counter()
        rows, cols, dists = candidate_pairs(*data)
        greedy = assign_greedy(profile.needs, rows, cols, dists)
        greedy_s.append(time.perf_counter() - start)
        worse += int(best.cost() > greedy.cost() + 1e-6)
        details.append((best.assigned, best.total_distance_m, greedy.assigned, greedy.total_distance_m))
    assigned, total, g_assigned, g_total = details[0]
    label = f"batch assignment {profile.needs:,} needs x {profile.assign_volunteers:,} volunteers"
    seconds = median(optimal_s)
    return [
        Result(label, "optimal assignment, seconds (median of 5)", seconds, "s", "greedy (same candidates)",
               median(greedy_s), target="< 1 s", met=seconds < 1.0,
               note=f"includes the k-d tree candidate search; max {max(optimal_s):.3f} s"),
        Result(label, "total distance (first instance)", total / 1000, "km", "greedy total distance", g_total / 1000,
               target="never worse than greedy", met=worse == 0,
               note=f"assigned {assigned} vs greedy {g_assigned}; worse than greedy in {worse} of {INSTANCES} instances"),
    ]
