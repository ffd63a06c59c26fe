"""The service loop on a frozen clock: every deadline of a need, met and missed, over the National Day holiday
(and its make-up working day, Saturday 10 October 2026) and a weekend; one escalation per missed deadline."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from volunteerhub.needs.escalation import needs_escalate
from volunteerhub.needs.models import Need, NeedEscalation
from volunteerhub.notifications.models import Notification

pytestmark = pytest.mark.django_db
CST = ZoneInfo("Asia/Shanghai")


def at(month, day, hour=10, minute=0):
    return dt.datetime(2026, month, day, hour, minute, tzinfo=CST)


def end_of(month, day):
    return dt.datetime(2026, month, day, 23, 59, 59, tzinfo=CST)


def _ticks(start, end):
    """The worker's schedule: twice a day, every day, and once more at `end`."""
    moment = start
    while moment < end:
        yield moment
        moment += dt.timedelta(hours=12)
    yield end


def test_a_need_walks_through_every_deadline_over_national_day(api_as, resident, nurse, organizer, county_admin,
                                                               city_admin):
    def run_worker(until):
        for moment in _ticks(run_worker.last, until):
            with time_machine.travel(moment, tick=False):
                needs_escalate()
        run_worker.last = until

    with time_machine.travel(at(9, 30), tick=False):  # Wednesday, the day before the holiday
        need_id = api_as(resident).post("/api/v1/needs", {
            "kind": "home_visit", "description": "老人需要上门测血压", "lat": 37.384, "lng": 117.972,
            "region_code": "371602001001", "window_start": at(10, 8).isoformat(),
            "window_end": at(10, 20).isoformat()}).json()["id"]
    run_worker.last = at(9, 30, 12)
    need = Need.objects.get(pk=need_id)
    assert need.accept_by == end_of(10, 8)  # one working day: the holiday does not count
    assert need.finish_by == end_of(10, 13)  # 8, 9, 10 (调休), 12, 13 October

    run_worker(at(10, 9, 9))
    with time_machine.travel(at(10, 9), tick=False):  # accepted a day late
        api_as(nurse.user).post(f"/api/v1/needs/{need_id}/accept")
    need.refresh_from_db()
    assert need.start_by == end_of(10, 12)  # Saturday the 10th is a working day, Sunday the 11th is not
    with time_machine.travel(at(10, 10, 9), tick=False):  # started on the make-up Saturday: in time
        api_as(nurse.user).post(f"/api/v1/needs/{need_id}/start")
    run_worker(at(10, 14, 8))
    with time_machine.travel(at(10, 14, 9), tick=False):  # done a day after the finish deadline
        api_as(nurse.user).post(f"/api/v1/needs/{need_id}/complete")
    need.refresh_from_db()
    assert need.callback_by == end_of(10, 19)  # 15, 16, (weekend) 19
    run_worker(at(10, 19, 9))
    with time_machine.travel(at(10, 19, 16), tick=False):  # called back in time, reached, satisfied
        logged = api_as(organizer).post(f"/api/v1/needs/{need_id}/calls", {
            "callee": "居民本人", "purpose": "callback", "outcome": "reached", "satisfaction": 5})
        assert logged.status_code == 201, logged.json()
    run_worker(at(10, 25))

    escalations = list(NeedEscalation.objects.filter(need_id=need_id).order_by("at"))
    assert [(e.stage, e.level_id) for e in escalations] == [("accept", "371602"), ("finish", "371600")]
    with time_machine.travel(at(10, 19, 17), tick=False):
        shown = api_as(resident).get(f"/api/v1/needs/{need_id}").json()["deadlines"]
    assert {d["stage"]: d["state"] for d in shown} == {
        "accept": "missed", "start": "met", "finish": "missed", "callback": "met"}
    assert Notification.objects.filter(user=county_admin, kind="need_escalated").count() == 1
    assert Notification.objects.filter(user=city_admin, kind="need_escalated").count() == 1
    timeline = api_as(organizer).get(f"/api/v1/needs/{need_id}").json()
    assert timeline["calls"][0]["satisfaction"] == 5


def test_running_the_worker_twice_escalates_once(make_need, county_admin):
    need = make_need()
    Need.objects.filter(pk=need.pk).update(accept_by=at(1, 5), finish_by=at(1, 9))

    first, second = needs_escalate(), needs_escalate()

    assert (first["escalated_accept"], first["escalated_finish"]) == (1, 1)
    assert sum(second.values()) == 0
    assert NeedEscalation.objects.filter(need=need).count() == 2


def test_a_call_back_is_only_for_a_finished_need_and_names_bad_fields(api_as, organizer, make_need, resident):
    need = make_need()

    early = api_as(organizer).post(f"/api/v1/needs/{need.pk}/calls", {
        "callee": "居民", "purpose": "callback", "outcome": "reached", "satisfaction": 9})
    stranger = api_as(resident).post(f"/api/v1/needs/{need.pk}/calls", {
        "callee": "居民", "purpose": "follow_up", "outcome": "reached"})

    assert early.status_code == 400 and {"purpose", "satisfaction"} <= set(early.json()["fields"])
    assert stranger.status_code == 403


def test_the_need_page_shows_its_deadlines_and_the_organiser_logs_a_call_back_there(client, make_need, nurse,
                                                                                     organizer, resident):
    from volunteerhub.needs import services

    need = make_need()
    services.need_accept(need=need, volunteer=nurse)
    services.need_complete(need=need, actor=nurse.user)
    client.force_login(organizer)

    logged = client.post(f"/needs/{need.pk}/call/", {"callee": "居民本人", "purpose": "callback",
                                                     "outcome": "reached", "satisfaction": "4", "reason": "很满意"})
    page = client.get(f"/needs/{need.pk}/").content.decode()

    assert logged.status_code == 302
    assert 'id="deadlines"' in page and page.count("deadline-met") == 4  # accepted, started, done, called back
    assert "居民本人" in page[page.index('id="calls"'):]
    client.force_login(resident)
    assert 'id="calls"' not in client.get(f"/needs/{need.pk}/").content.decode()  # the call log is the team's


def test_a_rule_for_a_kind_and_urgency_sets_the_promise(make_need):
    from volunteerhub.needs.models import DeadlineRule

    DeadlineRule.objects.create(kind="home_visit", urgency=None, accept_days=3, start_days=3, finish_days=10,
                                callback_days=5)
    with time_machine.travel(at(9, 28), tick=False):  # Monday before National Day
        visit, escort = make_need(kind="home_visit"), make_need(kind="escort")

    assert visit.accept_by == end_of(10, 8)  # 29, 30 September, 8 October
    assert escort.accept_by == end_of(9, 29)  # the default: one working day


def test_the_workbench_counts_the_call_backs_due_and_lists_them(client, make_need, nurse, organizer):
    from volunteerhub.needs import services

    need = make_need()
    services.need_accept(need=need, volunteer=nurse)
    services.need_complete(need=need, actor=nurse.user)
    make_need()  # open: not a call-back
    client.force_login(organizer)

    home = client.get("/").content.decode()
    listed = client.get("/needs/?callback=due").content.decode()

    assert 'id="count-callbacks"' in home and "/needs/?callback=due" in home
    assert f"/needs/{need.pk}/" in listed and listed.count('class="status-badge') == 1
