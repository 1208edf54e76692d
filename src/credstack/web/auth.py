"""Authentication of the issuer API: ``Authorization: Bearer <API token>``.

A missing header, another scheme, a malformed, unknown or revoked token all give the same
401 problem with ``WWW-Authenticate: Bearer`` (the problem handlers add the challenge). What
the caller may do is decided by the use cases, from the principal's permissions.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from credstack.services.errors import AuthenticationError
from credstack.services.identity import authenticate_token
from credstack.services.principal import Principal
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
    with platform.reader() as uow:  # a lookup: no need to queue for SQLite's write lock
        return authenticate_token(uow, credentials.credentials, platform.clock())


PrincipalDep = Annotated[Principal, Depends(current_principal)]

__all__ = ["PrincipalDep", "bearer_scheme", "current_principal"]
