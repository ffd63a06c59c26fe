"""Where things are: points in Binzhou's counties (around town centres) or around Shandong's cities."""

from __future__ import annotations

import json

import h3
import numpy as np
from django.conf import settings

from volunteerhub.geo.spatial import CELL_RESOLUTION

# Shandong's 16 city centres (WGS-84) and rough shares of the population: the province's clusters.
SHANDONG = [("济南", 36.651, 117.120, 9.4), ("青岛", 36.067, 120.383, 10.3), ("淄博", 36.813, 118.055, 4.7),
            ("枣庄", 34.810, 117.323, 3.8), ("东营", 37.434, 118.675, 2.2), ("烟台", 37.464, 121.448, 7.0),
            ("潍坊", 36.707, 119.162, 9.3), ("济宁", 35.415, 116.587, 8.3), ("泰安", 36.200, 117.088, 5.4),
            ("威海", 37.513, 122.120, 2.9), ("日照", 35.417, 119.527, 2.9), ("临沂", 35.104, 118.356, 11.0),
            ("德州", 37.435, 116.359, 5.6), ("聊城", 36.457, 115.985, 5.9), ("滨州", 37.382, 117.971, 3.9),
            ("菏泽", 35.233, 115.481, 8.7)]
TOWN_CENTRES = 12  # per county: most people live near one
TOWN_SIGMA = 1500 / 111_000  # degrees of latitude, about 1.5 km


def _rings(geometry: dict) -> list[np.ndarray]:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [np.asarray(polygon[0], dtype=float) for polygon in polygons]


def _inside_ring(ring: np.ndarray, lat: np.ndarray, lng: np.ndarray) -> np.ndarray:
    """Even-odd point-in-polygon for one ring, vectorised over the points."""
    here = np.zeros(len(lat), dtype=bool)
    x, y = ring[:, 0], ring[:, 1]
    for xi_, yi_, xj_, yj_ in zip(x, y, np.roll(x, 1), np.roll(y, 1), strict=True):
        if yi_ == yj_:
            continue
        crosses = (yi_ > lat) != (yj_ > lat)
        here ^= crosses & (lng < (xj_ - xi_) * (lat - yi_) / (yj_ - yi_) + xi_)
    return here


def _inside(rings: list[np.ndarray], lat: np.ndarray, lng: np.ndarray) -> np.ndarray:
    """Inside any of the outer rings."""
    inside = np.zeros(len(lat), dtype=bool)
    for ring in rings:
        inside |= _inside_ring(ring, lat, lng)
    return inside


def _uniform_in(rng: np.random.Generator, rings: list[np.ndarray], n: int) -> tuple[np.ndarray, np.ndarray]:
    """n points uniformly inside the rings (drawn in their bounding box, the outside ones thrown away)."""
    (west, south), (east, north) = np.concatenate(rings).min(axis=0), np.concatenate(rings).max(axis=0)
    lats, lngs = [np.empty(0)], [np.empty(0)]
    found = 0
    while found < n:
        want = max(64, int((n - found) * 2.5))
        lat, lng = rng.uniform(south, north, want), rng.uniform(west, east, want)
        keep = _inside(rings, lat, lng)
        lats.append(lat[keep])
        lngs.append(lng[keep])
        found += int(keep.sum())
    return np.concatenate(lats)[:n], np.concatenate(lngs)[:n]


def _codes_below(regions: list[tuple], county: str, level: str) -> np.ndarray:
    """The codes of one level under a county (the county itself when it has none)."""
    return np.array(sorted(code for code, lvl, path in regions if lvl == level and f"/{county}/" in path) or [county])


