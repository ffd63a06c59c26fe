"""No overbooking under load: real concurrent transactions on PostgreSQL, each thread its own connection."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from volunteerhub.activities import services
from volunteerhub.activities.models import Activity, SignUp
from volunteerhub.activities.tests.conftest import make_activity
from volunteerhub.conftest import make_volunteer

SIGN_UPS, SEATS = 200, 10
# PostgreSQL allows 100 connections by default and other test runs share the server: 40 threads, each with
# its own connection, fire the 200 sign-ups (5 each) after all are released together by a barrier.
THREADS = 40


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_200_simultaneous_sign_ups_for_10_seats_confirm_exactly_10(organizer, team):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers: real concurrent transactions need PostgreSQL")
    activity = make_activity(organizer, capacity=SEATS)
    volunteers = [make_volunteer("371602001001", team=team, name=f"并发{i}") for i in range(SIGN_UPS)]
    barrier = threading.Barrier(THREADS)
    batches = [volunteers[i::THREADS] for i in range(THREADS)]

    def run(batch):
        try:
            barrier.wait(timeout=60)
            return [services.activity_sign_up(activity=activity, volunteer=v).status for v in batch]
        finally:
            connections.close_all()  # this thread's own connection

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        statuses = [s for batch in pool.map(run, batches) for s in batch]

    activity.refresh_from_db()
    assert statuses.count("confirmed") == SEATS
    assert statuses.count("waitlisted") == SIGN_UPS - SEATS
    assert SignUp.objects.filter(activity=activity, status="confirmed").count() == SEATS
    assert (activity.confirmed_count, activity.waitlist_count) == (SEATS, SIGN_UPS - SEATS)
    positions = list(SignUp.objects.filter(activity=activity, status="waitlisted").values_list("position", flat=True))
    assert sorted(positions) == list(range(1, SIGN_UPS - SEATS + 1))  # every waitlist place drawn once


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_same_volunteer_signing_up_from_many_phones_at_once_holds_one_place(organizer, team):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers: real concurrent transactions need PostgreSQL")
    activity = make_activity(organizer, capacity=SEATS)
    volunteer = make_volunteer("371602001001", team=team)
    barrier = threading.Barrier(8)

    def run(_):
        try:
            barrier.wait(timeout=60)
            return services.activity_sign_up(activity=activity, volunteer=volunteer).pk
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = set(pool.map(run, range(8)))

    assert len(ids) == 1
    assert Activity.objects.get(pk=activity.pk).confirmed_count == 1


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_cancellations_promote_each_waitlisted_volunteer_once(organizer, team):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers: real concurrent transactions need PostgreSQL")
    activity = make_activity(organizer, capacity=5)
    people = [make_volunteer("371602001001", team=team) for _ in range(10)]
    for v in people:
        services.activity_sign_up(activity=activity, volunteer=v)
    barrier = threading.Barrier(5)

    def run(v):
        try:
            barrier.wait(timeout=60)
            services.activity_cancel_sign_up(activity=activity, volunteer=v)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=5) as pool:
        list(pool.map(run, people[:5]))

    activity.refresh_from_db()
    assert (activity.confirmed_count, activity.waitlist_count) == (5, 0)
    assert set(SignUp.objects.filter(activity=activity, status="confirmed").values_list("volunteer_id", flat=True)) \
        == {v.pk for v in people[5:]}
