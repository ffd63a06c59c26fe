"""WeChat login and binding, preferences, the inbox with its deliveries."""

import pytest

from volunteerhub.accounts.models import ApiToken
from volunteerhub.conftest import PASSWORD, ApiClient
from volunteerhub.notifications.models import Delivery, NotificationPreference
from volunteerhub.accounts.models import WeChatIdentity
from volunteerhub.notifications.services import notify
from volunteerhub.notifications.tests.conftest import SESSION

pytestmark = pytest.mark.django_db
LOGIN = "/api/v1/auth/wechat"


def test_an_unknown_wechat_user_is_told_to_bind_and_nothing_is_created(anon, wechat_server):
    response = anon.post(LOGIN, {"code": "code-o-new"})

    assert response.status_code == 409
    assert response.json()["code"] == "wechat_not_bound"
    assert not WeChatIdentity.objects.exists() and not ApiToken.objects.exists()


def test_a_signed_in_user_binds_wechat_by_posting_a_code_then_logs_in_with_it(volunteer, api_as, anon,
                                                                               wechat_server):
    response = api_as(volunteer.user).post(LOGIN, {"code": "code-o-vol"})
    assert response.status_code == 200
    assert WeChatIdentity.objects.get(user=volunteer.user).openid == "o-vol"

    token = anon.post(LOGIN, {"code": "code-o-vol"}).json()["token"]
    me = ApiClient()
    me.headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    assert me.get("/api/v1/inbox").status_code == 200
    assert ApiToken.objects.get(key_hash=ApiToken.hash_key(token)).user == volunteer.user
    assert wechat_server.calls(SESSION)[-1]["query"]["js_code"] == "code-o-vol"


def test_phone_and_password_bind_in_the_same_call(volunteer, anon, wechat_server):
    response = anon.post(LOGIN, {"code": "code-o-vol", "phone": volunteer.user.phone, "password": PASSWORD})

    assert response.status_code == 200
    assert WeChatIdentity.objects.get().user == volunteer.user


def test_a_wrong_password_binds_nothing(volunteer, anon, wechat_server):
    response = anon.post(LOGIN, {"code": "code-o-vol", "phone": volunteer.user.phone, "password": "wrong-123"})

    assert response.status_code == 401
    assert not WeChatIdentity.objects.exists() and wechat_server.calls(SESSION) == []


def test_a_wechat_user_bound_to_someone_else_cannot_be_taken(volunteer, resident, api_as, wechat_server):
    WeChatIdentity.objects.create(user=volunteer.user, app_id="wx-test-app", openid="o-vol")

    response = api_as(resident).post(LOGIN, {"code": "code-o-vol"})

    assert response.status_code == 409 and response.json()["code"] == "wechat_bound_elsewhere"
    assert WeChatIdentity.objects.get().user == volunteer.user


def test_a_new_wechat_replaces_the_old_binding(volunteer, api_as, wechat_server):
    WeChatIdentity.objects.create(user=volunteer.user, app_id="wx-test-app", openid="o-old")

    assert api_as(volunteer.user).post(LOGIN, {"code": "code-o-new"}).status_code == 200

    assert list(WeChatIdentity.objects.values_list("openid", flat=True)) == ["o-new"]


def test_a_bad_or_used_code_is_a_validation_error(anon, wechat_server):
    response = anon.post(LOGIN, {"code": "used-code"})

    assert response.status_code == 400
    assert response.json()["code"] == "wechat_code_invalid" and "code" in response.json()["fields"]


def test_a_bad_bearer_token_is_refused_not_treated_as_anonymous(anon, wechat_server):
    response = anon.post(LOGIN, {"code": "code-o-vol"}, HTTP_AUTHORIZATION="Bearer nope")

    assert response.status_code == 401 and not WeChatIdentity.objects.exists()


def test_wechat_login_says_when_it_is_not_configured(anon, settings):
    settings.WECHAT_APP_ID = ""

    response = anon.post(LOGIN, {"code": "code-o-vol"})

    assert response.status_code == 503 and response.json()["code"] == "wechat_disabled"


def test_wechat_being_down_is_a_503(anon, wechat_server, settings, closed_port_url):
    settings.WECHAT_API_BASE = closed_port_url

    response = anon.post(LOGIN, {"code": "code-o-vol"})

    assert response.status_code == 503 and response.json()["code"] == "wechat_unavailable"


def test_unbinding(volunteer, api_as, wechat_server):
    WeChatIdentity.objects.create(user=volunteer.user, app_id="wx-test-app", openid="o-vol")

    assert api_as(volunteer.user).delete(LOGIN).json() == {"unbound": 1}
    assert not WeChatIdentity.objects.exists()


def test_preferences_default_then_change(volunteer, api_as, settings):
    settings.NOTIFICATION_QUIET_HOURS = "22:00-07:00"
    client = api_as(volunteer.user)

    assert client.get("/api/v1/notifications/preferences").json() == {
        "wechat": True, "sms": False, "quiet_start": "22:00", "quiet_end": "07:00", "wechat_bound": False,
        "wechat_available": False, "sms_available": True}

    response = client.put("/api/v1/notifications/preferences",
                          {"wechat": False, "sms": True, "quiet_start": "21:30", "quiet_end": "06:30"})

    assert response.status_code == 200
    assert response.json()["quiet_start"] == "21:30" and response.json()["sms"] is True
    pref = NotificationPreference.objects.get(user=volunteer.user)
    assert (pref.wechat, pref.sms, str(pref.quiet_end)) == (False, True, "06:30:00")


def test_preferences_reject_a_bad_time_and_keep_the_old_ones(volunteer, api_as):
    response = api_as(volunteer.user).put("/api/v1/notifications/preferences",
                                          {"wechat": False, "sms": True, "quiet_start": "25:00", "quiet_end": "06:30"})

    assert response.status_code == 400 and "quiet_start" in response.json()["fields"]
    assert not NotificationPreference.objects.exists()


def test_preferences_need_a_sign_in(anon):
    assert anon.get("/api/v1/notifications/preferences").status_code == 401


def test_the_inbox_shows_each_message_with_its_deliveries(volunteer, api_as, wechat_server):
    WeChatIdentity.objects.create(user=volunteer.user, app_id="wx-test-app", openid="o-vol")
    notify(users=[volunteer.user], kind="roster_message", title="明早集合", body="8点")
    Delivery.objects.update(status="sent", attempts=1)

    item = api_as(volunteer.user).get("/api/v1/inbox").json()["items"][0]

    assert item["title"] == "明早集合"
    assert [(d["channel"], d["status"], d["attempts"]) for d in item["deliveries"]] == [("wechat", "sent", 1)]


def test_the_mini_program_learns_the_template_ids_to_subscribe_to(anon, wechat_server):
    assert anon.get("/api/v1/notifications/wechat-templates").json() == {
        "templates": {"*": "TPL-GENERAL", "activity_reminder": "TPL-REMIND"}}
