"""A call-out to 500 volunteers with 50 needed fills exactly 50 places under concurrent answers (PostgreSQL)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from volunteerhub.callouts import services
from volunteerhub.callouts.models import CallOut, Recipient
from volunteerhub.callouts.tests.conftest import bulk_volunteers, make_callout

POOL, NEEDED, THREADS = 500, 50, 40


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_500_concurrent_yes_answers_fill_exactly_50_places(organizer, team):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers: real concurrent transactions need PostgreSQL")
    people = bulk_volunteers(POOL, team=team)
    callout = services.callout_send(callout=make_callout(organizer, needed=NEEDED), user=organizer)
    barrier = threading.Barrier(THREADS)
    batches = [people[i::THREADS] for i in range(THREADS)]

    def run(batch):
        try:
            barrier.wait(timeout=60)
            return [services.callout_answer(callout_id=callout.pk, volunteer=v, answer="yes").outcome for v in batch]
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        outcomes = [o for batch in pool.map(run, batches) for o in batch]

    assert outcomes.count("deployed") == NEEDED
    assert outcomes.count("released") == POOL - NEEDED
    assert CallOut.objects.get(pk=callout.pk).deployed_count == NEEDED
    assert Recipient.objects.filter(callout=callout, outcome="deployed").count() == NEEDED
    assert not Recipient.objects.filter(callout=callout, outcome="pending").exists()