class Geography:
    """Binzhou's counties (polygons, villages) and, for the province, Shandong's city clusters."""

    def __init__(self, rng: np.random.Generator):
        from volunteerhub.regions.loader import boundaries_geojson
        from volunteerhub.regions.models import Region

        features = {f["properties"]["code"]: f["geometry"] for f in json.loads(boundaries_geojson())["features"]}
        regions = list(Region.objects.values_list("code", "level", "path"))
        self.city = settings.CITY_REGION_CODE  # every region below is in this city: the rows' city_code
        self.paths = {code: path for code, _, path in regions}
        self.counties = sorted(code for code, level, _ in regions if level == "county" and code in features)
        self.rings = {code: _rings(features[code]) for code in self.counties}
        self.villages = {c: _codes_below(regions, c, "village") for c in self.counties}
        self.townships = {c: _codes_below(regions, c, "township") for c in self.counties}
        self.centres = {c: np.stack(_uniform_in(rng, self.rings[c], TOWN_CENTRES), axis=1) for c in self.counties}

    def _county_points(self, rng: np.random.Generator, code: str, n: int) -> tuple[np.ndarray, np.ndarray]:
        """70% around the county's town centres (sigma 1.5 km), 30% anywhere in it."""
        near = rng.random(n) < 0.7
        centres = self.centres[code][rng.integers(0, TOWN_CENTRES, n)]
        lat = centres[:, 0] + rng.normal(0, TOWN_SIGMA, n)
        lng = centres[:, 1] + rng.normal(0, TOWN_SIGMA / np.cos(np.radians(37.4)), n)
        far = np.flatnonzero(~near)
        lat[far], lng[far] = _uniform_in(rng, self.rings[code], len(far))
        return lat, lng

    def binzhou_points(self, rng: np.random.Generator, n: int):
        """(lat, lng, county index), spread over the counties."""
        county = rng.integers(0, len(self.counties), n)
        lat, lng = np.empty(n), np.empty(n)
        for i, code in enumerate(self.counties):
            idx = np.flatnonzero(county == i)
            lat[idx], lng[idx] = self._county_points(rng, code, len(idx))
        return np.round(lat, 6), np.round(lng, 6), county

    def province_points(self, rng: np.random.Generator, n: int):
        """(lat, lng, county index or -1 outside Binzhou) around Shandong's 16 city centres."""
        weights = np.array([w for *_, w in SHANDONG])
        city = rng.choice(len(SHANDONG), n, p=weights / weights.sum())
        lat, lng, county = np.empty(n), np.empty(n), np.full(n, -1)
        for i, (name, c_lat, c_lng, _) in enumerate(SHANDONG):
            idx = np.flatnonzero(city == i)
            if name == "滨州":
                lat[idx], lng[idx], county[idx] = self.binzhou_points(rng, len(idx))
            else:
                lat[idx], lng[idx] = _around_city(rng, c_lat, c_lng, len(idx))
        return np.round(lat, 6), np.round(lng, 6), county

    def points(self, rng, n: int, province: bool):
        return self.province_points(rng, n) if province else self.binzhou_points(rng, n)

    def village_of(self, rng: np.random.Generator, county: np.ndarray) -> list[str]:
        """A village code in each point's county (the city itself for points outside Binzhou)."""
        out = np.full(len(county), self.city, dtype=object)
        for i, code in enumerate(self.counties):
            idx = np.flatnonzero(county == i)
            out[idx] = self.villages[code][rng.integers(0, len(self.villages[code]), len(idx))]
        return out.tolist()


def _around_city(rng: np.random.Generator, c_lat: float, c_lng: float, n: int) -> tuple[np.ndarray, np.ndarray]:
    """60% within about 8 km of the centre, the rest within about 30 km."""
    near = rng.random(n) < 0.6
    sigma = np.where(near, 8_000, 30_000) / 111_000
    lat = c_lat + rng.normal(0, 1, n) * sigma
    lng = c_lng + rng.normal(0, 1, n) * sigma / np.cos(np.radians(c_lat))
    return lat, lng


def cells(lat: np.ndarray, lng: np.ndarray) -> list[int]:
    """The H3 cell (as an integer) of each point, at the resolution the spatial search uses."""
    to_cell, to_int = h3.latlng_to_cell, h3.str_to_int
    return [to_int(to_cell(a, b, CELL_RESOLUTION)) for a, b in zip(lat.tolist(), lng.tolist(), strict=True)]
