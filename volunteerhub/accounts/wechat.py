"""The WeChat mini-program's login: a wx.login code exchanged for the user's openid (code-to-session)."""

from dataclasses import dataclass

from django.conf import settings

from volunteerhub.core import httpjson


class WeChatError(Exception):
    def __init__(self, code: int, message: str = ""):
        self.code, self.message = code, message
        super().__init__(f"WeChat error {code}: {message}")


class WeChatUnavailable(Exception):
    """WeChat could not be reached or answered with a server error."""


@dataclass(frozen=True)
class Session:
    openid: str
    unionid: str = ""


class WeChatApi:
    """The WeChat server API of the configured mini-program (WECHAT_APP_ID, WECHAT_APP_SECRET)."""

    def __init__(self, *, base: str | None = None, app_id: str | None = None, secret: str | None = None,
                 timeout: float | None = None):
        self.base = (base or settings.WECHAT_API_BASE).rstrip("/")
        self.app_id = settings.WECHAT_APP_ID if app_id is None else app_id
        self.secret = settings.WECHAT_APP_SECRET if secret is None else secret
        self.timeout = settings.WECHAT_TIMEOUT_SECONDS if timeout is None else timeout

    def _get(self, path: str, params: dict) -> dict:
        try:
            status, body = httpjson.call("GET", self.base + path, params=params, timeout=self.timeout)
        except (httpjson.Unreachable, httpjson.NoAnswer) as exc:
            raise WeChatUnavailable(str(exc)) from exc
        if status >= 500 or not body:
            raise WeChatUnavailable(f"HTTP {status}")
        return body

    def code2session(self, code: str) -> Session:
        """Exchange a wx.login code (single use, five minutes) for the user's openid and unionid."""
        body = self._get("/sns/jscode2session", {"appid": self.app_id, "secret": self.secret, "js_code": code,
                                                 "grant_type": "authorization_code"})
        if body.get("errcode") or not body.get("openid"):
            raise WeChatError(int(body.get("errcode") or -2), str(body.get("errmsg", "no openid")))
        return Session(openid=str(body["openid"]), unionid=str(body.get("unionid") or ""))


def enabled() -> bool:
    return bool(settings.WECHAT_APP_ID and settings.WECHAT_APP_SECRET)
