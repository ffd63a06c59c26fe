"""Great-circle geometry on WGS-84 coordinates."""

import math
import random

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG)


def haversine_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def validate_lat_lng(lat: float | None, lng: float | None) -> bool:
    return lat is not None and lng is not None and -90 <= lat <= 90 and -180 <= lng <= 180


def _ring_contains(ring: list[list[float]], lng: float, lat: float) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > lat) != (yj > lat) and lng < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def polygon_contains(geometry: dict, lat: float, lng: float) -> bool:
    """Point in a GeoJSON Polygon or MultiPolygon (even-odd rule, holes respected)."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    for polygon in polygons:
        if _ring_contains(polygon[0], lng, lat) and not any(_ring_contains(h, lng, lat) for h in polygon[1:]):
            return True
    return False


def bounding_box(geometry: dict) -> tuple[float, float, float, float]:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    points = [pt for polygon in polygons for pt in polygon[0]]
    lngs, lats = [p[0] for p in points], [p[1] for p in points]
    return min(lats), min(lngs), max(lats), max(lngs)


def random_point_in(geometry: dict, rng: random.Random) -> tuple[float, float]:
    """A uniformly random (lat, lng) inside the geometry, by rejection sampling."""
    south, west, north, east = bounding_box(geometry)
    while True:
        lat, lng = rng.uniform(south, north), rng.uniform(west, east)
        if polygon_contains(geometry, lat, lng):
            return round(lat, 6), round(lng, 6)
