"""After a bulk load that wrote the regions' own monthly cells and the volunteers directly: the subtree counters
and volunteer tallies rebuilt from them, as the services keep them one change at a time."""

from django.db import connection, transaction

from volunteerhub.regions.models import Region
from volunteerhub.stats.freshness import data_changed
from volunteerhub.stats.models import MonthlyRollup, RegionTally, SubtreeRollup
from volunteerhub.stats.services import COUNTERS
from volunteerhub.volunteers.models import Volunteer


def _path_lengths() -> list[int]:
    return sorted({len(path) for path in Region.objects.values_list("path", flat=True)})


@transaction.atomic
def counters_rebuild() -> dict:
    """Rebuild the subtree counters and volunteer tallies from the regions' own cells and the volunteers.

    For bulk loads (scale data, bench fills) that write MonthlyRollup and volunteers directly: set-based
    SQL, one INSERT ... SELECT ... GROUP BY per region level.
    """
    qn = connection.ops.quote_name
    sub, own, tally = (qn(m._meta.db_table) for m in (SubtreeRollup, MonthlyRollup, RegionTally))
    regions, volunteers = qn(Region._meta.db_table), qn(Volunteer._meta.db_table)
    sums = ", ".join(f"SUM(m.{qn(c)})" for c in COUNTERS)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {sub}")
        cursor.execute(f"DELETE FROM {tally}")
        for length in _path_lengths():
            cursor.execute(
                f"INSERT INTO {sub} (city_code, region_id, month, activity_kind, setting, "
                f"{', '.join(qn(c) for c in COUNTERS)}) "
                f"SELECT m.city_code, a.code, m.month, m.activity_kind, m.setting, {sums} FROM {own} m "
                f"JOIN {regions} a ON a.path = SUBSTR(m.region_path, 1, %s) WHERE LENGTH(a.path) = %s "
                f"GROUP BY m.city_code, a.code, m.month, m.activity_kind, m.setting", [length, length])
            cursor.execute(
                f"INSERT INTO {tally} (city_code, region_id, volunteers) SELECT v.city_code, a.code, SUM(v.n) FROM "
                f"(SELECT city_code, region_id, COUNT(*) AS n FROM {volunteers} GROUP BY city_code, region_id) v "
                f"JOIN {regions} r ON r.code = v.region_id "
                f"JOIN {regions} a ON a.path = SUBSTR(r.path, 1, %s) WHERE LENGTH(a.path) = %s "
                f"GROUP BY v.city_code, a.code",
                [length, length])
    data_changed()
    return {"subtree_cells": SubtreeRollup.objects.count(), "region_tallies": RegionTally.objects.count()}
