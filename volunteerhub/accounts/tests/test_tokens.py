"""A bearer token is looked up with its user and volunteer record in one query, on every request."""

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext

from volunteerhub.accounts.auth import user_for_token
from volunteerhub.accounts.models import ApiToken, User
from volunteerhub.accounts.selectors import token_get
from volunteerhub.volunteers.models import Volunteer


def _token_for(user, key="the-key"):
    ApiToken.objects.create(user=user, key_hash=ApiToken.hash_key(key))
    return key


def _columns(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


def test_a_volunteer_comes_back_with_every_column_and_their_volunteer_record_in_one_query(volunteer):
    Volunteer.objects.filter(pk=volunteer.pk).update(skills=["急救", "心理疏导"])
    key = _token_for(volunteer.user)

    with CaptureQueriesContext(connection) as queries:
        token = token_get(key_hash=ApiToken.hash_key(key))
        user = token.user
        record = user.volunteer

    assert len(queries.captured_queries) == 1
    assert _columns(user) == _columns(User.objects.get(pk=volunteer.user_id))
    assert _columns(record) == _columns(Volunteer.objects.get(pk=volunteer.pk)) and record.skills == ["急救", "心理疏导"]
    assert token.pk == ApiToken.objects.get().pk and token.last_used_at is None


def test_a_user_who_is_no_volunteer_has_none_without_another_query(resident):
    key = _token_for(resident)
    user = token_get(key_hash=ApiToken.hash_key(key)).user

    with CaptureQueriesContext(connection) as queries, pytest.raises(Volunteer.DoesNotExist):
        user.volunteer
    assert len(queries.captured_queries) == 0 and model_to_dict(user)["phone"] == resident.phone


def test_unknown_tokens_and_inactive_users_get_nobody(volunteer):
    key = _token_for(volunteer.user)
    assert token_get(key_hash=ApiToken.hash_key("another")) is None
    assert user_for_token(key) == volunteer.user

    User.objects.filter(pk=volunteer.user_id).update(is_active=False)

    assert user_for_token(key) is None


def test_a_token_notes_its_use_at_most_every_five_minutes(volunteer, time_machine):
    from django.utils import timezone

    time_machine.move_to(timezone.now(), tick=False)
    key = _token_for(volunteer.user)

    user_for_token(key)
    first = ApiToken.objects.get().last_used_at
    time_machine.shift(60)
    user_for_token(key)
    assert ApiToken.objects.get().last_used_at == first
    time_machine.shift(300)
    user_for_token(key)
    assert ApiToken.objects.get().last_used_at > first
