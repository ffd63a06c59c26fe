"""Instances built from values in hand are what the ORM would have read: same columns, the rest deferred."""

import pytest
from django.db import connection
from django.db.models import signals

from volunteerhub.activities.models import Activity
from volunteerhub.conftest import make_volunteer
from volunteerhub.core.instances import _plain, attnames, loaded
from volunteerhub.volunteers.models import Volunteer

pytestmark = pytest.mark.django_db


def _volunteer() -> Volunteer:
    return make_volunteer(phone="13800000001", name="王芳")


def _state(instance) -> dict:
    return {k: v for k, v in vars(instance).items() if k != "_state"}


def test_every_column_known_gives_the_instance_a_query_gives():
    read = Volunteer.objects.get(pk=_volunteer().pk)
    values = {name: getattr(read, name) for name in attnames(Volunteer)}
    built = loaded(Volunteer, values, using=connection.alias)
    assert type(built) is Volunteer and _state(built) == _state(read)
    assert built.get_deferred_fields() == set()
    assert (built._state.adding, built._state.db) == (False, connection.alias)
    assert built == read and built.user.phone == "13800000001" and built.name == "王芳"


def test_a_few_columns_known_leave_the_rest_deferred_as_only_does(django_assert_num_queries):
    volunteer = _volunteer()
    built = loaded(Volunteer, {"id": volunteer.pk, "status": "active"}, using=connection.alias)
    only = Volunteer.objects.only("id", "status").get(pk=volunteer.pk)
    assert built.get_deferred_fields() == only.get_deferred_fields()
    with django_assert_num_queries(1):  # a deferred column loads on first use
        assert built.name == volunteer.name


def test_a_built_instance_saves_as_an_update_of_its_row():
    volunteer = _volunteer()
    built = loaded(Volunteer, {"id": volunteer.pk, "status": "active"}, using=connection.alias)
    built.status = "suspended"
    built.save(update_fields=["status"])
    assert Volunteer.objects.get(pk=volunteer.pk).status == "suspended"
    assert Volunteer.objects.count() == 1


def test_a_name_that_is_no_column_is_refused():
    with pytest.raises(ValueError, match="confirmed"):
        loaded(Activity, {"id": 1, "confirmed": 2}, using=connection.alias)


def test_init_signal_listeners_are_never_skipped():
    volunteer = _volunteer()
    heard = []

    def listener(sender, instance, **kwargs):
        heard.append(instance.pk)

    signals.post_init.connect(listener, sender=Volunteer)
    try:
        built = loaded(Volunteer, {"id": volunteer.pk, "status": "active"}, using=connection.alias)
    finally:
        signals.post_init.disconnect(listener, sender=Volunteer)
    assert heard == [volunteer.pk]
    only = Volunteer.objects.only("id", "status").get(pk=volunteer.pk)
    assert built.get_deferred_fields() == only.get_deferred_fields()


def test_a_models_own_from_db_is_never_skipped(monkeypatch):
    volunteer = _volunteer()
    called = []
    django_from_db = Volunteer.from_db.__func__

    def from_db(cls, db, field_names, values):
        called.append(field_names)
        return django_from_db(cls, db, field_names, values)

    _plain.cache_clear()
    monkeypatch.setattr(Volunteer, "from_db", classmethod(from_db))
    try:
        built = loaded(Volunteer, {"id": volunteer.pk, "status": "active"}, using=connection.alias)
    finally:
        monkeypatch.undo()
        _plain.cache_clear()
    assert called == [["id", "status"]] and built.pk == volunteer.pk
    assert _plain(Volunteer)  # as Django builds it again
