"""API tokens: the machine credentials of one organisation — created, listed, expiring, revoked.

- **Secrets** are ``cst_`` and 256 random bits. Only their SHA-256 is stored (a slow hash adds
  nothing against guessing 256 bits), and the secret is shown once, when the token is made.
- **Expiry** is optional: a token is made with ``expires_at`` (or ``expires_in`` seconds, see
  :func:`token_expiry`), at most :data:`MAX_LIFETIME` ahead. From ``expires_at`` on it is
  refused with ``TOKEN_EXPIRED``.
- **Revocation** is final: a revoked token is refused with ``TOKEN_REVOKED`` whatever its
  recorded revocation time, since the clocks of the machines that revoke and that
  authenticate may disagree.
- A malformed or unknown secret is refused with ``AUTHENTICATION_REQUIRED``: there is no
  token to speak of. A known token that is refused (revoked, expired) raises
  :class:`TokenRefusedError`, which the caller records with :func:`record_refusal` — in a
  unit of work of its own, because authentication itself only reads.
- **Who may manage tokens**: the platform's operators (the command line, by organisation) and
  principals with :attr:`Permission.MANAGE` (the API). A token made through the API cannot
  carry a permission its maker lacks.

Every change writes an audit event; none carries a secret or a hash.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from uuid import UUID, uuid4

from credstack.core.errors import ErrorCode
from credstack.core.timestamps import format_datetime
from credstack.services.audit import record_event
from credstack.services.errors import (
    AuthenticationError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
)
from credstack.services.ports import UnitOfWork
from credstack.services.principal import Principal
from credstack.services.records import ROLE_PERMISSIONS, ApiToken, Permission

TOKEN_PREFIX = "cst_"  # noqa: S105 (a public prefix, not a secret)
"""Marks credstack API tokens, so secret scanners (and people) recognise a leaked one."""
MAX_NAME_LENGTH = 200
MAX_LIFETIME = timedelta(days=3 * 366)
"""The furthest ahead a token may expire (about three years)."""

_TOKEN_BODY = re.compile(r"\A[A-Za-z0-9_-]{43}\Z")  # secrets.token_urlsafe(32)


class TokenState(StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    REVOKED = "revoked"


class TokenRefusedError(AuthenticationError):
    """A known token that is refused: ``TOKEN_REVOKED`` or ``TOKEN_EXPIRED`` (401).

    ``token`` is the refused token (for the audit event; it is no part of the problem
    document the caller sees).
    """

    def __init__(self, message: str, *, code: ErrorCode, token: ApiToken) -> None:
        super().__init__(message, code=code)
        self.token = token


def token_expiry(
    now: datetime, *, expires_in: int | None = None, expires_at: datetime | None = None
) -> datetime | None:
    """When a token made at ``now`` expires: ``expires_in`` seconds from now, or
    ``expires_at``; None when neither is given.

    Raises :class:`InvalidRequestError` for both at once, or a duration that is not a positive
    whole number of seconds (the moment itself is checked by :func:`create_api_token`).
    """
    if expires_in is not None and expires_at is not None:
        raise InvalidRequestError("give expires_in or expires_at, not both", field="expires_in")
    if expires_at is not None:
        return expires_at
    if expires_in is None:
        return None
    if isinstance(expires_in, bool) or not isinstance(expires_in, int) or expires_in <= 0:
        raise InvalidRequestError(
            f"expires_in is a positive number of seconds, not {expires_in!r}", field="expires_in"
        )
    if expires_in > MAX_LIFETIME.total_seconds():
        raise _too_far("expires_in")
    return now + timedelta(seconds=expires_in)


def create_api_token(
    uow: UnitOfWork,
    *,
    organisation_id: UUID,
    name: str,
    permissions: Iterable[Permission | str],
    now: datetime,
    user_id: UUID | None = None,
    actor: str = "system",
    expires_at: datetime | None = None,
    within: frozenset[Permission] | None = None,
) -> tuple[ApiToken, str]:
    """A new token of the organisation and its secret (returned only here, never stored).

    A token made for a user cannot carry a permission that the user's role lacks, nor one
    beyond ``within`` (the permissions of whoever makes it, when that is not the platform).
    ``expires_at`` must be after ``now`` and at most :data:`MAX_LIFETIME` later.
    """
    granted = frozenset(_permission(p) for p in permissions)
    if not granted:
        raise InvalidRequestError("a token needs at least one permission", field="permissions")
    if expires_at is not None:
        _check_expiry(expires_at, now)
    if uow.organisations.get(organisation_id) is None:
        raise NotFoundError(f"there is no organisation {organisation_id}")
    if within is not None and granted - within:
        raise _beyond(granted - within, "you lack")
    if user_id is not None:
        membership = uow.users.membership(user_id, organisation_id)
        if membership is None:
            raise InvalidRequestError(
                f"user {user_id} is not a member of this organisation", field="user_id"
            )
        beyond = granted - ROLE_PERMISSIONS[membership.role]
        if beyond:
            raise _beyond(beyond, f"the user's role {membership.role.value!r} lacks")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        id=uuid4(),
        organisation_id=organisation_id,
        user_id=user_id,
        name=_name(name),
        token_hash=token_hash(secret),
        permissions=granted,
        created_at=now,
        expires_at=expires_at,
    )
    uow.tokens.add(token)
    details: dict[str, Any] = {
        "name": token.name,
        "permissions": sorted(p.value for p in granted),
    }
    if expires_at is not None:
        details["expires_at"] = format_datetime(expires_at)
    _audit(uow, token, actor, "token.created", now, details)
    return token, secret


def grant_api_token(
    uow: UnitOfWork,
    principal: Principal,
    *,
    name: str,
    permissions: Iterable[Permission | str],
    now: datetime,
    expires_at: datetime | None = None,
) -> tuple[ApiToken, str]:
    """A token of the principal's organisation, made by the principal (``manage``), with no
    permission the principal lacks."""
    principal.require(Permission.MANAGE)
    return create_api_token(
        uow,
        organisation_id=principal.organisation_id,
        name=name,
        permissions=permissions,
        now=now,
        actor=principal.actor,
        expires_at=expires_at,
        within=principal.permissions,
    )


def list_api_tokens(uow: UnitOfWork, principal: Principal) -> list[ApiToken]:
    """The organisation's tokens, oldest first, revoked and expired ones included (``manage``)."""
    principal.require(Permission.MANAGE)
    return uow.tokens.for_organisation(principal.organisation_id)


