"""Synthetic data at city and province scale: `volunteerhub seed city|province [--seed N]`.

city: about 160,000 volunteers, 5,000 service posts, 30,000 activities and 3 million ledger entries
(each a checked-out sign-up with its decision); province: 1,000,000 volunteers and 1,000,000 service
posts (the mapped points) around Shandong's 16 city centres.

Rows are generated with numpy from the seed (same seed, same data; only the Fernet ciphertext of ID
numbers differs, by design) and written in large batches: COPY on PostgreSQL, executemany on
SQLite, all in one transaction. The kept figures (VolunteerHours, TeamHours, stats MonthlyRollup and its
subtree counters and volunteer tallies, activity seat counts) are computed from the very rows inserted,
as the services would have kept them.
On PostgreSQL the deferred foreign-key triggers are switched off for the load when the role may do
so (as pg_restore --disable-triggers does): every reference is made valid by construction.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from decimal import Decimal
from zoneinfo import ZoneInfo

import h3
import numpy as np
from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import connection, transaction

from volunteerhub.core.crypto import blind_index, encrypt
from volunteerhub.volunteers.identity import make_resident_id
from volunteerhub.core.masking import mask_id_number
from volunteerhub.core.progress import progress
from volunteerhub.geo.spatial import CELL_RESOLUTION

LOCAL_TZ = ZoneInfo("Asia/Shanghai")
BATCH = 50_000
KINDS = ["advocacy", "counselling", "convenience", "poverty_relief", "family_planning", "patriotic_health", "training"]
SETTINGS = ["community", "school", "office", "enterprise", "home", "village"]
POST_KINDS = ["clinic", "health_center", "hospital", "pharmacy", "station"]
QUALS = ["doctor", "nurse", "pharmacist", "counsellor", "first_aider", "village_doctor", "health_educator",
         "social_worker"]
KIND_NAMES = {"advocacy": "文明倡导", "counselling": "心理疏导", "convenience": "便民利民", "poverty_relief": "贫困救助",
              "family_planning": "计生家庭帮扶", "patriotic_health": "爱国卫生", "training": "培训"}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国玉兰红梅海燕志强文博子涵雨欣浩然"
# Shandong's 16 city centres (WGS-84) and rough shares of the population: the province's clusters.
SHANDONG = [("济南", 36.651, 117.120, 9.4), ("青岛", 36.067, 120.383, 10.3), ("淄博", 36.813, 118.055, 4.7),
            ("枣庄", 34.810, 117.323, 3.8), ("东营", 37.434, 118.675, 2.2), ("烟台", 37.464, 121.448, 7.0),
            ("潍坊", 36.707, 119.162, 9.3), ("济宁", 35.415, 116.587, 8.3), ("泰安", 36.200, 117.088, 5.4),
            ("威海", 37.513, 122.120, 2.9), ("日照", 35.417, 119.527, 2.9), ("临沂", 35.104, 118.356, 11.0),
            ("德州", 37.435, 116.359, 5.6), ("聊城", 36.457, 115.985, 5.9), ("滨州", 37.382, 117.971, 3.9),
            ("菏泽", 35.233, 115.481, 8.7)]


@dataclass(frozen=True)
class Size:
    volunteers: int
    teams: int
    posts: int
    projects: int
    activities: int
    ledger_entries: int
    province: bool = False  # points around Shandong's cities instead of Binzhou's counties
    signups: bool = True  # ledger entries from checked-out sign-ups; False: back-filled entries per activity
    marker: str = "city"  # names the dataset's rows (teams), so a second load is refused; one of MARKERS


# Each dataset has its own phone numbers (19 + digit + 8 digits) and its own block of ID sequence
# numbers (first, width), below the 100-999 that the demo and the tests use: datasets never collide.
MARKERS = {"city": (0, 0, 10), "province": (1, 10, 50), "points": (2, 60, 10), "signups": (3, 70, 10),
           "dashboard": (4, 80, 10), "smoke": (5, 90, 10)}
DAYS = 20_000  # birth dates from 1955-01-01 over 20,000 days

SIZES = {
    "city": Size(volunteers=160_000, teams=132, posts=5_000, projects=329, activities=30_000,
                 ledger_entries=3_000_000),
    "province": Size(volunteers=1_000_000, teams=1_600, posts=1_000_000, projects=0, activities=0,
                     ledger_entries=0, province=True, marker="province"),
}


def seed_scale(*, dataset: str, seed: int, stdout) -> dict:
    """Load a scale dataset ("city" or "province") into the configured database."""
    if dataset not in SIZES:
        raise CommandError(f"unknown dataset {dataset!r}: choose {', '.join(SIZES)}")
    return load(size=SIZES[dataset], seed=seed, stdout=stdout)


def load(*, size: Size, seed: int, stdout, now: dt.datetime | None = None) -> dict:
    """Load one dataset of the given size (benchmarks use their own sizes); returns what was written."""
    from volunteerhub.regions.loader import load_regions
    from volunteerhub.regions.models import Region

    marker = size.marker
    if marker not in MARKERS:
        raise CommandError(f"unknown dataset marker {marker!r}")
    digit, _, width = MARKERS[marker]
    if size.volunteers > width * DAYS:
        raise CommandError(f"{size.volunteers} volunteers is more than dataset {marker} can number")
    load_regions(Region)
    if _team_model().objects.filter(name__startswith=f"规模{marker}-").exists():
        stdout.write(f"数据集 {marker} 已载入，跳过 Dataset {marker} is already loaded: nothing done.")
        return {}
    now = now or dt.datetime.now(dt.UTC).replace(microsecond=0)
    with transaction.atomic():
        _fast_constraints()
        counts = _Loader(size=size, seed=seed, marker=marker, now=now, stdout=stdout).run()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    stdout.write("已载入 Loaded: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    return counts


def _team_model():
    from volunteerhub.organizations.models import Team

    return Team


def _fast_constraints() -> None:
    """SQLite: a page cache big enough for the indexes being filled (the default 2 MB thrashes);
    PostgreSQL: skip the deferred FK triggers for this transaction when the role is allowed to."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -1048576")  # 1 GiB, this connection only
        return
    if connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
    except Exception:  # not a superuser: the triggers run, slower but the same result
        pass


