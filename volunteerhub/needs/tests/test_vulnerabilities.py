"""Vulnerability flags: the person's circumstances put their need first, and only those handling it see them."""

import pytest

from volunteerhub.conftest import make_volunteer
from volunteerhub.needs.models import Need
from volunteerhub.needs.selectors import batch_plan
from volunteerhub.needs.tests.test_api import _payload

pytestmark = pytest.mark.django_db


def test_a_resident_flags_their_need_and_sees_the_flags(api_as, resident):
    created = api_as(resident).post("/api/v1/needs", _payload(vulnerabilities=["lives_alone", "aged_80"]))

    assert created.status_code == 201, created.json()
    assert {v["code"] for v in created.json()["vulnerabilities"]} == {"lives_alone", "aged_80"}
    assert Need.objects.get().priority == 4


def test_an_unknown_flag_is_named_and_nothing_is_posted(api_as, resident):
    response = api_as(resident).post("/api/v1/needs", _payload(vulnerabilities=["lives_alone", "rich"]))

    assert response.status_code == 400 and "vulnerabilities" in response.json()["fields"]
    assert not Need.objects.exists()


def test_no_anonymous_answer_or_page_reveals_a_flag(api_as, resident, anon, client, nurse):
    need_id = api_as(resident).post("/api/v1/needs", _payload(vulnerabilities=["bedridden"])).json()["id"]

    answers = [anon.get(f"/api/v1/needs/{need_id}"), anon.get("/api/v1/needs"), anon.get("/api/v1/map/pins"),
               api_as(nurse.user).get(f"/api/v1/needs/{need_id}"), api_as(nurse.user).get("/api/v1/me/matches"),
               client.get(f"/needs/{need_id}/"), client.get("/map")]

    for answer in answers:
        text = answer.content.decode()
        assert "bedridden" not in text and "失能卧床" not in text and "Disabled or bedridden" not in text, answer


def test_a_flagged_need_outranks_an_unflagged_one_of_the_same_urgency(make_need, organizer, team):
    # two needs at the same place and time, one volunteer free: the flagged one is served
    plain = make_need(lat=37.3840, lng=117.9720)
    flagged = make_need(lat=37.3841, lng=117.9721, vulnerabilities=["lives_alone"])
    make_volunteer("371602001001", team=team, name="唯一的志愿者", home=(37.3840, 117.9720))

    plan = batch_plan(user=organizer, region_code="371602")

    assert [n.pk for n, _, _ in plan.pairs()] == [flagged.pk]
    assert [n.pk for n in plan.unassigned()] == [plain.pk]


def test_the_organisers_queue_lists_flagged_needs_first(client, make_need, organizer):
    plain = make_need()
    flagged = make_need(vulnerabilities=["fp_special_family"])
    client.force_login(organizer)

    page = client.get("/needs/").content.decode()

    managed = page[page.index("本辖区的求助"):]
    assert managed.index(f"/needs/{flagged.pk}/") < managed.index(f"/needs/{plain.pk}/")


def test_a_manager_changes_the_flags_and_the_priority_follows(api_as, organizer, make_need):
    need = make_need(vulnerabilities=["low_income"])

    changed = api_as(organizer).patch(f"/api/v1/needs/{need.pk}", {"vulnerabilities": ["bedridden", "lives_alone"]})

    assert changed.status_code == 200, changed.json()
    assert Need.objects.get(pk=need.pk).priority == 5


def test_the_managers_map_puts_flagged_needs_first_and_the_public_map_never_marks_them(api_as, anon, organizer,
                                                                                        make_need):
    plain = make_need()
    flagged = make_need(vulnerabilities=["aged_80"])

    managers = [i for i in api_as(organizer).get("/api/v1/map/pins", {"kinds": "need"}).json()["items"]]
    public = anon.get("/api/v1/map/pins", {"kinds": "need"}).json()["items"]

    assert [i["id"] for i in managers] == [flagged.pk, plain.pk]
    assert [i["extra"]["first"] for i in managers] == [True, False]
    assert all("first" not in i["extra"] for i in public)
