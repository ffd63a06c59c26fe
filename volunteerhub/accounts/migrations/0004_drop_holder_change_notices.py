"""Bearer tokens are looked up on every request now: drop the NOTIFY triggers an older release made."""

from django.db import migrations

DROP = """
DROP TRIGGER IF EXISTS volunteerhub_volunteers_changed ON volunteers_volunteer;
DROP TRIGGER IF EXISTS volunteerhub_users_updated ON accounts_user;
DROP TRIGGER IF EXISTS volunteerhub_users_changed ON accounts_user;
DROP TRIGGER IF EXISTS volunteerhub_tokens_updated ON accounts_apitoken;
DROP TRIGGER IF EXISTS volunteerhub_tokens_changed ON accounts_apitoken;
DROP FUNCTION IF EXISTS volunteerhub_accounts_changed();
"""


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_holder_change_notices")]

    operations = [migrations.RunPython(drop, migrations.RunPython.noop)]
