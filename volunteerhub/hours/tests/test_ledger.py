import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from volunteerhub.activities import services as activities
from volunteerhub.activities.tests.conftest import make_activity
from volunteerhub.conftest import make_volunteer
from volunteerhub.core.errors import ApplicationError
from volunteerhub.hours import selectors, services
from volunteerhub.hours.models import (AppendOnlyError, LedgerDecision, LedgerEntry, TeamHours, VolunteerHours)
from volunteerhub.conftest import colleague_of
from volunteerhub.stats.models import MonthlyRollup


def served(organizer, volunteer, *, minutes=180, starts_in=dt.timedelta(days=-3), recorded_by=None,
           **kw) -> LedgerEntry:
    """A past activity of the organiser's the volunteer served at, checked in and out by hand (by default by a
    colleague on site, so that the organiser may decide the entry): one pending entry."""
    activity = make_activity(organizer, starts_in=starts_in, hours=max(1, minutes // 60 + 1), **kw)
    signup = activities.activity_sign_up(activity=activity, volunteer=volunteer) if activity.starts_at > timezone.now() \
        else _late_sign_up(activity, volunteer)
    recorder = recorded_by or colleague_of(organizer)
    activities.signup_check_in_manually(signup=signup, user=recorder, reason="现场登记", at=activity.starts_at)
    _, entry, _ = activities.signup_check_out_manually(signup=signup, user=recorder, reason="现场登记",
                                                       at=activity.starts_at + dt.timedelta(minutes=minutes))
    return entry


def _late_sign_up(activity, volunteer):
    import time_machine

    with time_machine.travel(activity.starts_at - dt.timedelta(hours=1), tick=False):
        return activities.activity_sign_up(activity=activity, volunteer=volunteer)


def _snapshot():
    return {e.pk: {f.attname: getattr(e, f.attname) for f in LedgerEntry._meta.concrete_fields}
            for e in LedgerEntry.objects.all()}


def test_approval_is_a_decision_row_and_moves_the_kept_totals(organizer, volunteer, team):
    entry = served(organizer, volunteer, minutes=180)
    before = _snapshot()

    services.ledger_entry_decide(entry=entry, user=organizer, approve=True)

    assert _snapshot() == before  # the entry itself never changed
    assert LedgerDecision.objects.get(entry=entry).decision == "approved"
    assert VolunteerHours.objects.get(volunteer=volunteer).approved_hours == Decimal("3")
    assert TeamHours.objects.get(team=team).approved_hours == Decimal("3")
    assert selectors.volunteer_totals(volunteer=volunteer)["approved_hours"] == selectors.ledger_sum_approved(volunteer=volunteer)


def test_approval_adds_to_the_dashboard_counters_in_the_same_transaction(organizer, volunteer):
    entry = served(organizer, volunteer, minutes=120, kind="advocacy", setting="school")

    services.ledger_entry_decide(entry=entry, user=organizer, approve=True)

    rollup = MonthlyRollup.objects.get(activity_kind="advocacy", setting="school")
    assert (rollup.hours, rollup.ledger_entries) == (Decimal("2"), 1)


def test_a_rejected_entry_counts_nowhere(organizer, volunteer):
    entry = served(organizer, volunteer)

    services.ledger_entry_decide(entry=entry, user=organizer, approve=False, note="未到岗")

    assert selectors.volunteer_totals(volunteer=volunteer)["approved_hours"] == 0
    assert not MonthlyRollup.objects.filter(ledger_entries__gt=0).exists()


def test_an_entry_is_decided_only_once(organizer, volunteer):
    entry = served(organizer, volunteer)
    services.ledger_entry_decide(entry=entry, user=organizer, approve=True)

    with pytest.raises(ApplicationError) as refused:
        services.ledger_entry_decide(entry=entry, user=organizer, approve=True)

    assert refused.value.code == "already_decided"
    assert VolunteerHours.objects.get(volunteer=volunteer).approved_hours == Decimal("3")


def test_an_organiser_of_another_team_cannot_approve_and_nothing_changes(organizer, other_organizer, volunteer):
    entry = served(organizer, volunteer)

    with pytest.raises(ApplicationError) as refused:
        services.ledger_entry_decide(entry=entry, user=other_organizer, approve=True)

    assert refused.value.status == 403
    assert not LedgerDecision.objects.exists() and not VolunteerHours.objects.exists()


def test_a_county_admin_decides_within_the_county_only(organizer, county_admin, other_county_admin, volunteer):
    entry = served(organizer, volunteer)

    with pytest.raises(ApplicationError):
        services.ledger_entry_decide(entry=entry, user=other_county_admin, approve=True)
    services.ledger_entry_decide(entry=entry, user=county_admin, approve=True)

    assert LedgerDecision.objects.get(entry=entry).decided_by == county_admin


def test_a_correction_is_a_new_entry_with_author_and_reason_approved_like_any_other(organizer, colleague, volunteer):
    entry = served(organizer, volunteer, minutes=180)
    services.ledger_entry_decide(entry=entry, user=organizer, approve=True)
    before = _snapshot()

    correction = services.ledger_correct(user=colleague, entry=entry, hours_delta=Decimal("-1"), reason="签退时间有误")
    assert selectors.volunteer_totals(volunteer=volunteer)["approved_hours"] == Decimal("3")  # pending
    services.ledger_entry_decide(entry=correction, user=organizer, approve=True)

    assert all(_snapshot()[pk] == row for pk, row in before.items())
    assert (correction.kind, correction.corrects, correction.author, correction.reason) == \
        ("correction", entry, colleague, "签退时间有误")
    assert selectors.volunteer_totals(volunteer=volunteer)["approved_hours"] == Decimal("2")
    assert MonthlyRollup.objects.get(activity_kind="convenience").hours == Decimal("2")


def test_a_correction_cannot_make_hours_negative(organizer, volunteer):
    entry = served(organizer, volunteer, minutes=60)

    with pytest.raises(ApplicationError):
        services.ledger_correct(user=organizer, entry=entry, hours_delta=Decimal("-2"), reason="更正")

    assert LedgerEntry.objects.count() == 1


def test_a_backfill_needs_a_reason_and_waits_for_approval(organizer, volunteer):
    with pytest.raises(ApplicationError):
        services.ledger_backfill(user=organizer, volunteer=volunteer, hours=2, served_on=dt.date(2026, 3, 1), reason="")

    entry = services.ledger_backfill(user=organizer, volunteer=volunteer, hours=2, served_on=dt.date(2026, 3, 1),
                                     reason="纸质签到表补录")

    assert (entry.kind, entry.author, selectors.entry_status(entry)) == ("backfill", organizer, "pending")
    assert LedgerEntry.objects.count() == 1


def test_an_organiser_cannot_backfill_for_a_volunteer_of_another_team(other_organizer, volunteer):
    with pytest.raises(ApplicationError) as refused:
        services.ledger_backfill(user=other_organizer, volunteer=volunteer, hours=2, served_on=dt.date(2026, 3, 1),
                                 reason="补录")

    assert refused.value.status == 403
    assert not LedgerEntry.objects.exists()


def test_nobody_approves_their_own_hours(organizer, volunteer, team):
    organiser_volunteer = make_volunteer("371602001001", team=team)
    organiser_volunteer.user.role, organiser_volunteer.user.team = "organizer", team
    organiser_volunteer.user.save()
    entry = served(organizer, organiser_volunteer)

    with pytest.raises(ApplicationError):
        services.ledger_entry_decide(entry=entry, user=organiser_volunteer.user, approve=True)


def test_star_levels_rise_with_approved_hours(organizer, colleague, volunteer, settings):
    settings.STAR_LEVEL_THRESHOLDS = [3, 6, 9, 12, 15]
    for _ in range(2):
        entry = services.ledger_backfill(user=colleague, volunteer=volunteer, hours=Decimal("3.5"),
                                         served_on=dt.date(2026, 3, 1), reason="补录")
        services.ledger_entry_decide(entry=entry, user=organizer, approve=True)

    totals = selectors.volunteer_totals(volunteer=volunteer)
    assert (totals["approved_hours"], totals["star_level"], totals["next_threshold"]) == (Decimal("7"), 2, 9)


def test_my_ledger_shows_every_entry_with_the_running_total(organizer, volunteer):
    first = served(organizer, volunteer, minutes=120, starts_in=dt.timedelta(days=-5))
    second = served(organizer, volunteer, minutes=60, starts_in=dt.timedelta(days=-3))
    services.ledger_entry_decide(entry=first, user=organizer, approve=True)

    ledger = selectors.my_ledger(volunteer=volunteer)

    assert [(r["entry"].pk, r["status"], r["running_total"]) for r in ledger["entries"]] == \
        [(first.pk, "approved", Decimal("2")), (second.pk, "pending", Decimal("2"))]
    assert ledger["pending_hours"] == Decimal("1")


def test_a_volunteer_asks_for_a_correction_and_the_organiser_adds_one(organizer, volunteer):
    entry = served(organizer, volunteer, minutes=60)
    request = services.correction_request_create(volunteer=volunteer, entry=entry, message="我服务到了下午三点，少记了一小时")

    services.correction_request_resolve(correction_request=request, user=organizer, accept=True,
                                        hours_delta=Decimal("1"), note="核实签到表")

    request.refresh_from_db()
    assert request.status == "resolved" and request.resolution_entry.corrects == entry
    assert request.resolution_entry.hours == Decimal("1")


# --- append-only ----------------------------------------------------------------------------------

def test_a_ledger_entry_refuses_to_be_saved_again(organizer, volunteer):
    entry = served(organizer, volunteer)
    before = _snapshot()

    entry.hours = Decimal("99")
    with pytest.raises(AppendOnlyError):
        entry.save()

    assert _snapshot() == before


def test_a_ledger_entry_refuses_to_be_deleted(organizer, volunteer):
    entry = served(organizer, volunteer)

    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        LedgerEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnlyError):
        LedgerEntry.objects.filter(pk=entry.pk).update(hours=0)

    assert LedgerEntry.objects.filter(pk=entry.pk, hours=entry.hours).exists()


def test_a_decision_is_append_only_too(organizer, volunteer):
    decision = services.ledger_entry_decide(entry=served(organizer, volunteer), user=organizer, approve=True)

    decision.decision = "rejected"
    with pytest.raises(AppendOnlyError):
        decision.save()
    with pytest.raises(AppendOnlyError):
        LedgerDecision.objects.all().delete()


def test_no_code_path_updates_or_deletes_a_ledger_entry(organizer, colleague, volunteer, other_organizer):
    """Run every writing path of the ledger, then check each row ever written is as first written."""
    first = served(organizer, volunteer, minutes=120)
    snapshots = [_snapshot()]
    services.ledger_entry_decide(entry=first, user=organizer, approve=True)
    snapshots.append(_snapshot())
    correction = services.ledger_correct(user=colleague, entry=first, hours_delta=Decimal("0.5"), reason="补足")
    snapshots.append(_snapshot())
    services.ledger_entry_decide(entry=correction, user=organizer, approve=False, note="不属实")
    backfill = services.ledger_backfill(user=colleague, volunteer=volunteer, hours=1, served_on=dt.date(2026, 1, 5),
                                        reason="补录")
    services.ledger_entry_decide(entry=backfill, user=organizer, approve=True)
    request = services.correction_request_create(volunteer=volunteer, entry=first, message="请再核对一次时长")
    services.correction_request_resolve(correction_request=request, user=organizer, accept=False, note="无误")
    with pytest.raises(ApplicationError):
        services.ledger_entry_decide(entry=first, user=other_organizer, approve=False)
    from volunteerhub.records.services import certificate_issue

    certificate_issue(volunteer=volunteer)
    final = _snapshot()

    for snapshot in snapshots:
        for pk, row in snapshot.items():
            assert final[pk] == row
    assert len(final) == 3


def test_the_source_has_no_update_or_delete_of_ledger_rows():
    """A guard on the code itself: nothing in the project calls update/delete on the ledger models.

    One migration is let through: it fills the category column it comes with (training apart from service) once,
    for entries recorded before the column existed; no recorded hour, date or author changes."""
    root = Path(__file__).resolve().parents[2]
    filling_a_new_column = {root / "hours" / "migrations" / "0006_classify_training.py"}
    pattern = re.compile(r"(LedgerEntry|LedgerDecision|Certificate)\.objects[^\n]*\.(update|delete|bulk_update)\(")
    offenders = [str(p) for p in root.rglob("*.py") if "tests" not in p.parts and p not in filling_a_new_column
                 and pattern.search(p.read_text())]
    assert offenders == []


def test_the_admin_can_neither_change_nor_delete_ledger_rows(rf, city_admin):
    from django.contrib import admin

    city_admin.is_superuser = True
    request = rf.get("/admin/")
    request.user = city_admin
    for model in (LedgerEntry, LedgerDecision):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)
        assert not model_admin.has_add_permission(request)


