"""The request size limit against a real server process, with real clients.

``uvicorn`` serves the application from its own process, on a free port, with the limit set
to 4 KiB; the clients are ``http.client`` (which sends the whole body before it reads the
answer, like ``urllib`` and ``requests``) and ``httpx``. A body over the limit — declared by
``Content-Length`` or sent chunked without one — is answered ``413`` with a problem document
even while the client is still sending and asked to close the connection afterwards (which,
with the rest of the body left unread, would reset the connection and lose the answer); a
client waiting for ``100 Continue`` is answered before it sends anything. Nothing is stored,
and the server keeps serving, on the same connection when the client keeps it open.

Both of uvicorn's HTTP/1.1 implementations are tested: ``httptools`` (its default when
installed) and ``h11``.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from credstack.bootstrap import build_platform
from credstack.services.records import Permission
from credstack.settings import Settings
from tests.web.conftest import PROBLEM, Tenant, add_tenant, minimal_definition

LIMIT = 4096
BIG = 16 * 1024 * 1024
"""Bytes of an oversized body: well beyond what the sockets of either side buffer."""
CHUNK = 64 * 1024
START_TIMEOUT = 60.0


@dataclass
class Server:
    host: str
    port: int
    data_dir: Path
    process: subprocess.Popen[bytes]
    tenant: Tenant

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.host, self.port, timeout=60)

    def rows(self) -> dict[str, int]:
        """How many rows each table of the server's database holds."""
        with sqlite3.connect(self.data_dir / "credstack.db") as db:
            tables = [
                name
                for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            ]
            # table names from the database itself, not from input
            count = 'SELECT count(*) FROM "{}"'
            return {t: db.execute(count.format(t)).fetchone()[0] for t in tables}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_until_serving(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited ({process.returncode}):\n{log.read_text()}")
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    pytest.fail(f"the server did not start within {START_TIMEOUT} s:\n{log.read_text()}")


@pytest.fixture(scope="module", params=["httptools", "h11"])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    implementation: str = request.param
    if implementation == "httptools":
        pytest.importorskip("httptools")
    data_dir = tmp_path_factory.mktemp(f"server-{implementation}")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    platform = build_platform(
        Settings(data_dir=data_dir, base_url=url, max_request_bytes=LIMIT), migrate=True
    )
    try:
        tenant = add_tenant(platform, "uni-a", frozenset(Permission))
    finally:
        platform.close()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CREDSTACK_")}
    env |= {
        "CREDSTACK_DATA_DIR": str(data_dir),
        "CREDSTACK_BASE_URL": url,
        "CREDSTACK_MAX_REQUEST_BYTES": str(LIMIT),
    }
    log = data_dir / "server.log"
    command = [
        sys.executable, "-m", "uvicorn", "credstack.web.main:app_factory", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--http", implementation,
        "--log-level", "warning",
    ]  # fmt: skip
    with log.open("wb") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        _wait_until_serving(url, process, log)
        yield Server("127.0.0.1", port, data_dir, process, tenant)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def achievement(server: Server) -> dict[str, Any]:
    response = httpx.post(
        f"{server.url}/api/v1/achievements",
        json={"slug": f"intro-{time.monotonic_ns()}", "definition": minimal_definition()},
        headers=server.tenant.headers,
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def _chunks(start: bytes = b"", total: int = BIG) -> Iterator[bytes]:
    yield start
    for _ in range(total // CHUNK):
        yield b"x" * CHUNK


@dataclass
class Answer:
    """A response, read to its end."""

    status: int
    headers: dict[str, str]
    body: bytes

    @classmethod
    def of(cls, response: http.client.HTTPResponse | httpx.Response) -> Answer:
        if isinstance(response, httpx.Response):
            return cls(response.status_code, dict(response.headers), response.read())
        headers = {k.lower(): v for k, v in response.getheaders()}
        return cls(response.status, headers, response.read())


def _assert_413(response: http.client.HTTPResponse | httpx.Response | Answer) -> dict[str, Any]:
    answer = response if isinstance(response, Answer) else Answer.of(response)
    assert answer.status == 413, answer.body[:500]
    assert answer.headers["content-type"].startswith(PROBLEM)
    problem: dict[str, Any] = json.loads(answer.body)
    assert problem["code"] == "PAYLOAD_TOO_LARGE"
    assert problem["status"] == 413
    assert problem["type"] == "https://w3id.org/credstack/problems#PAYLOAD_TOO_LARGE"
    assert f"larger than the {LIMIT} bytes this service accepts" in problem["detail"]
    return problem


def _post_once(
    server: Server, path: str, body: bytes | Iterable[bytes], headers: dict[str, str]
) -> Answer:
    """POST on a connection of its own, which is closed afterwards."""
    connection = server.connection()
    try:
        return Answer.of(_post(connection, path, body, headers))
    finally:
        connection.close()


def _post(
    connection: http.client.HTTPConnection,
    path: str,
    body: bytes | Iterable[bytes],
    headers: dict[str, str],
) -> http.client.HTTPResponse:
    connection.request(
        "POST", path, body=body, headers=headers, encode_chunked=not isinstance(body, bytes)
    )
    return connection.getresponse()


def _assert_still_serving(server: Server) -> None:
    assert server.process.poll() is None
    assert httpx.get(f"{server.url}/healthz").status_code == 200


@pytest.mark.parametrize("closing", [True, False], ids=["connection-close", "keep-alive"])
def test_a_declared_length_over_the_limit_is_413(server: Server, closing: bool) -> None:
    connection = server.connection()
    headers = {"Content-Type": "application/json", **({"Connection": "close"} if closing else {})}
    problem = _assert_413(_post(connection, "/credentials/verify", b"x" * BIG, headers))
    assert f"({BIG} bytes)" in problem["detail"]
    if not closing:  # the body was read to its end: the connection serves the next request
        connection.request("GET", "/healthz")
        assert connection.getresponse().status == 200
    connection.close()
    _assert_still_serving(server)


@pytest.mark.parametrize("closing", [True, False], ids=["connection-close", "keep-alive"])
def test_a_chunked_body_over_the_limit_is_413_mid_stream(server: Server, closing: bool) -> None:
    connection = server.connection()
    headers = {"Content-Type": "application/json", **({"Connection": "close"} if closing else {})}
    response = _post(
        connection, "/credentials/verify", _chunks(b'{"verifiableCredential": "'), headers
    )
    _assert_413(response)
    if not closing:
        connection.request("GET", "/healthz")
        assert connection.getresponse().status == 200
    connection.close()
    _assert_still_serving(server)


def test_httpx_streaming_a_body_over_the_limit_gets_413(server: Server) -> None:
    response = httpx.post(
        f"{server.url}/credentials/verify",
        content=_chunks(b'{"verifiableCredential": "'),
        headers={"Content-Type": "application/json"},
        timeout=60,
    )
    assert "content-length" not in response.request.headers
    _assert_413(response)
    _assert_still_serving(server)


def test_a_client_waiting_for_100_continue_is_answered_before_it_sends(server: Server) -> None:
    connection = server.connection()
    connection.putrequest("POST", "/credentials/verify")
    connection.putheader("Content-Type", "application/json")
    connection.putheader("Content-Length", str(BIG))
    connection.putheader("Expect", "100-continue")
    connection.endheaders()  # and no body
    answer = Answer.of(connection.getresponse())
    connection.close()
    _assert_413(answer)
    assert answer.headers["connection"] == "close"  # the body it announced is not awaited
    _assert_still_serving(server)


def test_nothing_is_stored_and_the_server_keeps_serving(
    server: Server, achievement: dict[str, Any]
) -> None:
    before = server.rows()
    issue = json.dumps({"achievement_id": achievement["id"], "recipient": "did:example:ada"})
    json_headers = {**server.tenant.headers, "Content-Type": "application/json"}
    # a good request, padded past the limit: declared, and chunked
    padded = issue[:-1].encode() + b', "recipient_name": "' + b"x" * BIG + b'"}'
    _assert_413(_post_once(server, "/api/v1/credentials", padded, json_headers))
    chunked = _chunks(issue[:-1].encode() + b', "recipient_name": "')
    _assert_413(_post_once(server, "/api/v1/credentials", chunked, json_headers))
    # a bulk job whose CSV is too large, as a chunked multipart upload
    boundary = "credstack-test"
    form = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="achievement_id"\r\n\r\n'
        f'{achievement["id"]}\r\n--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="cohort.csv"\r\nContent-Type: text/csv\r\n\r\nrecipient\r\n'
    ).encode()
    upload_headers = {
        **server.tenant.headers,
        "Content-Type": f"multipart/form-data; boundary={boundary}",
    }
    _assert_413(_post_once(server, "/api/v1/jobs", _chunks(form), upload_headers))
    assert server.rows() == before

    response = httpx.post(f"{server.url}/api/v1/credentials", content=issue, headers=json_headers)
    assert response.status_code == 201, response.text
    after = server.rows()
    assert after["credentials"] == before["credentials"] + 1
    _assert_still_serving(server)


def test_an_answer_given_before_the_body_is_read_reaches_a_client_still_sending(
    server: Server,
) -> None:
    # a job submission is read by the route, after the token is checked: refused for its
    # token, the body (larger than the limit, too) is never read, and the client gets the 401
    headers = {
        "Authorization": "Bearer cst_" + "A" * 43,
        "Content-Type": "application/json",
        "Connection": "close",
    }
    answer = _post_once(server, "/api/v1/jobs", _chunks(b"{"), headers)
    assert answer.status == 401, answer.body[:500]
    assert json.loads(answer.body)["code"] == "AUTHENTICATION_REQUIRED"
    _assert_still_serving(server)
