"""Map caches are keyed by a version row now: drop the NOTIFY trigger an older release put on service posts."""

from django.db import migrations

DROP = """
DROP TRIGGER IF EXISTS volunteerhub_posts_changed ON organizations_servicepost;
DROP FUNCTION IF EXISTS volunteerhub_posts_changed();
"""


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("organizations", "0002_post_change_notices")]

    operations = [migrations.RunPython(drop, migrations.RunPython.noop)]
