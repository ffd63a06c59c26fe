"""The schema stays ready to be distributed by city with Citus (docs/scale.md): every table is placed, every tenant
table carries city_code in its unique constraints, and tenant rows point only at rows of their own city."""

import pytest
from django.apps import apps
from django.db import connection, models
from django.test.utils import isolate_apps

from volunteerhub.core.tenancy import (CROSS_CITY, GROUPS, NATIONAL_UNIQUE, TENANT, CityScoped, SameCity, city_key,
                                       schema_problems)

ALL_MODELS = apps.get_models(include_auto_created=True)


def test_every_table_is_placed_and_every_tenant_table_is_ready():
    assert schema_problems(ALL_MODELS) == []


def test_the_classification_names_only_models_that_exist():
    labels = {m._meta.label for m in ALL_MODELS}
    assert [label for group in GROUPS.values() for label in group if label not in labels] == []


def test_every_exception_names_a_real_key_between_tenant_tables_or_a_real_uniqueness():
    def is_tenant_key(label, field):
        f = apps.get_model(label)._meta.get_field(field)
        return (f.many_to_one or f.one_to_one) and f.related_model._meta.label in TENANT

    def declared(label, fields):
        meta = apps.get_model(label)._meta
        return (len(fields) == 1 and meta.get_field(fields[0]).unique) or any(
            tuple(c.fields) == fields for c in meta.constraints if isinstance(c, models.UniqueConstraint))

    assert [key for key in CROSS_CITY if key[0] not in TENANT or not is_tenant_key(*key)] == []
    assert [key for key in NATIONAL_UNIQUE if key[0] not in TENANT or not declared(*key)] == []


def test_every_tenant_model_fills_city_code_when_saved():
    assert [label for label in TENANT if not issubclass(apps.get_model(label), CityScoped)] == []


@pytest.mark.django_db
def test_on_postgresql_every_same_city_key_exists_in_the_database():
    if connection.vendor != "postgresql":
        pytest.skip("the composite keys are created on PostgreSQL only")
    missing = []
    with connection.cursor() as cursor:
        for label in TENANT:
            model = apps.get_model(label)
            found = connection.introspection.get_constraints(cursor, model._meta.db_table)
            for twin in (c for c in model._meta.constraints if isinstance(c, SameCity)):
                fk = model._meta.get_field(twin.field)
                real = found.get(twin.name) or {}
                if (real.get("columns") != ["city_code", fk.column]
                        or real.get("foreign_key") != (fk.related_model._meta.db_table, "city_code")):
                    missing.append(twin.name)
    assert missing == []


@pytest.mark.django_db
def test_on_postgresql_a_row_pointing_at_another_citys_row_is_refused():
    if connection.vendor != "postgresql":
        pytest.skip("the composite keys are created on PostgreSQL only")
    from django.db import IntegrityError, transaction

    from volunteerhub.organizations.models import Team
    from volunteerhub.regions.models import Region

    city, _ = Region.objects.get_or_create(code="371600", defaults={"name": "滨州市", "level": "city",
                                                                    "path": "/371600/"})
    other, _ = Region.objects.get_or_create(code="370100", defaults={"name": "济南市", "level": "city",
                                                                     "path": "/370100/"})
    parent = Team.objects.create(name="市队", region=city)
    with pytest.raises(IntegrityError), transaction.atomic():
        Team.objects.create(name="济南分队", region=other, parent=parent)
        connection.check_constraints()  # the key is deferred: check now, as the commit would
    assert not Team.objects.filter(name="济南分队").exists()


# --- The checker itself fails on a schema that is not ready --------------------------------------------------

def _groups(**tenant):
    return {**GROUPS, "tenant": tenant}


@isolate_apps("volunteerhub.core")
def test_the_check_names_a_model_placed_nowhere():
    class Stray(models.Model):
        class Meta:
            app_label = "core"

    assert schema_problems([Stray]) == ["core_stray (core.Stray) is placed in no group of core.tenancy"]


@isolate_apps("volunteerhub.core")
def test_the_check_names_a_tenant_table_without_city_code():
    class Shift(models.Model):
        class Meta:
            app_label = "core"

    assert schema_problems([Shift], groups=_groups(**{"core.Shift": "id"})) == [
        "core_shift (core.Shift) is a tenant table without city_code"]


@isolate_apps("volunteerhub.core")
def test_the_check_names_a_unique_constraint_and_a_foreign_key_that_leave_the_city_out():
    class Drive(CityScoped):
        class Meta:
            app_label = "core"

    class Seat(CityScoped):
        drive = models.ForeignKey(Drive, on_delete=models.CASCADE)
        person = models.IntegerField()

        class Meta:
            app_label = "core"
            constraints = [models.UniqueConstraint(fields=["drive", "person"], name="seat_once")]

    problems = schema_problems([Drive, Seat], groups=_groups(**{"core.Drive": "id", "core.Seat": "drive"}))
    assert problems == ["core_seat: unique ('drive', 'person') leaves out city_code",
                        "core_seat.drive_id -> core_drive has no SameCity key",
                        "core_drive has no UNIQUE (city_code, id) for core_seat.drive_id to point at"]


@isolate_apps("volunteerhub.core")
def test_the_check_passes_a_tenant_pair_keyed_by_city():
    class Drive(CityScoped):
        class Meta:
            app_label = "core"
            constraints = [city_key("drive")]

    class Seat(CityScoped):
        drive = models.ForeignKey(Drive, on_delete=models.CASCADE)
        person = models.IntegerField()

        class Meta:
            app_label = "core"
            constraints = [models.UniqueConstraint(fields=["city_code", "drive", "person"], name="seat_once"),
                           SameCity("drive", name="seat_drive_same_city")]

    assert schema_problems([Drive, Seat], groups=_groups(**{"core.Drive": "id", "core.Seat": "drive"})) == []
