"""WeChat subscribe messages: the server API's access token (cached until it expires) and the messages.

Error codes handled for subscribe messages (developers.weixin.qq.com, subscribeMessage.send):
43101 the user refused or has no subscription left -> refused, never retried; 45009 daily quota used up ->
retried later; 40037/47003 bad template id or data -> failed, not retried; 40001/42001/40014 access token
invalid or expired -> fetch a new token and try once more; -1 system busy -> retried later.
"""

import datetime as dt
import logging

from django.conf import settings
from django.utils import timezone

from volunteerhub.accounts.wechat import WeChatApi, WeChatError, WeChatUnavailable, enabled
from volunteerhub.core import httpjson
from volunteerhub.notifications.models import AccessToken
from volunteerhub.notifications.outcomes import FAILED, REFUSED, RETRY, SendResult

logger = logging.getLogger(__name__)

TOKEN_INVALID = {40001, 42001, 40014}
REFUSED_CODES = {43101}
RETRY_CODES = {45009, -1}
BAD_REQUEST_CODES = {40037, 47003}
TOKEN_MARGIN = dt.timedelta(minutes=5)  # refresh a little before WeChat's stated expiry


class WeChatClient(WeChatApi):
    """The mini-program's server API for subscribe messages."""

    @property
    def token_name(self) -> str:
        return f"wechat:{self.app_id}"

    def access_token(self, *, refresh: bool = False) -> str:
        """The cached token while it is valid; a fresh one (stored for every process) otherwise."""
        now = timezone.now()
        cached = AccessToken.objects.filter(name=self.token_name, expires_at__gt=now).first()
        if cached is not None and not refresh:
            return cached.value
        body = self._get("/cgi-bin/token", {"grant_type": "client_credential", "appid": self.app_id,
                                            "secret": self.secret})
        if body.get("errcode") or not body.get("access_token"):
            raise WeChatError(int(body.get("errcode") or -2), str(body.get("errmsg", "no access_token")))
        expires_at = now + dt.timedelta(seconds=int(body.get("expires_in", 7200))) - TOKEN_MARGIN
        AccessToken.objects.update_or_create(name=self.token_name,
                                             defaults={"value": body["access_token"], "expires_at": expires_at})
        return str(body["access_token"])

    def send_subscribe(self, *, openid: str, template_id: str, data: dict[str, str], page: str = "") -> SendResult:
        """Send one subscribe message; the answer says whether to retry. A stale token is replaced once."""
        try:
            body = self._send_once(openid, template_id, data, page, refresh=False)
            if body.get("errcode") in TOKEN_INVALID:
                body = self._send_once(openid, template_id, data, page, refresh=True)
        except WeChatUnavailable as exc:
            return SendResult(RETRY, code="unavailable", message=str(exc)[:255])
        except WeChatError as exc:  # could not get a token: wrong app id or secret, or WeChat busy
            return SendResult(RETRY if exc.code in RETRY_CODES else FAILED, code=str(exc.code), message=exc.message)
        except httpjson.NoAnswer as exc:
            return SendResult(FAILED, code="no_answer", message=f"outcome unknown, not retried: {exc}"[:255])
        return _outcome(body)

    def _send_once(self, openid: str, template_id: str, data: dict, page: str, *, refresh: bool) -> dict:
        token = self.access_token(refresh=refresh)
        payload = {"touser": openid, "template_id": template_id, "page": page, "lang": "zh_CN",
                   "miniprogram_state": settings.WECHAT_MINIPROGRAM_STATE,
                   "data": {key: {"value": value} for key, value in data.items()}}
        try:
            status, body = httpjson.call("POST", self.base + "/cgi-bin/message/subscribe/send",
                                         params={"access_token": token}, body=payload, timeout=self.timeout)
        except httpjson.Unreachable as exc:
            raise WeChatUnavailable(str(exc)) from exc
        if status >= 500 or not body:
            raise WeChatUnavailable(f"HTTP {status}")
        return body


def _outcome(body: dict) -> SendResult:
    code = int(body.get("errcode", 0) or 0)
    message = str(body.get("errmsg", ""))[:255]
    if code == 0:
        return SendResult.sent(provider_id=str(body.get("msgid", "")))
    if code in REFUSED_CODES:
        return SendResult(REFUSED, code=str(code), message=message)
    if code in RETRY_CODES or code in TOKEN_INVALID:
        return SendResult(RETRY, code=str(code), message=message)
    if code not in BAD_REQUEST_CODES:
        logger.warning("WeChat subscribe message: unexpected errcode %s (%s), not retried", code, message)
    return SendResult(FAILED, code=str(code), message=message)


def template_data(*, title: str, body: str, when: dt.datetime) -> dict[str, str]:
    """The subscribe message's fields: 'thing' values hold at most 20 characters, times read '2026-05-01 09:00'."""
    fields = settings.WECHAT_TEMPLATE_FIELDS
    values = {"title": title[:20], "body": (body or title)[:20],
              "time": timezone.localtime(when).strftime("%Y-%m-%d %H:%M")}
    return {fields[name]: value for name, value in values.items() if fields.get(name)}


def template_for(kind: str) -> str:
    templates = settings.WECHAT_TEMPLATES
    return str(templates.get(kind) or templates.get("*") or "")


__all__ = ["WeChatClient", "WeChatError", "WeChatUnavailable", "enabled", "template_data", "template_for"]
