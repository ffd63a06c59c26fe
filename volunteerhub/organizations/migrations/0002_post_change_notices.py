"""PostgreSQL only: every statement that changes service posts NOTIFYs `volunteerhub_posts`.

Map workers keep copies of posts in memory (`maps.index`) and drop them when they hear this
(`core.changefeed`). One notice per statement, not per row: a bulk load of a million posts sends
one, and notices sent in one transaction are delivered once, at commit. Other databases have no
notices; there the map reads posts from the database every time.
"""

from django.db import migrations

CREATE = r"""
CREATE OR REPLACE FUNCTION volunteerhub_posts_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    PERFORM pg_notify('volunteerhub_posts', '');
    RETURN NULL;
END
$fn$;
CREATE TRIGGER volunteerhub_posts_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organizations_servicepost
    FOR EACH STATEMENT EXECUTE FUNCTION volunteerhub_posts_changed();
"""

DROP = """
DROP TRIGGER IF EXISTS volunteerhub_posts_changed ON organizations_servicepost;
DROP FUNCTION IF EXISTS volunteerhub_posts_changed();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("organizations", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