# --- Writing rows in bulk ----------------------------------------------------------------------

def _pg_text(value) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    return str(value)


def bulk_insert(model_or_table, columns: list[str], rows: Iterable[tuple], *, total: int | None = None,
                desc: str = "") -> int:
    """Insert rows (tuples in `columns` order) fast: COPY on PostgreSQL, executemany on SQLite.

    Values must be plain: int, float, str (dates and times as ISO text), bool or None, and strings
    without tabs, newlines or backslashes.
    """
    table = model_or_table if isinstance(model_or_table, str) else model_or_table._meta.db_table
    qn = connection.ops.quote_name
    cols = ", ".join(qn(c) for c in columns)
    written = 0
    bar = progress(total=total, desc=desc or table, unit="rows")
    with connection.cursor() as cursor:
        raw = cursor.cursor
        if connection.vendor == "postgresql":
            with raw.copy(f"COPY {qn(table)} ({cols}) FROM STDIN") as copy:
                for chunk in _chunks(rows, BATCH):
                    copy.write("".join("\t".join(map(_pg_text, row)) + "\n" for row in chunk))
                    written += len(chunk)
                    bar.update(len(chunk))
        else:
            sql = f"INSERT INTO {qn(table)} ({cols}) VALUES ({', '.join('?' * len(columns))})"
            for chunk in _chunks(rows, BATCH):
                raw.executemany(sql, chunk)
                written += len(chunk)
                bar.update(len(chunk))
    bar.close()
    return written


def _chunks(rows: Iterable[tuple], n: int) -> Iterator[list[tuple]]:
    chunk: list[tuple] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= n:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _column_text(values, n: int) -> list[str]:
    """One column as COPY text: a scalar repeated, or an array/list of n values."""
    if values is None or isinstance(values, (str, int, float, bool)):
        return [_pg_text(values)] * n
    if isinstance(values, np.ndarray) and values.dtype.kind in "iu":
        return values.astype(str).tolist()
    return [_pg_text(v) for v in values]


def _column_values(values, n: int) -> list:
    if values is None or isinstance(values, (str, int, float, bool)):
        return [values] * n
    return values.tolist() if isinstance(values, np.ndarray) else list(values)


def insert_columns(model_or_table, columns: dict[str, object], n: int) -> int:
    """Insert n rows given column by column (numpy arrays, lists or one scalar for every row)."""
    table = model_or_table if isinstance(model_or_table, str) else model_or_table._meta.db_table
    qn = connection.ops.quote_name
    names = list(columns)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        if connection.vendor == "postgresql":
            texts = [_column_text(columns[c], n) for c in names]
            with raw.copy(f"COPY {qn(table)} ({', '.join(qn(c) for c in names)}) FROM STDIN") as copy:
                copy.write("".join(["\t".join(row) + "\n" for row in zip(*texts, strict=True)]))
        else:
            values = [_column_values(columns[c], n) for c in names]
            raw.executemany(f"INSERT INTO {qn(table)} ({', '.join(qn(c) for c in names)}) "
                            f"VALUES ({', '.join('?' * len(names))})", list(zip(*values, strict=True)))
    return n


