"""The load generator counts what the server really answered: statuses, bodies (whole or chunked),
closed connections reopened, broken answers as errors; the same from the C and the Python client."""

import socket
import threading

import pytest

from bench import http


class Server:
    """A small HTTP/1.1 server on loopback answering by path: /ok, /chunked, /close, /missing, /broken."""

    def __init__(self):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.seen: list[str] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn):
        buf = b""
        with conn:
            while True:
                while b"\r\n\r\n" not in buf:
                    data = conn.recv(65536)
                    if not data:
                        return
                    buf += data
                head, buf = buf.split(b"\r\n\r\n", 1)
                path = head.split(b" ")[1].decode()
                self.seen.append(path)
                if path == "/broken":  # a head promising more than comes, then gone
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
                    return
                if path == "/chunked":
                    conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                 b"5\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\n\r\n")
                elif path == "/close":
                    conn.sendall(b"HTTP/1.1 201 Created\r\nContent-Length: 3\r\nConnection: close\r\n\r\nbye")
                    return
                elif path == "/missing":
                    conn.sendall(b"HTTP/1.1 404 Not Found\r\ncontent-length: 2\r\n\r\n{}")
                else:
                    body = path.encode()
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))

    def close(self):
        self.sock.close()


@pytest.fixture(params=["native", "python"])
def client(request, monkeypatch):
    monkeypatch.setenv("BENCH_LOADGEN", request.param)
    if request.param == "native" and http.loadgen() is None:
        pytest.skip("no C compiler on this machine: the Python client is the one in use")
    server = Server()
    yield server
    server.close()


def test_every_answer_is_counted_by_status_with_its_body(client):
    plan = [("GET", p, {}) for p in ["/ok", "/chunked", "/missing", "/close", "/ok"]]
    result = http.load(client.port, plan=plan, seconds=30, max_requests=len(plan), processes=1, connections=1,
                       keep_bodies=True)
    assert result.statuses == {200: 3, 404: 1, 201: 1} and result.errors == 0
    assert result.bodies == [b"/ok", b"hello world", b"{}", b"bye", b"/ok"]
    assert len(result.latencies) == 4  # successful answers only
    assert client.connections == 2  # the server closed the first connection: reopened once


def test_a_plan_is_sent_once_in_all_however_many_clients(client):
    plan = [("GET", f"/item{i}", {"Authorization": f"Bearer {i}"}) for i in range(200)]
    result = http.load(client.port, plan=plan, seconds=30, max_requests=len(plan), processes=2, connections=4)
    assert result.ok == 200 and result.errors == 0
    assert sorted(client.seen) == sorted(f"/item{i}" for i in range(200))


def test_paths_go_round_until_the_budget(client):
    result = http.load(client.port, path=["/a", "/b"], seconds=30, max_requests=50, processes=1, connections=3)
    assert 50 <= result.ok <= 54 and set(client.seen) == {"/a", "/b"}
    assert result.elapsed > 0 and result.rps > 0


def test_a_broken_answer_is_an_error_and_the_rest_still_come(client):
    plan = [("GET", p, {}) for p in ["/ok", "/broken", "/ok", "/ok"]]
    result = http.load(client.port, plan=plan, seconds=30, max_requests=len(plan), processes=1, connections=1)
    assert result.errors == 1 and result.statuses == {200: 3}
