"""Draining a request body before an early answer, within bounds (ASGI level).

The behaviour a client sees is tested against a real server in ``test_body_limit_server.py``;
here, the bounds: how much is read, for how long, and when the answer closes the connection.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from credstack.web import body
from credstack.web.body import BodyLimitMiddleware
from credstack.web.problems import PayloadTooLargeError

Message = dict[str, Any]
LIMIT = 1024


class Client:
    """The ASGI side of a client: sends ``chunks`` body messages (forever when None), then
    waits; records what it is sent back and how many messages were read."""

    def __init__(self, chunks: int | None, size: int = 100, stall: bool = False) -> None:
        self.chunks = chunks
        self.size = size
        self.stall = stall
        self.read = 0
        self.sent: list[Message] = []

    async def receive(self) -> Message:
        if self.stall and self.read >= 1:
            await asyncio.sleep(3600)
        self.read += 1
        more = self.chunks is None or self.read < self.chunks
        return {"type": "http.request", "body": b"x" * self.size, "more_body": more}

    async def send(self, message: Message) -> None:
        self.sent.append(message)

    @property
    def status(self) -> int:
        return int(self.sent[0]["status"])

    @property
    def closes(self) -> bool:
        return (b"connection", b"close") in self.sent[0]["headers"]


def _scope(*headers: tuple[bytes, bytes]) -> Message:
    return {"type": "http", "method": "POST", "path": "/", "headers": list(headers)}


CHUNKED = (b"transfer-encoding", b"chunked")
App = Callable[[Message, Any, Any], Awaitable[None]]


async def reads_everything(scope: Message, receive: Any, send: Any) -> None:
    while (await receive()).get("more_body"):
        pass
    await answer(scope, receive, send)


async def answer(scope: Message, receive: Any, send: Any) -> None:
    """Answers at once, reading nothing (like a route refusing the request's token)."""
    await send({"type": "http.response.start", "status": 401, "headers": []})
    await send({"type": "http.response.body", "body": b"no"})


def _run(app: App, scope: Message, client: Client) -> None:
    asyncio.run(BodyLimitMiddleware(app, max_bytes=LIMIT)(scope, client.receive, client.send))


def test_an_early_answer_waits_for_the_rest_of_the_body() -> None:
    client = Client(chunks=50)
    _run(answer, _scope(CHUNKED), client)
    assert client.read == 50
    assert client.status == 401
    assert not client.closes  # all of it was read: the connection can serve the next request


def test_a_body_read_to_its_end_is_not_read_again() -> None:
    client = Client(chunks=5)
    _run(reads_everything, _scope(CHUNKED), client)
    assert client.read == 5
    assert (client.status, client.closes) == (401, False)


def test_a_request_without_a_body_is_not_read() -> None:
    client = Client(chunks=1)
    _run(answer, _scope(), client)
    _run(answer, _scope((b"content-length", b"0")), client)
    assert client.read == 0


def test_a_body_past_the_limit_is_drained_then_refused() -> None:
    client = Client(chunks=200)

    async def app(scope: Message, receive: Any, send: Any) -> None:
        try:
            await reads_everything(scope, receive, send)
        except PayloadTooLargeError:
            await send({"type": "http.response.start", "status": 413, "headers": []})
            await send({"type": "http.response.body", "body": b""})

    _run(app, _scope(CHUNKED), client)
    assert client.read == 200
    assert (client.status, client.closes) == (413, False)


def test_draining_stops_after_linger_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(body, "LINGER_BYTES", 10_000)
    client = Client(chunks=None)  # never ends
    _run(answer, _scope(CHUNKED), client)
    assert client.read == 101  # 10,000 bytes and the chunk that went past them
    assert (client.status, client.closes) == (401, True)


def test_draining_stops_after_linger_seconds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(body, "LINGER_SECONDS", 0.05)
    client = Client(chunks=None, stall=True)  # sends one chunk, then nothing
    _run(answer, _scope(CHUNKED), client)
    assert client.read == 1
    assert (client.status, client.closes) == (401, True)


def test_a_client_gone_ends_the_draining() -> None:
    calls = 0

    async def receive() -> Message:
        nonlocal calls
        calls += 1
        if calls > 3:
            return {"type": "http.disconnect"}
        return {"type": "http.request", "body": b"x", "more_body": True}

    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    middleware = BodyLimitMiddleware(answer, max_bytes=LIMIT)
    asyncio.run(middleware(_scope(CHUNKED), receive, send))
    assert calls == 4
    assert sent[0]["status"] == 401


def test_a_client_waiting_for_100_continue_is_answered_at_once() -> None:
    client = Client(chunks=50)
    _run(answer, _scope(CHUNKED, (b"expect", b"100-continue")), client)
    assert client.read == 0  # it sent nothing, and is not asked to
    assert (client.status, client.closes) == (401, True)


def test_a_declared_length_past_linger_bytes_is_answered_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(body, "LINGER_BYTES", 10_000)
    client = Client(chunks=None)
    _run(answer, _scope((b"content-length", b"10001")), client)
    assert client.read == 0
    assert (client.status, client.closes) == (413, True)


def test_a_declared_length_past_the_limit_is_drained_then_refused() -> None:
    client = Client(chunks=30)  # 3,000 bytes, as declared
    _run(answer, _scope((b"content-length", b"3000")), client)
    assert client.read == 30
    assert (client.status, client.closes) == (413, False)
