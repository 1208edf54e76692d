"""RFC 9457 problem documents (``application/problem+json``) for every error the API returns.

Every problem has the same members, whatever went wrong::

    {
      "type": "https://w3id.org/credstack/problems#NOT_FOUND",
      "title": "Not found",
      "status": 404,
      "detail": "there is no achievement 0b5c…",
      "code": "NOT_FOUND"
    }

plus the error's own detail members: ``violations`` (policy profiles), ``field`` (the input
that was wrong), ``path`` (the element of an achievement definition that was wrong),
``limit`` (the bound it broke: ``FIELD_TOO_LONG``, ``TOO_MANY_ITEMS``,
``CREDITS_EXCEED_ACHIEVEMENT``), ``errors`` (request validation: one entry per invalid
member, with a JSON pointer into the body or the name of the parameter) and so on. ``code``
is one of the stable :class:`~credstack.core.errors.ErrorCode` values (or
:data:`INTERNAL_ERROR` and :data:`SERVICE_UNAVAILABLE`, which break no rule of the platform),
so clients can branch on it; ``type`` derives from it, so a problem type always has the same
title.

Statuses: a :class:`~credstack.services.errors.ServiceError` carries its own (401, 403, 404,
409, 422, 500); a request body that is not strict JSON is 400 (``PARSING_ERROR``,
``DUPLICATE_KEY_ERROR``); a body of another media type 415; a body over the size limit 413;
request validation 422 (400 on the VC-API); any other core error (a policy violation, an
undefined term, …) 422. An unexpected exception is logged and answered with a 500 that names
nothing of the server's internals.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any, Final

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException
from starlette.routing import Match

from credstack.core.errors import CredstackError, ErrorCode
from credstack.core.json.fields import describe
from credstack.services.errors import ServiceError
from credstack.services.issue_request import SERVER_SET

logger = logging.getLogger("credstack.web")

PROBLEM_MEDIA_TYPE: Final = "application/problem+json"
PROBLEM_TYPE_BASE: Final = "https://w3id.org/credstack/problems#"
INTERNAL_ERROR: Final = ErrorCode.INTERNAL_ERROR
"""The code of the last-resort 500."""
SERVICE_UNAVAILABLE: Final = ErrorCode.SERVICE_UNAVAILABLE
"""The code of a failed health check (503)."""
INVALID_REQUEST_STATUS_KEY: Final = "credstack.invalid_request_status"
"""Scope key a route sets to answer request validation errors with another status than 422
(the VC-API answers malformed requests with 400)."""

_RESERVED: Final = frozenset({"type", "title", "status", "detail", "code"})
_HTTP_CODES: Final[Mapping[int, str]] = {
    400: ErrorCode.PARSING_ERROR,  # Starlette: a multipart body it cannot read
    404: ErrorCode.NOT_FOUND,
    405: ErrorCode.METHOD_NOT_ALLOWED,
    413: ErrorCode.PAYLOAD_TOO_LARGE,
}
"""Codes of the HTTP errors the framework raises (routing, form parsing, the body limit)."""
_METHODS: Final = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
_SERVER_SET: Final[Mapping[str, str]] = {
    **SERVER_SET,
    "organisation_id": "it is always the organisation of the API token",
}
"""Members the server sets, and why; a request naming one is told so."""


class ProblemResponse(JSONResponse):
    media_type = PROBLEM_MEDIA_TYPE


class MalformedBodyError(ServiceError):
    """A request body that is not strict JSON (syntax, duplicate keys, NaN, depth): 400."""

    status = HTTPStatus.BAD_REQUEST
    default_code = ErrorCode.PARSING_ERROR


class UnsupportedMediaTypeError(ServiceError):
    status = HTTPStatus.UNSUPPORTED_MEDIA_TYPE
    default_code = ErrorCode.UNSUPPORTED_MEDIA_TYPE


class PayloadTooLargeError(HTTPException):
    """Raised while the body is read, as soon as it grows past the limit.

    An :class:`HTTPException` because FastAPI lets those through its body reading unchanged
    (it turns any other exception there into a generic 400).
    """

    def __init__(self, limit: int) -> None:
        super().__init__(
            HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
            f"the request body is larger than the {limit} bytes this service accepts",
        )


class ProblemError(BaseModel):
    """One invalid member of a request."""

    model_config = ConfigDict(populate_by_name=True)

    location: str = Field(alias="in", description="body, query, path or header")
    pointer: str | None = Field(default=None, description="JSON pointer into the body (RFC 6901)")
    parameter: str | None = Field(
        default=None, description="name of the query, path or header value"
    )
    message: str


class Problem(BaseModel):
    """An RFC 9457 problem document; the error's own detail members are added beside these."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(examples=[f"{PROBLEM_TYPE_BASE}NOT_FOUND"])
    title: str = Field(examples=["Not found"])
    status: int = Field(examples=[404])
    detail: str
    code: str = Field(description="stable error code", examples=["NOT_FOUND"])
    errors: list[ProblemError] | None = Field(
        default=None, description="request validation: every invalid member"
    )
    violations: list[dict[str, Any]] | None = Field(
        default=None,
        description="policy profiles: {profile, element, rule, message} of each failure",
    )
    field: str | None = Field(default=None, description="the input that was wrong")
    path: str | None = Field(
        default=None, description="the element of an achievement definition that was wrong"
    )
    limit: float | None = Field(
        default=None,
        description="the bound that was broken: characters, entries or credits",
    )


