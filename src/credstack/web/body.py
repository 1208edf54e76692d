"""Reading requests safely: a body size limit enforced while reading, strict JSON only.

- :class:`BodyLimitMiddleware` refuses a body larger than ``settings.max_request_bytes``
  (413). A declared ``Content-Length`` above the limit is refused before anything is read
  into the application; a body without one (chunked) or with a false one is counted as it
  arrives, and the application reads nothing past the limit. The rest of such a body (of
  any body the application answered without reading) is read and thrown away, within
  bounds, before the answer, so that a client still sending receives it
  (:class:`RequestBody`).
- :class:`StrictJSONRoute` is the route class of every router: a route that takes a JSON body
  accepts only ``application/json`` (or ``…+json``) content (415 otherwise), and parses it
  with the core's strict parser (:func:`credstack.core.json.text.parse_json`) before FastAPI
  validates it. Credentials are signed JSON, so text that two parsers could read differently
  (a duplicated key, ``NaN``) is refused with a 400 problem rather than read one way here and
  another way by a verifier.
- No request may carry a NUL character, in its path, query or JSON body: no database keeps
  NUL in text (PostgreSQL refuses it), and a value that cannot be stored must be refused as
  invalid input rather than fail as a server error.
- Routes refuse query parameters they do not take (public documents excepted).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from email.message import Message as MimeMessage
from http import HTTPStatus
from typing import Any, ClassVar, Final

from fastapi import params
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from credstack.core.errors import DocumentError
from credstack.core.json.text import parse_json
from credstack.web.problems import (
    INVALID_REQUEST_STATUS_KEY,
    MalformedBodyError,
    PayloadTooLargeError,
    UnsupportedMediaTypeError,
    problem_response,
)

_UNPARSED: Any = object()
_JSON_NUL = b"\\u0000"
NUL_MESSAGE = "text may not contain NUL characters"
"""No database keeps NUL in text (PostgreSQL refuses it), so no request may carry one."""


def is_json_media_type(content_type: str | None) -> bool:
    """``application/json`` or any ``application/…+json`` (parameters such as charset aside)."""
    if not content_type:
        return False
    message = MimeMessage()
    message["content-type"] = content_type
    subtype = message.get_content_subtype()
    return message.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )


def media_type(content_type: str | None) -> str:
    """The bare media type of a ``Content-Type`` value, lower-cased (``""`` when absent)."""
    return (content_type or "").split(";", 1)[0].strip().lower()


class BodyLimitMiddleware:
    """Refuse request bodies larger than ``max_bytes`` with a 413 problem, and make sure an
    answer given before the body was read reaches the client."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        body = RequestBody(scope, receive, self.max_bytes)
        send = body.draining_send(send)
        declared = body.declared
        if declared is not None and declared > self.max_bytes:
            if declared > LINGER_BYTES:
                body.give_up()  # more than would ever be read: answer now, and close
            response = problem_response(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                "PAYLOAD_TOO_LARGE",
                f"the request body ({declared} bytes) is larger than the {self.max_bytes} "
                "bytes this service accepts",
            )
            await response(scope, receive, send)
            return
        await self.app(scope, body.receive, send)


LINGER_BYTES: Final = 1024**3
"""Most bytes of a body read and thrown away so that an early answer reaches the client."""
LINGER_SECONDS: Final = 30.0
"""Longest time spent reading and throwing away a body for an early answer."""


