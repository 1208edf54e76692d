"""``/api/v1/tokens``: the organisation's API tokens (``manage``).

``POST`` makes a token and answers its secret — the only time it is shown — with an optional
expiry, ``expires_in`` (seconds) or ``expires_at`` (a date-time), at most about three years
ahead. ``GET`` lists every token, revoked and expired ones included, with its ``state``;
``POST /tokens/{id}/revoke`` revokes one for good. A revoked or expired token is answered
``401`` ``TOKEN_REVOKED`` / ``TOKEN_EXPIRED`` from then on, and each refusal is audited.
A token cannot be given a permission the token that makes it lacks.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import Response
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from credstack.services.records import ApiToken, Permission
from credstack.services.tokens import (
    TokenState,
    grant_api_token,
    list_api_tokens,
    revoke_api_token,
    token_expiry,
    token_state,
)
from credstack.web.auth import PrincipalDep
from credstack.web.deps import PlatformDep
from credstack.web.routes.common import issuer_router, with_body

router = issuer_router("tokens")


class TokenCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="what the token is for", examples=["student system"])
    permissions: list[Permission] = Field(min_length=1, examples=[["issue", "read"]])
    expires_in: int | None = Field(
        default=None, description="seconds until the token expires", examples=[7_776_000]
    )
    expires_at: AwareDatetime | None = Field(default=None, description="when the token expires")


class TokenOut(BaseModel):
    id: UUID
    name: str
    permissions: list[str]
    state: TokenState = Field(description="active, expired or revoked (now)")
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None


class TokenCreated(TokenOut):
    secret: str = Field(description="the token (cst_…); shown only in this answer")


class TokenList(BaseModel):
    items: list[TokenOut]


def _out(token: ApiToken, now: datetime) -> TokenOut:
    return TokenOut(
        id=token.id,
        name=token.name,
        permissions=sorted(p.value for p in token.permissions),
        state=token_state(token, now),
        created_at=token.created_at,
        expires_at=token.expires_at,
        revoked_at=token.revoked_at,
    )


@router.post("/tokens", status_code=201, summary="Create an API token", responses=with_body())
def post_token(
    body: TokenCreate, response: Response, platform: PlatformDep, principal: PrincipalDep
) -> TokenCreated:
    """A new token of the organisation; its secret is in this answer only (``manage``)."""
    now = platform.clock()
    expires_at = token_expiry(now, expires_in=body.expires_in, expires_at=body.expires_at)
    with platform.uow_factory() as uow:
        token, secret = grant_api_token(
            uow,
            principal,
            name=body.name,
            permissions=body.permissions,
            now=now,
            expires_at=expires_at,
        )
        uow.commit()
    response.headers["Location"] = f"/api/v1/tokens/{token.id}"
    return TokenCreated(**_out(token, now).model_dump(), secret=secret)


@router.get("/tokens", summary="List API tokens")
def get_tokens(platform: PlatformDep, principal: PrincipalDep) -> TokenList:
    """Every token of the organisation, oldest first, without secrets (``manage``)."""
    with platform.uow_factory() as uow:
        tokens = list_api_tokens(uow, principal)
    now = platform.clock()
    return TokenList(items=[_out(token, now) for token in tokens])


@router.post("/tokens/{token_id}/revoke", summary="Revoke an API token")
def revoke_token(token_id: UUID, platform: PlatformDep, principal: PrincipalDep) -> TokenOut:
    """Revoke a token of the organisation for good (``manage``); revoking again changes
    nothing."""
    principal.require(Permission.MANAGE)
    now = platform.clock()
    with platform.uow_factory() as uow:
        token = revoke_api_token(
            uow,
            organisation_id=principal.organisation_id,
            token_id=token_id,
            now=now,
            actor=principal.actor,
        )
        uow.commit()
    return _out(token, now)


__all__ = [
    "TokenCreate",
    "TokenCreated",
    "TokenList",
    "TokenOut",
    "router",
]
