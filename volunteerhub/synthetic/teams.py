"""Teams: one per county first, the rest in the counties' townships."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from volunteerhub.synthetic.bulk import bulk_insert, next_id
from volunteerhub.synthetic.run import Run
from volunteerhub.synthetic.words import SURNAMES

COLUMNS = ["id", "name", "kind", "parent_id", "region_id", "leader_name", "contact_phone", "description", "is_active",
           "created_at", "updated_at", "city_code"]


@dataclass(frozen=True)
class Teams:
    ids: np.ndarray
    county: np.ndarray  # index into run.geo.counties
    region: list[str]


def team_model():
    from volunteerhub.organizations.models import Team

    return Team


def _regions(run: Run, rng: np.random.Generator, county: np.ndarray) -> list[str]:
    counties, townships = run.geo.counties, run.geo.townships
    return [counties[c] if i < len(counties) else townships[counties[c]][rng.integers(0, len(townships[counties[c]]))]
            for i, c in enumerate(county)]


def load_teams(run: Run) -> Teams:
    Team = team_model()
    rng, n = run.rng(2), run.size.teams
    first = next_id(Team)
    county = np.arange(n) % len(run.geo.counties)
    teams = Teams(ids=np.arange(first, first + n), county=county, region=_regions(run, rng, county))
    rows = ((int(teams.ids[i]), f"规模{run.marker}-队伍{i + 1:05d}", "team", None, teams.region[i],
             f"{SURNAMES[i % len(SURNAMES)]}队长", f"0543{3000000 + i:07d}", "", True, run.stamp, run.stamp, run.geo.city)
            for i in range(n))
    run.counts["teams"] = bulk_insert(Team, COLUMNS, rows, total=n, desc="teams")
    return teams
