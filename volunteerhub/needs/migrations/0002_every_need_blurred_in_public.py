"""A need is at someone's home: every need's public place becomes the blurred one (before, only sensitive kinds)."""

import h3
from django.conf import settings
from django.db import migrations

from volunteerhub.geo.spatial import cell_for


def _blurred(lat: float, lng: float, radius_m: float) -> tuple[float, float]:
    """As needs.services.blur_point at the time of this migration (the centre of a coarse H3 cell)."""
    res = next((r for r in range(15, -1, -1) if h3.average_hexagon_edge_length(r, "m") >= radius_m), 0)
    centre = h3.cell_to_latlng(h3.latlng_to_cell(lat, lng, res))
    return round(centre[0], 6), round(centre[1], 6)


def blur_every_need(apps, schema_editor):
    Need = apps.get_model("needs", "Need")
    radius = settings.NEED_BLUR_RADIUS_M
    if radius <= 0:
        return
    for need in Need.objects.only("pk", "lat", "lng").iterator():
        lat, lng = _blurred(need.lat, need.lng, radius)
        Need.objects.filter(pk=need.pk).update(public_lat=lat, public_lng=lng, public_cell=cell_for(lat, lng))


class Migration(migrations.Migration):
    dependencies = [("needs", "0001_initial")]

    operations = [migrations.RunPython(blur_every_need, migrations.RunPython.noop)]
