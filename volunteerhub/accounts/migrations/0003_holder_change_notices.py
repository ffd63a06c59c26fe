"""PostgreSQL only: changes to bearer tokens, users and volunteers NOTIFY `volunteerhub_accounts`.

Each API process keeps the rows its token lookups read (`accounts.tokens`) and drops them when it
hears this (`core.changefeed`). Every change is announced except the two written as a side effect
of signing in: a token's last use and a user's last login (row triggers compare the rows without
that column, so an UPDATE that also changes anything else is still announced). Notices sent in one
transaction are delivered once, at commit. Other databases have no notices; there every request
looks its token up.
"""

from django.db import migrations

CREATE = r"""
CREATE OR REPLACE FUNCTION volunteerhub_accounts_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    PERFORM pg_notify('volunteerhub_accounts', '');
    RETURN NULL;
END
$fn$;
CREATE TRIGGER volunteerhub_tokens_changed
    AFTER INSERT OR DELETE OR TRUNCATE ON accounts_apitoken
    FOR EACH STATEMENT EXECUTE FUNCTION volunteerhub_accounts_changed();
CREATE TRIGGER volunteerhub_tokens_updated
    AFTER UPDATE ON accounts_apitoken FOR EACH ROW
    WHEN ((to_jsonb(OLD) - 'last_used_at') IS DISTINCT FROM (to_jsonb(NEW) - 'last_used_at'))
    EXECUTE FUNCTION volunteerhub_accounts_changed();
CREATE TRIGGER volunteerhub_users_changed
    AFTER INSERT OR DELETE OR TRUNCATE ON accounts_user
    FOR EACH STATEMENT EXECUTE FUNCTION volunteerhub_accounts_changed();
CREATE TRIGGER volunteerhub_users_updated
    AFTER UPDATE ON accounts_user FOR EACH ROW
    WHEN ((to_jsonb(OLD) - 'last_login') IS DISTINCT FROM (to_jsonb(NEW) - 'last_login'))
    EXECUTE FUNCTION volunteerhub_accounts_changed();
CREATE TRIGGER volunteerhub_volunteers_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON volunteers_volunteer
    FOR EACH STATEMENT EXECUTE FUNCTION volunteerhub_accounts_changed();
"""

DROP = """
DROP TRIGGER IF EXISTS volunteerhub_volunteers_changed ON volunteers_volunteer;
DROP TRIGGER IF EXISTS volunteerhub_users_updated ON accounts_user;
DROP TRIGGER IF EXISTS volunteerhub_users_changed ON accounts_user;
DROP TRIGGER IF EXISTS volunteerhub_tokens_updated ON accounts_apitoken;
DROP TRIGGER IF EXISTS volunteerhub_tokens_changed ON accounts_apitoken;
DROP FUNCTION IF EXISTS volunteerhub_accounts_changed();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_initial"), ("volunteers", "0003_volunteer_home_cell")]

    operations = [migrations.RunPython(create, drop)]
