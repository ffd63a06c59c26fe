"""Training is recorded as training: its hours kept apart from service, counted only where local rules say so."""

import datetime as dt
from decimal import Decimal

import pytest

from volunteerhub.core.errors import ApplicationError
from volunteerhub.hours import selectors, services
from volunteerhub.hours.models import LedgerEntry, TeamHours, VolunteerHours
from volunteerhub.hours.tests.test_ledger import served
from volunteerhub.stats.models import MonthlyRollup


def approved_service(organizer, colleague, volunteer, hours="24"):
    entry = services.ledger_backfill(user=colleague, volunteer=volunteer, hours=Decimal(hours),
                                     served_on=dt.date(2026, 3, 1), reason="纸质签到表补录", content="义诊")
    services.ledger_entry_decide(entry=entry, user=organizer, approve=True)
    return entry


def test_a_training_activity_leaves_service_totals_and_stars_unchanged(organizer, colleague, volunteer, team):
    for _ in range(4):
        approved_service(organizer, colleague, volunteer)  # 96 h of service: one star is 100 h
    before = VolunteerHours.objects.get(volunteer=volunteer)
    team_before = TeamHours.objects.get(team=team).approved_hours

    entry = served(organizer, volunteer, minutes=300, kind="training", setting="office")
    services.ledger_entry_decide(entry=entry, user=organizer, approve=True)

    kept = VolunteerHours.objects.get(volunteer=volunteer)
    assert entry.category == LedgerEntry.Category.TRAINING and entry.hours == Decimal("5")
    assert (kept.approved_hours, kept.service_hours, kept.star_level) == (Decimal("96"), Decimal("96"), 0)
    assert (kept.training_hours, kept.training_entries) == (Decimal("5"), 1)
    assert kept.approved_entries == before.approved_entries
    assert TeamHours.objects.get(team=team).approved_hours == team_before
    assert not MonthlyRollup.objects.filter(activity_kind="training", ledger_entries__gt=0).exists()
    assert selectors.ledger_sum_approved(volunteer=volunteer) == kept.approved_hours


def test_where_local_rules_count_training_it_moves_totals_stars_and_counters(organizer, colleague, volunteer,
                                                                             settings):
    settings.TRAINING_COUNTS_AS_SERVICE = True
    for _ in range(4):
        approved_service(organizer, colleague, volunteer)

    entry = served(organizer, volunteer, minutes=300, kind="training", setting="office")
    services.ledger_entry_decide(entry=entry, user=organizer, approve=True)

    kept = VolunteerHours.objects.get(volunteer=volunteer)
    assert (kept.approved_hours, kept.service_hours, kept.training_hours, kept.star_level) == \
        (Decimal("101"), Decimal("96"), Decimal("5"), 1)
    assert MonthlyRollup.objects.get(activity_kind="training").hours == Decimal("5")
    assert selectors.ledger_sum_approved(volunteer=volunteer) == Decimal("101")


def test_a_correction_of_training_is_training(organizer, colleague, volunteer):
    entry = served(organizer, volunteer, minutes=240, kind="training")
    services.ledger_entry_decide(entry=entry, user=organizer, approve=True)

    correction = services.ledger_correct(user=colleague, entry=entry, hours_delta="-1", reason="提前离场")
    services.ledger_entry_decide(entry=correction, user=organizer, approve=True)

    kept = VolunteerHours.objects.get(volunteer=volunteer)
    assert correction.category == LedgerEntry.Category.TRAINING
    assert (kept.approved_hours, kept.training_hours) == (Decimal("0"), Decimal("3"))


def test_a_back_fill_without_an_activity_may_be_training(organizer, colleague, volunteer):
    entry = services.ledger_backfill(user=colleague, volunteer=volunteer, hours="3", served_on=dt.date(2026, 3, 1),
                                     reason="线下培训补录", content="急救技能培训", category="training")
    services.ledger_entry_decide(entry=entry, user=organizer, approve=True)

    assert VolunteerHours.objects.get(volunteer=volunteer).training_hours == Decimal("3")


def test_a_back_fill_of_an_unknown_category_is_refused_and_nothing_is_kept(colleague, volunteer):
    with pytest.raises(ApplicationError) as refused:
        services.ledger_backfill(user=colleague, volunteer=volunteer, hours="3", served_on=dt.date(2026, 3, 1),
                                 reason="补录", category="meeting")

    assert refused.value.status == 400 and list(refused.value.fields) == ["category"]
    assert not LedgerEntry.objects.exists()


def test_my_hours_shows_training_apart_in_the_api(api_as, organizer, colleague, volunteer):
    approved_service(organizer, colleague, volunteer, hours="6")
    entry = served(organizer, volunteer, minutes=120, kind="training")
    services.ledger_entry_decide(entry=entry, user=organizer, approve=True)

    body = api_as(volunteer.user).get("/api/v1/me/hours").json()

    assert (body["approved_hours"], body["service_hours"], body["training_hours"]) == ("6.00", "6.00", "2.00")
    assert body["training_counts_as_service"] is False and body["star_level"] == 0
    assert [(e["category"], e["running_total"]) for e in body["entries"]] == [("service", "6.00"),
                                                                           ("training", "2.00")]


def test_the_approval_message_of_training_speaks_of_training(organizer, volunteer):
    from volunteerhub.notifications.models import Notification

    entry = served(organizer, volunteer, minutes=120, kind="training")
    services.ledger_entry_decide(entry=entry, user=organizer, approve=True)

    message = Notification.objects.get(user=volunteer.user, kind="hours_approved")
    assert message.title == "培训时长已审核通过" and "累计培训 2.00 小时" in message.body
