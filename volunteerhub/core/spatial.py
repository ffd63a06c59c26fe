"""Spatial cells for nearest and radius search: every mappable row keeps an indexed `cell`.

Contract for every app: a mappable model has float `lat`, `lng` (WGS-84) and an indexed
BigIntegerField `cell` set with `cell_for(lat, lng)` whenever the location changes.
"""

import h3

CELL_RESOLUTION = 8  # H3 resolution 8: hexagons with ~530 m edges


def cell_for(lat: float, lng: float) -> int:
    return h3.str_to_int(h3.latlng_to_cell(lat, lng, CELL_RESOLUTION))
