"""The WeChat and SMS adapters against real local HTTP servers, including their error codes."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from volunteerhub.notifications import sms, wechat
from volunteerhub.notifications.outcomes import FAILED, REFUSED, RETRY, SENT
from volunteerhub.notifications.tests.conftest import SEND, SESSION, TOKEN

pytestmark = pytest.mark.django_db


def send(**kw):
    return wechat.WeChatClient().send_subscribe(openid="o-1", template_id="TPL-1", data={"thing1": "义诊"}, **kw)


def test_it_sends_a_subscribe_message_with_the_template_and_data(wechat_server):
    result = send(page="pages/inbox/index?id=5")

    assert (result.outcome, result.provider_id) == (SENT, "777")
    request = wechat_server.calls(SEND)[0]
    assert request["query"] == {"access_token": "TOKEN-1"}
    assert request["json"]["touser"] == "o-1" and request["json"]["template_id"] == "TPL-1"
    assert request["json"]["data"] == {"thing1": {"value": "义诊"}}
    assert request["json"]["page"] == "pages/inbox/index?id=5"


def test_it_fetches_the_access_token_once_and_keeps_it_until_it_expires(wechat_server):
    send()
    send()
    assert len(wechat_server.calls(TOKEN)) == 1
    assert wechat_server.calls(TOKEN)[0]["query"]["appid"] == "wx-test-app"

    with time_machine.travel(timezone.now() + dt.timedelta(seconds=7200 - 299)):
        send()
    assert len(wechat_server.calls(TOKEN)) == 2
    assert wechat_server.calls(SEND)[-1]["query"]["access_token"] == "TOKEN-2"


@pytest.mark.parametrize("errcode", [40001, 42001])
def test_it_refreshes_an_invalid_or_expired_token_and_tries_once_more(wechat_server, errcode):
    wechat_server.script(SEND, (200, {"errcode": errcode, "errmsg": "token"}), (200, {"errcode": 0, "msgid": 9}))

    result = send()

    assert result.outcome == SENT
    assert [c["query"]["access_token"] for c in wechat_server.calls(SEND)] == ["TOKEN-1", "TOKEN-2"]


def test_it_refreshes_only_once_then_leaves_it_for_a_later_retry(wechat_server):
    wechat_server.script(SEND, (200, {"errcode": 42001, "errmsg": "access_token expired"}))

    result = send()

    assert (result.outcome, result.code) == (RETRY, "42001")
    assert len(wechat_server.calls(SEND)) == 2 and len(wechat_server.calls(TOKEN)) == 2


@pytest.mark.parametrize(("errcode", "outcome"), [
    (43101, REFUSED),  # the user refused or has no subscription left
    (45009, RETRY),  # daily quota used up
    (40037, FAILED),  # bad template id
    (47003, FAILED),  # bad template data
    (-1, RETRY),  # system busy
    (40003, FAILED),  # anything else (invalid openid) is not retried
])
def test_it_maps_wechat_error_codes(wechat_server, errcode, outcome):
    wechat_server.script(SEND, (200, {"errcode": errcode, "errmsg": "x"}))

    result = send()

    assert (result.outcome, result.code) == (outcome, str(errcode))
    assert len(wechat_server.calls(SEND)) == 1


def test_it_retries_later_when_wechat_fails_or_cannot_be_reached(wechat_server, settings, closed_port_url):
    wechat_server.script(SEND, (502, {}))
    assert send().outcome == RETRY

    settings.WECHAT_API_BASE = closed_port_url
    assert send().outcome == RETRY


def test_it_fails_without_retry_when_the_token_cannot_be_had(wechat_server):
    wechat_server.script(TOKEN, (200, {"errcode": 40125, "errmsg": "invalid appsecret"}))

    result = send()

    assert (result.outcome, result.code) == (FAILED, "40125")
    assert wechat_server.calls(SEND) == []


def test_it_exchanges_a_login_code_for_the_openid(wechat_server):
    session = wechat.WeChatClient().code2session("code-o-42")

    assert session.openid == "o-42"
    query = wechat_server.calls(SESSION)[0]["query"]
    assert query == {"appid": "wx-test-app", "secret": "wx-test-secret", "js_code": "code-o-42",
                     "grant_type": "authorization_code"}


def test_it_raises_the_wechat_code_for_a_bad_login_code(wechat_server):
    with pytest.raises(wechat.WeChatError) as caught:
        wechat.WeChatClient().code2session("stale")
    assert caught.value.code == 40029


def test_template_data_fits_wechat_limits(settings):
    data = wechat.template_data(title="一" * 30, body="", when=dt.datetime(2026, 5, 1, 1, 0, tzinfo=dt.UTC))
    assert data == {"thing1": "一" * 20, "thing2": "一" * 20, "time3": "2026-05-01 09:00"}


# --- SMS -------------------------------------------------------------------------------------------

def send_sms():
    return sms.provider().send(phone="13800000001", text="【滨州卫健志愿】提醒", key="delivery-1")


def test_the_http_provider_posts_the_text_with_its_key_and_credentials(sms_server):
    result = send_sms()

    assert (result.outcome, result.provider_id) == (SENT, "sms-1")
    request = sms_server.calls("/send")[0]
    assert request["json"] == {"id": "delivery-1", "phone": "13800000001", "sign": "滨州卫健志愿",
                               "text": "【滨州卫健志愿】提醒"}
    assert request["headers"]["Authorization"] == "Bearer sms-key"


@pytest.mark.parametrize(("status", "body", "outcome"), [
    (200, {"code": 1001, "message": "unsubscribed"}, REFUSED),
    (200, {"code": 1010, "message": "rate limited"}, RETRY),
    (200, {"code": 1020, "message": "bad template"}, FAILED),
    (200, {"code": 4242, "message": "unknown"}, FAILED),
    (429, {}, RETRY),
    (503, {}, RETRY),
    (401, {"code": 401, "message": "bad key"}, FAILED),
])
def test_the_http_provider_maps_gateway_answers(sms_server, status, body, outcome):
    sms_server.script("/send", (status, body))

    assert send_sms().outcome == outcome


def test_an_unreachable_gateway_is_retried_but_no_answer_is_not(sms_server, settings, closed_port_url):
    sms_server.delay = 1.0
    settings.SMS_TIMEOUT_SECONDS = 0.2
    result = send_sms()
    assert (result.outcome, result.code) == (FAILED, "no_answer")  # it may have gone out: never twice

    settings.SMS_API_BASE = closed_port_url
    assert send_sms().outcome == RETRY


def test_the_console_provider_keeps_what_it_would_send(settings):
    settings.SMS_PROVIDER = "console"

    assert send_sms().outcome == SENT
    assert sms.ConsoleProvider.outbox[-1]["phone"] == "13800000001"


def test_sms_can_be_turned_off(settings):
    settings.SMS_PROVIDER = ""
    assert sms.provider() is None
