"""The deployment's database checks: a PostgreSQL without autovacuum is named at `migrate` time."""

import pytest
from django.core import checks
from django.core.management import call_command
from django.db import connection

from volunteerhub.core.checks import autovacuum_warning


def test_autovacuum_off_is_a_warning_naming_the_database_and_the_remedy():
    warning = autovacuum_warning("off", alias="default")
    assert warning.id == "volunteerhub.W001" and warning.level == checks.WARNING
    assert "autovacuum" in warning.msg and "default" in warning.msg and "已关闭" in warning.msg
    assert "VACUUM (ANALYZE)" in warning.hint and "autovacuum = on" in warning.hint


def test_autovacuum_on_is_no_warning():
    assert autovacuum_warning("on") is None


@pytest.mark.django_db
def test_the_database_checks_report_the_servers_real_setting(capsys):
    found = [m.id for m in checks.run_checks(databases=["default"], tags=[checks.Tags.database])]
    if connection.vendor != "postgresql":
        assert "volunteerhub.W001" not in found
        return
    with connection.cursor() as cursor:
        cursor.execute("SHOW autovacuum")
        on = cursor.fetchone()[0] == "on"
    assert ("volunteerhub.W001" in found) is not on


@pytest.mark.django_db
def test_the_check_command_runs_it_without_failing():
    call_command("check", "--database", "default")  # a warning is printed, never an error
