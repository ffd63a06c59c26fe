"""Once made changes to tokens, users and volunteers NOTIFY listeners; tokens are looked up per request now
(0004 drops the triggers)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_initial"), ("volunteers", "0003_volunteer_home_cell")]

    operations: list = []
