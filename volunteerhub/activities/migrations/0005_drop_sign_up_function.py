"""The sign-up rules run in Python on every database: drop the PL/pgSQL function an older release made."""

from django.db import migrations

DROP = "DROP FUNCTION IF EXISTS volunteerhub_sign_up(bigint, bigint, bigint, text, text, timestamptz)"


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("activities", "0004_signup_indexes_that_plan_well")]

    operations = [migrations.RunPython(drop, migrations.RunPython.noop)]
