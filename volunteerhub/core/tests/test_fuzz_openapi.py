"""A property-based run of the whole OpenAPI document (schemathesis): no server error anywhere.

Every operation gets generated paths, queries and bodies as every persona (anonymous, resident, volunteer,
organiser, county and city administrators); path ids are drawn both at random and from a small live world, so
the generated bodies reach the services and not only the 404 branch. 4xx answers must be JSON errors.
FUZZ_EXAMPLES raises the number of examples per operation (default 6); FUZZ_SEED varies the run.
"""

import os

import hypothesis
import pytest
import schemathesis
from django.db import transaction
from hypothesis import HealthCheck
from hypothesis import strategies as st

from config.api import api
from volunteerhub.core.tests.matrix import build_world

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
KNOWN: dict = {}  # filled from the world before any case is generated

# Answers that are not defects: WeChat login is switched off unless configured (503 says so).
EXPECTED_5XX = {("POST", "/api/v1/auth/wechat"): 503}
# Operations whose 4xx body may not follow {"code", "message", "fields"} (none today).
NON_JSON_4XX: dict = {}


def _known_value(path: str, name: str, value):
    if name == "code":
        return KNOWN["certificate"] if path.startswith("/api/v1/certificates") else "371602"
    if name == "name":
        return "national_volunteers"
    if name == "need_id":
        return KNOWN["need_open"]
    return KNOWN.get(name, value)


@schema.hook
def before_generate_path_parameters(context, strategy):
    path = context.operation.path

    def known(params: dict | None) -> dict | None:
        if not isinstance(params, dict) or not params:  # negative cases carry their own wrappers
            return params
        return {name: _known_value(path, name, value) for name, value in params.items()}

    return st.one_of(strategy, strategy.map(known))


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world()
        KNOWN.update(built.ids)
        yield built
        transaction.set_rollback(True)


def _check(case, response) -> None:
    key = (case.method.upper(), case.operation.path)
    status = response.status_code
    assert status < 500 or EXPECTED_5XX.get(key) == status, f"{key} gave {status}: {response.text[:500]}"
    if 400 <= status < 500 and status not in NON_JSON_4XX.get(key, set()):
        content_type = (response.headers.get("content-type") or [""])[0]
        assert content_type.startswith("application/json"), f"{key} {status}: {response.text[:300]}"
        body = response.json()
        assert isinstance(body, dict) and body.get("code") and "message" in body, f"{key} {status}: {body}"


SETTINGS = hypothesis.settings(
    max_examples=EXAMPLES, deadline=None, database=None, derandomize=not os.environ.get("FUZZ_SEED"),
    suppress_health_check=list(HealthCheck), phases=[hypothesis.Phase.generate])


def _call(case, app, **kwargs):
    """Each case in a savepoint rolled back after it: the world stays as built, and a database error
    (which on PostgreSQL aborts the transaction) cannot spill into the next case."""
    with transaction.atomic():
        response = case.call(app=app, **kwargs)
        transaction.set_rollback(True)
    return response


def _fuzzed_as(persona: str):
    @schema.parametrize()
    @SETTINGS
    def test(world, db, wsgi_app, case):
        # The WSGI transport does not undo the gzip the server applies when asked: ask for the body as it is.
        headers = {"Accept-Encoding": "identity"}
        if persona != "anonymous":
            headers["Authorization"] = world.api[persona].headers["HTTP_AUTHORIZATION"]
        _check(case, _call(case, wsgi_app, headers=headers))

    test.__doc__ = f"No server error for any generated call as {persona}."
    return test


test_no_server_error_anonymously = _fuzzed_as("anonymous")
test_no_server_error_as_a_resident = _fuzzed_as("resident")
test_no_server_error_as_a_volunteer = _fuzzed_as("volunteer")
test_no_server_error_as_an_organiser = _fuzzed_as("organiser")
test_no_server_error_as_a_county_admin = _fuzzed_as("county_admin")
test_no_server_error_as_the_city_admin = _fuzzed_as("city_admin")
