"""Who may act: user accounts, memberships and learner accounts (API tokens:
:mod:`credstack.services.tokens`).

Passwords are hashed with Argon2id (argon2-cffi; its parameters travel inside each hash, so
they can be raised later without breaking old hashes).

Every change writes an audit event; none carries a password or a hash.
"""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime
from functools import cache
from typing import Any, TypeVar
from uuid import UUID, uuid4

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from credstack.services.audit import record_event
from credstack.services.errors import AuthenticationError, InvalidRequestError, NotFoundError
from credstack.services.ports import UnitOfWork
from credstack.services.principal import Principal
from credstack.services.records import (
    ROLE_PERMISSIONS,
    Learner,
    Membership,
    Permission,
    Role,
    User,
)

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024
"""Longer inputs are refused so that hashing cannot be used to burn CPU and memory."""
MAX_NAME_LENGTH = 200
MAX_EMAIL_LENGTH = 254
_EMAIL = re.compile(r"\A[^@\s]+@[^@\s]+\.[^@\s]+\Z")
_DID = re.compile(r"\Adid:[a-z0-9]+:[A-Za-z0-9._:%-]*[A-Za-z0-9._%-]\Z")
_HASHER = PasswordHasher()
E = TypeVar("E", Role, Permission)
_REJECTED = "the e-mail address, password or organisation was not accepted"


# --- passwords ------------------------------------------------------------------------------


def hash_password(password: str) -> str:
    """An Argon2id hash of ``password`` (after the length rules)."""
    _check_password(password)
    return _HASHER.hash(password)


def verify_password(password: str, password_hash: str) -> bool:
    """True when ``password`` matches ``password_hash``; never raises for a bad pair.

    argon2-cffi compares the derived hashes in constant time.
    """
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@cache
def _decoy_hash() -> str:
    return _HASHER.hash(secrets.token_urlsafe(16))


def _check_password(password: str) -> None:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidRequestError(
            f"a password needs at least {MIN_PASSWORD_LENGTH} characters", field="password"
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidRequestError(
            f"a password has at most {MAX_PASSWORD_LENGTH} characters", field="password"
        )


# --- users and memberships ------------------------------------------------------------------


def create_user(
    uow: UnitOfWork,
    *,
    email: str,
    name: str,
    password: str,
    now: datetime,
    actor: str = "system",
) -> User:
    """Create a user account (e-mail addresses are unique, compared lower-cased).

    Raises :class:`InvalidRequestError` for a malformed e-mail address, an empty name or a
    password shorter than 12 characters, and :class:`ConflictError` (from the store) when the
    address is taken.
    """
    user = User(
        id=uuid4(),
        email=normalise_email(email),
        name=_name(name),
        password_hash=hash_password(password),
        created_at=now,
    )
    uow.users.add(user)
    _audit(uow, None, actor, "user.created", "user", user.id, now)
    return user


def add_member(
    uow: UnitOfWork,
    *,
    user_id: UUID,
    organisation_id: UUID,
    role: Role | str,
    now: datetime | None = None,
    actor: str = "system",
) -> Membership:
    """Give a user a role in an organisation (:class:`NotFoundError` if either is missing).

    ``now`` (the time of the audit event) defaults to the current time.
    """
    at = now if now is not None else datetime.now(UTC)
    membership_role = _enum(Role, role, "role")
    if uow.users.get(user_id) is None:
        raise NotFoundError(f"there is no user {user_id}")
    if uow.organisations.get(organisation_id) is None:
        raise NotFoundError(f"there is no organisation {organisation_id}")
    membership = Membership(user_id, organisation_id, membership_role)
    uow.users.add_membership(membership)
    _audit(
        uow,
        organisation_id,
        actor,
        "member.added",
        "user",
        user_id,
        at,
        role=membership_role.value,
    )
    return membership


def authenticate_user(
    uow: UnitOfWork, email: str, password: str, organisation_slug: str
) -> Principal:
    """The user acting in an organisation, with its role's permissions.

    An unknown address, a wrong password, an unknown organisation and a missing membership
    all raise the same :class:`AuthenticationError`, so a failed attempt says nothing about
    which accounts exist. An unknown address still costs one password verification, for the
    same reason.
    """
    try:
        address = normalise_email(email)
    except InvalidRequestError:
        address = None
    user = uow.users.by_email(address) if address is not None else None
    valid = verify_password(password, user.password_hash if user else _decoy_hash())
    if user is None or not valid:
        raise AuthenticationError(_REJECTED)
    organisation = uow.organisations.by_slug(organisation_slug)
    membership = (
        uow.users.membership(user.id, organisation.id) if organisation is not None else None
    )
    if organisation is None or membership is None:
        raise AuthenticationError(_REJECTED)
    return Principal(organisation.id, f"user:{user.id}", ROLE_PERMISSIONS[membership.role])


# --- learners ----------------------------------------------------------------------------


def create_learner(
    uow: UnitOfWork,
    *,
    email: str | None = None,
    did: str | None = None,
    name: str | None = None,
    password: str | None = None,
    now: datetime,
    actor: str = "system",
) -> Learner:
    """A learner account named by an e-mail address, a DID or both.

    A password (to sign in later) needs an e-mail address to sign in with.
    """
    if email is None and did is None:
        raise InvalidRequestError("a learner needs an e-mail address or a DID", field="email")
    if password is not None and email is None:
        raise InvalidRequestError("signing in with a password needs an e-mail address")
    if did is not None and (not isinstance(did, str) or not _DID.match(did)):
        raise InvalidRequestError(f"{did!r} is not a DID (did:method:identifier)", field="did")
    learner = Learner(
        id=uuid4(),
        email=normalise_email(email) if email is not None else None,
        name=_name(name) if name is not None else None,
        did=did,
        password_hash=hash_password(password) if password is not None else None,
        created_at=now,
    )
    uow.learners.add(learner)
    _audit(uow, None, actor, "learner.created", "learner", learner.id, now)
    return learner


# --- helpers ------------------------------------------------------------------------------


def normalise_email(email: str) -> str:
    """``email`` trimmed and lower-cased; :class:`InvalidRequestError` unless it looks like an
    address (``local@domain.tld``)."""
    if not isinstance(email, str):
        raise InvalidRequestError("an e-mail address must be text", field="email")
    address = email.strip().lower()
    if len(address) > MAX_EMAIL_LENGTH or not _EMAIL.match(address):
        raise InvalidRequestError(f"{email!r} is not an e-mail address", field="email")
    return address


def _name(name: str) -> str:
    if not isinstance(name, str) or not name.strip():
        raise InvalidRequestError("a name must be non-empty text", field="name")
    if len(name.strip()) > MAX_NAME_LENGTH:
        raise InvalidRequestError(f"a name has at most {MAX_NAME_LENGTH} characters", field="name")
    return name.strip()


def _enum(enum: type[E], value: E | str, field: str) -> E:
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(repr(member.value) for member in enum)
        raise InvalidRequestError(f"{value!r} is not one of {allowed}", field=field) from None


def _audit(
    uow: UnitOfWork,
    organisation_id: UUID | None,
    actor: str,
    action: str,
    object_type: str,
    object_id: UUID,
    at: datetime,
    **details: Any,
) -> None:
    record_event(
        uow,
        organisation_id=organisation_id,
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        at=at,
        details=details,
    )


__all__ = [
    "MAX_PASSWORD_LENGTH",
    "MIN_PASSWORD_LENGTH",
    "add_member",
    "authenticate_user",
    "create_learner",
    "create_user",
    "hash_password",
    "normalise_email",
    "verify_password",
]