@contextmanager
def deferred_indexes(model, *, rows: int):
    """For a big load: drop the table's plain secondary indexes, then build them once at the end
    (constraint indexes, the primary key and unique constraints, stay)."""
    table = model._meta.db_table
    if rows < 300_000:
        yield
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s AND NOT EXISTS "
                           "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)", [table])
        else:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                           "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%%'", [table])
        indexes = cursor.fetchall()
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    bar = progress(total=len(indexes), desc=f"indexes of {table}", unit="index")
    with connection.cursor() as cursor:
        for _, definition in indexes:
            cursor.execute(definition)
            bar.update(1)
    bar.close()


def next_id(model) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX({connection.ops.quote_name(model._meta.pk.column)}) FROM "
                       f"{connection.ops.quote_name(model._meta.db_table)}")
        return (cursor.fetchone()[0] or 0) + 1


def reset_sequences(models: list) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def ts(value: dt.datetime) -> str:
    """An aware datetime as the database stores it (UTC text)."""
    utc = value.astimezone(dt.UTC)
    return utc.strftime("%Y-%m-%d %H:%M:%S") + ("+00" if connection.vendor == "postgresql" else "")


def ts_array(seconds: np.ndarray) -> list[str]:
    """UTC epoch seconds as stored datetimes."""
    suffix = "+00" if connection.vendor == "postgresql" else ""
    text = np.datetime_as_string(seconds.astype("datetime64[s]"), unit="s")
    return [s.replace("T", " ") + suffix for s in text.tolist()]


# --- Where things are ----------------------------------------------------------------------------

def _rings(geometry: dict) -> list[np.ndarray]:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [np.asarray(polygon[0], dtype=float) for polygon in polygons]


def _inside(rings: list[np.ndarray], lat: np.ndarray, lng: np.ndarray) -> np.ndarray:
    """Even-odd point-in-polygon over outer rings, vectorised over the points."""
    inside = np.zeros(len(lat), dtype=bool)
    for ring in rings:
        here = np.zeros(len(lat), dtype=bool)
        x, y = ring[:, 0], ring[:, 1]
        xj, yj = np.roll(x, 1), np.roll(y, 1)
        for xi_, yi_, xj_, yj_ in zip(x, y, xj, yj, strict=True):
            if yi_ == yj_:
                continue
            crosses = (yi_ > lat) != (yj_ > lat)
            here ^= crosses & (lng < (xj_ - xi_) * (lat - yi_) / (yj_ - yi_) + xi_)
        inside |= here
    return inside


def _uniform_in(rng: np.random.Generator, rings: list[np.ndarray], n: int) -> tuple[np.ndarray, np.ndarray]:
    allpts = np.concatenate(rings)
    west, south = allpts.min(axis=0)
    east, north = allpts.max(axis=0)
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


class Geography:
    """Binzhou's counties (polygons, villages) and, for the province, Shandong's city clusters."""

    def __init__(self, rng: np.random.Generator):
        from volunteerhub.regions.loader import boundaries_geojson
        from volunteerhub.regions.models import Region

        features = {f["properties"]["code"]: f["geometry"] for f in json.loads(boundaries_geojson())["features"]}
        regions = list(Region.objects.values_list("code", "level", "path"))
        self.city = settings.CITY_REGION_CODE
        self.paths = {code: path for code, _, path in regions}
        self.counties = sorted(code for code, level, _ in regions if level == "county" and code in features)
        self.rings = {code: _rings(features[code]) for code in self.counties}
        self.villages = {c: np.array(sorted(code for code, level, path in regions if level == "village"
                                            and f"/{c}/" in path) or [c]) for c in self.counties}
        self.townships = {c: np.array(sorted(code for code, level, path in regions if level == "township"
                                             and f"/{c}/" in path) or [c]) for c in self.counties}
        # A dozen town centres per county: most people live near one.
        self.centres = {c: np.stack(_uniform_in(rng, self.rings[c], 12), axis=1) for c in self.counties}

    def binzhou_points(self, rng: np.random.Generator, n: int):
        """(lat, lng, county index): 70% around town centres (sigma 1.5 km), 30% anywhere in the county."""
        county = rng.integers(0, len(self.counties), n)
        lat, lng = np.empty(n), np.empty(n)
        for i, code in enumerate(self.counties):
            idx = np.flatnonzero(county == i)
            near = rng.random(len(idx)) < 0.7
            centres = self.centres[code][rng.integers(0, 12, len(idx))]
            sigma = 1500 / 111_000
            lat[idx] = centres[:, 0] + rng.normal(0, sigma, len(idx))
            lng[idx] = centres[:, 1] + rng.normal(0, sigma / np.cos(np.radians(37.4)), len(idx))
            far = idx[~near]
            lat[far], lng[far] = _uniform_in(rng, self.rings[code], len(far))
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
                continue
            near = rng.random(len(idx)) < 0.6
            sigma = np.where(near, 8_000, 30_000) / 111_000
            lat[idx] = c_lat + rng.normal(0, 1, len(idx)) * sigma
            lng[idx] = c_lng + rng.normal(0, 1, len(idx)) * sigma / np.cos(np.radians(c_lat))
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


