"""A day's round of home visits: planned by an organiser in the shortest order, walked by a volunteer."""

import datetime as dt

import pytest
from django.utils import timezone

from volunteerhub.conftest import make_volunteer
from volunteerhub.needs.models import HomeVisitRound, Need, NeedStatus

pytestmark = pytest.mark.django_db

CLINIC = {"start_lat": 37.3835, "start_lng": 117.9707}
HOMES = [(37.3900, 117.9800), (37.3840, 117.9720), (37.3870, 117.9760), (37.3950, 117.9850)]


@pytest.fixture
def visits(make_need):
    return [make_need(lat=lat, lng=lng, kind="home_visit") for lat, lng in HOMES]


def _plan(api, volunteer, needs, **extra):
    return api.post("/api/v1/needs/rounds", {"day": timezone.localdate().isoformat(), "volunteer_id": volunteer.pk,
                                             "need_ids": [n.pk for n in needs], **CLINIC, **extra})


def test_an_organiser_plans_a_round_walked_nearest_first(api_as, organizer, volunteer, visits):
    response = _plan(api_as(organizer), volunteer, visits)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert [s["need_id"] for s in body["stops"]] == [visits[1].pk, visits[2].pk, visits[0].pk, visits[3].pk]
    assert body["length_m"] <= body["nearest_neighbour_length_m"]
    assert all(n.status == NeedStatus.MATCHED and n.volunteer_id == volunteer.pk
               for n in Need.objects.filter(pk__in=[v.pk for v in visits]))


def test_the_volunteer_marks_stops_and_a_done_stop_completes_its_need(api_as, organizer, volunteer, visits):
    planned = _plan(api_as(organizer), volunteer, visits).json()
    first, second = planned["stops"][:2]
    me = api_as(volunteer.user)

    assert [r["id"] for r in me.get("/api/v1/me/rounds").json()] == [planned["id"]]
    done = me.post(f"/api/v1/needs/rounds/{planned['id']}/stops/{first['id']}", {"done": True})
    no_reason = me.post(f"/api/v1/needs/rounds/{planned['id']}/stops/{second['id']}", {"done": False})
    missed = me.post(f"/api/v1/needs/rounds/{planned['id']}/stops/{second['id']}", {"done": False, "note": "家中无人"})

    assert done.status_code == 200 and done.json()["outcome"] == "done"
    assert Need.objects.get(pk=first["need_id"]).status == NeedStatus.DONE
    assert no_reason.status_code == 400 and "note" in no_reason.json()["fields"]
    assert missed.json()["outcome"] == "not_done" and Need.objects.get(pk=second["need_id"]).status == NeedStatus.MATCHED


def test_nobody_else_sees_or_marks_a_round(api_as, organizer, other_organizer, volunteer, visits, resident, team):
    planned = _plan(api_as(organizer), volunteer, visits).json()
    stranger = make_volunteer("371602001001", team=team, name="别的志愿者")

    for outsider in (other_organizer, resident, stranger.user):
        assert api_as(outsider).get(f"/api/v1/needs/rounds/{planned['id']}").status_code == 404
        stop = planned["stops"][0]["id"]
        assert api_as(outsider).post(f"/api/v1/needs/rounds/{planned['id']}/stops/{stop}",
                                     {"done": True}).status_code == 404


def test_a_round_is_planned_only_in_reach_and_of_home_visits(api_as, organizer, other_organizer, volunteer, visits,
                                                            make_need):
    escort = make_need(kind="escort")

    out_of_reach = _plan(api_as(other_organizer), volunteer, visits)
    not_at_home = _plan(api_as(organizer), volunteer, [*visits, escort])
    past = _plan(api_as(organizer), volunteer, visits, day=(timezone.localdate() - dt.timedelta(days=1)).isoformat())

    assert out_of_reach.status_code == 403
    assert not_at_home.status_code == 400 and "need_ids" in not_at_home.json()["fields"]
    assert past.status_code == 400 and "day" in past.json()["fields"]
    assert not HomeVisitRound.objects.exists()
    assert Need.objects.filter(status=NeedStatus.OPEN).count() == len(visits) + 1


def test_the_volunteer_walks_the_round_on_the_page(client, api_as, organizer, volunteer, visits):
    planned = _plan(api_as(organizer), volunteer, visits).json()
    client.force_login(volunteer.user)

    listed = client.get("/me/matches/")
    page = client.get(f"/needs/rounds/{planned['id']}/")
    marked = client.post(f"/needs/rounds/{planned['id']}/", {"stop_id": planned["stops"][0]["id"], "outcome": "done"})

    assert f"/needs/rounds/{planned['id']}/" in listed.content.decode()
    assert page.status_code == 200 and page.content.decode().count('class="stop-form"') == len(visits)
    assert marked.status_code == 302
    assert Need.objects.get(pk=planned["stops"][0]["need_id"]).status == NeedStatus.DONE


def test_another_volunteer_gets_not_found_on_the_page(client, api_as, organizer, volunteer, visits, team):
    planned = _plan(api_as(organizer), volunteer, visits).json()
    client.force_login(make_volunteer("371602001001", team=team, name="别的志愿者").user)

    assert client.get(f"/needs/rounds/{planned['id']}/").status_code == 404


def test_a_stop_handed_to_someone_else_no_longer_shows_its_place(api_as, organizer, volunteer, visits, team):
    planned = _plan(api_as(organizer), volunteer, visits).json()
    given_back = planned["stops"][0]["need_id"]
    api_as(volunteer.user).post(f"/api/v1/needs/{given_back}/release", {"reason": "临时有事"})
    other = make_volunteer("371602001001", team=team, name="接手的志愿者")
    api_as(organizer).post(f"/api/v1/needs/{given_back}/assign", {"volunteer_id": other.pk})

    stop = api_as(volunteer.user).get(f"/api/v1/needs/rounds/{planned['id']}").json()["stops"][0]

    need = Need.objects.get(pk=given_back)
    assert stop["outcome"] == "reassigned" and stop["place"] == ""
    assert (stop["lat"], stop["lng"]) == (need.public_lat, need.public_lng)


def test_planning_never_says_which_needs_exist_outside_reach(api_as, other_organizer, other_team, make_need):
    need = make_need(kind="escort")
    theirs = make_volunteer("371681001213", team=other_team, name="邹平志愿者")

    response = _plan(api_as(other_organizer), theirs, [need])

    assert response.status_code == 400 and "not served at home" not in str(response.json()) and \
        "上门服务" not in str(response.json())
