"""The dashboard's big ledger on PostgreSQL, filled set-based inside the database.

The dashboard's figures come from kept counters, so the ledger only has to be realistic in shape: the
synthetic data loader writes a small base (a few thousand volunteers and activities over the counties, two years
of kinds and settings) without a ledger; then one `INSERT ... SELECT ... FROM generate_series(...)`
writes the back-filled entries (ids given, so the decisions need not read them back), one more their
decisions (about 1% rejected, 1% left pending), the ledger's and decisions' secondary indexes are
dropped for the load and only those a benchmark or an integrity rule needs are built once after it, and one pass over the ledger joined to its decisions (GROUPING SETS per activity
and per volunteer) gives the kept figures (activities' people served, monthly counters, volunteer and
team hour totals) exactly as the services would have kept them; the subtree counters are rebuilt from
the monthly ones. Every step is timed (`fill()` returns the timings; the bench notes print them).
"""

from __future__ import annotations

import os
import time
from dataclasses import replace

from django.db import connection, transaction

from bench.common import Out
from volunteerhub import synthetic

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


class Steps:
    """Named step timings, printed as they finish and kept for the notes."""

    def __init__(self, out: Out):
        self.out, self.seconds, self.skipped = out, {}, []

    def run(self, name: str, fn, *args, **kwargs):
        started = time.perf_counter()
        value = fn(*args, **kwargs)
        self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started
        self.out.write(f"  · {name}: {self.seconds[name]:.1f} s")
        return value

    def text(self) -> str:
        total = sum(self.seconds.values())
        text = f"fill {total:.0f} s (" + ", ".join(f"{k} {v:.1f} s" for k, v in self.seconds.items()) + ")"
        if self.skipped:
            text += ("; ledger indexes no benchmark query reads, not built (BENCH_LEDGER_INDEXES=all builds them): "
                     + ", ".join(self.skipped))
        return text


def fill(size: synthetic.Size, *, seed: int, out: Out | None = None) -> dict:
    """Load `size` (its ledger_entries back-filled in SQL) in one transaction; PostgreSQL only.

    Returns what was written, with "timings" (step -> seconds) and "timings_text".
    """
    assert connection.vendor == "postgresql"
    out = out or Out()
    steps = Steps(out)
    entries = size.ledger_entries
    with transaction.atomic():
        counts = steps.run("base (synthetic data loader, no ledger)", synthetic.load,
                           size=replace(size, ledger_entries=0, signups=False), seed=seed, stdout=out)
        counts["ledger_entries"] = _ledger(size.marker, entries, steps)
        from volunteerhub.organizations.models import Team

        Team.objects.filter(name=f"规模{size.marker}-队伍00001").update(description=f"bench ledger {entries}")
    with connection.cursor() as cursor:
        steps.run("ANALYZE", cursor.execute, "ANALYZE")
    counts["timings"] = dict(steps.seconds)
    counts["timings_text"] = steps.text()
    return counts


def _secondary_indexes(cursor, table: str) -> list[tuple[str, str]]:
    """The table's plain secondary indexes (not the primary key nor a constraint's index)."""
    cursor.execute("SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s AND NOT EXISTS "
                   "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)", [table])
    return cursor.fetchall()


