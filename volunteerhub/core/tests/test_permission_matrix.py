"""Every API operation and every page, called by each of the eight personas.

The operations are enumerated from the OpenAPI document and the pages from the URL patterns, so a new
endpoint or page without an expectation here fails the test. A refused call must change nothing.
"""

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from volunteerhub.core.tests.calls import API_CALLS, PAGE_CALLS
from volunteerhub.core.tests.matrix import PERSONAS, build_world, changed_tables, snapshot

SUCCESS = range(200, 400)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module, rolled back at its end; every test runs in a savepoint inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def _openapi_operations() -> set[str]:
    from config.api import api

    schema = api.get_openapi_schema()
    return {f"{method.upper()} {path}" for path, ops in schema["paths"].items() for method in ops}


def test_every_api_operation_has_an_expectation_for_every_persona():
    listed = [call.op for call in API_CALLS]
    assert sorted(set(listed)) == sorted(listed), "an operation is listed twice"
    assert sorted(_openapi_operations() - set(listed)) == [], "new operations need a row in core/tests/calls.py"
    assert sorted(set(listed) - _openapi_operations()) == [], "rows for operations that no longer exist"
    assert all(set(call.expect) == set(PERSONAS) for call in API_CALLS)


def _send(world, call, persona):
    client = world.api[persona]
    url = call.url(world.ids)
    if call.multipart:
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile("roster.xlsx", b"not a workbook", content_type="application/octet-stream")
        return client.client.post(url, {"file": upload}, **client.headers)
    body = call.body(world, persona) if callable(call.body) else call.body
    if call.method == "GET":
        return client.get(url, call.query)
    return getattr(client, call.method.lower())(url, body)


def _api_cases():
    for call in API_CALLS:
        for persona in PERSONAS:
            yield pytest.param(call, persona, id=f"{call.op} as {persona}")


@pytest.mark.parametrize("call, persona", list(_api_cases()))
def test_api(world, db, call, persona):
    expected = call.expect[persona]
    refused = expected not in SUCCESS
    before = snapshot() if refused and call.method != "GET" else None

    response = _send(world, call, persona)

    assert response.status_code == expected, response.content[:300]
    if refused:
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["code"]
    if before is not None:
        assert changed_tables(before, snapshot()) == []
