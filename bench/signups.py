"""Sign-ups from many concurrent clients over HTTP: `POST /api/v1/activities/{id}/signup`.

Volunteers with bearer tokens each sign up once for one of a few activities with limited seats
(more volunteers than seats: the rest are waitlisted); five rounds, each for new activities, and
the figure is the median round. Afterwards the database is checked: no
activity may hold more confirmed sign-ups than seats, and its kept seat counter must match.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import replace

import numpy as np
from django.db.models import Max
from django.utils import timezone

from bench import datasets, db, http
from bench.common import Profile, Result, median, ms, percentile
from volunteerhub import synthetic
from volunteerhub.geo.spatial import cell_for

TOKEN = "bench-signup-{user_id}"


def _volunteers(profile: Profile) -> list[tuple[int, int]]:
    """(volunteer id, user id) of the sign-up dataset, with a bearer token each."""
    from volunteerhub.accounts.models import ApiToken
    from volunteerhub.volunteers.models import Volunteer

    wanted = profile.signup_volunteers if profile.name == "smoke" else max(profile.signup_volunteers, 6_000)
    datasets.ensure(replace(synthetic.SIZES["city"], volunteers=wanted, teams=8, posts=0, projects=0, activities=0,
                            ledger_entries=0, marker="signups"))
    pairs = list(Volunteer.objects.filter(team__name__startswith="规模signups-").order_by("pk")
                 .values_list("pk", "user_id")[: profile.signup_volunteers])
    have = set(ApiToken.objects.filter(user_id__in=[u for _, u in pairs]).values_list("user_id", flat=True))
    now = timezone.now()
    ApiToken.objects.bulk_create([ApiToken(user_id=u, key_hash=ApiToken.hash_key(TOKEN.format(user_id=u)))
                                  for _, u in pairs if u not in have], batch_size=5_000)
    # Tokens in use lately (an open app), so authentication does not also write last_used_at.
    ApiToken.objects.filter(user_id__in=[u for _, u in pairs]).update(last_used_at=now)
    return pairs


def _retire_earlier_runs() -> None:
    """Every run starts from the same state: the sign-ups earlier runs left are marked cancelled, so that a
    volunteer's confirmed history, which the overlap check reads, does not grow with every run (after a
    dozen runs each bench volunteer had some seventy sign-ups, and the figure drifted down run by run).
    Rows are updated, not deleted: deleting would make PostgreSQL check the bench ledger, whose ten
    million rows have no index on those keys (bench.fill leaves out indexes no benchmark reads)."""
    from volunteerhub.activities.models import SignUp

    SignUp.objects.filter(activity__team__name__startswith="规模signups-").exclude(
        status=SignUp.Status.CANCELLED).update(status=SignUp.Status.CANCELLED, position=None,
                                               cancelled_at=timezone.now())


def _activities(profile: Profile) -> list:
    """Fresh published activities for this run, later than any earlier run's (no overlapping sign-ups)."""
    from volunteerhub.activities.models import Activity
    from volunteerhub.organizations.models import Team

    team = Team.objects.filter(name__startswith="规模signups-").order_by("pk").first()
    latest = Activity.objects.filter(team=team).aggregate(m=Max("ends_at"))["m"]
    start = max(timezone.now() + dt.timedelta(days=1), (latest or timezone.now()) + dt.timedelta(hours=1))
    lat, lng = 37.3825, 117.9707
    return Activity.objects.bulk_create([Activity(
        title=f"压测活动{i + 1}", kind="convenience", setting="community", status=Activity.Status.PUBLISHED,
        team=team, region_id=team.region_id, place="滨州市人民广场", lat=lat, lng=lng, cell=cell_for(lat, lng),
        starts_at=start, ends_at=start + dt.timedelta(hours=2), capacity=profile.signup_seats,
        published_at=timezone.now()) for i in range(profile.signup_activities)])


def overbooked(url: str, activity_ids: list[int]) -> tuple[int, int, int]:
    """(seats overbooked, activities whose kept counter differs from the rows, confirmed rows), read from
    the database the server wrote to, with a connection of its own."""
    from volunteerhub.activities.models import Activity, SignUp

    ids = ",".join(str(int(i)) for i in activity_ids)
    sql = (f"SELECT a.capacity, a.confirmed_count, (SELECT COUNT(*) FROM {SignUp._meta.db_table} s "
           f"WHERE s.activity_id = a.id AND s.status = 'confirmed') FROM {Activity._meta.db_table} a "
           f"WHERE a.id IN ({ids})")
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url[len("sqlite:///"):]) as conn:
            rows = conn.execute(sql).fetchall()
    else:
        import psycopg

        with psycopg.connect(url) as conn:
            rows = conn.execute(sql).fetchall()
    over = sum(max(0, max(r, kept) - cap) for cap, kept, r in rows)
    drift = sum(1 for _, kept, r in rows if kept != r)
    return over, drift, sum(r for _, _, r in rows)


