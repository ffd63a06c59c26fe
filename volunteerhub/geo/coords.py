"""Coordinate systems used in China: WGS-84 (GPS, browsers), GCJ-02 (AMap, Tencent, WeChat) and BD-09 (Baidu).

We store WGS-84 and convert at the edges. The forward transforms are the published formulas; the
inverses are exact: fixed-point iteration on the forward transform until it reproduces the input
to 1e-12 degrees (~0.1 micrometre), not the usual one-step approximation that is off by metres.
"""

import math
from typing import Literal
from django.utils.translation import gettext_lazy

WGS84, GCJ02, BD09 = "wgs84", "gcj02", "bd09"
SYSTEMS = (WGS84, GCJ02, BD09)
Coord = Literal["wgs84", "gcj02", "bd09"]

_A = 6378245.0  # Krasovsky 1940 semi-major axis, as used by GCJ-02
_EE = 0.00669342162296594323  # its first eccentricity squared
_X_PI = math.pi * 3000.0 / 180.0
_TOLERANCE_DEG = 1e-12
_MAX_ITERATIONS = 50


def in_china(lat: float, lng: float) -> bool:
    """The rough rectangle where GCJ-02 applies (outside it GCJ-02 equals WGS-84)."""
    return 0.8293 <= lat <= 55.8271 and 72.004 <= lng <= 137.8347


def _transform_lat(x: float, y: float) -> float:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _transform_lng(x: float, y: float) -> float:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def wgs84_to_gcj02(lat: float, lng: float) -> tuple[float, float]:
    if not in_china(lat, lng):
        return lat, lng
    dlat = _transform_lat(lng - 105.0, lat - 35.0)
    dlng = _transform_lng(lng - 105.0, lat - 35.0)
    rad = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad) ** 2
    sqrt_magic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    dlng = (dlng * 180.0) / (_A / sqrt_magic * math.cos(rad) * math.pi)
    return lat + dlat, lng + dlng


def gcj02_to_bd09(lat: float, lng: float) -> tuple[float, float]:
    z = math.sqrt(lng * lng + lat * lat) + 0.00002 * math.sin(lat * _X_PI)
    theta = math.atan2(lat, lng) + 0.000003 * math.cos(lng * _X_PI)
    return z * math.sin(theta) + 0.006, z * math.cos(theta) + 0.0065


def _invert(forward, lat: float, lng: float) -> tuple[float, float]:
    """Solve forward(w) == (lat, lng) for w by fixed-point iteration (the transforms are near-identity)."""
    w_lat, w_lng = lat, lng
    for _ in range(_MAX_ITERATIONS):
        f_lat, f_lng = forward(w_lat, w_lng)
        d_lat, d_lng = f_lat - lat, f_lng - lng
        w_lat, w_lng = w_lat - d_lat, w_lng - d_lng
        if abs(d_lat) < _TOLERANCE_DEG and abs(d_lng) < _TOLERANCE_DEG:
            break
    return w_lat, w_lng


def gcj02_to_wgs84(lat: float, lng: float) -> tuple[float, float]:
    return _invert(wgs84_to_gcj02, lat, lng)


def bd09_to_gcj02(lat: float, lng: float) -> tuple[float, float]:
    return _invert(gcj02_to_bd09, lat, lng)


def wgs84_to_bd09(lat: float, lng: float) -> tuple[float, float]:
    return gcj02_to_bd09(*wgs84_to_gcj02(lat, lng))


def bd09_to_wgs84(lat: float, lng: float) -> tuple[float, float]:
    return _invert(wgs84_to_bd09, lat, lng)


def to_wgs84(lat: float, lng: float, coord: str) -> tuple[float, float]:
    """A point given in `coord` as WGS-84 (what we store)."""
    if coord == WGS84:
        return lat, lng
    if coord == GCJ02:
        return gcj02_to_wgs84(lat, lng)
    if coord == BD09:
        return bd09_to_wgs84(lat, lng)
    raise ValueError(f"unknown coordinate system {coord!r}")


def from_wgs84(lat: float, lng: float, coord: str) -> tuple[float, float]:
    """A stored WGS-84 point as the caller's system expects it."""
    if coord == WGS84:
        return lat, lng
    if coord == GCJ02:
        return wgs84_to_gcj02(lat, lng)
    if coord == BD09:
        return wgs84_to_bd09(lat, lng)
    raise ValueError(f"unknown coordinate system {coord!r}")


def require_system(coord: str) -> str:
    """The coordinate system a caller named, or a 400 naming the `coord` field."""
    from volunteerhub.core.errors import ValidationFailed
    from volunteerhub.core.i18n import Text

    if coord not in SYSTEMS:
        raise ValidationFailed({"coord": [gettext_lazy("must be wgs84, gcj02 or bd09")]})
    return coord


def point_in(lat: float | None, lng: float | None, coord: str) -> tuple[float | None, float | None]:
    """A caller's point as WGS-84; a missing or out-of-range point is left for the service to refuse."""
    from volunteerhub.geo.sphere import validate_lat_lng

    if coord == WGS84 or not validate_lat_lng(lat, lng):
        return lat, lng
    return to_wgs84(lat, lng, coord)