# --- who records does not decide ------------------------------------------------------------------

@pytest.mark.parametrize("approve", [True, False])
def test_who_back_fills_an_entry_can_neither_approve_nor_reject_it(organizer, colleague, volunteer, approve):
    entry = services.ledger_backfill(user=organizer, volunteer=volunteer, hours=2, served_on=dt.date(2026, 3, 1),
                                     reason="纸质签到表补录")

    with pytest.raises(ApplicationError) as refused:
        services.ledger_entry_decide(entry=entry, user=organizer, approve=approve, note="" if approve else "不属实")

    assert (refused.value.status, refused.value.code) == (403, "own_entry")
    assert not LedgerDecision.objects.exists() and not VolunteerHours.objects.exists()
    services.ledger_entry_decide(entry=entry, user=colleague, approve=approve, note="" if approve else "不属实")
    assert LedgerDecision.objects.get(entry=entry).decided_by == colleague


def test_who_checks_a_volunteer_out_by_hand_cannot_approve_the_entry(organizer, volunteer):
    entry = served(organizer, volunteer, recorded_by=organizer)

    with pytest.raises(ApplicationError) as refused:
        services.ledger_entry_decide(entry=entry, user=organizer, approve=True)

    assert refused.value.code == "own_entry" and not LedgerDecision.objects.exists()


