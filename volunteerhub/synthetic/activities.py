"""Projects and activities: two years back to a month ahead, each in its team's county."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import numpy as np

from volunteerhub.synthetic.bulk import bulk_insert, next_id, ts_array
from volunteerhub.synthetic.geography import cells
from volunteerhub.synthetic.run import Run
from volunteerhub.synthetic.teams import Teams
from volunteerhub.synthetic.words import KIND_NAMES, KINDS, SETTINGS

LOCAL_TZ = ZoneInfo("Asia/Shanghai")
PROJECT_COLUMNS = ["id", "code", "name", "team_id", "region_id", "kind", "description", "is_active", "created_at",
                   "updated_at", "city_code"]
ACTIVITY_COLUMNS = ["id", "project_id", "series_id", "title", "description", "kind", "setting", "status", "team_id",
                    "region_id", "place", "lat", "lng", "cell", "starts_at", "ends_at", "capacity", "confirmed_count",
                    "waitlist_count", "waitlist_seq", "people_served", "contact_name", "contact_phone",
                    "created_by_id", "published_at", "finished_at", "created_at", "updated_at", "city_code"]


@dataclass(frozen=True)
class Activities:
    """The activities written, column by column (what the ledger and the kept figures are made from)."""

    id: np.ndarray
    team: np.ndarray  # team ids
    region: list[str]
    kind: np.ndarray  # index into KINDS
    setting: np.ndarray  # index into SETTINGS
    start: np.ndarray  # UTC epoch seconds
    end: np.ndarray
    past: np.ndarray  # finished by now
    per: np.ndarray  # ledger entries (checked-out sign-ups) each
    people: np.ndarray  # people served


def load_projects(run: Run, teams: Teams) -> np.ndarray:
    """The projects' ids."""
    from volunteerhub.activities.models import Project

    rng, n = run.rng(5), run.size.projects
    first = next_id(Project)
    team = rng.integers(0, len(teams.ids), n)
    rows = ((first + i, f"S{run.marker[:1].upper()}{run.seed % 1000:03d}{i + 1:05d}", f"规模项目{i + 1}",
             int(teams.ids[team[i]]), teams.region[team[i]], KINDS[i % len(KINDS)], "", True, run.stamp, run.stamp,
             run.geo.city)
            for i in range(n))
    run.counts["projects"] = bulk_insert(Project, PROJECT_COLUMNS, rows, total=n, desc="projects")
    return np.arange(first, first + n)


def _places(run: Run, rng: np.random.Generator, county: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A point in each activity's county, drawn per county from a stream of its own."""
    lat, lng, _ = run.geo.points(rng, len(county), False)  # drawn for the stream's sake, then redrawn per county
    for i in range(len(run.geo.counties)):
        idx = np.flatnonzero(county == i)
        if len(idx):
            lat[idx], lng[idx], _ = run.geo.points(run.rng(60 + i), len(idx), False)
    return lat, lng


def _times(run: Run, rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Starts from two years back to a month ahead at 08:00-15:00 local, 1 to 4 hours long."""
    now_local = run.now.astimezone(LOCAL_TZ)
    today = dt.datetime(now_local.year, now_local.month, now_local.day, tzinfo=LOCAL_TZ)
    day, hour = rng.integers(-730, 31, n), rng.integers(8, 16, n)
    start = np.array([int((today + dt.timedelta(days=int(d), hours=int(h))).timestamp())
                      for d, h in zip(day, hour, strict=True)], dtype=np.int64)
    return start, start + rng.integers(2, 9, n) * 1800


def _entries_per(run: Run, rng: np.random.Generator, past: np.ndarray, volunteers: int) -> np.ndarray:
    """About ledger_entries / past activities each, never more than there are volunteers."""
    per = np.zeros(len(past), dtype=np.int64)
    n_past = int(past.sum())
    if n_past and run.size.ledger_entries:
        per[past] = rng.multinomial(run.size.ledger_entries, np.full(n_past, 1 / n_past))
    return np.minimum(per, volunteers)


def _project_of(projects: np.ndarray, drawn: np.ndarray) -> list[int | None]:
    return [int(projects[p]) if p >= 0 and len(projects) else None for p in drawn.tolist()]


def _row(run: Run, a: Activities, i: int, place: tuple, capacity: int, project: int | None,
         times: tuple) -> tuple:
    finished, (starts, ends, created) = bool(a.past[i]), times
    confirmed = int(a.per[i]) if run.size.signups else 0
    return (int(a.id[i]), project, None, f"规模活动{i + 1}：{KIND_NAMES[KINDS[a.kind[i]]]}", "", KINDS[a.kind[i]],
            SETTINGS[a.setting[i]], "finished" if finished else "published", int(a.team[i]), a.region[i],
            f"活动地点{i % 997 + 1}", *place, starts[i], ends[i], capacity, confirmed, 0, 0, int(a.people[i]), "", "",
            None, created[i], ends[i] if finished else None, created[i], ends[i] if finished else created[i],
            run.geo.city)


def _write(run: Run, a: Activities, lat, lng, capacity, projects: list[int | None]) -> None:
    from volunteerhub.activities.models import Activity

    cell = cells(lat, lng)
    times = (ts_array(a.start), ts_array(a.end), ts_array(a.start - 14 * 86_400))
    rows = (_row(run, a, i, (float(lat[i]), float(lng[i]), cell[i]), int(capacity[i]), projects[i], times)
            for i in range(len(a.id)))
    run.counts["activities"] = bulk_insert(Activity, ACTIVITY_COLUMNS, rows, total=len(a.id), desc="activities")


def load_activities(run: Run, teams: Teams, volunteers: int, projects: np.ndarray) -> Activities:
    from volunteerhub.activities.models import Activity

    rng, n = run.rng(6), run.size.activities
    first = next_id(Activity)
    team = rng.integers(0, len(teams.ids), n)
    lat, lng = _places(run, rng, teams.county[team])
    region = run.geo.village_of(rng, teams.county[team])
    start, end = _times(run, rng, n)
    past = end <= int(run.now.timestamp())
    per = _entries_per(run, rng, past, volunteers)
    capacity = np.maximum(per, 10) + rng.integers(0, 20, n)
    kind, setting = rng.integers(0, len(KINDS), n), rng.integers(0, len(SETTINGS), n)
    a = Activities(id=np.arange(first, first + n), team=teams.ids[team], region=region, kind=kind, setting=setting,
                   start=start, end=end, past=past, per=per, people=np.where(past, per * rng.integers(3, 12, n), 0))
    _write(run, a, lat, lng, capacity, _project_of(projects, rng.integers(-1, len(projects) or 1, n)))
    return a
