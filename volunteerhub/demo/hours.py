"""Demo ledger: an approved entry for each past check-out (training activities' as training, kept apart), kept
totals, star levels and certificates.

The demo organiser's activity of yesterday keeps its entries pending, to show the approval queue.
Bulk inserts (the append-only rows are only ever inserted); idempotent through the ledger itself.
"""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from volunteerhub.accounts.models import User
from volunteerhub.activities.models import SignUp
from volunteerhub.core.progress import progress
from volunteerhub.core.tenancy import with_city_codes
from volunteerhub.hours import rules
from volunteerhub.hours.models import LedgerDecision, LedgerEntry, TeamHours, VolunteerHours
from volunteerhub.organizations.models import Team
from volunteerhub.records.services import certificate_issue
from volunteerhub.hours.services import served_minutes
from volunteerhub.regions.models import Region
from volunteerhub.stats.services import rollup_add
from volunteerhub.volunteers.models import Volunteer

DEMO_TEAM = "市中街道卫生院志愿服务队"
DEMO_VOLUNTEER_PHONE = "13900000004"
CERTIFICATES = 8


def seed_demo(*, rng, stdout) -> None:
    if LedgerEntry.objects.exists():
        stdout.write(f"  ledger entries: {LedgerEntry.objects.count()} (already loaded)")
        return
    with transaction.atomic():
        _seed(stdout)


def _seed(stdout) -> None:
    organiser = User.objects.filter(role="organizer", team__name=DEMO_TEAM).first()
    approver = User.objects.filter(role="city_admin").order_by("pk").first()
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    signups = list(SignUp.objects.filter(status=SignUp.Status.CONFIRMED, checked_out_at__isnull=False)
                   .select_related("activity", "activity__team").order_by("activity__starts_at", "pk"))
    entries = []
    for s in progress(signups, desc="ledger", unit="entries"):
        a = s.activity
        minutes = served_minutes(activity=a, checked_in_at=s.checked_in_at, checked_out_at=s.checked_out_at)
        entries.append(LedgerEntry(
            volunteer_id=s.volunteer_id, activity=a, signup=s, team_id=a.team_id, region_id=a.region_id,
            city_code=a.city_code,
            kind=LedgerEntry.Kind.SERVICE, category=rules.category_of(a), served_on=timezone.localtime(a.starts_at).date(),
            started_at=max(s.checked_in_at, a.starts_at), ended_at=min(s.checked_out_at, a.ends_at), minutes=minutes,
            hours=rules.round_minutes(minutes), rounding_rule=settings.HOURS_ROUNDING_RULE,
            content=f"{a.get_kind_display()}：{a.title}", author=organiser if a.team.name == DEMO_TEAM else None))
    LedgerEntry.objects.bulk_create(entries, batch_size=1000)
    pending = {e.pk for e in entries if e.activity.team.name == DEMO_TEAM and e.served_on >= yesterday}
    approved = [e for e in entries if e.pk not in pending]
    LedgerDecision.objects.bulk_create(with_city_codes(
        LedgerDecision(entry=e, decision=LedgerDecision.Decision.APPROVED, decided_by=approver) for e in approved),
        batch_size=1000)
    _totals(approved)
    _rollups(approved)
    _certificates(stdout)
    stdout.write(f"  ledger entries: {len(entries)} ({len(pending)} pending approval)")


def _totals(approved) -> None:
    """Kept totals as the approvals would have kept them: training apart, counted only where local rules say."""
    per_volunteer = defaultdict(lambda: {"service": Decimal("0"), "training": Decimal("0"), "counted": Decimal("0"),
                                         "entries": 0, "training_entries": 0})
    per_team = defaultdict(lambda: [Decimal("0"), 0])
    for e in approved:
        kept = per_volunteer[e.volunteer_id]
        kept[e.category] += e.hours
        kept["training_entries"] += e.category == LedgerEntry.Category.TRAINING
        if rules.counts_as_service(e.category):
            kept["counted"] += e.hours
            kept["entries"] += 1
            per_team[e.team_id][0] += e.hours
            per_team[e.team_id][1] += 1
    volunteer_city = dict(Volunteer.objects.filter(pk__in=per_volunteer).values_list("pk", "city_code"))
    team_city = dict(Team.objects.filter(pk__in=per_team).values_list("pk", "city_code"))
    VolunteerHours.objects.bulk_create([
        VolunteerHours(volunteer_id=v, city_code=volunteer_city[v],
                       approved_hours=k["counted"], approved_entries=k["entries"],
                       service_hours=k["service"], training_hours=k["training"], training_entries=k["training_entries"],
                       star_level=rules.star_level(k["counted"]), star_level_announced=rules.star_level(k["counted"]))
        for v, k in per_volunteer.items()], batch_size=1000)
    TeamHours.objects.bulk_create([TeamHours(team_id=t, city_code=team_city[t], approved_hours=h, approved_entries=n)
                                   for t, (h, n) in per_team.items() if t], batch_size=1000)


def _rollups(approved) -> None:
    """Dashboard counters, as the approvals would have added them (one call per region-month cell)."""
    cells = defaultdict(lambda: [Decimal("0"), 0])
    for e in approved:
        if not rules.counts_as_service(e.category):
            continue
        a = e.activity
        local = timezone.localtime(a.starts_at)
        cell = cells[(a.region_id, local.year, local.month, a.kind, a.setting)]
        cell[0] += e.hours
        cell[1] += 1
    regions = Region.objects.in_bulk({key[0] for key in cells})
    for (region_id, year, month, kind, setting), (hours, count) in cells.items():
        rollup_add(region=regions[region_id], when=dt.date(year, month, 1), activity_kind=kind, setting=setting,
                   hours=hours, ledger_entries=count)


def _certificates(stdout) -> None:
    demo = Volunteer.objects.filter(user__phone=DEMO_VOLUNTEER_PHONE).first()
    starred = list(Volunteer.objects.filter(hours_total__star_level__gte=1).order_by("-hours_total__approved_hours")
                   [:CERTIFICATES])
    for volunteer in ([demo] if demo and demo not in starred else []) + starred:
        if VolunteerHours.objects.filter(volunteer=volunteer, approved_hours__gt=0).exists():
            certificate_issue(volunteer=volunteer)
    stdout.write(f"  star volunteers: {VolunteerHours.objects.filter(star_level__gte=1).count()}")


