"""Volunteers with their user accounts and qualifications."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from volunteerhub.core.crypto import blind_index, encrypt
from volunteerhub.core.masking import mask_id_number
from volunteerhub.synthetic.bulk import bulk_insert, next_id, ts_array
from volunteerhub.synthetic.geography import cells
from volunteerhub.synthetic.run import Run
from volunteerhub.synthetic.sizes import DAYS, MARKERS
from volunteerhub.synthetic.teams import Teams
from volunteerhub.synthetic.words import GIVEN, QUALS, SURNAMES
from volunteerhub.volunteers.identity import make_resident_id

USER_COLUMNS = ["id", "password", "last_login", "is_superuser", "phone", "display_name", "role", "region_id", "team_id",
                "is_active", "is_staff", "date_joined"]
VOLUNTEER_COLUMNS = ["id", "user_id", "volunteer_number", "name", "id_number_encrypted", "id_number_hash",
                     "id_number_masked", "gender", "birth_date", "region_id", "team_id", "skills", "home_lat",
                     "home_lng", "home_cell", "channel", "registered_by_id", "status", "show_name_publicly",
                     "created_at", "updated_at", "city_code"]
BIRTH_BASE = dt.date(1955, 1, 1)


@dataclass(frozen=True)
class Volunteers:
    ids: np.ndarray
    users: np.ndarray


@dataclass(frozen=True)
class _People:
    """What is drawn for each volunteer, in the order it is drawn."""

    lat: np.ndarray
    lng: np.ndarray
    region: list[str]
    cell: list[int]
    team: np.ndarray
    joined: list[str]
    names: list[str]


def _names(rng: np.random.Generator, n: int) -> list[str]:
    s1, s2, s3 = rng.integers(0, len(SURNAMES), n), rng.integers(0, len(GIVEN), n), rng.integers(0, len(GIVEN) + 8, n)
    return [SURNAMES[s1[i]] + GIVEN[s2[i]] + (GIVEN[s3[i]] if s3[i] < len(GIVEN) else "") for i in range(n)]


def _draw(run: Run, rng: np.random.Generator, teams: Teams, n: int) -> _People:
    lat, lng, county = run.geo.points(rng, n, run.size.province)
    region = run.geo.village_of(rng, county)
    home_cell = cells(lat, lng)
    team = rng.integers(0, len(teams.ids), n)
    joined = ts_array((run.now.timestamp() - rng.integers(0, 3 * 365 * 86_400, n)).astype(np.int64))
    return _People(lat=lat, lng=lng, region=region, cell=home_cell, team=team, joined=joined, names=_names(rng, n))


def _users(run: Run, people: _People, first: int, n: int) -> None:
    from volunteerhub.accounts.models import User

    prefix = f"19{MARKERS[run.marker][0]}"
    rows = ((first + i, f"!scale{run.seed}-{i}", None, False, f"{prefix}{i:08d}", people.names[i], "volunteer",
             people.region[i], None, True, False, people.joined[i]) for i in range(n))
    run.counts["users"] = bulk_insert(User, USER_COLUMNS, rows, total=n, desc="users")


def _id_numbers(run: Run, region: list[str], n: int):
    """(birth date, ID number) per volunteer: (birth day, sequence) is unique, day = i * 7919 mod DAYS within
    each block of DAYS volunteers; odd sequences (male)."""
    _, seq_first, _ = MARKERS[run.marker]
    for i in range(n):
        birth = BIRTH_BASE + dt.timedelta(days=int((i * 7919) % DAYS))
        yield birth, make_resident_id(region[i][:6], birth, int(seq_first + i // DAYS))


def _volunteer_rows(run: Run, people: _People, teams: Teams, ids: Volunteers, n: int):
    for i, (birth, number) in enumerate(_id_numbers(run, people.region, n)):
        vid = int(ids.ids[i])
        yield (vid, int(ids.users[i]), f"{people.region[i][:6]}{people.joined[i][:4]}{vid:08d}", people.names[i],
               encrypt(number), blind_index(number), mask_id_number(number),
               "male" if int(number[16]) % 2 else "female", birth.isoformat(), people.region[i],
               int(teams.ids[people.team[i]]), "[]", float(people.lat[i]), float(people.lng[i]), people.cell[i],
               "self", None, "active", bool(i % 7 == 0), people.joined[i], people.joined[i], run.geo.city)


def _qualifications(run: Run, rng: np.random.Generator, ids: np.ndarray) -> None:
    """About one in eight holds a qualification (a fifth of them hold two)."""
    from volunteerhub.volunteers.models import Volunteer

    n = len(ids)
    holders = np.flatnonzero(rng.random(n) < 0.125)
    q1 = rng.integers(0, len(QUALS), len(holders))
    second = rng.random(len(holders)) < 0.2
    q2 = (q1 + 1 + rng.integers(0, len(QUALS) - 1, len(holders))) % len(QUALS)
    pairs = [(int(ids[v]), QUALS[a], run.geo.city) for v, a in zip(holders, q1, strict=True)]
    pairs += [(int(ids[v]), QUALS[b], run.geo.city) for v, b in zip(holders[second], q2[second], strict=True)]
    run.counts["qualifications"] = bulk_insert(Volunteer.qualifications.through,
                                               ["volunteer_id", "qualification_id", "city_code"],
                                               pairs, total=len(pairs), desc="qualifications")


def load_volunteers(run: Run, teams: Teams) -> Volunteers:
    from volunteerhub.accounts.models import User
    from volunteerhub.volunteers.models import Volunteer

    rng, n = run.rng(4), run.size.volunteers
    first_user, first_vol = next_id(User), next_id(Volunteer)
    people = _draw(run, rng, teams, n)
    ids = Volunteers(ids=np.arange(first_vol, first_vol + n), users=np.arange(first_user, first_user + n))
    _users(run, people, first_user, n)
    run.counts["volunteers"] = bulk_insert(Volunteer, VOLUNTEER_COLUMNS, _volunteer_rows(run, people, teams, ids, n),
                                           total=n, desc="volunteers")
    _qualifications(run, rng, ids.ids)
    return ids
