"""Existing data migrates: entries of training activities, booked as service before, become training, and the
kept totals, star levels and counters they had moved are set right."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from volunteerhub.hours import services
from volunteerhub.hours.tests.test_ledger import served
from volunteerhub.stats.models import MonthlyRollup

BEFORE = [("hours", "0004_certificate_moves")]
AFTER = [("hours", "0006_classify_training")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def back_to_the_latest_schema():
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_training_booked_as_service_before_is_moved_apart(organizer, colleague, volunteer, back_to_the_latest_schema):
    for _ in range(4):
        entry = services.ledger_backfill(user=colleague, volunteer=volunteer, hours="24",
                                         served_on=dt.date(2026, 3, 1), reason="纸质签到表补录")
        services.ledger_entry_decide(entry=entry, user=organizer, approve=True)
    training = served(organizer, volunteer, minutes=300, kind="training", setting="office")
    services.ledger_entry_decide(entry=training, user=organizer, approve=True)
    old = _migrate(BEFORE)
    # As the old code kept them: the training's 5 hours counted as service, giving a first star.
    old.get_model("hours", "VolunteerHours").objects.filter(volunteer_id=volunteer.pk).update(
        approved_hours=Decimal("101"), approved_entries=5, star_level=1)
    MonthlyRollup.objects.create(  # the counters' table does not change
        region_id=training.activity.region_id, region_path=training.activity.region.path,
        month=training.served_on.replace(day=1), activity_kind="training", setting="office", hours=5, ledger_entries=1)

    new = _migrate(AFTER)

    assert new.get_model("hours", "LedgerEntry").objects.get(pk=training.pk).category == "training"
    kept = new.get_model("hours", "VolunteerHours").objects.get(volunteer_id=volunteer.pk)
    assert (kept.approved_hours, kept.service_hours, kept.training_hours, kept.training_entries) == \
        (Decimal("96"), Decimal("96"), Decimal("5"), 1)
    assert (kept.approved_entries, kept.star_level, kept.star_level_announced) == (4, 0, 0)
    assert MonthlyRollup.objects.get(activity_kind="training").hours == 0