class RequestBody:
    """The body of one request, counted as the application reads it, and drained before an
    answer that comes first.

    A client that sends its whole body before it reads the answer (``http.client``,
    ``urllib``, ``curl`` without ``Expect: 100-continue``) never sees an answer given while
    it is still sending when the connection closes after the answer (because the client
    asked for that, as ``urllib`` does, or the server must): the bytes left unread make the
    server's system reset the connection, and the client's system drops the answer with it.
    So before the answer starts, the rest of the body is read and thrown away — at most
    :data:`LINGER_BYTES` and for at most :data:`LINGER_SECONDS` (web servers such as nginx
    linger in the same way). A body that outlasts that is left unread, and the answer says
    ``Connection: close``, so that the server stops reading it. A client that waits for
    ``100 Continue`` has sent nothing: it is answered at once, and the connection closed.
    """

    def __init__(self, scope: Scope, receive: Receive, max_bytes: int) -> None:
        self._receive = receive
        self.max_bytes = max_bytes
        headers = dict(scope.get("headers", ()))
        self.declared = _content_length(headers.get(b"content-length"))
        self._expects_continue = headers.get(b"expect", b"").lower() == b"100-continue"
        self._asked = False
        self._given_up = False
        self.received = 0
        self.complete = self.declared == 0 or (
            self.declared is None and b"transfer-encoding" not in headers
        )
        """True once the last of the body was received (or there is none)."""

    async def receive(self) -> Message:
        """The next message, refusing a body that grows past the limit (see the module)."""
        message = await self._next()
        if message["type"] == "http.request" and self.received > self.max_bytes:
            raise PayloadTooLargeError(self.max_bytes)
        return message

    async def _next(self) -> Message:
        self._asked = True
        message = await self._receive()
        if message["type"] == "http.request":
            self.received += len(message.get("body", b""))
            if not message.get("more_body", False):
                self.complete = True
        elif message["type"] == "http.disconnect":
            self.complete = True  # nothing more will come
        return message

    def give_up(self) -> None:
        """Do not drain this body: the answer closes the connection instead."""
        self._given_up = True

    async def drain(self) -> None:
        """Read and throw away the rest of the body, within the limits of the class."""
        if self.complete or self._given_up or (self._expects_continue and not self._asked):
            return
        self._given_up = True  # once
        stop = self.received + LINGER_BYTES
        try:
            async with asyncio.timeout(LINGER_SECONDS):
                while not self.complete and self.received <= stop:
                    await self._next()
        except TimeoutError:
            pass

    def draining_send(self, send: Send) -> Send:
        """``send``, draining the body before the answer starts; ``Connection: close`` on the
        answer when the body could not be drained."""

        async def guarded_send(message: Message) -> None:
            if message["type"] == "http.response.start" and not self.complete:
                await self.drain()
                if not self.complete:
                    headers = [*message.get("headers", ()), (b"connection", b"close")]
                    message = {**message, "headers": headers}
            await send(message)

        return guarded_send


