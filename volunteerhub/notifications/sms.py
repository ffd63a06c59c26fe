"""Text messages: one adapter interface, the provider chosen by settings.SMS_PROVIDER.

- "console": development; the message is logged (number masked) and kept in `ConsoleProvider.outbox`.
- "http": a JSON gateway. POST {SMS_API_BASE}/send with `Authorization: Bearer SMS_API_KEY` and
  `{"id", "phone", "sign", "text"}` (`id` is our delivery key, so a gateway that deduplicates can); it answers
  `{"code": 0, "id": "..."}` when accepted, or another code: SMS_REFUSED_CODES (number unsubscribed or
  blacklisted: not retried), SMS_RETRY_CODES (rate limited, quota: retried later), anything else failed.
  HTTP 429 and 5xx are retried; no answer in time is failed (the text may have gone out: never sent twice).
- "" (empty): SMS is off; no deliveries are planned.
"""

import logging
from typing import Protocol

from django.conf import settings

from volunteerhub.core.masking import mask_phone
from volunteerhub.core import httpjson
from volunteerhub.notifications.outcomes import FAILED, REFUSED, RETRY, SENT, SendResult

logger = logging.getLogger(__name__)

MAX_TEXT = 300


class SmsProvider(Protocol):
    def send(self, *, phone: str, text: str, key: str) -> SendResult: ...


class ConsoleProvider:
    outbox: list[dict] = []  # development and tests: what would have been sent

    def send(self, *, phone: str, text: str, key: str) -> SendResult:
        self.outbox.append({"phone": phone, "text": text, "key": key})
        del self.outbox[:-100]
        logger.info("SMS to %s: %s", mask_phone(phone), text)
        return SendResult.sent(provider_id=f"console-{key}")


class HttpProvider:
    def __init__(self, *, base: str | None = None, api_key: str | None = None, timeout: float | None = None):
        self.base = (base or settings.SMS_API_BASE).rstrip("/")
        self.api_key = settings.SMS_API_KEY if api_key is None else api_key
        self.timeout = settings.SMS_TIMEOUT_SECONDS if timeout is None else timeout

    def send(self, *, phone: str, text: str, key: str) -> SendResult:
        payload = {"id": key, "phone": phone, "sign": settings.SMS_SIGN, "text": text}
        try:
            status, body = httpjson.call("POST", f"{self.base}/send", body=payload, timeout=self.timeout,
                                         headers={"Authorization": f"Bearer {self.api_key}"})
        except httpjson.Unreachable as exc:
            return SendResult(RETRY, code="unreachable", message=str(exc)[:255])
        except httpjson.NoAnswer as exc:
            return SendResult(FAILED, code="no_answer", message=f"outcome unknown, not retried: {exc}"[:255])
        return _outcome(status, body)


def _outcome(status: int, body: dict) -> SendResult:
    code, message = str(body.get("code", "")), str(body.get("message", ""))[:255]
    if status == 429 or status >= 500:
        return SendResult(RETRY, code=code or f"http_{status}", message=message or f"HTTP {status}")
    if status < 300 and code == "0":
        return SendResult.sent(provider_id=str(body.get("id", "")))
    if code in settings.SMS_REFUSED_CODES:
        return SendResult(REFUSED, code=code, message=message)
    if code in settings.SMS_RETRY_CODES:
        return SendResult(RETRY, code=code, message=message)
    return SendResult(FAILED, code=code or f"http_{status}", message=message or f"HTTP {status}")


PROVIDERS = {"console": ConsoleProvider, "http": HttpProvider}


def provider() -> SmsProvider | None:
    """The configured provider, or None when SMS is off."""
    name = settings.SMS_PROVIDER
    return PROVIDERS[name]() if name else None


def text_for(*, title: str, body: str) -> str:
    text = f"【{settings.SMS_SIGN}】{title}" + (f"：{body}" if body else "")
    return text[:MAX_TEXT]


def send_text(*, phone: str, text: str, key: str) -> bool:
    """Send one text now, outside the delivery queue (a verification code is useless after minutes). False when
    SMS is off or the provider did not take it."""
    sms = provider()
    return sms is not None and sms.send(phone=phone, text=text[:MAX_TEXT], key=key).outcome == SENT
