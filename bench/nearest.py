"""Nearest-k (k = 10) over the mapped points: the platform's index against a brute-force scan and PostGIS.

- index: `geo.spatial.NearestIndex` (k-d tree on unit vectors, in memory), what the map API answers from;
- H3 cells: `geo.spatial.nearest` over `posts_public()`, the database search the map falls back to;
- brute force: haversine from the query to every point with numpy, then the 10 smallest;
- PostGIS: `ORDER BY geog <-> point LIMIT 10` on a geography column with a GiST index (skipped when absent).
"""

from __future__ import annotations

import time

import numpy as np
from django.db import DatabaseError, connection, transaction

from bench import datasets
from bench.common import Profile, Result, median, ms, percentile, query_points
from volunteerhub.geo.sphere import EARTH_RADIUS_M
from volunteerhub.geo.spatial import NearestIndex, nearest

K = 10
POSTGIS_TABLE = "bench_postgis_points"


def brute_force(lat_r: np.ndarray, lng_r: np.ndarray, cos_lat: np.ndarray, lat: float, lng: float, k: int = K):
    """Indices and metres of the k nearest points by haversine over all of them."""
    p, l0 = np.radians(lat), np.radians(lng)
    a = np.sin((lat_r - p) / 2) ** 2 + np.cos(p) * cos_lat * np.sin((lng_r - l0) / 2) ** 2
    top = np.argpartition(a, k)[:k] if len(a) > k else np.arange(len(a))
    top = top[np.argsort(a[top], kind="stable")]
    return top, 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.minimum(a[top], 1.0)))


def _time_each(fn, queries) -> list[float]:
    out = []
    for lat, lng in queries:
        start = time.perf_counter()
        fn(float(lat), float(lng))
        out.append(time.perf_counter() - start)
    return out


def postgis_available() -> bool:
    """PostGIS is installed and enabled in the bench database (a role that may not enable it: not available)."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'")
        if cursor.fetchone() is None:
            return False
        try:
            with transaction.atomic():
                cursor.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        except DatabaseError:
            return False
    return True


def _postgis_table(count: int) -> None:
    """A geography copy of the active posts with a GiST index (rebuilt when the posts changed)."""
    from volunteerhub.organizations.models import ServicePost

    table = ServicePost._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [POSTGIS_TABLE])
        if cursor.fetchone()[0] is not None:
            cursor.execute(f"SELECT count(*) FROM {POSTGIS_TABLE}")
            if cursor.fetchone()[0] == count:
                return
            cursor.execute(f"DROP TABLE {POSTGIS_TABLE}")
        cursor.execute(f"CREATE TABLE {POSTGIS_TABLE} AS SELECT id, "
                       f"ST_SetSRID(ST_MakePoint(lng, lat), 4326)::geography AS geog FROM {table} WHERE is_active")
        cursor.execute(f"ALTER TABLE {POSTGIS_TABLE} ADD PRIMARY KEY (id)")
        cursor.execute(f"CREATE INDEX {POSTGIS_TABLE}_gist ON {POSTGIS_TABLE} USING gist (geog)")
        cursor.execute(f"ANALYZE {POSTGIS_TABLE}")


def run(profile: Profile) -> list[Result]:
    from volunteerhub.organizations.selectors import posts_public

    datasets.points(profile)
    ids, lats, lngs = datasets.post_arrays()
    n = len(ids)
    label = f"nearest-k (k={K}) over {n:,} points"
    rng = np.random.default_rng(8)
    queries = query_points(rng, profile.index_queries, lats, lngs)

    build_start = time.perf_counter()
    index = NearestIndex(ids, lats, lngs)
    build_s = time.perf_counter() - build_start
    index.query(lat=float(queries[0, 0]), lng=float(queries[0, 1]), k=K)  # warm
    index_times = _time_each(lambda a, b: index.query(lat=a, lng=b, k=K), queries)

    lat_r, lng_r = np.radians(lats), np.radians(lngs)
    cos_lat = np.cos(lat_r)
    brute_q = queries[: profile.brute_queries]
    brute_times = _time_each(lambda a, b: brute_force(lat_r, lng_r, cos_lat, a, b), brute_q)
    agree = 0
    for a, b in brute_q:
        want, want_m = brute_force(lat_r, lng_r, cos_lat, float(a), float(b))
        got = index.query(lat=float(a), lng=float(b), k=K)
        agree += int(np.allclose([d for _, d in got], want_m, rtol=0, atol=0.01))

    db_q = queries[: profile.db_queries]
    nearest(posts_public(), lat=float(db_q[0, 0]), lng=float(db_q[0, 1]), k=K)  # warm the connection
    db_times = _time_each(lambda a, b: nearest(posts_public(), lat=a, lng=b, k=K), db_q)

    brute_med = median(brute_times)
    idx_med, idx_p99 = median(index_times), percentile(index_times, 99)
    common = {"points": n, "index_build_s": round(build_s, 2), "brute_agree": f"{agree}/{len(brute_q)}"}
    rows = [
        Result(label, "index (k-d tree) median per query", ms(idx_med), "ms", "brute-force numpy scan", ms(brute_med),
               target=">= 50x faster than brute force", met=brute_med / idx_med >= 50, extra=common,
               note=f"same 10 as brute force on {agree}/{len(brute_q)} queries; index built in {build_s:.1f} s"),
        Result(label, "index (k-d tree) p99 per query", ms(idx_p99), "ms", "brute-force numpy scan p99",
               ms(percentile(brute_times, 99))),
        Result(label, "H3 cell search in the database, median", ms(median(db_times)), "ms", "brute-force numpy scan",
               ms(brute_med), note=f"p99 {ms(percentile(db_times, 99)):.2f} ms; {connection.vendor}; "
                                  "geo.spatial.nearest over posts_public()"),
    ]
    if postgis_available():
        _postgis_table(n)
        sql = (f"SELECT id, ST_Distance(geog, q) FROM {POSTGIS_TABLE}, "
               f"(SELECT ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography AS q) p ORDER BY geog <-> q LIMIT {K}")
        with connection.cursor() as cursor:
            raw = cursor.cursor

            def knn(a, b):
                raw.execute(sql, (b, a))
                return raw.fetchall()

            for a, b in queries[:20]:
                knn(float(a), float(b))  # warm the cache
            pg_times = _time_each(knn, queries)
        pg_med = median(pg_times)
        rows.append(Result(label, "index (k-d tree) median, against PostGIS", ms(idx_med), "ms",
                           "PostGIS KNN (GiST, geography) median", ms(pg_med),
                           target="<= PostGIS median", met=idx_med <= pg_med,
                           note=f"PostGIS p99 {ms(percentile(pg_times, 99)):.2f} ms, timed from Python over the "
                                "socket; the index is in-process"))
    else:
        rows.append(Result(label, "PostGIS KNN", None, "ms", "", None, target="<= PostGIS median",
                           note="skipped: PostGIS is not installed (Debian: postgresql-15-postgis-3)"
                           if connection.vendor == "postgresql" else "skipped: not on PostgreSQL"))
    return rows
