"""A day's round of home visits is ordered short."""

import random

import pytest

from volunteerhub.geo.sphere import haversine_m
from volunteerhub.needs.routes import nearest_neighbour_order, path_length_m, visiting_order

CLINIC = (37.3835, 117.9707)


def _village_homes(n: int, seed: int) -> list[tuple[float, float]]:
    rng = random.Random(seed)
    return [(CLINIC[0] + rng.uniform(-0.05, 0.05), CLINIC[1] + rng.uniform(-0.05, 0.05)) for _ in range(n)]


@pytest.mark.parametrize("seed", range(20))
def test_a_round_of_30_stops_is_never_longer_than_the_nearest_neighbour_order(seed):
    homes = _village_homes(30, seed)

    order = visiting_order(homes, CLINIC)

    assert sorted(order) == list(range(30))
    assert path_length_m(homes, order, CLINIC) <= path_length_m(homes, nearest_neighbour_order(homes, CLINIC), CLINIC)


def test_four_homes_on_a_block_are_walked_round_its_short_sides():
    square = [(37.0, 117.0), (37.01, 117.01), (37.0, 117.01), (37.01, 117.0)]
    east_west, north_south = haversine_m(37.0, 117.0, 37.0, 117.01), haversine_m(37.0, 117.0, 37.01, 117.0)

    order = visiting_order(square)

    assert order[0] == 0
    assert path_length_m(square, order) == pytest.approx(2 * east_west + north_south, rel=1e-4)


def test_no_stops_and_one_stop():
    assert visiting_order([], CLINIC) == []
    assert visiting_order([CLINIC]) == [0]
