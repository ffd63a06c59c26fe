"""Stand-ins for WeChat and the SMS gateway: real HTTP servers on 127.0.0.1 (ephemeral ports), in threads.

Each answers from a script (path -> answers; the last one repeats) and records every request it got."""

import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from volunteerhub.notifications.sms import ConsoleProvider


class FakeServer:
    def __init__(self):
        self.requests: list[dict] = []
        self.scripts: dict[str, list] = {}
        self.delay = 0.0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                self._answer()

            def do_POST(self):
                self._answer()

            def _answer(self):
                url = urllib.parse.urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                record = {"method": self.command, "path": url.path, "query": dict(urllib.parse.parse_qsl(url.query)),
                          "json": json.loads(raw) if raw else None, "headers": dict(self.headers)}
                server.requests.append(record)
                status, body = server.answer_for(record)
                if server.delay:
                    time.sleep(server.delay)
                payload = json.dumps(body, ensure_ascii=False).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def script(self, path: str, *answers) -> None:
        """Answers for a path: (status, body) pairs or callables(request) -> (status, body); the last repeats."""
        self.scripts[path] = list(answers)

    def answer_for(self, record: dict):
        answers = self.scripts.get(record["path"])
        if not answers:
            return 404, {"errcode": 404, "errmsg": "no script"}
        answer = answers.pop(0) if len(answers) > 1 else answers[0]
        return answer(record) if callable(answer) else answer

    def calls(self, path: str) -> list[dict]:
        return [r for r in self.requests if r["path"] == path]

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


SEND = "/cgi-bin/message/subscribe/send"
TOKEN = "/cgi-bin/token"
SESSION = "/sns/jscode2session"


@pytest.fixture
def wechat_server(settings):
    """A WeChat stand-in: tokens TOKEN-1, TOKEN-2, ...; codes 'code-<openid>' log in as that openid."""
    server = FakeServer()
    issued = iter(range(1, 1000))
    server.script(TOKEN, lambda r: (200, {"access_token": f"TOKEN-{next(issued)}", "expires_in": 7200}))
    server.script(SESSION, lambda r: (200, {"errcode": 40029, "errmsg": "invalid code"})
                  if not r["query"].get("js_code", "").startswith("code-")
                  else (200, {"openid": r["query"]["js_code"][5:], "session_key": "secret-session-key"}))
    server.script(SEND, (200, {"errcode": 0, "errmsg": "ok", "msgid": 777}))
    settings.WECHAT_API_BASE = server.url
    settings.WECHAT_APP_ID, settings.WECHAT_APP_SECRET = "wx-test-app", "wx-test-secret"
    settings.WECHAT_TEMPLATES = {"*": "TPL-GENERAL", "activity_reminder": "TPL-REMIND"}
    yield server
    server.close()


@pytest.fixture
def sms_server(settings):
    server = FakeServer()
    server.script("/send", (200, {"code": 0, "id": "sms-1"}))
    settings.SMS_PROVIDER, settings.SMS_API_BASE, settings.SMS_API_KEY = "http", server.url, "sms-key"
    yield server
    server.close()


@pytest.fixture
def closed_port_url():
    """An address where nothing listens: connections are refused."""
    server = FakeServer()
    url = server.url
    server.close()
    return url


@pytest.fixture(autouse=True)
def _quiet_hours_off_by_default(settings):
    """Tests set quiet hours explicitly; by default nothing is held back (22:00-07:00 would make tests time-bound)."""
    settings.NOTIFICATION_QUIET_HOURS = "00:00-00:00"
    ConsoleProvider.outbox.clear()

