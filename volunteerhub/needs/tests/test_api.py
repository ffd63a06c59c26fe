import datetime as dt

import pytest
from django.utils import timezone

from volunteerhub.conftest import make_volunteer
from volunteerhub.needs.models import Need, NeedStatus
from volunteerhub.needs.services import need_accept

pytestmark = pytest.mark.django_db


def _payload(**kw):
    start = timezone.now() + dt.timedelta(hours=2)
    return {"kind": "home_visit", "description": "老人行动不便，需要上门测血压", "place": "黄河五路 128 号",
            "lat": 37.384, "lng": 117.972, "region_code": "371602001", "window_start": start.isoformat(),
            "window_end": (start + dt.timedelta(hours=3)).isoformat(), **kw}


def test_a_resident_posts_and_follows_a_need(api_as, resident, nurse, anon):
    created = api_as(resident).post("/api/v1/needs", _payload(qualifications=["nurse"]))
    assert created.status_code == 201, created.json()
    need_id = created.json()["id"]
    assert created.json()["involved"] is True and created.json()["status"] == "open"
    accepted = api_as(nurse.user).post(f"/api/v1/needs/{need_id}/accept")
    assert accepted.status_code == 200 and accepted.json()["status"] == "matched"
    mine = api_as(resident).get(f"/api/v1/needs/{need_id}").json()
    assert mine["handler"]["name"] == "王*士" and mine["place"] == "黄河五路 128 号"  # masked for the resident
    public = anon.get(f"/api/v1/needs/{need_id}").json()
    assert public["involved"] is False and public["handled_by"] == "王*士" and public.get("handler") is None
    assert api_as(nurse.user).post(f"/api/v1/needs/{need_id}/complete").json()["status"] == "done"
    rated = api_as(resident).post(f"/api/v1/needs/{need_id}/rate", {"rating": 5, "feedback": "谢谢"})
    assert rated.json()["status"] == "rated"


def test_the_second_volunteer_gets_a_409(api_as, resident, nurse, team, make_need):
    need = make_need()
    other = make_volunteer("371602001001", team=team, name="第二人")
    assert api_as(nurse.user).post(f"/api/v1/needs/{need.pk}/accept").status_code == 200
    response = api_as(other.user).post(f"/api/v1/needs/{need.pk}/accept")
    assert response.status_code == 409 and response.json()["code"] == "need_state_conflict"
    assert Need.objects.get(pk=need.pk).volunteer == nurse


def test_a_sensitive_need_is_blurred_for_the_public_api(anon, make_need, resident):
    need = make_need(kind="psychological_support", description="家属长期失眠焦虑，需要心理疏导")
    body = anon.get(f"/api/v1/needs/{need.pk}").json()
    assert body["blurred"] is True and body["description"] == "" and body["place"] == ""
    assert (body["lat"], body["lng"]) == (need.public_lat, need.public_lng) != (need.lat, need.lng)
    listed = anon.get("/api/v1/needs").json()
    assert all("失眠" not in str(item) for item in listed)


def test_posting_needs_a_sign_in_and_valid_fields(anon, api_as, resident):
    assert anon.post("/api/v1/needs", _payload()).status_code == 401
    response = api_as(resident).post("/api/v1/needs", _payload(lat=123, coord="mars", kind="x"))
    assert response.status_code == 400
    assert {"coord", "kind"} <= set(response.json()["fields"])
    assert Need.objects.count() == 0


def test_a_person_without_a_volunteer_profile_cannot_accept(api_as, make_need, resident, organizer):
    need = make_need()
    assert api_as(organizer).post(f"/api/v1/needs/{need.pk}/accept").status_code == 403
    assert Need.objects.get(pk=need.pk).status == NeedStatus.OPEN


