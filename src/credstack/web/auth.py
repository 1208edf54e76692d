"""Authentication of the issuer API: ``Authorization: Bearer <API token>``.

A missing header, another scheme, a malformed or unknown token give a 401 problem
``AUTHENTICATION_REQUIRED``; a revoked or expired token a 401 ``TOKEN_REVOKED`` or
``TOKEN_EXPIRED``, and an audit event ``token.refused`` of its organisation. Every 401 has
``WWW-Authenticate: Bearer`` (the problem handlers add the challenge). What the caller may do
is decided by the use cases, from the principal's permissions.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from credstack.services.errors import AuthenticationError
from credstack.services.principal import Principal
from credstack.services.tokens import TokenRefusedError, authenticate_token, record_refusal
from credstack.web.deps import PlatformDep

bearer_scheme = HTTPBearer(
    auto_error=False,
    scheme_name="ApiToken",
    description="An API token of the organisation (`cst_…`), created by its owners.",
)


def current_principal(
    platform: PlatformDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> Principal:
    """The organisation and permissions of the request's API token."""
    if credentials is None:
        raise AuthenticationError(
            "this endpoint needs an API token: send 'Authorization: Bearer <token>'"
        )
    now = platform.clock()
    try:
        with platform.reader() as uow:  # a lookup: no need to queue for SQLite's write lock
            return authenticate_token(uow, credentials.credentials, now)
    except TokenRefusedError as refused:
        # rare, and worth knowing: someone still holds a token that was withdrawn
        with platform.uow_factory() as uow:
            record_refusal(uow, refused, now)
            uow.commit()
        raise


PrincipalDep = Annotated[Principal, Depends(current_principal)]

__all__ = ["PrincipalDep", "bearer_scheme", "current_principal"]
