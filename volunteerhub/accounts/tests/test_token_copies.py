"""Bearer tokens' holders kept in memory: served only while every committed change would be heard.

On PostgreSQL triggers NOTIFY each change to tokens, users and volunteers (except a token's last use
and a user's last login); a thread per process listens (`core.changefeed`). These tests commit for
real, change rows from other connections behind the process's back, and check that a revoked token,
a deactivated account or an edited volunteer is seen at once.
"""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from volunteerhub.accounts import tokens
from volunteerhub.accounts.auth import user_for_token
from volunteerhub.accounts.models import ApiToken
from volunteerhub.conftest import committed_elsewhere, heard_all, make_volunteer, until
from volunteerhub.core import changefeed

on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's notices (LISTEN/NOTIFY)")


def _signed_in():
    volunteer = make_volunteer(name="王芳")
    key = ApiToken.new_key()
    ApiToken.objects.create(user=volunteer.user, key_hash=ApiToken.hash_key(key))
    user_for_token(key)  # its last use written now: later lookups write nothing
    return volunteer, key


def _queries(fn):
    with CaptureQueriesContext(connection) as captured:
        out = fn()
    return out, len(captured)


def _generation():
    return changefeed.generation(tokens.CHANNEL)


def _without_notices_meanwhile(measure, tries=5):
    """`measure()` again until no notice arrived while it ran (a late one from this test's own commits
    drops the copies, as it should, and would make the counts meaningless)."""
    for _ in range(tries):
        before = _generation()
        out = measure()
        if _generation() == before:
            return out
        heard_all(tokens.CHANNEL)
    raise AssertionError("notices kept arriving")


@pytest.fixture
def feed(transactional_db, settings):
    settings.CHANGE_FEED = True
    tokens.forget()
    _generation()
    assert until(lambda: _generation() is not None), "the feed never started listening"
    yield
    changefeed.stop()
    tokens.forget()


@on_postgres
def test_a_token_used_again_is_not_looked_up_again(feed):
    volunteer, key = _signed_in()
    heard_all(tokens.CHANNEL)
    tokens.forget()
    (user, first), (again, second) = _without_notices_meanwhile(
        lambda: (tokens.forget(), _queries(lambda: user_for_token(key)), _queries(lambda: user_for_token(key)))[1:])
    assert first == 1 and second == 0
    assert again.pk == user.pk == volunteer.user_id and again.volunteer.name == "王芳"
    assert again is not user and again.volunteer is not user.volunteer  # fresh instances each time


@on_postgres
def test_a_request_changing_its_instances_leaves_the_kept_copy_as_read(feed):
    volunteer, key = _signed_in()
    volunteer.skills = ["测血压"]
    volunteer.save()
    heard_all(tokens.CHANNEL)
    first = user_for_token(key)
    assert first.volunteer.skills == ["测血压"]

    first.volunteer.skills.append("心理疏导")  # changed in memory, never saved
    first.display_name = "改了没存"

    again, queries = _queries(lambda: user_for_token(key))
    assert queries == 0  # from the copy
    assert again.volunteer.skills == ["测血压"] and again.display_name != "改了没存"


@on_postgres
def test_a_token_revoked_elsewhere_stops_working_at_once(feed):
    _, key = _signed_in()
    heard_all(tokens.CHANNEL)
    assert user_for_token(key) is not None
    committed_elsewhere("DELETE FROM accounts_apitoken WHERE key_hash = %s", [ApiToken.hash_key(key)])
    assert until(lambda: user_for_token(key) is None, seconds=2)


@on_postgres
def test_an_account_deactivated_elsewhere_stops_working_at_once(feed):
    volunteer, key = _signed_in()
    heard_all(tokens.CHANNEL)
    assert user_for_token(key) is not None
    committed_elsewhere("UPDATE accounts_user SET is_active = false WHERE id = %s", [volunteer.user_id])
    assert until(lambda: user_for_token(key) is None, seconds=2)


@on_postgres
def test_a_volunteer_record_changed_elsewhere_is_seen_at_once(feed):
    volunteer, key = _signed_in()
    heard_all(tokens.CHANNEL)
    assert user_for_token(key).volunteer.name == "王芳"
    committed_elsewhere("UPDATE volunteers_volunteer SET name = '王芳芳' WHERE id = %s", [volunteer.pk])
    assert until(lambda: user_for_token(key).volunteer.name == "王芳芳", seconds=2)


@on_postgres
def test_a_last_use_or_last_login_alone_is_not_announced_but_anything_more_is(feed):
    volunteer, key = _signed_in()
    heard_all(tokens.CHANNEL)
    before = _generation()
    committed_elsewhere("UPDATE accounts_apitoken SET last_used_at = now() WHERE user_id = %s", [volunteer.user_id])
    committed_elsewhere("UPDATE accounts_user SET last_login = now() WHERE id = %s", [volunteer.user_id])
    heard_all(tokens.CHANNEL, quiet=0.5)
    assert _generation() == before
    committed_elsewhere("UPDATE accounts_user SET last_login = now(), display_name = '芳' WHERE id = %s",
                        [volunteer.user_id])
    assert until(lambda: _generation() != before, seconds=2)


@on_postgres
def test_the_process_that_writes_a_last_use_keeps_its_copy_in_step(feed):
    _, key = _signed_in()
    committed_elsewhere("UPDATE accounts_apitoken SET last_used_at = NULL WHERE key_hash = %s",
                        [ApiToken.hash_key(key)])  # as if never used; not announced
    tokens.forget()
    heard_all(tokens.CHANNEL)
    _, first = _queries(lambda: user_for_token(key))  # read, then its last use written
    second = _without_notices_meanwhile(lambda: _queries(lambda: user_for_token(key))[1])  # nothing written
    assert first == 2 and second == 0
    assert ApiToken.objects.get(key_hash=ApiToken.hash_key(key)).last_used_at is not None


@on_postgres
def test_inside_a_transaction_the_database_is_read(feed):
    _, key = _signed_in()
    heard_all(tokens.CHANNEL)
    user_for_token(key)
    with transaction.atomic():
        _, inside = _queries(lambda: user_for_token(key))
    assert inside == 1


@pytest.mark.django_db
def test_without_the_feed_every_lookup_reads(settings):
    settings.CHANGE_FEED = False
    tokens.forget()
    _, key = _signed_in()
    counts = [_queries(lambda: user_for_token(key))[1] for _ in range(3)]
    assert counts == [1, 1, 1]
