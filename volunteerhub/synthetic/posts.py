"""Service posts: the mapped points."""

from __future__ import annotations

import json

from volunteerhub.synthetic.bulk import bulk_insert, deferred_indexes, next_id
from volunteerhub.synthetic.geography import cells
from volunteerhub.synthetic.run import Run
from volunteerhub.synthetic.teams import Teams
from volunteerhub.synthetic.words import POST_KINDS

COLUMNS = ["id", "name", "kind", "address", "lat", "lng", "cell", "region_id", "team_id", "opening_hours",
           "opening_schedule", "services", "contact_name", "contact_phone", "is_active", "created_at", "updated_at",
           "city_code"]
SCHEDULE = json.dumps([{"days": [0, 1, 2, 3, 4], "open": "08:00", "close": "17:30"},
                       {"days": [5], "open": "08:30", "close": "12:00"}])
SERVICES = json.dumps(["测血压", "健康咨询"], ensure_ascii=False)


def _rows(run: Run, teams: Teams, first: int, n: int):
    rng = run.rng(3)
    lat, lng, county = run.geo.points(rng, n, run.size.province)
    region = run.geo.village_of(rng, county)
    cell = cells(lat, lng)
    kinds = rng.integers(0, len(POST_KINDS), n).tolist()
    team = rng.integers(0, len(teams.ids), n).tolist()
    lat_l, lng_l = lat.tolist(), lng.tolist()
    return ((first + i, f"规模{run.marker}服务岗{i + 1:07d}", POST_KINDS[kinds[i]], f"服务岗路{i % 997 + 1}号",
             lat_l[i], lng_l[i], cell[i], region[i], int(teams.ids[team[i]]), "周一至周五 08:00-17:30",
             SCHEDULE, SERVICES, "值班员", f"0543{4000000 + i % 5000000:07d}", True, run.stamp, run.stamp, run.geo.city)
            for i in range(n))


def load_posts(run: Run, teams: Teams) -> None:
    from volunteerhub.organizations.models import ServicePost

    n = run.size.posts
    if not n:
        return
    rows = _rows(run, teams, next_id(ServicePost), n)
    with deferred_indexes(ServicePost, rows=n):
        run.counts["posts"] = bulk_insert(ServicePost, COLUMNS, rows, total=n, desc="posts")
