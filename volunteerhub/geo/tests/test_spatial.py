"""Nearest and radius search equal a brute-force haversine ranking, at the edges of precision too."""

import random

import h3
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from volunteerhub.geo.sphere import haversine_m
from volunteerhub.geo.spatial import NearestIndex, _Search, cell_for, cell_range, distance_to_cells_m, nearest, within
from volunteerhub.organizations.models import ServicePost
from volunteerhub.regions.models import Region
from volunteerhub.core.tenancy import with_city_codes

CENTRE = (37.3825, 117.9707)


def _store(points) -> list[ServicePost]:
    ServicePost.objects.all().delete()
    region = Region.objects.get(code="371602")
    return ServicePost.objects.bulk_create(with_city_codes(
        ServicePost(name=f"p{i}", kind="station", lat=lat, lng=lng, cell=cell_for(lat, lng), region=region)
        for i, (lat, lng) in enumerate(points)))


def _brute(lat, lng, k=None, radius_m=None, accept=None):
    ranked = sorted(((haversine_m(lat, lng, p.lat, p.lng), p.pk) for p in ServicePost.objects.all()
                     if accept is None or accept(p)))
    if radius_m is not None:
        ranked = [r for r in ranked if r[0] <= radius_m]
    return ranked if k is None else ranked[:k]


def _assert_same(hits, expected):
    assert [h.obj.pk for h in hits] == [pk for _, pk in expected]
    for hit, (distance, _) in zip(hits, expected, strict=True):
        assert hit.distance_m == pytest.approx(distance, abs=1e-6)


def _scatter(rng, n, spread_deg):
    return [(CENTRE[0] + rng.uniform(-spread_deg, spread_deg), CENTRE[1] + rng.uniform(-spread_deg, spread_deg))
            for _ in range(n)]


points_strategy = st.lists(st.tuples(st.floats(36.9, 37.9), st.floats(117.4, 118.5)), min_size=0, max_size=60)


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(points=points_strategy, query=st.tuples(st.floats(36.5, 38.3), st.floats(117.0, 118.9)),
       k=st.integers(1, 70), radius=st.one_of(st.none(), st.floats(10, 80_000)))
def test_nearest_equals_a_brute_force_ranking_on_random_data(points, query, k, radius):
    _store(points)
    _assert_same(nearest(ServicePost.objects.all(), lat=query[0], lng=query[1], k=k, radius_m=radius),
                 _brute(*query, k=k, radius_m=radius))


@pytest.mark.django_db
def test_nearest_equals_brute_force_on_dense_and_sparse_mixtures():
    rng = random.Random(7)
    _store(_scatter(rng, 300, 0.03) + _scatter(rng, 100, 0.6))
    for _ in range(25):
        q = (CENTRE[0] + rng.uniform(-0.7, 0.7), CENTRE[1] + rng.uniform(-0.7, 0.7))
        k = rng.choice([1, 5, 10, 50])
        _assert_same(nearest(ServicePost.objects.all(), lat=q[0], lng=q[1], k=k), _brute(*q, k=k))


@pytest.mark.django_db
def test_points_on_cell_edges_and_vertices_are_ranked_like_everything_else():
    origin = h3.latlng_to_cell(*CENTRE, 8)
    points = []
    for cell in h3.grid_disk(origin, 2):
        boundary = h3.cell_to_boundary(cell)
        for i, vertex in enumerate(boundary):
            following = boundary[(i + 1) % len(boundary)]
            points.append(vertex)
            points.append(((vertex[0] + following[0]) / 2, (vertex[1] + following[1]) / 2))
    _store(points)
    for query in points[::7] + [h3.cell_to_latlng(origin)]:
        for k in (1, 3, 12):
            _assert_same(nearest(ServicePost.objects.all(), lat=query[0], lng=query[1], k=k), _brute(*query, k=k))


@pytest.mark.django_db
def test_k_larger_than_the_data_returns_everything_nearest_first():
    rng = random.Random(1)
    _store(_scatter(rng, 7, 0.5))
    hits = nearest(ServicePost.objects.all(), lat=CENTRE[0], lng=CENTRE[1], k=100)
    _assert_same(hits, _brute(*CENTRE))
    assert len(hits) == 7


