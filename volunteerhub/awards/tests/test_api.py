import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

from volunteerhub.awards.models import Nomination

SH = ZoneInfo("Asia/Shanghai")


def test_the_commendation_timeline_through_the_api(api_as, organizer, volunteer, resident, county_admin, anon):
    with time_machine.travel(dt.datetime(2026, 3, 6, 9, 0, tzinfo=SH), tick=False):  # a Friday
        made = api_as(organizer).post("/api/v1/awards", {"kind": "volunteer", "volunteer_id": volunteer.pk,
                                                        "title": "优秀志愿者", "reason": "长期坚持义诊服务群众。"})
        assert made.status_code == 201, made.content
        nomination_id = made.json()["id"]
        ends = dt.datetime.fromisoformat(made.json()["notice_ends_at"].replace("Z", "+00:00"))
        assert ends == dt.datetime(2026, 3, 14, tzinfo=SH)  # Mon 9 .. Fri 13, through the whole Friday
        assert anon.get("/api/v1/awards").json()[0]["nominee"] == "李*愿"
        assert anon.post(f"/api/v1/awards/{nomination_id}/objections", {"reason": "我有异议理由"}).status_code == 401
        assert api_as(resident).post(f"/api/v1/awards/{nomination_id}/objections",
                                     {"reason": "时长记录有误"}).status_code == 201
        early = api_as(county_admin).post(f"/api/v1/awards/{nomination_id}/decision", {"approve": True, "note": "ok"})
        assert early.status_code == 409
    with time_machine.travel(dt.datetime(2026, 3, 14, 8, 0, tzinfo=SH), tick=False):
        done = api_as(county_admin).post(f"/api/v1/awards/{nomination_id}/decision",
                                         {"approve": True, "note": "异议已核实"})
        assert done.status_code == 200 and done.json()["phase"] == "approved"
    assert Nomination.objects.get().decided_by == county_admin


def test_the_notice_board_pages(organizer, volunteer, client):
    from volunteerhub.awards.services import nomination_create

    n = nomination_create(by=organizer, kind="volunteer", volunteer=volunteer, title="优秀志愿者",
                          reason="长期坚持义诊服务群众。")
    board = client.get("/awards/").content.decode()
    assert "优秀志愿者" in board and "李*愿" in board and "李志愿" not in board
    assert client.get(f"/awards/{n.pk}/").status_code == 200


def test_an_id_number_written_in_a_public_reason_is_masked(api_as, organizer, volunteer):
    from volunteerhub.awards.models import Nomination
    from volunteerhub.conftest import next_id_number

    number = next_id_number()
    response = api_as(organizer).post("/api/v1/awards", {
        "kind": "volunteer", "volunteer_id": volunteer.pk, "title": "优秀志愿者",
        "reason": f"全年服务领先，身份证{number}，群众评价很好。"})
    assert response.status_code == 201, response.content
    assert number not in Nomination.objects.get().reason and number[-4:] in Nomination.objects.get().reason