def test_who_corrects_an_entry_cannot_approve_the_correction(organizer, colleague, volunteer):
    entry = served(organizer, volunteer)
    services.ledger_entry_decide(entry=entry, user=organizer, approve=True)
    correction = services.ledger_correct(user=organizer, entry=entry, hours_delta=Decimal("1"), reason="少记一小时")

    with pytest.raises(ApplicationError):
        services.ledger_entry_decide(entry=correction, user=organizer, approve=True)

    assert selectors.entry_status(correction) == "pending"
    assert VolunteerHours.objects.get(volunteer=volunteer).approved_hours == Decimal("3")


# --- bounds ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("hours", ["24.01", "-1", "0", "NaN", "Infinity", "1e30"])
def test_a_back_filled_entry_holds_more_than_nothing_and_at_most_a_day(organizer, volunteer, hours):
    with pytest.raises(ApplicationError) as refused:
        services.ledger_backfill(user=organizer, volunteer=volunteer, hours=hours, served_on=dt.date(2026, 3, 1),
                                 reason="纸质签到表补录")

    assert refused.value.status == 400 and list(refused.value.fields) == ["hours"]
    assert not LedgerEntry.objects.exists()


def test_corrections_cannot_take_an_entry_past_a_day(organizer, volunteer):
    entry = served(organizer, volunteer, minutes=180)
    services.ledger_correct(user=organizer, entry=entry, hours_delta=Decimal("20"), reason="漏记夜间值守")

    with pytest.raises(ApplicationError) as refused:
        services.ledger_correct(user=organizer, entry=entry, hours_delta=Decimal("1.5"), reason="再补一些")

    assert list(refused.value.fields) == ["hours_delta"]
    assert LedgerEntry.objects.count() == 2