def cells(lat: np.ndarray, lng: np.ndarray) -> list[int]:
    to_cell, to_int = h3.latlng_to_cell, h3.str_to_int
    return [to_int(to_cell(a, b, CELL_RESOLUTION)) for a, b in zip(lat.tolist(), lng.tolist(), strict=True)]


# --- The loader ----------------------------------------------------------------------------------

class _Loader:
    def __init__(self, *, size: Size, seed: int, marker: str, now: dt.datetime, stdout):
        self.size, self.seed, self.marker, self.now, self.stdout = size, seed, marker, now, stdout
        self.rng = np.random.default_rng(seed)
        self.geo = Geography(np.random.default_rng([seed, 1]))
        self.counts: dict[str, int] = {}

    def note(self, text: str) -> None:
        self.stdout.write(f"  · {text}")
        self.stdout.flush() if hasattr(self.stdout, "flush") else None

    def run(self) -> dict:
        from volunteerhub.accounts.models import User
        from volunteerhub.activities.models import Activity, Project, SignUp
        from volunteerhub.hours.models import LedgerDecision, LedgerEntry
        from volunteerhub.organizations.models import ServicePost, Team
        from volunteerhub.stats.models import MonthlyRollup
        from volunteerhub.stats.services import counters_rebuild
        from volunteerhub.volunteers.models import Volunteer

        self.teams()
        self.posts()
        self.volunteers()
        if self.size.activities:
            self.projects()
            self.activities()
            self.ledger()
        reset_sequences([Team, ServicePost, User, Volunteer, Project, Activity, SignUp, LedgerEntry, LedgerDecision,
                         MonthlyRollup])
        self.counts.update(counters_rebuild())  # subtree counters and volunteer tallies, as the services keep them
        return self.counts

    # teams ----------------------------------------------------------------------------------------
    def teams(self) -> None:
        Team = _team_model()
        rng, n = np.random.default_rng([self.seed, 2]), self.size.teams
        first = next_id(Team)
        county = np.arange(n) % len(self.geo.counties)
        self.team_ids = np.arange(first, first + n)
        self.team_county = county
        self.team_region = [self.geo.counties[c] if i < len(self.geo.counties) else
                            self.geo.townships[self.geo.counties[c]][rng.integers(0, len(self.geo.townships[self.geo.counties[c]]))]
                            for i, c in enumerate(county)]
        stamp = ts(self.now)
        rows = ((int(self.team_ids[i]), f"规模{self.marker}-队伍{i + 1:05d}", "team", None, self.team_region[i],
                 f"{SURNAMES[i % len(SURNAMES)]}队长", f"0543{3000000 + i:07d}", "", True, stamp, stamp)
                for i in range(n))
        self.counts["teams"] = bulk_insert(Team, ["id", "name", "kind", "parent_id", "region_id", "leader_name",
                                                  "contact_phone", "description", "is_active", "created_at",
                                                  "updated_at"], rows, total=n, desc="teams")

    # service posts (the mapped points) ------------------------------------------------------------
    def posts(self) -> None:
        from volunteerhub.organizations.models import ServicePost

        rng, n = np.random.default_rng([self.seed, 3]), self.size.posts
        if not n:
            return
        first = next_id(ServicePost)
        lat, lng, county = self.geo.points(rng, n, self.size.province)
        region = self.geo.village_of(rng, county)
        cell = cells(lat, lng)
        kinds = rng.integers(0, len(POST_KINDS), n).tolist()
        team = rng.integers(0, len(self.team_ids), n).tolist()
        schedule = json.dumps([{"days": [0, 1, 2, 3, 4], "open": "08:00", "close": "17:30"},
                               {"days": [5], "open": "08:30", "close": "12:00"}])
        services = json.dumps(["测血压", "健康咨询"], ensure_ascii=False)
        stamp = ts(self.now)
        lat_l, lng_l = lat.tolist(), lng.tolist()
        rows = ((first + i, f"规模{self.marker}服务岗{i + 1:07d}", POST_KINDS[kinds[i]], f"服务岗路{i % 997 + 1}号",
                 lat_l[i], lng_l[i], cell[i], region[i], int(self.team_ids[team[i]]), "周一至周五 08:00-17:30",
                 schedule, services, "值班员", f"0543{4000000 + i % 5000000:07d}", True, stamp, stamp)
                for i in range(n))
        with deferred_indexes(ServicePost, rows=n):
            self.counts["posts"] = bulk_insert(ServicePost, [
                "id", "name", "kind", "address", "lat", "lng", "cell", "region_id", "team_id", "opening_hours",
                "opening_schedule", "services", "contact_name", "contact_phone", "is_active", "created_at",
                "updated_at"], rows, total=n, desc="posts")

    # users and volunteers -------------------------------------------------------------------------
    def volunteers(self) -> None:
        from volunteerhub.accounts.models import User
        from volunteerhub.volunteers.models import Volunteer

        rng, n = np.random.default_rng([self.seed, 4]), self.size.volunteers
        first_user, first_vol = next_id(User), next_id(Volunteer)
        lat, lng, county = self.geo.points(rng, n, self.size.province)
        region = self.geo.village_of(rng, county)
        home_cell = cells(lat, lng)
        team_of = rng.integers(0, len(self.team_ids), n)
        # (birth day, sequence) is unique per volunteer: day = i * 7919 mod DAYS within each block of DAYS.
        digit, seq_first, _ = MARKERS[self.marker]
        birth_day = (np.arange(n) * 7919) % DAYS
        sequence = seq_first + np.arange(n) // DAYS
        joined = self.now.timestamp() - rng.integers(0, 3 * 365 * 86_400, n)
        joined_text = ts_array(joined.astype(np.int64))
        s1, s2, s3 = (rng.integers(0, len(SURNAMES), n), rng.integers(0, len(GIVEN), n),
                      rng.integers(0, len(GIVEN) + 8, n))
        prefix = f"19{digit}"
        self.volunteer_ids = np.arange(first_vol, first_vol + n)
        self.volunteer_users = np.arange(first_user, first_user + n)
        base = dt.date(1955, 1, 1)

        def name(i: int) -> str:
            extra = GIVEN[s3[i]] if s3[i] < len(GIVEN) else ""
            return SURNAMES[s1[i]] + GIVEN[s2[i]] + extra

        names = [name(i) for i in range(n)]
        user_rows = ((first_user + i, f"!scale{self.seed}-{i}", None, False, f"{prefix}{i:08d}",
                      names[i], "volunteer", region[i], None, True, False, joined_text[i]) for i in range(n))
        self.counts["users"] = bulk_insert(User, ["id", "password", "last_login", "is_superuser", "phone",
                                                  "display_name", "role", "region_id", "team_id", "is_active",
                                                  "is_staff", "date_joined"], user_rows, total=n, desc="users")

        def volunteer_rows():
            for i in range(n):
                birth = base + dt.timedelta(days=int(birth_day[i]))
                area = region[i][:6]
                number = make_resident_id(area, birth, int(sequence[i]))  # odd sequence: male
                year = joined_text[i][:4]
                yield (int(self.volunteer_ids[i]), int(self.volunteer_users[i]),
                       f"{area}{year}{int(self.volunteer_ids[i]):08d}", names[i], encrypt(number),
                       blind_index(number), mask_id_number(number), "male" if int(number[16]) % 2 else "female",
                       birth.isoformat(), region[i], int(self.team_ids[team_of[i]]), "[]", float(lat[i]),
                       float(lng[i]), home_cell[i], "self", None, "active", bool(i % 7 == 0), joined_text[i],
                       joined_text[i])

        self.counts["volunteers"] = bulk_insert(Volunteer, [
            "id", "user_id", "volunteer_number", "name", "id_number_encrypted", "id_number_hash", "id_number_masked",
            "gender", "birth_date", "region_id", "team_id", "skills", "home_lat", "home_lng", "home_cell", "channel",
            "registered_by_id", "status", "show_name_publicly", "created_at", "updated_at"], volunteer_rows(),
            total=n, desc="volunteers")
        # About one in eight holds a qualification (a few hold two).
        holders = np.flatnonzero(rng.random(n) < 0.125)
        q1 = rng.integers(0, len(QUALS), len(holders))
        second = rng.random(len(holders)) < 0.2
        q2 = (q1 + 1 + rng.integers(0, len(QUALS) - 1, len(holders))) % len(QUALS)
        pairs = [(int(self.volunteer_ids[v]), QUALS[a]) for v, a in zip(holders, q1, strict=True)]
        pairs += [(int(self.volunteer_ids[v]), QUALS[b]) for v, b in zip(holders[second], q2[second], strict=True)]
        through = Volunteer.qualifications.through
        self.counts["qualifications"] = bulk_insert(through, ["volunteer_id", "qualification_id"], pairs,
                                                    total=len(pairs), desc="qualifications")

    # projects and activities ------------------------------------------------------------------------
    def projects(self) -> None:
        from volunteerhub.activities.models import Project

        rng, n = np.random.default_rng([self.seed, 5]), self.size.projects
        first = next_id(Project)
        team = rng.integers(0, len(self.team_ids), n)
        stamp = ts(self.now)
        self.project_ids = np.arange(first, first + n)
        rows = ((first + i, f"S{self.marker[:1].upper()}{self.seed % 1000:03d}{i + 1:05d}", f"规模项目{i + 1}",
                 int(self.team_ids[team[i]]), self.team_region[team[i]], KINDS[i % len(KINDS)], "", True, stamp, stamp)
                for i in range(n))
        self.counts["projects"] = bulk_insert(Project, ["id", "code", "name", "team_id", "region_id", "kind",
                                                        "description", "is_active", "created_at", "updated_at"],
                                              rows, total=n, desc="projects")

    def activities(self) -> None:
        from volunteerhub.activities.models import Activity

        rng, n = np.random.default_rng([self.seed, 6]), self.size.activities
        first = next_id(Activity)
        team = rng.integers(0, len(self.team_ids), n)
        county = self.team_county[team]
        lat, lng, _ = self.geo.points(rng, n, False)
        # Put each activity in its team's county: draw points per county.
        for i, code in enumerate(self.geo.counties):
            idx = np.flatnonzero(county == i)
            if len(idx):
                p_lat, p_lng, _ = self.geo.points(np.random.default_rng([self.seed, 60 + i]), len(idx), False)
                lat[idx], lng[idx] = p_lat, p_lng
        region = self.geo.village_of(rng, county)
        cell = cells(lat, lng)
        # Two years back to a month ahead, starting at 08:00-15:00 local, 1 to 4 hours long.
        now_local = self.now.astimezone(LOCAL_TZ)
        today = dt.datetime(now_local.year, now_local.month, now_local.day, tzinfo=LOCAL_TZ)
        day = rng.integers(-730, 31, n)
        hour = rng.integers(8, 16, n)
        start = np.array([int((today + dt.timedelta(days=int(d), hours=int(h))).timestamp())
                          for d, h in zip(day, hour, strict=True)], dtype=np.int64)
        duration = rng.integers(2, 9, n) * 1800
        end = start + duration
        past = end <= int(self.now.timestamp())
        # Entries per past activity: about ledger_entries / past activities, never above the capacity.
        per = np.zeros(n, dtype=np.int64)
        n_past = int(past.sum())
        if n_past and self.size.ledger_entries:
            per[past] = rng.multinomial(self.size.ledger_entries, np.full(n_past, 1 / n_past))
        per = np.minimum(per, len(self.volunteer_ids))
        capacity = np.maximum(per, 10) + rng.integers(0, 20, n)
        kind = rng.integers(0, len(KINDS), n)
        setting = rng.integers(0, len(SETTINGS), n)
        people = np.where(past, per * rng.integers(3, 12, n), 0)
        project = rng.integers(-1, len(getattr(self, "project_ids", [])) or 1, n)
        starts, ends = ts_array(start), ts_array(end)
        created = ts_array(start - 14 * 86_400)
        self.activity = {"id": np.arange(first, first + n), "team": self.team_ids[team], "region": region,
                         "kind": kind, "setting": setting, "start": start, "end": end, "past": past, "per": per,
                         "people": people, "starts": starts, "ends": ends}
        confirmed = per if self.size.signups else np.zeros(n, dtype=np.int64)
        projects = getattr(self, "project_ids", np.array([], dtype=np.int64))

        def rows():
            for i in range(n):
                finished = bool(past[i])
                yield (first + i, int(projects[project[i]]) if project[i] >= 0 and len(projects) else None, None,
                       f"规模活动{i + 1}：{KIND_NAMES[KINDS[kind[i]]]}", "", KINDS[kind[i]], SETTINGS[setting[i]],
                       "finished" if finished else "published", int(self.team_ids[team[i]]), region[i],
                       f"活动地点{i % 997 + 1}", float(lat[i]), float(lng[i]), cell[i], starts[i], ends[i],
                       int(capacity[i]), int(confirmed[i]), 0, 0, int(people[i]), "", "", None, created[i],
                       ends[i] if finished else None, created[i], ends[i] if finished else created[i])

        self.counts["activities"] = bulk_insert(Activity, [
            "id", "project_id", "series_id", "title", "description", "kind", "setting", "status", "team_id",
            "region_id", "place", "lat", "lng", "cell", "starts_at", "ends_at", "capacity", "confirmed_count",
            "waitlist_count", "waitlist_seq", "people_served", "contact_name", "contact_phone", "created_by_id",
            "published_at", "finished_at", "created_at", "updated_at"], rows(), total=n, desc="activities")

    # sign-ups, ledger, decisions and the kept figures ------------------------------------------------
    def ledger(self) -> None:
        from volunteerhub.activities.models import SignUp
        from volunteerhub.hours import rules
        from volunteerhub.hours.models import LedgerDecision, LedgerEntry

        rng = np.random.default_rng([self.seed, 7])
        a = self.activity
        n_vol = len(self.volunteer_ids)
        act_index = np.repeat(np.arange(len(a["id"])), a["per"])
        total = len(act_index)
        # Distinct volunteers within an activity: an arithmetic walk with a step coprime to n_vol.
        offset = rng.integers(0, n_vol, len(a["id"]))
        step = rng.integers(1, n_vol, len(a["id"]))
        step = np.array([s if np.gcd(s, n_vol) == 1 else 1 for s in step.tolist()], dtype=np.int64)
        starts_of = np.concatenate([[0], np.cumsum(a["per"])[:-1]])
        rank = np.arange(total) - np.repeat(starts_of, a["per"])
        vol_index = (offset[act_index] + rank * step[act_index]) % n_vol
        start, end = a["start"][act_index], a["end"][act_index]
        checkin = start - rng.integers(0, 20, total) * 60
        checkout = end + rng.integers(-30, 30, total) * 60
        served = np.maximum(0, (np.minimum(checkout, end) - np.maximum(checkin, start)) // 60)
        rule = settings.HOURS_ROUNDING_RULE
        minute_values, minute_of = np.unique(served, return_inverse=True)
        rounded = [rules.round_minutes(int(m), rule) for m in minute_values.tolist()]
        hours_c = np.array([int(h * 100) for h in rounded], dtype=np.int64)[minute_of]
        hours_text = np.array([f"{h:.2f}" for h in rounded], dtype=object)[minute_of]
        decided = rng.random(total)
        approved = decided >= 0.02  # 1% rejected, 1% still pending
        rejected = decided < 0.01
        first_signup, first_entry, first_decision = next_id(SignUp), next_id(LedgerEntry), next_id(LedgerDecision)
        with_signups = self.size.signups
        regions = np.array(a["region"], dtype=object)
        content = np.array([f"{KIND_NAMES[KINDS[k]]}：规模活动{i + 1}" for i, k in enumerate(a["kind"].tolist())], dtype=object)
        chunk = 500_000
        self.counts["signups"] = 0
        if with_signups:
            bar = progress(total=total, desc="sign-ups", unit="rows")
            with deferred_indexes(SignUp, rows=total):
                for lo in range(0, total, chunk):
                    sl = slice(lo, min(total, lo + chunk))
                    n = sl.stop - sl.start
                    created = ts_array(start[sl] - 3 * 86_400)
                    out = ts_array(checkout[sl])
                    self.counts["signups"] += insert_columns(SignUp, {
                        "id": first_signup + np.arange(sl.start, sl.stop), "activity_id": a["id"][act_index[sl]],
                        "volunteer_id": self.volunteer_ids[vol_index[sl]], "status": "confirmed", "position": None,
                        "created_at": created, "updated_at": out, "confirmed_at": created, "cancelled_at": None,
                        "checked_in_at": ts_array(checkin[sl]), "checked_out_at": out, "checkin_method": "qr",
                        "rating": None, "rating_note": ""}, n)
                    bar.update(n)
            bar.close()
        bar = progress(total=total, desc="ledger", unit="rows")
        self.counts["ledger_entries"] = 0
        with deferred_indexes(LedgerEntry, rows=total):
            for lo in range(0, total, chunk):
                sl = slice(lo, min(total, lo + chunk))
                n = sl.stop - sl.start
                acts = act_index[sl]
                self.counts["ledger_entries"] += insert_columns(LedgerEntry, {
                    "id": first_entry + np.arange(sl.start, sl.stop), "volunteer_id": self.volunteer_ids[vol_index[sl]],
                    "activity_id": a["id"][acts],
                    "signup_id": first_signup + np.arange(sl.start, sl.stop) if with_signups else None,
                    "team_id": a["team"][acts], "region_id": regions[acts],
                    "kind": "service" if with_signups else "backfill", "corrects_id": None,
                    "served_on": [s_[:10] for s_ in ts_array(start[sl] + 8 * 3600)],  # the local (UTC+8) date
                    "started_at": ts_array(np.maximum(checkin[sl], start[sl])) if with_signups else None,
                    "ended_at": ts_array(np.minimum(checkout[sl], end[sl])) if with_signups else None,
                    "minutes": served[sl], "hours": hours_text[sl], "rounding_rule": rule if with_signups else "manual",
                    "content": content[acts], "reason": "" if with_signups else "规模数据补录", "author_id": None,
                    "created_at": ts_array(np.maximum(checkout[sl], end[sl]))}, n)
                bar.update(n)
        bar.close()
        decided_idx = np.flatnonzero(approved | rejected)
        bar = progress(total=len(decided_idx), desc="decisions", unit="rows")
        self.counts["decisions"] = 0
        with deferred_indexes(LedgerDecision, rows=len(decided_idx)):
            for lo in range(0, len(decided_idx), chunk):
                part = decided_idx[lo:lo + chunk]
                self.counts["decisions"] += insert_columns(LedgerDecision, {
                    "id": first_decision + np.arange(lo, lo + len(part)), "entry_id": first_entry + part,
                    "decision": np.where(approved[part], "approved", "rejected").astype(object), "note": "",
                    "decided_by_id": None, "created_at": ts_array(np.maximum(checkout[part], end[part]) + 86_400)},
                    len(part))
                bar.update(len(part))
        bar.close()
        self.kept_figures(act_index, vol_index, hours_c, approved)

    def kept_figures(self, act_index, vol_index, hours_c, approved) -> None:
        """Hour totals, star levels and monthly counters, exactly as the services keep them."""
        from volunteerhub.hours import rules
        from volunteerhub.hours.models import TeamHours, VolunteerHours

        a = self.activity
        stamp = ts(self.now)
        ok_vol, ok_hours = vol_index[approved], hours_c[approved]
        vol_hours = np.bincount(ok_vol, weights=ok_hours, minlength=len(self.volunteer_ids)).astype(np.int64)
        vol_count = np.bincount(ok_vol, minlength=len(self.volunteer_ids))
        has = np.flatnonzero(vol_count)
        rows = ((int(self.volunteer_ids[v]), f"{vol_hours[v] / 100:.2f}", int(vol_count[v]),
                 rules.star_level(Decimal(int(vol_hours[v])) / 100), stamp) for v in has.tolist())
        self.counts["volunteer_totals"] = bulk_insert(VolunteerHours, ["volunteer_id", "approved_hours",
                                                                       "approved_entries", "star_level", "updated_at"],
                                                      rows, total=len(has), desc="volunteer totals")
        team_of_entry = a["team"][act_index][approved]
        teams, inverse = np.unique(team_of_entry, return_inverse=True)
        t_hours = np.bincount(inverse, weights=ok_hours).astype(np.int64) if len(teams) else []
        t_count = np.bincount(inverse) if len(teams) else []
        rows = [(int(t), f"{t_hours[k] / 100:.2f}", int(t_count[k]), stamp) for k, t in enumerate(teams.tolist())]
        self.counts["team_totals"] = bulk_insert(TeamHours, ["team_id", "approved_hours", "approved_entries",
                                                             "updated_at"], rows, total=len(rows), desc="team totals")
        # Monthly counters: one cell per (region, month of the start, kind, setting).
        month = [s[:7] for s in ts_array(a["start"] + 8 * 3600)]
        cells_: dict[tuple, list] = {}
        for i in np.flatnonzero(a["past"]).tolist():
            key = (a["region"][i], month[i] + "-01", KINDS[a["kind"][i]], SETTINGS[a["setting"][i]])
            cell = cells_.setdefault(key, [0, 0, 0, 0])
            cell[2] += 1
            cell[3] += int(a["people"][i])
        act_hours = np.bincount(act_index[approved], weights=ok_hours, minlength=len(a["id"])).astype(np.int64)
        act_count = np.bincount(act_index[approved], minlength=len(a["id"]))
        for i in np.flatnonzero(act_count).tolist():
            key = (a["region"][i], month[i] + "-01", KINDS[a["kind"][i]], SETTINGS[a["setting"][i]])
            cell = cells_.setdefault(key, [0, 0, 0, 0])
            cell[0] += int(act_hours[i])
            cell[1] += int(act_count[i])
        self.counts["rollup_cells"] = _rollup_merge(cells_, self.geo.paths)


def _rollup_merge(cells_: dict[tuple, list], paths: dict[str, str]) -> int:
    """Add to existing counter cells (e.g. the demo's), insert the others."""
    from volunteerhub.stats.models import MonthlyRollup

    existing = {(r.region_id, r.month.isoformat(), r.activity_kind, r.setting): r
                for r in MonthlyRollup.objects.all()}
    new = []
    for key, (cents, entries, activities, people) in cells_.items():
        row = existing.get(key)
        if row is not None:
            MonthlyRollup.objects.filter(pk=row.pk).update(
                hours=row.hours + Decimal(cents) / 100, ledger_entries=row.ledger_entries + entries,
                activities=row.activities + activities, people_served=row.people_served + people)
        else:
            new.append(key + (cents, entries, activities, people))
    first = next_id(MonthlyRollup)
    rows = ((first + k, region, paths[region], month, kind, setting, f"{cents / 100:.2f}", entries, activities, people)
            for k, (region, month, kind, setting, cents, entries, activities, people) in enumerate(new))
    bulk_insert(MonthlyRollup, ["id", "region_id", "region_path", "month", "activity_kind", "setting", "hours",
                                "ledger_entries", "activities", "people_served"], rows, total=len(new),
                desc="monthly counters")
    return len(cells_)


def small(size: Size, factor: float) -> Size:
    """The same shape, scaled down (smoke runs and tests)."""
    scale = lambda n: max(1, int(n * factor)) if n else 0  # noqa: E731
    return replace(size, volunteers=scale(size.volunteers), teams=max(8, scale(size.teams)), posts=scale(size.posts),
                   projects=scale(size.projects), activities=scale(size.activities),
                   ledger_entries=scale(size.ledger_entries))
