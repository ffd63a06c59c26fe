"""PATCH /api/v1/needs/{id}: an open need changes under the rules of posting it."""

import pytest

from volunteerhub.accounts.models import Role
from volunteerhub.audit.models import AuditEvent
from volunteerhub.conftest import make_user
from volunteerhub.needs.models import Need

pytestmark = pytest.mark.django_db

ID_NUMBER = "371602199001011234"


def test_the_resident_corrects_their_own_need(api_as, resident, make_need):
    need = make_need()

    response = api_as(resident).patch(f"/api/v1/needs/{need.pk}", {"description": "老人需要上门测血糖", "urgency": 3})

    assert response.status_code == 200, response.json()
    assert (response.json()["description"], response.json()["urgency"]) == ("老人需要上门测血糖", 3)
    assert AuditEvent.objects.filter(target_type="need", target_id=str(need.pk), action="update").exists()


def test_a_move_re_blurs_the_public_place_and_keeps_the_cell(api_as, resident, make_need, anon):
    need = make_need()
    before = anon.get(f"/api/v1/needs/{need.pk}").json()

    moved = api_as(resident).patch(f"/api/v1/needs/{need.pk}", {"lat": 37.45, "lng": 118.01})

    assert moved.status_code == 200, moved.json()
    need.refresh_from_db()
    public = anon.get(f"/api/v1/needs/{need.pk}").json()
    assert (need.lat, need.lng) == (37.45, 118.01) and need.cell and need.public_cell
    assert (public["lat"], public["lng"]) != (before["lat"], before["lng"])
    assert (public["lat"], public["lng"]) != (37.45, 118.01)  # never the true place


def test_an_organiser_cannot_move_a_need_out_of_their_region(api_as, organizer, make_need):
    need = make_need()

    response = api_as(organizer).patch(f"/api/v1/needs/{need.pk}", {"region_code": "371681001"})

    assert response.status_code == 403
    assert Need.objects.get(pk=need.pk).region_id == "371602001"


def test_another_countys_admin_cannot_change_it(api_as, other_county_admin, make_need):
    need = make_need()

    response = api_as(other_county_admin).patch(f"/api/v1/needs/{need.pk}", {"description": "改成别的内容了"})

    assert response.status_code == 403
    assert Need.objects.get(pk=need.pk).description == "老人需要上门测血压"


def test_another_resident_cannot_change_it(api_as, make_need):
    need = make_need()
    stranger = make_user(Role.RESIDENT)

    response = api_as(stranger).patch(f"/api/v1/needs/{need.pk}", {"description": "改成别的内容了"})

    assert response.status_code == 403


def test_a_taken_need_is_not_changed(api_as, resident, nurse, make_need):
    need = make_need()
    assert api_as(nurse.user).post(f"/api/v1/needs/{need.pk}/accept").status_code == 200

    response = api_as(resident).patch(f"/api/v1/needs/{need.pk}", {"place": "别处"})

    assert response.status_code == 409 and response.json()["code"] == "need_state_conflict"
    assert Need.objects.get(pk=need.pk).place == "黄河五路 128 号 3 单元"


def test_bad_fields_are_named_and_nothing_changes(api_as, resident, make_need):
    need = make_need()

    response = api_as(resident).patch(f"/api/v1/needs/{need.pk}", {"urgency": 7, "region_code": "999999"})

    assert response.status_code == 400
    assert {"urgency", "region_code"} <= set(response.json()["fields"])
    assert Need.objects.get(pk=need.pk).urgency == 1


def test_an_id_number_written_in_the_description_is_masked(api_as, resident, make_need):
    need = make_need(description=f"老人身份证 {ID_NUMBER} 需要上门")

    changed = api_as(resident).patch(f"/api/v1/needs/{need.pk}", {"description": f"身份证号 {ID_NUMBER}，腿脚不便"})

    assert ID_NUMBER not in Need.objects.get(pk=need.pk).description
    assert ID_NUMBER not in changed.content.decode() and "3716**********1234" in changed.json()["description"]
