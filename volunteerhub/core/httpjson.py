"""A small JSON-over-HTTP helper for the outside channels (stdlib only), telling 'not sent' from 'unknown'."""

import json
import socket
import urllib.error
import urllib.parse
import urllib.request


class Unreachable(Exception):
    """The request never reached the other side (refused, DNS, connect timeout): safe to try again."""


class NoAnswer(Exception):
    """The request went out but no answer came back in time: it may have been acted on."""


def call(method: str, url: str, *, params: dict | None = None, body: dict | None = None,
         headers: dict | None = None, timeout: float = 10.0) -> tuple[int, dict]:
    """Send one request; return (HTTP status, JSON body or {}), raising Unreachable or NoAnswer."""
    if params:
        url = f"{url}{'&' if '?' in url else '?'}{urllib.parse.urlencode(params)}"
    data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={
        "Accept": "application/json", **({"Content-Type": "application/json; charset=utf-8"} if data else {}),
        **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (configured https base)
            return response.status, _json(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, _json(exc.read())
    except urllib.error.URLError as exc:
        raise Unreachable(str(exc.reason)) from exc
    except (TimeoutError, socket.timeout) as exc:
        raise NoAnswer("no answer in time") from exc
    except ConnectionError as exc:  # reset while reading: the request may have been processed
        raise NoAnswer(str(exc)) from exc


def _json(raw: bytes) -> dict:
    try:
        value = json.loads(raw.decode("utf-8") or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        return {}
    return value if isinstance(value, dict) else {}
