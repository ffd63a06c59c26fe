"""The batch assignment is optimal (checked by brute force) and never worse than greedy."""

import itertools
import random

import numpy as np
import pytest

from volunteerhub.geo.sphere import haversine_m
from volunteerhub.needs.matching import (UNASSIGNED_COST_M, assign_greedy, assign_min_distance, candidate_pairs,
                                          qualification_masks, solve_pairs)


def _brute_force_cost(need_pts, need_q, vol_pts, vol_q):
    n, m = len(need_pts), len(vol_pts)
    best = float("inf")
    options = [[None] + [j for j in range(m) if (vol_q[j] & need_q[i]) == need_q[i]] for i in range(n)]
    for choice in itertools.product(*options):
        used = [c for c in choice if c is not None]
        if len(used) != len(set(used)):
            continue
        cost = sum(UNASSIGNED_COST_M if c is None else haversine_m(*need_pts[i], *vol_pts[c])
                   for i, c in enumerate(choice))
        best = min(best, cost)
    return best


def _random_case(rng, n, m):
    need_pts = [(rng.uniform(37.2, 37.6), rng.uniform(117.8, 118.2)) for _ in range(n)]
    vol_pts = [(rng.uniform(37.2, 37.6), rng.uniform(117.8, 118.2)) for _ in range(m)]
    need_q = [rng.choice([0, 0, 1, 2, 3]) for _ in range(n)]
    vol_q = [rng.choice([0, 1, 2, 3, 3]) for _ in range(m)]
    return need_pts, need_q, vol_pts, vol_q


def _solve(need_pts, need_q, vol_pts, vol_q, candidates=50):
    return assign_min_distance([p[0] for p in need_pts], [p[1] for p in need_pts], need_q,
                               [p[0] for p in vol_pts], [p[1] for p in vol_pts], vol_q, candidates=candidates)


def test_it_is_optimal_on_small_cases_checked_by_brute_force():
    rng = random.Random(42)
    for _ in range(150):
        case = _random_case(rng, rng.randint(1, 5), rng.randint(0, 6))
        result = _solve(*case)
        assert result.cost() == pytest.approx(_brute_force_cost(*case), rel=1e-9, abs=1e-6)


def test_it_respects_qualifications_and_uses_each_volunteer_once():
    rng = random.Random(9)
    need_pts, need_q, vol_pts, vol_q = _random_case(rng, 40, 30)
    result = _solve(need_pts, need_q, vol_pts, vol_q)
    chosen = [v for v in result.volunteer_of if v >= 0]
    assert len(chosen) == len(set(chosen))
    for i, v in enumerate(result.volunteer_of):
        if v >= 0:
            assert vol_q[v] & need_q[i] == need_q[i]
            assert result.distance_m[i] == pytest.approx(haversine_m(*need_pts[i], *vol_pts[v]), abs=1e-3)


def test_it_is_never_worse_than_greedy_and_clearly_better_when_balanced():
    rng = np.random.default_rng(3)
    n = 400
    lat, lng = rng.uniform(37.0, 37.8, (2, n)), rng.uniform(117.5, 118.4, (2, n))
    zeros = np.zeros(n, dtype=np.int64)
    rows, cols, dists = candidate_pairs(lat[0], lng[0], zeros, lat[1], lng[1], zeros, candidates=20)
    optimal, greedy = solve_pairs(n, rows, cols, dists), assign_greedy(n, rows, cols, dists)
    assert optimal.cost() <= greedy.cost() + 1e-6
    assert optimal.assigned >= greedy.assigned
    for seed in range(20):
        case = _random_case(random.Random(seed), 12, 12)
        r, c, d = candidate_pairs(*(np.array(x) for x in zip(*case[0], strict=True)), case[1],
                                  *(np.array(x) for x in zip(*case[2], strict=True)), case[3], candidates=5)
        assert solve_pairs(12, r, c, d).cost() <= assign_greedy(12, r, c, d).cost() + 1e-6


def test_a_need_nobody_can_serve_stays_unassigned():
    result = assign_min_distance([37.4], [118.0], [4], [37.41, 37.42], [118.0, 118.01], [1, 2])
    assert list(result.volunteer_of) == [-1]
    assert result.assigned == 0


def test_more_needs_than_volunteers_serves_as_many_as_possible():
    result = assign_min_distance([37.40, 37.41, 37.42], [118.0] * 3, [0, 0, 0], [37.405], [118.0], [0])
    assert result.assigned == 1
    assert result.volunteer_of[0] == 0 or result.volunteer_of[1] == 0


def test_a_distance_limit_drops_far_pairs():
    result = assign_min_distance([37.4], [118.0], [0], [37.5], [118.0], [0], max_distance_m=5_000)
    assert result.assigned == 0


def test_qualification_masks_are_bit_sets():
    masks = qualification_masks([{"nurse"}, {"doctor", "nurse"}, set()], ["doctor", "nurse"])
    assert list(masks) == [2, 3, 0]


def test_the_large_sparse_solver_agrees_with_the_dense_one(monkeypatch):
    import volunteerhub.needs.matching as matching

    rng = np.random.default_rng(5)
    lat, lng = rng.uniform(37.3, 37.5, (2, 60)), rng.uniform(117.9, 118.1, (2, 60))
    q = np.zeros(60, dtype=np.int64)
    dense = matching.assign_min_distance(lat[0], lng[0], q, lat[1], lng[1], q, candidates=8)
    monkeypatch.setattr(matching, "DENSE_LIMIT", 0)
    sparse = matching.assign_min_distance(lat[0], lng[0], q, lat[1], lng[1], q, candidates=8)
    assert sparse.cost() == pytest.approx(dense.cost(), rel=1e-9)