def _ledger(marker: str, entries: int, steps: Steps) -> int:
    from volunteerhub.activities.models import Activity
    from volunteerhub.hours.models import LedgerDecision, LedgerEntry, TeamHours, VolunteerHours
    from volunteerhub.organizations.models import Team
    from volunteerhub.regions.models import Region
    from volunteerhub.stats.models import MonthlyRollup
    from volunteerhub.synthetic.counters import counters_rebuild
    from volunteerhub.volunteers.models import Volunteer

    act, led, dec, team = _q(Activity), _q(LedgerEntry), _q(LedgerDecision), _q(Team)
    with connection.cursor() as c:
        c.execute("SET LOCAL work_mem = '256MB'")
        c.execute("SET LOCAL maintenance_work_mem = '512MB'")
        c.execute(f"SELECT COALESCE(MAX(id), 0) FROM {led}")
        before = c.fetchone()[0]
        # The dataset's finished activities and volunteers, numbered from 0 for the series to pick from.
        c.execute(f"CREATE TEMP TABLE bench_acts ON COMMIT DROP AS SELECT row_number() OVER (ORDER BY a.id) - 1 AS k, "
                  f"a.id, a.team_id, a.region_id, a.city_code, a.starts_at, a.ends_at, a.title, a.kind "
                  f"FROM {act} a JOIN {team} t "
                  f"ON t.id = a.team_id WHERE a.status = 'finished' AND a.kind <> 'training' AND t.name LIKE %s",
                  [f"规模{marker}-%"])  # service only: training hours are kept apart and not in these figures
        c.execute(f"CREATE TEMP TABLE bench_vols ON COMMIT DROP AS SELECT row_number() OVER (ORDER BY v.id) - 1 AS k, "
                  f"v.id FROM {_q(Volunteer)} v JOIN {team} t ON t.id = v.team_id WHERE t.name LIKE %s",
                  [f"规模{marker}-%"])
        c.execute("SELECT (SELECT COUNT(*) FROM bench_acts), (SELECT COUNT(*) FROM bench_vols)")
        n_acts, n_vols = c.fetchone()
        if not n_acts or not n_vols or not entries:
            return 0
        if -(-entries // n_acts) > n_vols:
            raise ValueError(f"{entries:,} entries over {n_acts:,} finished activities need more than "
                             f"{n_vols:,} volunteers (an activity's entries are by distinct volunteers)")
        c.execute("CREATE UNIQUE INDEX ON bench_acts (k)")
        c.execute("CREATE UNIQUE INDEX ON bench_vols (k)")
        c.execute("ANALYZE bench_acts")
        c.execute("ANALYZE bench_vols")
        # A big load: the secondary indexes are dropped and built once at the end.
        deferred = {t: _secondary_indexes(c, t) for t in (LedgerEntry._meta.db_table, LedgerDecision._meta.db_table)}
        for indexes in deferred.values():
            for name, _ in indexes:
                c.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        # Entry before+1+g goes to activity g mod A; within an activity the volunteers are distinct.
        steps.run("ledger entries (generate_series)", c.execute,
                  f"INSERT INTO {led} (id, volunteer_id, activity_id, signup_id, team_id, region_id, kind, corrects_id, "
                  f"served_on, started_at, ended_at, minutes, hours, rounding_rule, content, reason, author_id, "
                  f"created_at, category, evidence, city_code) SELECT %s + 1 + g, v.id, a.id, NULL, a.team_id, a.region_id, "
                  f"'backfill', NULL, "
                  f"(a.starts_at AT TIME ZONE %s)::date, NULL, NULL, "
                  f"(EXTRACT(EPOCH FROM a.ends_at - a.starts_at) / 60)::int, "
                  f"ROUND((EXTRACT(EPOCH FROM a.ends_at - a.starts_at) / 3600)::numeric, 2), 'manual', "
                  f"LEFT(a.title, 255), '规模数据补录', NULL, a.ends_at, "
                  f"'service', '{{}}', a.city_code "
                  f"FROM generate_series(0, %s - 1) g "
                  f"JOIN bench_acts a ON a.k = g %% %s "
                  f"JOIN bench_vols v ON v.k = ((a.k * 104729) %% %s + g / %s) %% %s",
                  [before, LOCAL_TZ, entries, n_acts, n_vols, n_acts, n_vols])
        c.execute(f"SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [LedgerEntry._meta.db_table,
                                                                            before + entries])
        # Decisions straight from the series too (entry ids are known): ~1% rejected, ~1% pending.
        steps.run("decisions (generate_series)", c.execute,
                  f"INSERT INTO {dec} (entry_id, decision, note, decided_by_id, created_at, city_code) "
                  f"SELECT %s + 1 + g, CASE WHEN (%s + 1 + g) %% 100 = 0 THEN 'rejected' ELSE 'approved' END, '', "
                  f"NULL, a.ends_at + interval '1 day', a.city_code FROM generate_series(0, %s - 1) g "
                  f"JOIN bench_acts a ON a.k = g %% %s WHERE (%s + 1 + g) %% 100 <> 1",
                  [before, before, entries, n_acts, before])

        # Built once after the load: the partial ones (integrity rules, over the few matching rows) always;
        # the plain ones (volunteer, activity, team, region, dates, ...) only with BENCH_LEDGER_INDEXES=all:
        # no benchmark query reads them (the dashboard reads kept counters, the direct aggregate joins the
        # decisions by their unique entry_id, the plain SUM scans), and they cost minutes over 10 M rows.
        every = os.environ.get("BENCH_LEDGER_INDEXES", "") == "all"
        build = [(n, d) for indexes in deferred.values() for n, d in indexes if every or " WHERE " in d]
        skipped = [n for indexes in deferred.values() for n, d in indexes if (n, d) not in build]

        def build_indexes():
            for _, definition in build:
                c.execute(definition)

        steps.run(f"secondary indexes built once ({len(build)}; {len(skipped)} left out)", build_indexes)
        steps.skipped = skipped

        def kept_figures():
            # One pass over the new entries and their decisions: per activity (all entries, approved
            # hours and count) and per volunteer (approved hours and count).
            c.execute(f"CREATE TEMP TABLE bench_sums ON COMMIT DROP AS SELECT e.activity_id, e.volunteer_id, "
                      f"COUNT(*) AS n_all, SUM(CASE WHEN d.decision = 'approved' THEN e.hours ELSE 0 END) AS h, "
                      f"SUM(CASE WHEN d.decision = 'approved' THEN 1 ELSE 0 END) AS n "
                      f"FROM {led} e LEFT JOIN {dec} d ON d.entry_id = e.id WHERE e.id > %s "
                      f"GROUP BY GROUPING SETS ((e.activity_id), (e.volunteer_id))", [before])
            per_act = "(SELECT activity_id, n_all, h, n FROM bench_sums WHERE volunteer_id IS NULL)"
            c.execute(f"UPDATE {act} a SET people_served = a.people_served + p.n_all * (3 + MOD(a.id, 9)) "
                      f"FROM {per_act} p WHERE a.id = p.activity_id")
            c.execute(
                f"INSERT INTO {_q(MonthlyRollup)} (city_code, region_id, region_path, month, activity_kind, setting, "
                f"hours, ledger_entries, activities, people_served) SELECT a.city_code, a.region_id, r.path, "
                f"date_trunc('month', a.starts_at AT TIME ZONE %s)::date, a.kind, a.setting, SUM(p.h), SUM(p.n), 0, "
                f"SUM(p.n_all * (3 + a.id %% 9)) FROM {per_act} p JOIN {act} a ON a.id = p.activity_id "
                f"JOIN {_q(Region)} r ON r.code = a.region_id GROUP BY 1, 2, 3, 4, 5, 6 "
                f"ON CONFLICT (city_code, region_id, month, activity_kind, setting) DO UPDATE SET "
                f"hours = {_q(MonthlyRollup)}.hours + excluded.hours, "
                f"ledger_entries = {_q(MonthlyRollup)}.ledger_entries + excluded.ledger_entries, "
                f"people_served = {_q(MonthlyRollup)}.people_served + excluded.people_served", [LOCAL_TZ])
            vh = _q(VolunteerHours)
            c.execute(f"INSERT INTO {vh} (volunteer_id, approved_hours, approved_entries, service_hours, "
                      f"training_hours, training_entries, star_level, star_level_announced, updated_at, city_code) "
                      f"SELECT s.volunteer_id, h, n, h, 0, 0, {_star_sql('h')}, {_star_sql('h')}, now(), v.city_code "
                      f"FROM bench_sums s JOIN {_q(Volunteer)} v ON v.id = s.volunteer_id "
                      f"WHERE s.activity_id IS NULL AND n > 0 ON CONFLICT (volunteer_id) DO UPDATE SET "
                      f"approved_hours = {vh}.approved_hours + excluded.approved_hours, "
                      f"service_hours = {vh}.service_hours + excluded.service_hours, "
                      f"approved_entries = {vh}.approved_entries + excluded.approved_entries, "
                      f"star_level = {_star_sql(f'({vh}.approved_hours + excluded.approved_hours)')}, "
                      f"updated_at = now()")
            th = _q(TeamHours)  # an entry's team is its activity's team
            c.execute(f"INSERT INTO {th} (team_id, approved_hours, approved_entries, updated_at, city_code) "
                      f"SELECT a.team_id, SUM(p.h), SUM(p.n), now(), a.city_code FROM {per_act} p JOIN {act} a "
                      f"ON a.id = p.activity_id GROUP BY a.team_id, a.city_code HAVING SUM(p.n) > 0 "
                      f"ON CONFLICT (team_id) DO UPDATE SET approved_hours = {th}.approved_hours + "
                      f"excluded.approved_hours, approved_entries = {th}.approved_entries + excluded.approved_entries, "
                      f"updated_at = now()")

        steps.run("kept figures (one pass, GROUPING SETS)", kept_figures)
    steps.run("subtree counters rebuilt", counters_rebuild)
    return entries
