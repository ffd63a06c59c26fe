"""Every API operation and every page, called by each of the eight personas.

The operations are enumerated from the OpenAPI document and the pages from the URL patterns, so a new
endpoint or page without an expectation here fails the test. A refused call must change nothing.
"""

import json
import os

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from volunteerhub.core.tests.calls import API_CALLS, PAGE_CALLS
from volunteerhub.core.tests.matrix import PERSONAS, build_world, tables_changed_by, web_client

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
        body = call.body(world, persona) if callable(call.body) else call.body
        return client.client.post(url, body or {"file": upload}, **client.headers)
    body = call.body(world, persona) if callable(call.body) else call.body
    if call.method == "GET":
        return client.get(url, call.query)
    return getattr(client, call.method.lower())(url, body)


def _cases(calls):
    for call in calls:
        for persona in PERSONAS:
            marks = [pytest.mark.xfail(strict=True, reason=call.gaps[persona])] if persona in call.gaps else []
            yield pytest.param(call, persona, id=f"{call.op} as {persona}", marks=marks)


def _shows_nothing(body) -> bool:
    """An answer scoped to nothing: an empty list, or an object whose lists are empty and counts zero."""
    if isinstance(body, list):
        return body == []
    return all(value in ([], 0, 0.0) for key, value in body.items() if isinstance(value, list) or key == "needs")


@pytest.mark.parametrize("call, persona", list(_cases(API_CALLS)))
def test_api(world, db, call, persona):
    expected = call.expect[persona]
    must_not_change = expected not in SUCCESS or persona in call.unchanged_for
    logs = {"audit_auditevent", "exchange_exchangelog"} if call.logs_attempts else set()

    with tables_changed_by(ignore=logs) as changed:
        response = _send(world, call, persona)

    assert response.status_code == expected, response.content[:300]
    if expected in (401, 403, 404, 409):
        assert response["Content-Type"].startswith("application/json") and response.json()["code"]
    if persona in call.hidden_from:
        assert _shows_nothing(response.json()), response.content[:300]
    if must_not_change:
        assert changed == []


IGNORED_PAGES = ("admin/", "api/v1/", "^media/")


def _page_patterns(patterns=None, prefix="") -> set[str]:
    found = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(IGNORED_PAGES):
            continue
        if isinstance(pattern, URLResolver):
            found |= _page_patterns(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            found.add(route)
    return found


def test_every_page_has_an_expectation_for_every_persona():
    listed = {call.op.split(" ", 1)[1] for call in PAGE_CALLS}
    assert sorted(_page_patterns() - listed) == [], "new pages need a row in core/tests/calls.py"
    assert sorted(listed - _page_patterns()) == [], "rows for pages that no longer exist"


@pytest.mark.parametrize("call, persona", list(_cases(PAGE_CALLS)))
def test_page(world, db, call, persona):
    expected = call.expect[persona]
    client = web_client(world, persona)
    must_not_change = expected not in SUCCESS or persona in call.unchanged_for
    url = call.url(world.ids)

    with tables_changed_by() as changed:
        response = client.get(url) if call.method == "GET" else client.post(url, call.body or {})

    assert response.status_code == expected
    if expected == 302 and persona == "anonymous" and call.method == "GET":
        assert response["Location"].startswith("/accounts/login/")
    if must_not_change:
        assert changed == []


def test_a_volunteer_lists_only_themselves(world, db):
    body = world.api["volunteer"].get("/api/v1/volunteers").json()

    assert [row["id"] for row in body] == [world.ids["volunteer_id"]]


def test_an_organiser_cannot_register_a_project_outside_their_reach(world, db):
    with tables_changed_by() as changed:
        response = world.api["other_organiser"].post("/api/v1/projects", {
            "code": "ZP-2026-01", "name": "慢病随访", "region_code": "371602001"})  # 滨城区, not 邹平市

    assert response.status_code == 403
    assert changed == []


# MATRIX_RECORD=/tmp/matrix.jsonl pytest -k test_record: what each persona gets, to review for new rows.
if os.environ.get("MATRIX_RECORD"):
    @pytest.mark.parametrize("call", API_CALLS + PAGE_CALLS, ids=lambda c: c.op)
    def test_record(world, db, call):
        row = {}
        for persona in PERSONAS:
            sid = transaction.savepoint()
            if call in PAGE_CALLS:
                c = web_client(world, persona)
                response = c.get(call.url(world.ids)) if call.method == "GET" else c.post(call.url(world.ids), call.body or {})
            else:
                response = _send(world, call, persona)
            code = response.get("Location", "")
            try:
                code = response.json().get("code", "") if isinstance(response.json(), dict) else ""
            except Exception:
                pass
            row[persona] = f"{response.status_code} {code}".strip()
            transaction.savepoint_rollback(sid)
        with open(os.environ["MATRIX_RECORD"], "a") as f:
            f.write(json.dumps({"op": call.op, **row}, ensure_ascii=False) + "\n")