def test_ranked_volunteers_come_with_reasons(api_as, organizer, make_need, nurse, team):
    far = make_volunteer("371602001001", team=team, name="远处护士", qualifications=["nurse"], home=(37.45, 118.05))
    make_volunteer("371602001001", team=team, name="没有资质", home=(37.3841, 117.9721))
    busy = make_volunteer("371602001001", team=team, name="忙碌护士", qualifications=["nurse"], home=(37.3842, 117.9722))
    need_accept(need=make_need(), volunteer=busy)  # busy in the same window
    need = make_need(qualifications=["nurse"])
    ranked = api_as(organizer).get(f"/api/v1/needs/{need.pk}/matches").json()
    assert [r["volunteer_id"] for r in ranked] == [nurse.pk, far.pk]
    assert ranked[0]["rank"] == 1 and any("护士" in reason for reason in ranked[0]["reasons"])
    assert api_as(nurse.user).get(f"/api/v1/needs/{need.pk}/matches").status_code == 403


def test_a_volunteer_sees_fitting_needs_near_them(api_as, nurse, make_need, volunteer):
    fits = make_need(qualifications=["nurse"])
    make_need(qualifications=["doctor"])
    plain = make_need()
    body = api_as(nurse.user).get("/api/v1/me/matches").json()
    assert {n["id"] for n in body["needs"]} == {fits.pk, plain.pk}
    assert {n["id"] for n in api_as(volunteer.user).get("/api/v1/me/matches").json()["needs"]} == {plain.pk}


def test_batch_assignment_previews_then_commits(api_as, organizer, make_need, nurse, team):
    second = make_volunteer("371602001001", team=team, name="第二位", home=(37.40, 117.99))
    a, b = make_need(qualifications=["nurse"]), make_need(lat=37.401, lng=117.991)
    preview = api_as(organizer).post("/api/v1/needs/batch-assignment/preview", {}).json()
    assert {(p["need_id"], p["volunteer_id"]) for p in preview["pairs"]} == {(a.pk, nurse.pk), (b.pk, second.pk)}
    assert preview["total_distance_m"] <= preview["greedy_total_distance_m"] or preview["greedy_assigned"] < 2
    assert Need.objects.filter(status="open").count() == 2  # a preview writes nothing
    committed = api_as(organizer).post("/api/v1/needs/batch-assignment/commit",
                                       {"pairs": [{"need_id": p["need_id"], "volunteer_id": p["volunteer_id"]}
                                                  for p in preview["pairs"]]}).json()
    assert len(committed["assigned"]) == 2 and committed["skipped"] == []
    again = api_as(organizer).post("/api/v1/needs/batch-assignment/commit",
                                   {"pairs": [{"need_id": a.pk, "volunteer_id": nurse.pk}]}).json()
    assert again["assigned"] == [] and len(again["skipped"]) == 1


def test_residents_cannot_batch_assign(api_as, resident):
    assert api_as(resident).post("/api/v1/needs/batch-assignment/preview", {}).status_code == 403


def test_need_pages_render(client, resident, make_need, organizer, nurse):
    need = make_need(kind="poverty_relief")
    assert "位置已模糊" in client.get(f"/needs/{need.pk}/").content.decode()
    client.force_login(resident)
    assert client.get("/needs/").status_code == 200
    assert client.get("/needs/new/").status_code == 200
    start = timezone.localtime() + dt.timedelta(hours=2)
    response = client.post("/needs/new/", {"kind": "escort", "description": "需要陪同去医院复查", "lat": "37.38",
                                           "lng": "117.97", "coord": "wgs84", "region_code": "371602001",
                                           "window_start": start.strftime("%Y-%m-%dT%H:%M"),
                                           "window_end": (start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
                                           "urgency": "2"})
    assert response.status_code == 302
    client.force_login(nurse.user)
    assert client.get("/me/matches/").status_code == 200
    ordinary = make_need(kind="medicine_delivery")
    client.post(f"/needs/{ordinary.pk}/accept/")
    assert Need.objects.get(pk=ordinary.pk).volunteer == nurse
    client.force_login(organizer)
    assert client.get("/needs/batch/").status_code == 200
    other = make_need()
    assert client.get(f"/needs/{other.pk}/matches/").status_code == 200


def test_listing_ones_own_needs_reads_the_same_few_tables_however_many_there_are(api_as, resident, make_need):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert api_as(resident).get("/api/v1/needs", {"mine": "true"}).status_code == 200
        return len(captured.captured_queries)

    make_need()
    few = queries()
    for _ in range(5):
        make_need()
    assert queries() == few