def _content_length(value: bytes | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        return None  # the server refuses these; the counting still applies


class StrictJSONRequest(Request):
    """A request whose :meth:`json` uses the core's strict parser (and parses once)."""

    def __init__(self, scope: Scope, receive: Receive) -> None:
        super().__init__(scope, receive)
        self._parsed: Any = _UNPARSED

    async def json(self) -> Any:
        if self._parsed is _UNPARSED:
            body = await self.body()
            try:
                parsed = parse_json(body)
            except DocumentError as exc:
                raise MalformedBodyError(
                    f"the request body is not acceptable JSON: {exc.message}",
                    code=exc.code,
                    **exc.detail,
                ) from None
            # JSON escapes NUL as \u0000 (a raw one is not JSON): only then walk the value
            if _JSON_NUL in body:
                where = _nul_path(parsed)
                if where is not None:
                    raise _nul_error(("body", *where))
            self._parsed = parsed
        return self._parsed


async def read_strict_json(request: StrictJSONRequest) -> Any:
    """The body of a JSON request, parsed strictly; 415 for another content type.

    Routes of :class:`StrictJSONRoute` receive a :class:`StrictJSONRequest` (declare the
    parameter with that type to read a body by hand).
    """
    content_type = request.headers.get("content-type")
    if not is_json_media_type(content_type):
        raise unsupported_media_type(content_type, "application/json")
    return await request.json()


def unsupported_media_type(content_type: str | None, *accepted: str) -> UnsupportedMediaTypeError:
    """The 415 problem for a body of ``content_type`` where one of ``accepted`` is needed."""
    kind = media_type(content_type)
    return UnsupportedMediaTypeError(
        f"this request takes {' or '.join(accepted)}, not {kind or 'untyped'} content",
        content_type=kind or None,
    )


class StrictJSONRoute(APIRoute):
    """The route class of the API: strict JSON bodies, and problems for every failure."""

    invalid_request_status: ClassVar[int] = HTTPStatus.UNPROCESSABLE_ENTITY
    """Status of request validation errors on this route."""
    refuse_unknown_query: ClassVar[bool] = True
    """Refuse query parameters the route does not take (a misspelt filter would otherwise
    be ignored silently, and the answer look right)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        body_field = self.body_field
        takes_json = body_field is not None and not isinstance(body_field.field_info, params.Form)
        status = self.invalid_request_status
        known = _query_names(self.dependant) if self.refuse_unknown_query else None

        async def strict_handler(request: Request) -> Response:
            request.scope[INVALID_REQUEST_STATUS_KEY] = status
            _refuse_nul_in_url(request)
            if known is not None:
                _refuse_unknown_query(request, known)
            strict = StrictJSONRequest(request.scope, request.receive)
            # parsed here, outside FastAPI's body reading, which would turn the precise
            # problem (duplicate key, wrong media type) into a generic 400
            if takes_json and await strict.body():
                await read_strict_json(strict)
            return await handler(strict)

        return strict_handler


def _refuse_nul_in_url(request: Request) -> None:
    if "\x00" in request.url.path:
        raise _nul_error(("path",))
    for name, value in request.query_params.multi_items():
        if "\x00" in name or "\x00" in value:
            raise _nul_error(("query", name.replace("\x00", "\\0")))


def _nul_path(value: Any) -> tuple[str | int, ...] | None:
    """Where the first NUL character in a parsed JSON value is (None: nowhere)."""
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return path
        elif isinstance(item, dict):
            for key, child in item.items():
                if "\x00" in key:
                    return (*path, key.replace("\x00", "\\0"))
                stack.append(((*path, key), child))
        elif isinstance(item, list):
            stack.extend(((*path, index), child) for index, child in enumerate(item))
    return None


def _nul_error(location: tuple[str | int, ...]) -> RequestValidationError:
    return RequestValidationError([{"loc": location, "msg": NUL_MESSAGE, "type": "value_error"}])


def _query_names(dependant: Dependant) -> set[str]:
    """The query parameters a route takes, its dependencies' included."""
    names = {param.alias for param in dependant.query_params}
    for dependency in dependant.dependencies:
        names |= _query_names(dependency)
    return names


def _refuse_unknown_query(request: Request, known: set[str]) -> None:
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise RequestValidationError(
            [
                {"loc": ("query", name), "msg": "not a parameter", "type": "extra_forbidden"}
                for name in unknown
            ]
        )


class PublicRoute(StrictJSONRoute):
    """Public documents ignore query parameters they do not take: links to them are shared,
    and whatever a sharing site appends (``?utm_source=…``) must not break them."""

    refuse_unknown_query: ClassVar[bool] = False


class VcApiRoute(StrictJSONRoute):
    """VC-API routes answer malformed requests with 400, as the VC-API specifies."""

    invalid_request_status: ClassVar[int] = HTTPStatus.BAD_REQUEST


__all__ = [
    "LINGER_BYTES",
    "LINGER_SECONDS",
    "NUL_MESSAGE",
    "BodyLimitMiddleware",
    "PublicRoute",
    "RequestBody",
    "StrictJSONRequest",
    "StrictJSONRoute",
    "VcApiRoute",
    "is_json_media_type",
    "media_type",
    "read_strict_json",
    "unsupported_media_type",
]
