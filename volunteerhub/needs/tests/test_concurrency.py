"""First accept wins, for real: volunteers accepting at the same moment on their own connections."""

import threading

import pytest
from django.db import connection

from volunteerhub.conftest import make_volunteer
from volunteerhub.core.errors import Conflict
from volunteerhub.needs import services
from volunteerhub.needs.models import Need, NeedEvent, NeedStatus


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_only_one_of_many_simultaneous_accepts_wins(make_need, team):
    need = make_need()
    volunteers = [make_volunteer("371602001001", team=team, name=f"志愿者{i}") for i in range(8)]
    barrier = threading.Barrier(len(volunteers))
    outcomes: list[str] = []
    lock = threading.Lock()

    def accept(volunteer):
        try:
            stale = Need.objects.get(pk=need.pk)  # each thread read it while it was open
            barrier.wait(timeout=10)
            services.need_accept(need=stale, volunteer=volunteer)
            result = "won"
        except Conflict:
            result = "lost"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=accept, args=(v,)) for v in volunteers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["lost"] * 7 + ["won"]
    need.refresh_from_db()
    assert need.status == NeedStatus.MATCHED and need.volunteer_id in {v.pk for v in volunteers}
    assert NeedEvent.objects.filter(need=need, status=NeedStatus.MATCHED).count() == 1
