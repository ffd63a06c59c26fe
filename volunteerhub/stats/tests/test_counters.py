"""The kept counters stay equal to the ledger through approvals, rejections and corrections (the organiser records,
the county admin decides: who records an entry does not decide it)."""

import datetime as dt
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from volunteerhub.activities.services import activity_finish
from volunteerhub.activities.tests.conftest import make_activity, volunteers  # noqa: F401
from volunteerhub.hours.models import LedgerEntry, VolunteerHours
from volunteerhub.hours.services import ledger_backfill, ledger_correct, ledger_entry_decide
from volunteerhub.dashboards import selectors
from volunteerhub.stats.models import MonthlyRollup


def _approved_ledger_hours() -> Decimal:
    return LedgerEntry.objects.filter(decision__decision="approved").aggregate(s=Sum("hours"))["s"] or Decimal(0)


def test_counters_equal_the_ledger_after_approvals_and_corrections(organizer, county_admin, volunteers, binzhou,
                                                                   bincheng):
    activity = make_activity(organizer, starts_in=-dt.timedelta(days=3), kind="advocacy", setting="school")
    first, second, third = volunteers(3)
    served = timezone.localdate() - dt.timedelta(days=3)
    entries = [ledger_backfill(user=organizer, volunteer=v, hours=h, served_on=served, reason="纸质签到补录",
                               activity=activity) for v, h in ((first, "3"), (second, "2.5"), (third, "4"))]
    plain = ledger_backfill(user=organizer, volunteer=first, hours="1.5", served_on=served, reason="岗位值守补录")
    for entry in entries[:2] + [plain]:
        ledger_entry_decide(entry=entry, user=county_admin, approve=True)
    ledger_entry_decide(entry=entries[2], user=county_admin, approve=False, note="未到场")
    fix = ledger_correct(user=organizer, entry=entries[0], hours_delta="-1", reason="提前离场")
    ledger_entry_decide(entry=fix, user=county_admin, approve=True)
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


def test_the_check_finds_a_counter_that_drifted(organizer, county_admin, volunteers, bincheng):
    from volunteerhub.stats.services import rollup_add

    volunteer = volunteers(1)[0]
    entry = ledger_backfill(user=organizer, volunteer=volunteer, hours="2", served_on=timezone.localdate(),
                            reason="岗位值守补录")
    ledger_entry_decide(entry=entry, user=county_admin, approve=True)
    assert selectors.rollup_differences() == []
    rollup_add(region=bincheng, when=timezone.localdate(), hours=5)
    assert len(selectors.rollup_differences()) == 1


def _ledger_hours_under(path: str) -> Decimal:
    """Approved hours of the entries whose activity (or, without one, entry region) lies under the path."""
    approved = LedgerEntry.objects.filter(decision__decision="approved")
    with_activity = approved.filter(activity__region__path__startswith=path).aggregate(s=Sum("hours"))["s"]
    plain = approved.filter(activity__isnull=True, region__path__startswith=path).aggregate(s=Sum("hours"))["s"]
    return (with_activity or Decimal(0)) + (plain or Decimal(0))