def problem_response(
    status: int,
    code: str,
    detail: str,
    *,
    extra: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> ProblemResponse:
    """A problem document response; ``extra`` members never replace the standard ones."""
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + code,
        "title": code.replace("_", " ").capitalize(),
        "status": status,
        "detail": detail,
        "code": code,
    }
    for key, value in (extra or {}).items():
        if key not in _RESERVED:
            body[key] = jsonable_encoder(value)
    return ProblemResponse(body, status_code=status, headers=dict(headers or {}))


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` documenting ``statuses``, and any other error, as problems."""
    content = {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    responses: dict[int | str, dict[str, Any]] = {
        status: {"description": HTTPStatus(status).phrase, "content": content}
        for status in statuses
    }
    # documenting every other status too keeps FastAPI from adding its own 422 schema,
    # which is not what this service answers
    responses["default"] = {"description": "any other error", "content": content}
    return responses


def _auth_headers(request: Request, status: int) -> dict[str, str]:
    if status != HTTPStatus.UNAUTHORIZED:
        return {}
    # RFC 6750 §3: say which scheme to use, and whether the token offered was refused
    challenge = 'Bearer realm="credstack"'
    if "authorization" in request.headers:
        challenge += ', error="invalid_token"'
    return {"WWW-Authenticate": challenge}


async def _credstack_error(request: Request, exc: Exception) -> ProblemResponse:
    assert isinstance(exc, CredstackError)
    status = int(exc.status) if isinstance(exc, ServiceError) else 422
    if status >= 500:
        logger.error("%s on %s %s: %s", exc.code, request.method, request.url.path, exc.message)
    return problem_response(
        status,
        str(exc.code),
        exc.message,
        extra=exc.detail,
        headers=_auth_headers(request, status),
    )


async def _http_error(request: Request, exc: Exception) -> ProblemResponse:
    assert isinstance(exc, HTTPException)
    status = exc.status_code
    code = _HTTP_CODES.get(status, ErrorCode.INVALID_REQUEST)
    detail = exc.detail if exc.detail != HTTPStatus(status).phrase else ""
    headers = dict(exc.headers or {})
    if status == HTTPStatus.NOT_FOUND and not detail:
        detail = f"there is nothing at {request.url.path}"
    elif status == HTTPStatus.METHOD_NOT_ALLOWED:
        headers["Allow"] = allowed = ", ".join(_allowed_methods(request))
        detail = f"{request.method} is not allowed on {request.url.path}; allowed: {allowed}"
    return problem_response(status, str(code), detail or HTTPStatus(status).phrase, headers=headers)


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route takes at this path (Starlette's own ``Allow`` names only the
    first route that matched the path, when several do with different methods)."""
    routes = request.app.router.routes
    return [
        method
        for method in _METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] is Match.FULL for route in routes
        )
    ]


async def _validation_error(request: Request, exc: Exception) -> ProblemResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [_invalid_member(error) for error in exc.errors()]
    status = int(request.scope.get(INVALID_REQUEST_STATUS_KEY, 422))
    first = errors[0]["message"] if errors else "the request is not valid"
    where = (errors[0].get("pointer") or errors[0].get("parameter")) if errors else None
    detail = f"{where}: {first}" if where else first
    if len(errors) > 1:
        detail += f" (and {len(errors) - 1} more: see errors)"
    return problem_response(status, ErrorCode.INVALID_REQUEST, detail, extra={"errors": errors})


def _invalid_member(error: Mapping[str, Any]) -> dict[str, str]:
    location: Sequence[Any] = error.get("loc") or ("body",)
    where, path = str(location[0]), [str(part) for part in location[1:]]
    message = str(error.get("msg", "invalid value"))
    if error.get("type") == "extra_forbidden" and path:
        name = path[-1]
        if where != "body":
            message = f"this request takes no {where} parameter {name!r}"
        elif name in _SERVER_SET:
            message = f"{name!r} is set by the server and cannot be sent: {_SERVER_SET[name]}"
        else:
            message = f"{name!r} is not a member of this request"
    if where == "body" and not path and error.get("type") == "missing":
        message = "this request needs a JSON body"
    if where == "body" and not path and error.get("type") == "model_attributes_type":
        message = f"the request body must be a JSON object, not {describe(error.get('input'))}"
    if where == "body":
        pointer = "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in path)
        return {"in": "body", "pointer": pointer, "message": message}
    return {"in": where, "parameter": ".".join(path), "message": message}


async def _unexpected_error(request: Request, exc: Exception) -> ProblemResponse:
    # the traceback goes to the log only: a client learns nothing about the server's insides
    logger.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem_response(
        500, INTERNAL_ERROR, "the service failed to answer this request; it has been logged"
    )


def install_problem_handlers(app: FastAPI) -> None:
    """Answer every error of ``app`` with a problem document."""
    app.add_exception_handler(CredstackError, _credstack_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected_error)


__all__ = [
    "INTERNAL_ERROR",
    "INVALID_REQUEST_STATUS_KEY",
    "PROBLEM_MEDIA_TYPE",
    "PROBLEM_TYPE_BASE",
    "SERVICE_UNAVAILABLE",
    "MalformedBodyError",
    "PayloadTooLargeError",
    "Problem",
    "ProblemResponse",
    "UnsupportedMediaTypeError",
    "install_problem_handlers",
    "problem_response",
    "problem_responses",
]