def revoke_api_token(
    uow: UnitOfWork,
    *,
    organisation_id: UUID,
    token_id: UUID,
    now: datetime,
    actor: str = "system",
) -> ApiToken:
    """Revoke one of the organisation's tokens (for good); returns it as revoked.

    Revoking a revoked token changes nothing (its first revocation time stays, and no event
    is written). Raises :class:`NotFoundError` when the organisation has no such token
    (another organisation's included).
    """
    token = _find(uow, organisation_id, token_id)
    if token.revoked_at is not None:
        return token
    if not uow.tokens.revoke(organisation_id, token_id, now):
        raise NotFoundError(f"this organisation has no API token {token_id}")
    _audit(uow, token, actor, "token.revoked", now, {"name": token.name})
    return _find(uow, organisation_id, token_id)


def _find(uow: UnitOfWork, organisation_id: UUID, token_id: UUID) -> ApiToken:
    token = next(
        (t for t in uow.tokens.for_organisation(organisation_id) if t.id == token_id), None
    )
    if token is None:
        raise NotFoundError(f"this organisation has no API token {token_id}")
    return token


def token_hash(secret: str) -> str:
    """Hex SHA-256 of a token secret, as stored."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def token_state(token: ApiToken, now: datetime) -> TokenState:
    """Whether ``token`` is accepted at ``now`` (revoked before expired)."""
    if token.revoked_at is not None:
        return TokenState.REVOKED
    if token.expires_at is not None and now >= token.expires_at:
        return TokenState.EXPIRED
    return TokenState.ACTIVE


def authenticate_token(uow: UnitOfWork, secret: str, now: datetime) -> Principal:
    """The principal of an API token secret at ``now`` (the time of the request).

    Raises :class:`AuthenticationError` for a malformed or unknown secret, and
    :class:`TokenRefusedError` (``TOKEN_REVOKED``, ``TOKEN_EXPIRED``) for a known token that
    is refused.
    """
    if (
        not isinstance(secret, str)
        or not secret.startswith(TOKEN_PREFIX)
        or not _TOKEN_BODY.match(secret[len(TOKEN_PREFIX) :])
    ):
        raise AuthenticationError("this is not a credstack API token")
    token = uow.tokens.by_hash(token_hash(secret))
    if token is None:
        raise AuthenticationError("this API token is not known")
    state = token_state(token, now)
    if state is TokenState.REVOKED:
        raise TokenRefusedError(
            "this API token was revoked", code=ErrorCode.TOKEN_REVOKED, token=token
        )
    if state is TokenState.EXPIRED:
        assert token.expires_at is not None
        raise TokenRefusedError(
            f"this API token expired at {format_datetime(token.expires_at)}",
            code=ErrorCode.TOKEN_EXPIRED,
            token=token,
        )
    return Principal(token.organisation_id, f"token:{token.id}", token.permissions)


def record_refusal(uow: UnitOfWork, error: TokenRefusedError, now: datetime) -> None:
    """Audit a refused token (``token.refused``, with the reason) in ``uow``."""
    reason = "revoked" if error.code is ErrorCode.TOKEN_REVOKED else "expired"
    token = error.token
    _audit(uow, token, f"token:{token.id}", "token.refused", now, {"reason": reason})


def _check_expiry(expires_at: datetime, now: datetime) -> None:
    if not isinstance(expires_at, datetime) or expires_at.tzinfo is None:
        raise InvalidRequestError("expires_at is a date-time with a time zone", field="expires_at")
    if expires_at <= now:
        raise InvalidRequestError(
            f"expires_at: {format_datetime(expires_at)} is not after now ({format_datetime(now)})",
            field="expires_at",
        )
    if expires_at - now > MAX_LIFETIME:
        raise _too_far("expires_at")


def _too_far(field: str) -> InvalidRequestError:
    return InvalidRequestError(
        f"{field}: a token expires at most {MAX_LIFETIME.days} days ahead", field=field
    )


def _beyond(permissions: frozenset[Permission], whose: str) -> PermissionDeniedError:
    names = sorted(p.value for p in permissions)
    return PermissionDeniedError(
        f"a token cannot grant {', '.join(names)}, which {whose}", permissions=names
    )


def _permission(value: Permission | str) -> Permission:
    try:
        return Permission(value)
    except ValueError:
        allowed = ", ".join(repr(p.value) for p in Permission)
        raise InvalidRequestError(
            f"{value!r} is not one of {allowed}", field="permissions"
        ) from None


def _name(name: str) -> str:
    if not isinstance(name, str) or not name.strip():
        raise InvalidRequestError("a name must be non-empty text", field="name")
    if len(name.strip()) > MAX_NAME_LENGTH:
        raise InvalidRequestError(f"a name has at most {MAX_NAME_LENGTH} characters", field="name")
    return name.strip()


def _audit(
    uow: UnitOfWork,
    token: ApiToken,
    actor: str,
    action: str,
    at: datetime,
    details: dict[str, Any],
) -> None:
    record_event(
        uow,
        organisation_id=token.organisation_id,
        actor=actor,
        action=action,
        object_type="api_token",
        object_id=token.id,
        at=at,
        details=details,
    )


__all__ = [
    "MAX_LIFETIME",
    "TOKEN_PREFIX",
    "TokenRefusedError",
    "TokenState",
    "authenticate_token",
    "create_api_token",
    "grant_api_token",
    "list_api_tokens",
    "record_refusal",
    "revoke_api_token",
    "token_expiry",
    "token_hash",
    "token_state",
]
