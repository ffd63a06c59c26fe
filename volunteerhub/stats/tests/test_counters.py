"""The kept counters stay equal to the ledger through approvals, rejections and corrections."""

import datetime as dt
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from volunteerhub.activities.services import activity_finish
from volunteerhub.activities.tests.conftest import make_activity, volunteers  # noqa: F401
from volunteerhub.hours.models import LedgerEntry, VolunteerHours
from volunteerhub.hours.services import ledger_backfill, ledger_correct, ledger_entry_decide
from volunteerhub.stats import selectors
from volunteerhub.stats.models import MonthlyRollup


def _approved_ledger_hours() -> Decimal:
    return LedgerEntry.objects.filter(decision__decision="approved").aggregate(s=Sum("hours"))["s"] or Decimal(0)


def test_counters_equal_the_ledger_after_approvals_and_corrections(organizer, volunteers, binzhou, bincheng):
    activity = make_activity(organizer, starts_in=-dt.timedelta(days=3), kind="advocacy", setting="school")
    first, second, third = volunteers(3)
    served = timezone.localdate() - dt.timedelta(days=3)
    entries = [ledger_backfill(user=organizer, volunteer=v, hours=h, served_on=served, reason="纸质签到补录",
                               activity=activity) for v, h in ((first, "3"), (second, "2.5"), (third, "4"))]
    plain = ledger_backfill(user=organizer, volunteer=first, hours="1.5", served_on=served, reason="岗位值守补录")
    for entry in entries[:2] + [plain]:
        ledger_entry_decide(entry=entry, user=organizer, approve=True)
    ledger_entry_decide(entry=entries[2], user=organizer, approve=False, note="未到场")
    fix = ledger_correct(user=organizer, entry=entries[0], hours_delta="-1", reason="提前离场")
    ledger_entry_decide(entry=fix, user=organizer, approve=True)
    pending = ledger_correct(user=organizer, entry=entries[1], hours_delta="0.5", reason="补记半小时")  # not decided
    assert pending.pk
    activity_finish(activity=activity, user=organizer, people_served=80)

    assert selectors.rollup_differences() == []
    kept = MonthlyRollup.objects.aggregate(h=Sum("hours"), n=Sum("ledger_entries"), a=Sum("activities"))
    assert kept["h"] == _approved_ledger_hours() == Decimal("6.0")
    assert kept["n"] == 4 and kept["a"] == 1
    assert VolunteerHours.objects.get(volunteer=first).approved_hours == Decimal("3.5")
    figures = selectors.totals(region=bincheng)
    assert (figures["hours"], figures["activities"], figures["people_served"]) == (Decimal("6.0"), 1, 80)
    assert selectors.totals(region=binzhou)["hours"] == Decimal("6.0")
    school = next(row for row in selectors.by_setting(region=binzhou) if row["code"] == "school")
    assert school["hours"] == Decimal("4.5")


def test_the_check_finds_a_counter_that_drifted(organizer, volunteers, bincheng):
    from volunteerhub.stats.services import rollup_add

    volunteer = volunteers(1)[0]
    entry = ledger_backfill(user=organizer, volunteer=volunteer, hours="2", served_on=timezone.localdate(),
                            reason="岗位值守补录")
    ledger_entry_decide(entry=entry, user=organizer, approve=True)
    assert selectors.rollup_differences() == []
    rollup_add(region=bincheng, when=timezone.localdate(), hours=5)
    assert len(selectors.rollup_differences()) == 1