def test_subtree_counters_equal_the_ledger_at_city_county_and_township_level(organizer, county_admin, volunteers,
                                                                             binzhou, bincheng, zouping):
    from volunteerhub.regions.models import Region

    township = Region.objects.get(code="371602001")
    village, other_village = Region.objects.get(code="371602001001"), Region.objects.get(code="371602001002")
    activity = make_activity(organizer, starts_in=-dt.timedelta(days=3), kind="advocacy", setting="school")  # township
    elsewhere = make_activity(organizer, starts_in=-dt.timedelta(days=2), kind="counselling", setting="office",
                              region_code="371602001002")
    first, second = volunteers(2)
    served = timezone.localdate() - dt.timedelta(days=3)
    here = [ledger_backfill(user=organizer, volunteer=v, hours=h, served_on=served, reason="纸质签到补录",
                            activity=activity) for v, h in ((first, "3"), (second, "2.5"))]
    there = ledger_backfill(user=organizer, volunteer=first, hours="4", served_on=served, reason="纸质签到补录",
                            activity=elsewhere)
    for entry in here + [there]:
        ledger_entry_decide(entry=entry, user=county_admin, approve=True)
    fix = ledger_correct(user=organizer, entry=here[0], hours_delta="-0.5", reason="提前离场")
    ledger_entry_decide(entry=fix, user=county_admin, approve=True)
    activity_finish(activity=activity, user=organizer, people_served=40)

    assert selectors.rollup_differences() == []
    for region, hours in ((binzhou, "9.0"), (bincheng, "9.0"), (township, "9.0"), (village, "0"),
                          (other_village, "4.0"), (zouping, "0")):
        figures = selectors.totals(region=region)
        assert figures["hours"] == _ledger_hours_under(region.path) == Decimal(hours), region.code
    assert selectors.totals(region=township)["activities"] == selectors.totals(region=binzhou)["activities"] == 1
    assert selectors.totals(region=township)["people_served"] == 40
    assert selectors.totals(region=other_village)["activities"] == 0
    counties = {row["code"]: row["hours"] for row in selectors.by_child_region(region=binzhou)}
    assert counties["371602"] == Decimal("9.0") and counties["371681"] == Decimal(0)
    townships = {row["code"]: row["hours"] for row in selectors.by_child_region(region=bincheng)}
    assert townships["371602001"] == Decimal("9.0") and townships["371602002"] == Decimal(0)
    villages = {row["code"]: row["hours"] for row in selectors.by_child_region(region=township)}
    assert villages["371602001001"] == Decimal(0) and villages["371602001002"] == Decimal("4.0")


def test_the_check_finds_a_drifted_subtree_counter(rollups, binzhou):
    from volunteerhub.stats.models import SubtreeRollup

    assert [d for d in selectors.rollup_differences() if d.get("level") == "subtree"] == []
    SubtreeRollup.objects.filter(region=binzhou).update(activities=99)
    drifted = [d for d in selectors.rollup_differences() if d.get("level") == "subtree"]
    assert drifted and {d["region"] for d in drifted} == {binzhou.code}


def test_volunteer_tallies_follow_registration_and_moves(binzhou, bincheng, zouping):
    from volunteerhub.conftest import make_volunteer
    from volunteerhub.volunteers.services import volunteer_update_profile

    before = selectors.totals(region=binzhou)["volunteers"]
    moving = make_volunteer("371602001001")
    make_volunteer("371681001")
    assert selectors.totals(region=binzhou)["volunteers"] == before + 2
    assert selectors.totals(region=bincheng)["volunteers"] == 1
    assert selectors.totals(region=zouping)["volunteers"] == 1
    volunteer_update_profile(volunteer=moving, changes={"region_code": "371681001"})
    assert selectors.totals(region=bincheng)["volunteers"] == 0
    assert selectors.totals(region=zouping)["volunteers"] == 2
    assert selectors.totals(region=binzhou)["volunteers"] == before + 2
    assert selectors.tally_differences() == []


def test_a_rebuild_gives_the_same_counters_as_the_services_kept(rollups, binzhou):
    from volunteerhub.conftest import make_volunteer
    from volunteerhub.stats.models import RegionTally, SubtreeRollup
    from volunteerhub.synthetic.counters import counters_rebuild

    make_volunteer("371602001001")

    def snapshot():
        return (sorted(SubtreeRollup.objects.values_list("region_id", "month", "activity_kind", "setting", "hours",
                                                         "ledger_entries", "activities", "people_served")),
                sorted(RegionTally.objects.values_list("region_id", "volunteers")))

    kept = snapshot()
    counters_rebuild()
    assert snapshot() == kept
    assert selectors.tally_differences() == []
