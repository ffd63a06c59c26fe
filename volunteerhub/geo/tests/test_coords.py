import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from volunteerhub.geo import coords
from volunteerhub.geo.sphere import haversine_m

BINZHOU_LAT = st.floats(min_value=36.7, max_value=38.4)
BINZHOU_LNG = st.floats(min_value=117.2, max_value=118.8)


@settings(max_examples=400, deadline=None)
@given(lat=BINZHOU_LAT, lng=BINZHOU_LNG)
def test_gcj02_round_trips_to_under_a_centimetre_across_binzhou(lat, lng):
    back = coords.gcj02_to_wgs84(*coords.wgs84_to_gcj02(lat, lng))
    assert haversine_m(lat, lng, *back) < 0.01


@settings(max_examples=400, deadline=None)
@given(lat=BINZHOU_LAT, lng=BINZHOU_LNG)
def test_bd09_round_trips_to_under_a_centimetre_across_binzhou(lat, lng):
    back = coords.bd09_to_wgs84(*coords.wgs84_to_bd09(lat, lng))
    assert haversine_m(lat, lng, *back) < 0.01
    assert haversine_m(*coords.wgs84_to_bd09(lat, lng), *coords.wgs84_to_bd09(*back)) < 0.01


def test_it_inverts_exactly_where_the_one_step_approximation_is_off_by_metres():
    lat, lng = 37.3825, 117.9707  # Binzhou city centre
    g_lat, g_lng = coords.wgs84_to_gcj02(lat, lng)
    one_step = (2 * g_lat - coords.wgs84_to_gcj02(g_lat, g_lng)[0], 2 * g_lng - coords.wgs84_to_gcj02(g_lat, g_lng)[1])
    assert haversine_m(lat, lng, *coords.gcj02_to_wgs84(g_lat, g_lng)) < 1e-4
    assert haversine_m(lat, lng, *one_step) > haversine_m(lat, lng, *coords.gcj02_to_wgs84(g_lat, g_lng))


def test_the_offsets_in_binzhou_are_the_known_size():
    lat, lng = 37.3825, 117.9707
    gcj = coords.wgs84_to_gcj02(lat, lng)
    assert 300 < haversine_m(lat, lng, *gcj) < 800
    assert 500 < haversine_m(*gcj, *coords.wgs84_to_bd09(lat, lng)) < 1300


def test_it_matches_a_published_reference_point():
    # Tian'anmen: WGS-84 (39.9087, 116.3975) is shown by AMap at about (39.91010, 116.40374).
    assert coords.wgs84_to_gcj02(39.9087, 116.3975) == pytest.approx((39.91010, 116.40374), abs=2e-5)


def test_it_leaves_points_outside_china_alone():
    assert coords.wgs84_to_gcj02(48.8566, 2.3522) == (48.8566, 2.3522)
    assert coords.to_wgs84(48.8566, 2.3522, "gcj02") == pytest.approx((48.8566, 2.3522))


def test_to_and_from_wgs84_dispatch_by_system_name():
    rng = random.Random(4)
    for _ in range(50):
        lat, lng = rng.uniform(36.8, 38.2), rng.uniform(117.3, 118.6)
        for system in coords.SYSTEMS:
            assert haversine_m(lat, lng, *coords.to_wgs84(*coords.from_wgs84(lat, lng, system), system)) < 0.01
    with pytest.raises(ValueError):
        coords.to_wgs84(37.0, 118.0, "mars")
