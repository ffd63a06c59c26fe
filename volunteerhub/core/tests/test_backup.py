"""A backup restored gives back every table exactly."""

import io

import pytest
from django.core.management import call_command

from volunteerhub.conftest import make_volunteer
from volunteerhub.core.backup import table_snapshot
from volunteerhub.organizations.models import Team
from volunteerhub.volunteers.models import Volunteer


@pytest.mark.django_db(transaction=True)
def test_a_backup_round_trip_restores_every_table(tmp_path):
    from volunteerhub.regions.models import Region

    team = Team.objects.create(name="备份测试队", region=Region.objects.get(code="371602"))
    make_volunteer("371602001001", team=team, name="备份人")
    before = table_snapshot()
    backup = tmp_path / "volunteerhub.backup"

    call_command("backup", str(backup), stdout=io.StringIO())
    Volunteer.objects.all().update(skills=["changed"])
    make_volunteer("371602001001", name="后来人")
    Team.objects.create(name="后建的队", region=Region.objects.get(code="371602"))
    call_command("restore", str(backup), "--yes", stdout=io.StringIO())

    after = table_snapshot()
    assert backup.stat().st_size > 0
    assert backup.stat().st_mode & 0o777 == 0o600  # everyone's records: its owner's eyes only
    assert after.keys() == before.keys()
    for table in before:
        assert after[table] == before[table], table
    assert list(Volunteer.objects.values_list("name", flat=True)) == ["备份人"]


@pytest.mark.django_db(transaction=True)
def test_a_missing_or_broken_backup_is_refused_and_changes_nothing(tmp_path):
    from django.core.management import CommandError

    make_volunteer("371602001001", name="留下的人")
    broken = tmp_path / "broken.backup"
    broken.write_bytes(b"not a backup at all")
    before = table_snapshot()

    for path in (tmp_path / "missing.backup", broken):
        with pytest.raises(CommandError):
            call_command("restore", str(path), "--yes", stdout=io.StringIO())

    assert table_snapshot() == before