ROUNDS = 5  # the figure is the median round: a shared machine's speed drifts from one run to the next


def _plan(pairs: list[tuple[int, int]], ids: list[int], seed: int) -> list:
    choice = np.random.default_rng(seed).integers(0, len(ids), len(pairs))
    return [("POST", f"/api/v1/activities/{ids[c]}/signup",
             {"Authorization": f"Bearer {TOKEN.format(user_id=u)}", "Content-Length": "0"})
            for (_, u), c in zip(pairs, choice.tolist(), strict=True)]


def _vacuum() -> None:
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


def _health(port: int, profile: Profile) -> float:
    """Requests per second of the health endpoint for a moment: read beside the sign-up figure, it tells a
    slow minute of the machine from a slow sign-up (this bench machine's speed drifts by up to 40%)."""
    return http.load(port, path="/api/v1/health", seconds=max(1.0, profile.http_seconds / 5),
                     max_requests=profile.http_requests, processes=profile.http_clients,
                     connections=profile.http_connections).rps


def run(profile: Profile) -> list[Result]:
    from django.db import connection

    _retire_earlier_runs()
    pairs = _volunteers(profile)
    rounds = 1 if profile.name == "smoke" else ROUNDS
    # Each round: every volunteer signs up once more, for new activities (all made before the server
    # starts: an in-memory SQLite test database is copied for it then).
    activities = [[a.pk for a in _activities(profile)] for _ in range(rounds)]
    all_ids = [pk for ids in activities for pk in ids]
    url = db.url_for_subprocess()
    results = []
    with http.server(url, workers=profile.server_workers) as (_, port):
        http.warm(port, "/api/v1/health", requests=profile.server_workers * 4)
        pace = [_health(port, profile)]  # how fast the machine runs just now, before and after the rounds
        for number, ids in enumerate(activities):
            _vacuum()
            plan = _plan(pairs, ids, seed=10 + number)
            results.append(http.load(port, plan=plan, seconds=max(60.0, profile.http_seconds * 8),
                                     max_requests=len(plan), processes=profile.http_clients,
                                     connections=profile.http_connections))
        pace.append(_health(port, profile))
    result = sorted(results, key=lambda r: r.rps)[len(results) // 2]
    over, drift, confirmed = overbooked(url, all_ids)
    seats = len(all_ids) * profile.signup_seats
    label = f"sign-ups over HTTP ({len(pairs):,} volunteers, {profile.signup_activities} activities x {profile.signup_seats} seats)"
    clients = profile.http_clients * profile.http_connections
    statuses: dict = {}
    for r in results:
        for status, n in r.statuses.items():
            statuses[status] = statuses.get(status, 0) + n
    note = (f"{connection.vendor}; {clients} concurrent clients; {http.client_model()}; {http.server_model(profile.server_workers)}; "
            f"tables vacuumed and analyzed before each round (as autovacuum would); median of {rounds} rounds ({', '.join(f'{r.rps:,.0f}/s' for r in results)}); statuses {statuses}; "
            f"errors {sum(r.errors for r in results)}; {confirmed} confirmed of {seats} seats, the rest waitlisted; "
            f"median round: median {ms(median(result.latencies)):.1f} ms, p99 {ms(percentile(result.latencies, 99)):.1f} ms; "
            f"the machine's pace: GET /api/v1/health on the same server {pace[0]:,.0f} req/s before the rounds and "
            f"{pace[1]:,.0f} after (sign-ups at {result.rps / max(1.0, median(pace)):.2f}x of it)")
    return [
        Result(label, "accepted sign-ups per second", result.rps, "/s", "", None, better="higher",
               target=">= 1,000/s", met=result.rps >= 1000, note=note),
        Result(label, "overbooked seats (from the database)", float(over), "seats", "", None,
               target="0, counters = rows", met=over == 0 and drift == 0,
               note=f"{drift} activities whose kept confirmed_count differs from their confirmed rows"),
    ]
