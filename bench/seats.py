"""What the sign-up benchmarks share: volunteers with bearer tokens, fresh activities, the requests, and the
database's own count of seats afterwards (read with a connection of its own, as the server wrote them)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import replace

from django.db.models import Max
from django.utils import timezone

from bench import datasets
from volunteerhub import synthetic
from volunteerhub.geo.spatial import cell_for

TOKEN = "bench-signup-{user_id}"
TEAMS = "规模signups-"  # the sign-up dataset's teams: its volunteers and the benchmarks' activities
MIN_VOLUNTEERS = 6_000  # the dataset's size outside smoke runs, whatever one benchmark asks for


def volunteers(count: int, *, smoke: bool) -> list[tuple[int, int]]:
    """(volunteer id, user id) of `count` volunteers of the sign-up dataset, each with a bearer token in use."""
    from volunteerhub.accounts.models import ApiToken
    from volunteerhub.volunteers.models import Volunteer

    size = count if smoke else max(count, MIN_VOLUNTEERS)
    datasets.ensure(replace(synthetic.SIZES["city"], volunteers=size, teams=8, posts=0, projects=0, activities=0,
                            ledger_entries=0, marker="signups"))
    pairs = list(Volunteer.objects.filter(team__name__startswith=TEAMS).order_by("pk")
                 .values_list("pk", "user_id")[:count])
    users = [u for _, u in pairs]
    have = set(ApiToken.objects.filter(user_id__in=users).values_list("user_id", flat=True))
    ApiToken.objects.bulk_create([ApiToken(user_id=u, key_hash=ApiToken.hash_key(TOKEN.format(user_id=u)))
                                  for u in users if u not in have], batch_size=5_000)
    # Tokens in use lately (an open app), so authentication does not also write last_used_at.
    ApiToken.objects.filter(user_id__in=users).update(last_used_at=timezone.now())
    return pairs


def retire_earlier_runs() -> None:
    """Every run starts from the same state: the sign-ups earlier runs left are marked cancelled, so that a
    volunteer's confirmed history, which the overlap check reads, does not grow with every run (after a
    dozen runs each bench volunteer had some seventy sign-ups, and the figure drifted down run by run).
    Rows are updated, not deleted: deleting would make PostgreSQL check the bench ledger, whose ten
    million rows have no index on those keys (bench.fill leaves out indexes no benchmark reads)."""
    from volunteerhub.activities.models import SignUp

    SignUp.objects.filter(activity__team__name__startswith=TEAMS).exclude(status=SignUp.Status.CANCELLED).update(
        status=SignUp.Status.CANCELLED, position=None, cancelled_at=timezone.now())


def activities(count: int, seats: int, *, title: str = "压测活动") -> list[int]:
    """Ids of fresh published activities, later than any earlier run's (no overlapping sign-ups)."""
    from volunteerhub.activities.models import Activity
    from volunteerhub.organizations.models import Team

    team = Team.objects.filter(name__startswith=TEAMS).order_by("pk").first()
    latest = Activity.objects.filter(team=team).aggregate(m=Max("ends_at"))["m"]
    start = max(timezone.now() + dt.timedelta(days=1), (latest or timezone.now()) + dt.timedelta(hours=1))
    lat, lng = 37.3825, 117.9707
    return [a.pk for a in Activity.objects.bulk_create([Activity(
        title=f"{title}{i + 1}", kind="convenience", setting="community", status=Activity.Status.PUBLISHED,
        team=team, region_id=team.region_id, city_code=team.city_code, place="滨州市人民广场", lat=lat, lng=lng, cell=cell_for(lat, lng),
        starts_at=start, ends_at=start + dt.timedelta(hours=2), capacity=seats, published_at=timezone.now())
        for i in range(count)])]


def plan(pairs: list[tuple[int, int]], activity_of: list[int]) -> list:
    """One sign-up request per volunteer, for the activity beside it, with the volunteer's bearer token."""
    return [("POST", f"/api/v1/activities/{a}/signup",
             {"Authorization": f"Bearer {TOKEN.format(user_id=u)}", "Content-Length": "0"})
            for (_, u), a in zip(pairs, activity_of, strict=True)]


def vacuum() -> None:
    """What autovacuum would have done by now to the tables sign-ups read and write (it may be off on a
    bench machine): VACUUM, so that lookups do not wade through the dead row versions earlier runs left
    (every run touches each bench token's last_used_at), and ANALYZE, which also makes the server's
    connections plan their cached statements again: plans made while a table was nearly empty (scans of
    the whole table) would otherwise stay for the connection's life. Inside a transaction (a test) VACUUM
    cannot run: ANALYZE alone."""
    from django.db import connection

    from volunteerhub.accounts.models import ApiToken
    from volunteerhub.activities.models import Activity, SignUp
    from volunteerhub.audit.models import AuditEvent
    from volunteerhub.volunteers.models import Volunteer

    command = "ANALYZE" if connection.in_atomic_block or connection.vendor != "postgresql" else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for model in (SignUp, Activity, AuditEvent, Volunteer, ApiToken):
            cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")


def _fetch(url: str, sql: str) -> list[tuple]:
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url[len("sqlite:///"):]) as conn:
            return conn.execute(sql).fetchall()
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(sql).fetchall()


def counted(url: str, activity_ids: list[int]) -> list[tuple[int, int, int, int, int, int]]:
    """Per activity, from the database the server wrote to: (capacity, kept confirmed count, confirmed rows,
    kept waitlist count, waitlisted rows, distinct waitlist positions)."""
    from volunteerhub.activities.models import Activity, SignUp

    signups, ids = SignUp._meta.db_table, ",".join(str(int(i)) for i in activity_ids)
    return _fetch(url, f"SELECT a.capacity, a.confirmed_count, "
                       f"(SELECT COUNT(*) FROM {signups} s WHERE s.activity_id = a.id AND s.status = 'confirmed'), "
                       f"a.waitlist_count, "
                       f"(SELECT COUNT(*) FROM {signups} s WHERE s.activity_id = a.id AND s.status = 'waitlisted'), "
                       f"(SELECT COUNT(DISTINCT s.position) FROM {signups} s WHERE s.activity_id = a.id "
                       f"AND s.status = 'waitlisted') FROM {Activity._meta.db_table} a WHERE a.id IN ({ids})")


def overbooked(rows: list[tuple]) -> tuple[int, int, int]:
    """(seats overbooked, activities whose kept counters differ from their rows, confirmed rows)."""
    over = sum(max(0, max(rows_, kept) - cap) for cap, kept, rows_, *_ in rows)
    drift = sum(1 for _, kept, rows_, w_kept, w_rows, _ in rows if kept != rows_ or w_kept != w_rows)
    return over, drift, sum(r[2] for r in rows)
