"""The synthetic data generator: same seed, same rows; kept figures equal to the rows; caches' versions moved."""

import datetime as dt
import hashlib
import io
from dataclasses import replace

import pytest
from django.core.management.base import CommandError
from django.db import connection, transaction

from volunteerhub import synthetic
from volunteerhub.synthetic import bulk, ledger

NOW = dt.datetime(2026, 6, 1, 4, 0, tzinfo=dt.UTC)
CITY = replace(synthetic.small(synthetic.SIZES["city"], 0.002), marker="smoke")
PROVINCE = replace(synthetic.small(synthetic.SIZES["province"], 0.0005), marker="points")
TABLES = ["organizations_team", "organizations_servicepost", "accounts_user", "volunteers_volunteer",
          "volunteers_volunteer_qualifications", "activities_project", "activities_activity", "activities_signup",
          "hours_ledgerentry", "hours_ledgerdecision", "hours_volunteerhours", "hours_teamhours",
          "stats_monthlyrollup"]
# Fernet ciphertext differs by design; the qualifications' through rows are numbered by a sequence, which a
# rollback does not move back on PostgreSQL.
RANDOM = {("volunteers_volunteer", "id_number_encrypted"), ("volunteers_volunteer_qualifications", "id")}


class _Undo(Exception):
    pass


def _digest() -> dict[str, str]:
    """Each table's rows as a short hash (the ciphertext column aside)."""
    out = {}
    with connection.cursor() as cursor:
        for table in TABLES:
            columns = [c.name for c in connection.introspection.get_table_description(cursor, table)
                       if (table, c.name) not in RANDOM]
            cursor.execute(f"SELECT {', '.join(connection.ops.quote_name(c) for c in columns)} FROM "
                           f"{connection.ops.quote_name(table)} ORDER BY 1")
            out[table] = hashlib.sha256(repr(cursor.fetchall()).encode()).hexdigest()[:16]
    return out


def _load_and_undo(size) -> tuple[dict, dict]:
    """Load, read the digest and the counts, then roll the load back."""
    try:
        with transaction.atomic():
            counts = synthetic.load(size=size, seed=7, stdout=io.StringIO(), now=NOW)
            found = _digest()
            raise _Undo
    except _Undo:
        return counts, found


@pytest.mark.django_db
def test_the_same_seed_writes_the_same_rows():
    first, again = _load_and_undo(CITY), _load_and_undo(CITY)

    assert first == again
    assert first[0]["ledger_entries"] == CITY.ledger_entries and first[0]["signups"] == CITY.ledger_entries


@pytest.mark.django_db
def test_chunked_writes_and_deferred_indexes_write_the_same_rows(monkeypatch):
    whole = _load_and_undo(CITY)
    monkeypatch.setattr(ledger, "CHUNK", 997)
    monkeypatch.setattr(bulk, "DEFERRED_FROM", 100)

    assert _load_and_undo(CITY) == whole


@pytest.mark.django_db
def test_its_kept_figures_equal_the_rows():
    from volunteerhub.activities.models import Activity, SignUp
    from volunteerhub.dashboards.selectors import rollup_differences, tally_differences

    synthetic.load(size=CITY, seed=7, stdout=io.StringIO(), now=NOW)

    assert rollup_differences() == [] and tally_differences() == []
    for activity in Activity.objects.filter(team__name__startswith="规模smoke-"):
        assert activity.confirmed_count == SignUp.objects.filter(activity=activity, status="confirmed").count()
        assert activity.confirmed_count <= activity.capacity


@pytest.mark.django_db
def test_every_row_it_writes_carries_its_city():
    from django.apps import apps
    from django.conf import settings

    from volunteerhub.core.tenancy import TENANT

    synthetic.load(size=CITY, seed=7, stdout=io.StringIO(), now=NOW)

    cities = {label: set(apps.get_model(label).objects.values_list("city_code", flat=True)) for label in TENANT}
    assert {label: found for label, found in cities.items() if found - {settings.CITY_REGION_CODE}} == {}
    assert cities["hours.LedgerEntry"] == cities["volunteers.VolunteerQualification"] == {settings.CITY_REGION_CODE}


@pytest.mark.django_db
def test_it_moves_the_versions_the_map_and_the_dashboards_are_cached_by():
    from volunteerhub.core.versions import FIGURES, POSTS, version_of

    before = version_of(POSTS), version_of(FIGURES)

    synthetic.load(size=PROVINCE, seed=7, stdout=io.StringIO(), now=NOW)

    after = version_of(POSTS), version_of(FIGURES)
    assert after[0] != before[0] and after[1] != before[1]


@pytest.mark.django_db
def test_it_refuses_to_load_a_dataset_twice_and_changes_nothing():
    from volunteerhub.core.versions import POSTS, version_of
    from volunteerhub.organizations.models import ServicePost

    synthetic.load(size=PROVINCE, seed=7, stdout=io.StringIO(), now=NOW)
    posts, version, out = ServicePost.objects.count(), version_of(POSTS), io.StringIO()

    assert synthetic.load(size=PROVINCE, seed=8, stdout=out, now=NOW) == {}

    assert "already loaded" in out.getvalue()
    assert ServicePost.objects.count() == posts and version_of(POSTS) == version


@pytest.mark.django_db
def test_it_refuses_an_unknown_dataset():
    with pytest.raises(CommandError):
        synthetic.seed_scale(dataset="planet", seed=1, stdout=io.StringIO())
    with pytest.raises(CommandError):
        synthetic.load(size=replace(CITY, marker="nowhere"), seed=1, stdout=io.StringIO())
