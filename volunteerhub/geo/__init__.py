"""Coordinates and distances on the sphere, coordinate systems at the edges (WGS-84, GCJ-02, BD-09), and
spatial cells for nearest and radius search over any table with lat, lng and cell columns."""
