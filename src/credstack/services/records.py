"""What the platform keeps: plain frozen records that the use cases read and write.

The store maps each record to a table row (``credstack.store``); the use cases never see a
database type. JSON payloads are plain ``dict`` values; identifiers are UUIDs chosen by the
caller (never by the database), so a record can be built, signed and referenced before it is
written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID


class OrganisationKind(StrEnum):
    """What kind of body an organisation is (statistics and registry views group by it)."""

    UNIVERSITY = "university"
    HIGHER_EDUCATION_INSTITUTION = "higher-education-institution"
    VOCATIONAL_PROVIDER = "vocational-provider"
    MOOC_PLATFORM = "mooc-platform"
    EMPLOYER = "employer"
    QA_BODY = "qa-body"
    OTHER = "other"


class Role(StrEnum):
    """A user's role in one organisation."""

    OWNER = "owner"
    ISSUER = "issuer"
    VIEWER = "viewer"


class Permission(StrEnum):
    """What a request may do inside its organisation (API tokens carry a subset)."""

    READ = "read"
    ISSUE = "issue"
    REVOKE = "revoke"
    MANAGE = "manage"


ROLE_PERMISSIONS: Mapping[Role, frozenset[Permission]] = {
    Role.OWNER: frozenset(Permission),
    Role.ISSUER: frozenset({Permission.READ, Permission.ISSUE, Permission.REVOKE}),
    Role.VIEWER: frozenset({Permission.READ}),
}


class CredentialState(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    REVOKED = "revoked"


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    CANCELLED = "cancelled"


class RowState(StrEnum):
    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Organisation:
    """A tenant: an issuing body (or an employer / QA body) with its own keys and lists."""

    id: UUID
    slug: str
    name: str
    kind: OrganisationKind
    did: str
    """``did:web`` of the organisation, served by the platform at ``/orgs/{slug}/did.json``."""
    profile: Mapping[str, Any]
    """Open Badges ``Profile`` fields beyond id and name: url, email, description, address…
    (the country is :attr:`country`, not a member of the profile's address)."""
    created_at: datetime
    country: str | None = None
    """ISO 3166-1 alpha-2 code of the organisation's country (Annex I: *country of the
    issuer*); credentials carry it as the issuer's ``address.addressCountryCode``."""


@dataclass(frozen=True, slots=True)
class User:
    id: UUID
    email: str
    name: str
    password_hash: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Membership:
    user_id: UUID
    organisation_id: UUID
    role: Role


@dataclass(frozen=True, slots=True)
class Learner:
    """A learner account (wallet features arrive later); credentials may also go to people
    without an account, named by e-mail or DID."""

    id: UUID
    email: str | None
    name: str | None
    did: str | None
    password_hash: str | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ApiToken:
    """A machine credential scoped to one organisation; only a hash of the secret is kept."""

    id: UUID
    organisation_id: UUID
    user_id: UUID | None
    name: str
    token_hash: str
    """Hex SHA-256 of the secret (the secret is 256 random bits, so no slow hash is needed)."""
    permissions: frozenset[Permission]
    created_at: datetime
    revoked_at: datetime | None = None
    expires_at: datetime | None = None
    """From this moment on the token is refused (None: it does not expire)."""


@dataclass(frozen=True, slots=True)
class AchievementVersion:
    """One version of a micro-credential specification. Versions are immutable: an update
    writes version n+1, and every credential names the version it was issued from."""

    id: UUID
    achievement_id: UUID
    organisation_id: UUID
    slug: str
    version: int
    definition: Mapping[str, Any]
    """The definition in the documented YAML/JSON format (``examples/README.md``)."""
    created_at: datetime


@dataclass(frozen=True, slots=True)
class SigningKeyRecord:
    """The public half and validity interval of an organisation's key. The private half lives
    in the :class:`~credstack.services.ports.KeyStore`, sealed, under the same ``id``."""

    id: UUID
    organisation_id: UUID
    fragment: str
    """Fragment of the verification method: ``{organisation.did}#{fragment}``."""
    public_key_multibase: str
    valid_from: datetime
    valid_until: datetime | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class StatusListRecord:
    """A Bitstring Status List of one organisation.

    Indexes are handed out in the order of a secret random permutation of ``range(length)``
    drawn from ``seed``, so an index says nothing about when or to whom a credential was issued
    (herd privacy). ``allocated`` counts the positions of that permutation already taken.
    """

    id: UUID
    organisation_id: UUID
    purpose: str
    length: int
    seed: bytes
    allocated: int
    bits: bytes
    """The raw (uncompressed) bitstring, ``length // 8`` bytes."""
    revision: int
    """Bumped on every change of ``bits``; the HTTP ETag derives from it."""
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class CredentialRecord:
    """An issued credential, as signed, with its lifecycle state."""

    id: UUID
    organisation_id: UUID
    achievement_version_id: UUID
    credential_id: str
    """The credential's ``id`` (``urn:uuid:…``)."""
    public_token: str
    """Unguessable token of the public hosted URL (``/c/{public_token}``)."""
    recipient: str
    """Who it was awarded to as given: a DID, URL or e-mail address."""
    learner_id: UUID | None
    suite: str
    document: Mapping[str, Any] | str
    """The signed credential: JSON with an embedded proof, or a compact JWS (VC-JWT)."""
    status_list_id: UUID
    status_index: int
    state: CredentialState
    state_reason: str | None
    issued_at: datetime
    state_changed_at: datetime | None = None
    job_id: UUID | None = None
    job_row: int | None = None


@dataclass(frozen=True, slots=True)
class BulkJob:
    """A bulk issuance: one achievement version to many recipients."""

    id: UUID
    organisation_id: UUID
    achievement_version_id: UUID
    idempotency_key: str | None
    suite: str
    state: JobState
    total: int
    chunk_size: int
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    created_by: str | None = None


@dataclass(frozen=True, slots=True)
class BulkRow:
    """One recipient of a bulk job, and what became of it."""

    job_id: UUID
    row: int
    """0-based position in the submitted list."""
    data: Mapping[str, Any]
    state: RowState
    credential_id: UUID | None = None
    error_code: str | None = None
    error_message: str | None = None


@dataclass(frozen=True, slots=True)
class JobProgress:
    total: int
    done: int
    failed: int
    started_at: datetime | None
    finished_at: datetime | None


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """Who did what to which object, and when. Never carries credential contents."""

    id: UUID
    organisation_id: UUID | None
    actor: str
    action: str
    object_type: str
    object_id: str
    at: datetime
    details: Mapping[str, Any] = field(default_factory=dict)


__all__ = [
    "ROLE_PERMISSIONS",
    "AchievementVersion",
    "ApiToken",
    "AuditEvent",
    "BulkJob",
    "BulkRow",
    "CredentialRecord",
    "CredentialState",
    "JobProgress",
    "JobState",
    "Learner",
    "Membership",
    "Organisation",
    "OrganisationKind",
    "Permission",
    "Role",
    "RowState",
    "SigningKeyRecord",
    "StatusListRecord",
    "User",
]
