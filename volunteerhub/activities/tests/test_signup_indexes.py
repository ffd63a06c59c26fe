"""Sign-ups are indexed so that a sign-up's own lookups stay small whatever the statistics say.

No index leads with status: PostgreSQL picked one for "this volunteer's confirmed sign-ups" whenever
few rows were confirmed at its last ANALYZE, and every sign-up then read all confirmed sign-ups.
"""

import pytest
from django.db import connection

from volunteerhub.activities.models import SignUp
from volunteerhub.activities.selectors import overlapping_confirmed
from volunteerhub.activities.tests.conftest import make_activity
from volunteerhub.conftest import make_volunteer
from volunteerhub.core.tenancy import with_city_codes


def _indexes() -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, SignUp._meta.db_table)
    return {name: c["columns"] for name, c in found.items() if c["index"] or c["unique"] or c["primary_key"]}


def test_no_index_leads_with_status(db):
    assert [name for name, columns in _indexes().items() if columns[0] == "status"] == []


def test_a_sign_ups_lookups_each_have_an_index_leading_with_their_column(db):
    leading = [tuple(columns[:2]) for columns in _indexes().values()]
    assert ("activity_id", "volunteer_id") in leading  # one sign-up per volunteer; an activity's roster
    assert ("volunteer_id", "status") in leading  # a volunteer's confirmed sign-ups (the overlap check)


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL's planner and statistics")
def test_the_overlap_check_reads_the_volunteers_own_rows_when_statistics_say_none_are_confirmed(organizer):
    activities = [make_activity(organizer, capacity=50) for _ in range(3)]
    volunteers = [make_volunteer() for _ in range(40)]
    SignUp.objects.bulk_create(with_city_codes(SignUp(activity=a, volunteer=v, status=SignUp.Status.CANCELLED)
                                               for a in activities for v in volunteers))
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {SignUp._meta.db_table}")  # statistics: nothing confirmed
        cursor.execute("SET LOCAL enable_seqscan = off")  # a table this small would be scanned whole

    query = SignUp.objects.filter(volunteer=volunteers[0], status=SignUp.Status.CONFIRMED)
    plan = query.explain()
    assert "signup_volunteer_status" in plan, plan
    assert overlapping_confirmed(volunteer=volunteers[0], activity=activities[0]) is None