@pytest.mark.django_db
def test_an_empty_table_and_an_empty_area_end_cleanly():
    _store([])
    assert nearest(ServicePost.objects.all(), lat=CENTRE[0], lng=CENTRE[1], k=5) == []
    _store([(37.38, 117.97), (37.40, 117.99)])
    far_away = (43.8, 87.6)  # Ürümqi, 2,700 km from any point
    _assert_same(nearest(ServicePost.objects.all(), lat=far_away[0], lng=far_away[1], k=5), _brute(*far_away))
    assert nearest(ServicePost.objects.all(), lat=far_away[0], lng=far_away[1], k=5, radius_m=50_000) == []


@pytest.mark.django_db
def test_within_a_radius_keeps_exactly_the_points_inside_it():
    rng = random.Random(3)
    _store(_scatter(rng, 200, 0.1))
    for radius in (5, 300, 2_000, 9_000, 30_000):
        _assert_same(within(ServicePost.objects.all(), lat=CENTRE[0], lng=CENTRE[1], radius_m=radius),
                     _brute(*CENTRE, radius_m=radius))


@pytest.mark.django_db
def test_a_point_exactly_at_the_radius_is_inside():
    posts = _store([(CENTRE[0] + 0.01, CENTRE[1])])
    distance = haversine_m(*CENTRE, posts[0].lat, posts[0].lng)
    assert len(within(ServicePost.objects.all(), lat=CENTRE[0], lng=CENTRE[1], radius_m=distance)) == 1
    assert within(ServicePost.objects.all(), lat=CENTRE[0], lng=CENTRE[1], radius_m=distance - 0.001) == []


@pytest.mark.django_db
def test_a_python_filter_skips_rows_without_losing_the_true_nearest():
    rng = random.Random(5)
    _store(_scatter(rng, 150, 0.2))
    accept = lambda p: p.pk % 3 == 0  # noqa: E731
    _assert_same(nearest(ServicePost.objects.all(), lat=CENTRE[0], lng=CENTRE[1], k=10, accept=accept),
                 _brute(*CENTRE, k=10, accept=accept))


@pytest.mark.django_db
def test_it_does_not_read_every_row():
    rng = random.Random(11)
    _store(_scatter(rng, 3000, 0.4))
    search = _Search(ServicePost.objects.all(), CENTRE[0], CENTRE[1], k=10, radius_m=None, accept=None,
                     cell_field="cell", lat_field="lat", lng_field="lng")
    _assert_same(search.run(), _brute(*CENTRE, k=10))
    assert len(search.seen) < 300


def test_cell_ranges_cover_exactly_the_descendants():
    cell = h3.latlng_to_cell(*CENTRE, 8)
    for res in (0, 3, 6, 7, 8):
        parent = h3.cell_to_parent(cell, res)
        children = [h3.str_to_int(c) for c in h3.cell_to_children(parent, 8)]
        assert cell_range(parent) == (min(children), max(children))


def test_the_distance_to_neighbouring_cells_is_a_true_lower_bound():
    rng = random.Random(2)
    origin = h3.latlng_to_cell(*CENTRE, 8)
    ring = set(h3.grid_disk(origin, 1)) - {origin}
    bound = distance_to_cells_m(*CENTRE, ring)
    for _ in range(2000):
        lat, lng = CENTRE[0] + rng.uniform(-0.02, 0.02), CENTRE[1] + rng.uniform(-0.02, 0.02)
        if h3.latlng_to_cell(lat, lng, 8) in ring:
            assert haversine_m(*CENTRE, lat, lng) >= bound - 1e-6


@settings(max_examples=60, deadline=None)
@given(points=st.lists(st.tuples(st.floats(36.9, 37.9), st.floats(117.4, 118.5)), min_size=0, max_size=80),
       query=st.tuples(st.floats(36.5, 38.3), st.floats(117.0, 118.9)), k=st.integers(1, 90),
       radius=st.one_of(st.none(), st.floats(1, 80_000)))
def test_the_in_memory_index_equals_a_brute_force_ranking(points, query, k, radius):
    index = NearestIndex(list(range(len(points))), [p[0] for p in points], [p[1] for p in points])
    expected = sorted((haversine_m(*query, *p), i) for i, p in enumerate(points))
    if radius is not None:
        expected = [e for e in expected if e[0] <= radius]
    got = index.query(lat=query[0], lng=query[1], k=k, radius_m=radius)
    expected = expected[:k]
    assert [d for _, d in got] == pytest.approx([d for d, _ in expected], abs=1e-6)
    # each answer is really that far (ids may differ only between points equally far, to float noise)
    assert len({i for i, _ in got}) == len(got)
    for i, distance in got:
        assert haversine_m(*query, *points[i]) == pytest.approx(distance, abs=1e-6)
