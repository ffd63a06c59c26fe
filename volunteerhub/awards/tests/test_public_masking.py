"""No full name beside a masked one: the nominee's name is masked in every public field, free text included."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from volunteerhub.awards import services
from volunteerhub.conftest import make_volunteer

SH = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


@pytest.fixture
def luo(team):
    volunteer = make_volunteer("371602001001", team=team, name="罗秀玲")
    volunteer.user.display_name = "玲姐"
    volunteer.user.save(update_fields=["display_name"])
    return volunteer


def _commend(organizer, county_admin, volunteer, *, approve=True):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=SH), tick=False):
        nomination = services.nomination_create(
            by=organizer, kind="volunteer", volunteer=volunteer, title="罗秀玲同志服务之星",
            reason="罗秀玲常年坚持上门随访独居老人，大家都叫她玲姐。罗秀玲说服务群众是本分。")
    with time_machine.travel(dt.datetime(2026, 3, 10, 9, 0, tzinfo=SH), tick=False):
        services.nomination_decide(nomination=nomination, by=county_admin, approve=approve,
                                   note="罗秀玲事迹属实")
    return nomination


def _public_answers(client, anon, nomination) -> dict[str, str]:
    return {
        "/awards/": client.get("/awards/").content.decode(),
        "/awards/<id>/": client.get(f"/awards/{nomination.pk}/").content.decode(),
        "/stats/": client.get("/stats/").content.decode(),
        "GET /api/v1/awards": anon.get("/api/v1/awards").content.decode(),
        "GET /api/v1/awards/<id>": anon.get(f"/api/v1/awards/{nomination.pk}").content.decode(),
    }


def test_no_public_page_or_answer_names_a_masked_nominee_in_full(client, anon, organizer, county_admin, luo):
    nomination = _commend(organizer, county_admin, luo)

    for where, text in _public_answers(client, anon, nomination).items():
        assert "罗*玲" in text, where
        for leak in ("罗秀玲", "秀玲", "玲姐"):
            assert leak not in text, f"{leak} on {where}"


def test_the_api_masks_the_title_and_reason_as_it_masks_the_name(anon, organizer, county_admin, luo):
    nomination = _commend(organizer, county_admin, luo)

    shown = anon.get(f"/api/v1/awards/{nomination.pk}").json()

    assert shown["nominee"] == "罗*玲" and shown["title"] == "罗*玲同志服务之星"
    assert shown["reason"] == "罗*玲常年坚持上门随访独居老人，大家都叫她玲*。罗*玲说服务群众是本分。"


def test_a_given_name_the_account_goes_by_is_masked_to_match(anon, organizer, county_admin, luo):
    luo.user.display_name = "秀玲"
    luo.user.save(update_fields=["display_name"])
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=SH), tick=False):
        nomination = services.nomination_create(by=organizer, kind="volunteer", volunteer=luo, title="服务之星",
                                                reason="秀玲常年坚持上门随访独居老人。")

    assert anon.get(f"/api/v1/awards/{nomination.pk}").json()["reason"] == "*玲常年坚持上门随访独居老人。"


def test_the_name_as_nominated_stays_masked_after_the_volunteer_is_renamed(anon, organizer, luo):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=SH), tick=False):
        nomination = services.nomination_create(by=organizer, kind="volunteer", volunteer=luo, title="服务之星",
                                                reason="罗秀玲常年坚持上门随访独居老人。")
    luo.name = "罗秀岭"
    luo.save(update_fields=["name"])

    assert anon.get(f"/api/v1/awards/{nomination.pk}").json()["reason"] == "罗*玲常年坚持上门随访独居老人。"


def test_a_nominee_who_shows_their_name_publicly_is_named_in_full(client, anon, organizer, county_admin, luo):
    luo.show_name_publicly = True
    luo.save(update_fields=["show_name_publicly"])
    nomination = _commend(organizer, county_admin, luo)

    shown = anon.get(f"/api/v1/awards/{nomination.pk}").json()

    assert shown["nominee"] == "罗秀玲" and shown["title"] == "罗秀玲同志服务之星"
    assert "罗秀玲同志服务之星" in client.get("/awards/").content.decode()


def test_the_record_keeps_the_text_as_written_for_its_managers(organizer, county_admin, luo):
    nomination = _commend(organizer, county_admin, luo)

    nomination.refresh_from_db()
    assert nomination.title == "罗秀玲同志服务之星" and nomination.decision_note == "罗秀玲事迹属实"
