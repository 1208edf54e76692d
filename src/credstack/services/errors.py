"""Errors of the use cases, each with a stable code the HTTP layer maps to a status.

::

    CredstackError                   (credstack.core.errors)
    └── ServiceError
        ├── InvalidRequestError      422  input that breaks a rule (INVALID_REQUEST, …)
        ├── AuthenticationError      401  no credentials, or ones we do not accept
        ├── PermissionDeniedError    403  authenticated, but the role or token scope is missing
        ├── NotFoundError            404  absent, or another tenant's: the two are indistinguishable
        ├── ConflictError            409  uniqueness, idempotency keys, state transitions
        └── KeyStoreError            500  a signing key cannot be sealed or unsealed (never the
                                          caller's fault; the message names no secret)

Core errors (``DocumentError``, ``PolicyError``, …) raised inside a use case pass through
unchanged: the HTTP layer maps them to 422 with their own code.
"""

from __future__ import annotations

from http import HTTPStatus

from credstack.core.errors import CredstackError, ErrorCode


class ServiceError(CredstackError):
    """Base of the errors the use cases raise."""

    status: HTTPStatus = HTTPStatus.UNPROCESSABLE_ENTITY
    default_code = ErrorCode.INVALID_REQUEST


class InvalidRequestError(ServiceError):
    status = HTTPStatus.UNPROCESSABLE_ENTITY
    default_code = ErrorCode.INVALID_REQUEST


class AuthenticationError(ServiceError):
    status = HTTPStatus.UNAUTHORIZED
    default_code = ErrorCode.AUTHENTICATION_REQUIRED


class PermissionDeniedError(ServiceError):
    status = HTTPStatus.FORBIDDEN
    default_code = ErrorCode.PERMISSION_DENIED


class NotFoundError(ServiceError):
    status = HTTPStatus.NOT_FOUND
    default_code = ErrorCode.NOT_FOUND


class ConflictError(ServiceError):
    status = HTTPStatus.CONFLICT
    default_code = ErrorCode.ALREADY_EXISTS


class KeyStoreError(ServiceError):
    status = HTTPStatus.INTERNAL_SERVER_ERROR
    default_code = ErrorCode.KEY_STORE_ERROR


__all__ = [
    "AuthenticationError",
    "ConflictError",
    "InvalidRequestError",
    "KeyStoreError",
    "NotFoundError",
    "PermissionDeniedError",
    "ServiceError",
]
