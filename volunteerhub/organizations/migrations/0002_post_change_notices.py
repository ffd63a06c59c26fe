"""Once made changes to service posts NOTIFY listeners; superseded by version rows (0003 drops the trigger)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("organizations", "0001_initial")]

    operations: list = []
