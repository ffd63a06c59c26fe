"""Entries of training activities become training, kept apart: the kept totals, team totals and dashboard counters
then leave them out (unless TRAINING_COUNTS_AS_SERVICE), and star levels reached so far count as announced."""

from decimal import Decimal

from django.conf import settings
from django.db import migrations
from django.db.models import Count, F, Sum


def _training_sums(approved, key: str) -> dict:
    rows = approved.filter(category="training").values(key).annotate(h=Sum("hours"), n=Count("pk"))
    return {row[key]: (row["h"] or Decimal(0), row["n"]) for row in rows if row[key] is not None}


def classify(apps, schema_editor):
    from volunteerhub.hours.rules import star_level

    LedgerEntry, VolunteerHours, TeamHours = (apps.get_model("hours", name)
                                              for name in ("LedgerEntry", "VolunteerHours", "TeamHours"))
    counts = bool(getattr(settings, "TRAINING_COUNTS_AS_SERVICE", False))
    LedgerEntry.objects.filter(activity__kind="training").update(category="training")
    approved = LedgerEntry.objects.filter(decision__decision="approved")
    VolunteerHours.objects.update(service_hours=F("approved_hours"))
    for volunteer_id, (hours, n) in _training_sums(approved, "volunteer_id").items():
        row = VolunteerHours.objects.filter(volunteer_id=volunteer_id).first()
        if row is None:
            continue
        row.service_hours = row.approved_hours - hours
        row.training_hours, row.training_entries = hours, n
        if not counts:
            row.approved_hours, row.approved_entries = row.service_hours, max(0, row.approved_entries - n)
        row.star_level = star_level(row.approved_hours)
        row.save(update_fields=["service_hours", "training_hours", "training_entries", "approved_hours",
                                "approved_entries", "star_level"])
    VolunteerHours.objects.update(star_level_announced=F("star_level"))
    if counts:
        return
    for team_id, (hours, n) in _training_sums(approved, "team_id").items():
        TeamHours.objects.filter(team_id=team_id).update(approved_hours=F("approved_hours") - hours,
                                                         approved_entries=F("approved_entries") - n)
    for name in ("MonthlyRollup", "SubtreeRollup"):
        apps.get_model("stats", name).objects.filter(activity_kind="training").update(hours=0, ledger_entries=0)


class Migration(migrations.Migration):

    dependencies = [
        ("hours", "0005_training_apart"),
        ("activities", "0007_signup_waitlist_rank_index"),
        ("stats", "0005_drop_data_version"),
    ]

    operations = [migrations.RunPython(classify, migrations.RunPython.noop)]
