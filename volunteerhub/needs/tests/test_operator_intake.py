"""Intake for people without a smartphone: an operator (hotline, village doctor, grid worker) records a need for a
caller with no account, in their region; the caller hears by SMS; the call log shows every call."""

import pytest

from volunteerhub.accounts.models import Role
from volunteerhub.conftest import make_user
from volunteerhub.needs.models import Need, NeedCall
from volunteerhub.needs.tests.test_api import _payload
from volunteerhub.notifications.sms import ConsoleProvider

pytestmark = pytest.mark.django_db
CALLER = "13812345678"


@pytest.fixture
def operator(db):
    """The township's hotline operator: not in the back-office."""
    user = make_user(Role.OPERATOR, "371602001", display_name="热线话务员")
    user.is_staff = False
    user.save(update_fields=["is_staff"])
    return user


def test_an_operator_records_a_need_for_a_caller_who_hears_by_sms(api_as, operator, nurse, settings,
                                                                   django_capture_on_commit_callbacks):
    settings.SMS_PROVIDER = "console"
    ConsoleProvider.outbox.clear()
    created = api_as(operator).post("/api/v1/needs", _payload(region_code="371602001001", contact_name="王大爷",
                                                                contact_phone=CALLER))
    need_id = created.json()["id"]
    intake = api_as(operator).post(f"/api/v1/needs/{need_id}/calls", {
        "callee": "王大爷", "purpose": "intake", "outcome": "reached", "note": "来电求助，腿脚不便"})

    with django_capture_on_commit_callbacks(execute=True):
        api_as(nurse.user).post(f"/api/v1/needs/{need_id}/accept")
    with django_capture_on_commit_callbacks(execute=True):
        api_as(nurse.user).post(f"/api/v1/needs/{need_id}/complete")
    follow_up = api_as(operator).post(f"/api/v1/needs/{need_id}/calls", {
        "callee": "王大爷", "purpose": "callback", "outcome": "reached", "satisfaction": 5})

    assert created.status_code == 201 and created.json()["involved"] is True
    need = Need.objects.get(pk=need_id)
    assert need.resident is None and need.created_by == operator and need.contact_name == "王大爷"
    texts = [m["text"] for m in ConsoleProvider.outbox if m["phone"] == CALLER]
    assert len(texts) == 2 and "已有志愿者接单" in texts[0] and "服务已完成" in texts[1]
    assert intake.status_code == follow_up.status_code == 201
    log = api_as(operator).get(f"/api/v1/needs/{need_id}").json()["calls"]
    assert [c["purpose"] for c in log] == ["intake", "callback"]
    assert NeedCall.objects.filter(need=need).count() == 2


def test_an_operator_has_no_reach_outside_their_region_and_no_other_rights(api_as, operator, client, make_need,
                                                                           volunteer):
    need = make_need()
    api = api_as(operator)
    elsewhere = api.post("/api/v1/needs", _payload(region_code="371681001", contact_name="李奶奶", contact_phone=CALLER))

    assert elsewhere.status_code == 403 and Need.objects.count() == 1
    assert api.post(f"/api/v1/needs/{need.pk}/assign", {"volunteer_id": volunteer.pk}).status_code == 403
    assert api.get("/api/v1/volunteers").json() in ([], {"items": [], "count": 0}) or \
        all(v.get("id") != volunteer.pk for v in api.get("/api/v1/volunteers").json())
    assert api.get(f"/api/v1/volunteers/{volunteer.pk}").status_code == 404
    assert api.get("/api/v1/hours/pending").json() in ([], {"items": []}) or \
        api.get("/api/v1/hours/pending").status_code == 403
    client.force_login(operator)
    assert client.get("/admin/").status_code in (302, 403)


def test_the_operator_picks_the_callers_village(client, operator):
    client.force_login(operator)

    page = client.get("/needs/new/").content.decode()

    assert 'value="371602001001"' in page  # a village of their township
    assert 'value="371681"' not in page  # nothing outside their region


def test_a_caller_rates_the_service_with_one_tap_from_the_text(api_as, operator, nurse, settings, client,
                                                               django_capture_on_commit_callbacks):
    settings.SMS_PROVIDER = "console"
    ConsoleProvider.outbox.clear()
    need_id = api_as(operator).post("/api/v1/needs", _payload(region_code="371602001001", contact_name="王大爷",
                                                               contact_phone=CALLER)).json()["id"]
    api_as(nurse.user).post(f"/api/v1/needs/{need_id}/accept")
    with django_capture_on_commit_callbacks(execute=True):
        api_as(nurse.user).post(f"/api/v1/needs/{need_id}/complete")
    link = ConsoleProvider.outbox[-1]["text"].split("：")[-1].strip()
    path = link.removeprefix(settings.PUBLIC_SITE_URL)

    page = client.get(path)
    rated = client.post(path, {"rating": "5"})
    again = client.get(path)

    assert page.status_code == 200 and "5 ★" in page.content.decode()
    assert rated.status_code == 200 and "谢谢" in rated.content.decode()
    need = Need.objects.get(pk=need_id)
    assert (need.status, need.rating) == ("rated", 5) and need.callback_at is not None
    assert again.status_code == 404  # used once
    assert client.get(path[:-5] + "xxxx/").status_code == 404  # a forged link
