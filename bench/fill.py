"""The dashboard's big ledger on PostgreSQL, filled set-based inside the database.

The scale loader writes the city (teams, volunteers, projects, activities) without a ledger; then one
`INSERT ... SELECT ... FROM generate_series(...)` writes the back-filled entries, one more their
decisions (about 1% rejected, 1% left pending), and `INSERT ... SELECT ... GROUP BY` statements add
the kept figures (activities' people served, monthly counters, volunteer and team hour totals) exactly
as the services would have kept them; the subtree counters are rebuilt from the monthly ones. Ten
million entries take minutes instead of the ten that Python COPY needed.
"""

from __future__ import annotations

import time
from dataclasses import replace

from django.db import connection, transaction

from bench.common import Out
from volunteerhub.core import scale

LOCAL_TZ = "Asia/Shanghai"


def filled_size(marker: str) -> int | None:
    """The ledger size a finished fill recorded on its first team, None when there is none."""
    from volunteerhub.organizations.models import Team

    note = Team.objects.filter(name=f"规模{marker}-队伍00001").values_list("description", flat=True).first()
    if note is None:
        return None
    return int(note.removeprefix("bench ledger ")) if note.startswith("bench ledger ") else -1


def _q(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _star_sql(total: str) -> str:
    from volunteerhub.hours import rules

    return " + ".join(f"(CASE WHEN {total} >= {t} THEN 1 ELSE 0 END)" for t in rules.thresholds()) or "0"


def fill(size: scale.Size, *, seed: int, out: Out | None = None) -> dict:
    """Load `size` (its ledger_entries back-filled in SQL) in one transaction; PostgreSQL only."""
    assert connection.vendor == "postgresql"
    out = out or Out()
    entries = size.ledger_entries
    with transaction.atomic():
        counts = scale.load(size=replace(size, ledger_entries=0, signups=False), seed=seed, stdout=out)
        started = time.perf_counter()
        counts["ledger_entries"] = _ledger(size.marker, entries)
        out.write(f"  · ledger and kept figures filled in SQL in {time.perf_counter() - started:.0f} s")
        from volunteerhub.organizations.models import Team

        Team.objects.filter(name=f"规模{size.marker}-队伍00001").update(description=f"bench ledger {entries}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return counts


def _ledger(marker: str, entries: int) -> int:
    from volunteerhub.activities.models import Activity
    from volunteerhub.hours.models import LedgerDecision, LedgerEntry, TeamHours, VolunteerHours
    from volunteerhub.organizations.models import Team
    from volunteerhub.regions.models import Region
    from volunteerhub.stats.models import MonthlyRollup
    from volunteerhub.stats.services import counters_rebuild
    from volunteerhub.volunteers.models import Volunteer

    act, led, dec, team = _q(Activity), _q(LedgerEntry), _q(LedgerDecision), _q(Team)
    with connection.cursor() as c:
        c.execute("SET LOCAL work_mem = '256MB'")
        c.execute(f"SELECT COALESCE(MAX(id), 0) FROM {led}")
        before = c.fetchone()[0]
        # The dataset's finished activities and volunteers, numbered from 0 for the series to pick from.
        c.execute(f"CREATE TEMP TABLE bench_acts ON COMMIT DROP AS SELECT row_number() OVER (ORDER BY a.id) - 1 AS k, "
                  f"a.id, a.team_id, a.region_id, a.starts_at, a.ends_at, a.title FROM {act} a JOIN {team} t "
                  f"ON t.id = a.team_id WHERE a.status = 'finished' AND t.name LIKE %s", [f"规模{marker}-%"])
        c.execute(f"CREATE TEMP TABLE bench_vols ON COMMIT DROP AS SELECT row_number() OVER (ORDER BY v.id) - 1 AS k, "
                  f"v.id FROM {_q(Volunteer)} v JOIN {team} t ON t.id = v.team_id WHERE t.name LIKE %s",
                  [f"规模{marker}-%"])
        c.execute("SELECT (SELECT COUNT(*) FROM bench_acts), (SELECT COUNT(*) FROM bench_vols)")
        n_acts, n_vols = c.fetchone()
        if not n_acts or not n_vols or not entries:
            return 0
        c.execute("CREATE UNIQUE INDEX ON bench_acts (k)")
        c.execute("CREATE UNIQUE INDEX ON bench_vols (k)")
        c.execute("ANALYZE bench_acts")
        c.execute("ANALYZE bench_vols")
        # Entry g goes to activity g mod A; within an activity the volunteers are distinct (j < V).
        with scale.deferred_indexes(LedgerEntry, rows=entries):
            c.execute(
                f"INSERT INTO {led} (volunteer_id, activity_id, signup_id, team_id, region_id, kind, corrects_id, "
                f"served_on, started_at, ended_at, minutes, hours, rounding_rule, content, reason, author_id, "
                f"created_at) SELECT v.id, a.id, NULL, a.team_id, a.region_id, 'backfill', NULL, "
                f"(a.starts_at AT TIME ZONE %s)::date, NULL, NULL, "
                f"(EXTRACT(EPOCH FROM a.ends_at - a.starts_at) / 60)::int, "
                f"ROUND((EXTRACT(EPOCH FROM a.ends_at - a.starts_at) / 3600)::numeric, 2), 'manual', "
                f"LEFT(a.title, 255), '规模数据补录', NULL, a.ends_at "
                f"FROM generate_series(0, %s - 1) g "
                f"JOIN bench_acts a ON a.k = g %% %s "
                f"JOIN bench_vols v ON v.k = ((a.k * 104729) %% %s + g / %s) %% %s",
                [LOCAL_TZ, entries, n_acts, n_vols, n_acts, n_vols])
        with scale.deferred_indexes(LedgerDecision, rows=entries):
            c.execute(f"INSERT INTO {dec} (entry_id, decision, note, decided_by_id, created_at) "
                      f"SELECT id, CASE WHEN id %% 100 = 0 THEN 'rejected' ELSE 'approved' END, '', NULL, "
                      f"created_at + interval '1 day' FROM {led} WHERE id > %s AND id %% 100 <> 1", [before])
        # Per activity: all entries (people served) and the approved ones (hours).
        c.execute(f"CREATE TEMP TABLE bench_per_act ON COMMIT DROP AS SELECT e.activity_id, COUNT(*) AS n_all, "
                  f"SUM(CASE WHEN d.decision = 'approved' THEN e.hours ELSE 0 END) AS h, "
                  f"SUM(CASE WHEN d.decision = 'approved' THEN 1 ELSE 0 END) AS n "
                  f"FROM {led} e LEFT JOIN {dec} d ON d.entry_id = e.id WHERE e.id > %s GROUP BY e.activity_id",
                  [before])
        c.execute(f"UPDATE {act} a SET people_served = a.people_served + p.n_all * (3 + MOD(a.id, 9)) "
                  f"FROM bench_per_act p WHERE a.id = p.activity_id")
        c.execute(
            f"INSERT INTO {_q(MonthlyRollup)} (region_id, region_path, month, activity_kind, setting, hours, "
            f"ledger_entries, activities, people_served) SELECT a.region_id, r.path, "
            f"date_trunc('month', a.starts_at AT TIME ZONE %s)::date, a.kind, a.setting, SUM(p.h), SUM(p.n), 0, "
            f"SUM(p.n_all * (3 + a.id %% 9)) FROM bench_per_act p JOIN {act} a ON a.id = p.activity_id "
            f"JOIN {_q(Region)} r ON r.code = a.region_id GROUP BY 1, 2, 3, 4, 5 "
            f"ON CONFLICT (region_id, month, activity_kind, setting) DO UPDATE SET "
            f"hours = {_q(MonthlyRollup)}.hours + excluded.hours, "
            f"ledger_entries = {_q(MonthlyRollup)}.ledger_entries + excluded.ledger_entries, "
            f"people_served = {_q(MonthlyRollup)}.people_served + excluded.people_served", [LOCAL_TZ])
        approved = (f"FROM {led} e JOIN {dec} d ON d.entry_id = e.id AND d.decision = 'approved' "
                    f"WHERE e.id > {int(before)}")
        vh = _q(VolunteerHours)
        c.execute(f"INSERT INTO {vh} (volunteer_id, approved_hours, approved_entries, star_level, updated_at) "
                  f"SELECT e.volunteer_id, SUM(e.hours), COUNT(*), {_star_sql('SUM(e.hours)')}, now() {approved} "
                  f"GROUP BY e.volunteer_id ON CONFLICT (volunteer_id) DO UPDATE SET "
                  f"approved_hours = {vh}.approved_hours + excluded.approved_hours, "
                  f"approved_entries = {vh}.approved_entries + excluded.approved_entries, "
                  f"star_level = {_star_sql(f'({vh}.approved_hours + excluded.approved_hours)')}, updated_at = now()")
        th = _q(TeamHours)
        c.execute(f"INSERT INTO {th} (team_id, approved_hours, approved_entries, updated_at) "
                  f"SELECT e.team_id, SUM(e.hours), COUNT(*), now() {approved} GROUP BY e.team_id "
                  f"ON CONFLICT (team_id) DO UPDATE SET approved_hours = {th}.approved_hours + excluded.approved_hours, "
                  f"approved_entries = {th}.approved_entries + excluded.approved_entries, updated_at = now()")
    counters_rebuild()
    return entries
