"""On PostgreSQL a sign-up is one statement (`volunteerhub_sign_up`); it must agree with the general path.

Every other sign-up test also runs on PostgreSQL, through this path; these pin down what is special
to it: one round trip, the same rows and audit events as the general path, and nothing written when
a rule refuses (the general path then gives the reason).
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from volunteerhub.activities import seats, services
from volunteerhub.activities.models import SignUp
from volunteerhub.activities.selectors import waitlist_rank
from volunteerhub.activities.tests.conftest import make_activity
from volunteerhub.audit.models import AuditEvent
from volunteerhub.conftest import make_volunteer
from volunteerhub.core.errors import ApplicationError

pytestmark = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the function exists on PostgreSQL only")

COLUMNS = ["status", "position", "confirmed_at", "cancelled_at", "checkin_method", "rating", "rating_note"]


def _row(activity, volunteer) -> dict:
    signup = SignUp.objects.get(activity=activity, volunteer=volunteer)
    row = {c: getattr(signup, c) for c in COLUMNS}
    row["confirmed_at"] = row["confirmed_at"] is not None
    row["position"] = waitlist_rank(signup)
    return row


def _story(sign_up, organizer, volunteers) -> list:
    """Two seats, three volunteers; the first cancels and signs up again; everyone asks twice."""
    activity = make_activity(organizer, capacity=2)
    a, b, c = volunteers(3)
    seen = []
    for v in (a, b, c, c):
        signup = sign_up(activity=activity, volunteer=v)
        seen.append((signup.status, waitlist_rank(signup), signup.activity.confirmed_count,
                     signup.activity.waitlist_count))
    services.activity_cancel_sign_up(activity=activity, volunteer=a)  # c is promoted
    signup = sign_up(activity=activity, volunteer=a)
    seen.append((signup.status, waitlist_rank(signup), signup.activity.confirmed_count, signup.activity.waitlist_count))
    rows = [_row(activity, v) for v in (a, b, c)]
    audit = list(AuditEvent.objects.filter(action="sign_up", target_id=str(activity.pk))
                 .order_by("pk").values_list("actor_id", "source", "region_path", "changes"))
    actors = {a.user_id: "a", b.user_id: "b", c.user_id: "c"}
    audit = [(actors[actor], source, path == activity.region.path, changes["status"])
             for actor, source, path, changes in audit]
    return [seen, rows, audit]


def test_a_sign_up_is_one_statement(organizer, volunteer):
    activity = make_activity(organizer, capacity=1)

    with CaptureQueriesContext(connection) as queries:
        signup = services.activity_sign_up(activity=activity, volunteer=volunteer)

    statements = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(statements) == 1 and "volunteerhub_sign_up" in statements[0]
    assert signup.status == "confirmed" and signup.activity.confirmed_count == 1
    assert signup.confirmed_at is not None  # columns it did not return load on first use


def test_over_the_api_a_sign_up_is_the_token_and_one_statement(api_as, organizer, volunteers):
    activity = make_activity(organizer, capacity=1)
    a, b = volunteers(2)
    api_as(a.user).post(f"/api/v1/activities/{activity.pk}/signup")
    client = api_as(b.user)
    client.get("/api/v1/me")  # the token's first use is noted once (last_used_at), not on every request

    with CaptureQueriesContext(connection) as queries:
        answer = client.post(f"/api/v1/activities/{activity.pk}/signup").json()

    statements = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(statements) == 2 and "accounts_apitoken" in statements[0], statements
    assert answer == {"status": "waitlisted", "position": 1, "activity_id": activity.pk, "confirmed_count": 1,
                      "waitlist_count": 1}


def test_it_writes_what_the_general_path_writes(organizer, volunteers):
    one_trip = _story(services.activity_sign_up, organizer, volunteers)
    general = _story(services._sign_up, organizer, volunteers)

    assert one_trip == general
    assert one_trip[0] == [("confirmed", None, 1, 0), ("confirmed", None, 2, 0), ("waitlisted", 1, 2, 1),
                           ("waitlisted", 1, 2, 1), ("waitlisted", 1, 2, 1)]


def _refusals(organizer, team, volunteer):
    """Activities and volunteers the rules refuse, each with the code the general path gives."""
    draft = make_activity(organizer, publish=False)
    over = make_activity(organizer, starts_in=-dt.timedelta(days=1))
    counselling = make_activity(organizer, quals=["counsellor"], title="心理疏导")
    busy_here, busy_there = make_activity(organizer, title="义诊"), make_activity(organizer, title="讲座")
    busy = make_volunteer("371602001001", team=team)
    services.activity_sign_up(activity=busy_there, volunteer=busy)
    suspended = make_volunteer("371602001001", team=team)
    suspended.status = "suspended"
    suspended.save(update_fields=["status"])
    return [(draft, volunteer, "not_open"), (over, volunteer, "not_open"),
            (counselling, volunteer, "qualification_required"), (busy_here, busy, "overlapping_activity"),
            (make_activity(organizer), suspended, "permission_denied")]


def test_a_refused_sign_up_writes_nothing_and_the_general_path_says_why(organizer, team, volunteer):
    for activity, who, code in _refusals(organizer, team, volunteer):
        before = AuditEvent.objects.count()

        assert seats.sign_up_in_one_trip(activity_id=activity.pk, volunteer=who) is None
        assert AuditEvent.objects.count() == before
        assert not SignUp.objects.filter(activity=activity, volunteer=who).exists()
        activity.refresh_from_db()
        assert (activity.confirmed_count, activity.waitlist_count) == (0, 0)
        with pytest.raises(ApplicationError) as refused:
            services.activity_sign_up(activity=activity, volunteer=who)
        assert refused.value.code == code, activity.title


def test_its_clock_is_the_callers(organizer, volunteer, time_machine):
    activity = make_activity(organizer)
    time_machine.move_to(timezone.now() + dt.timedelta(hours=5), tick=False)

    signup = services.activity_sign_up(activity=activity, volunteer=volunteer)

    assert SignUp.objects.get(pk=signup.pk).created_at == timezone.now()
    assert AuditEvent.objects.filter(action="sign_up").latest("pk").at == timezone.now()
