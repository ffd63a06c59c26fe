"""Once replaced the PL/pgSQL sign-up function; superseded (0005 drops it)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("activities", "0002_sign_up_function")]

    operations: list = []
