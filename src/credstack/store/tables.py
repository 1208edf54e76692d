"""The tables of the platform: one per record of :mod:`credstack.services.records`.

Identifiers are UUIDs chosen by the callers; every uniqueness rule of the ports is a named
database constraint (the names follow :data:`NAMING_CONVENTION`, so Alembic's batch mode can
rebuild SQLite tables and :mod:`credstack.store.conflicts` can say which rule a write broke).
Enumerations are stored as their string values, so adding a member needs no migration.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from credstack.store.types import JSON_OBJECT, UtcDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every table; ``Base.metadata`` is what the migrations track."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UtcDateTime(),
        UUID: Uuid(),
        dict[str, Any]: JSON_OBJECT,
        list[str]: JSON_OBJECT,
        bytes: LargeBinary(),
        str: String(),
    }


# --- tenants and people ----------------------------------------------------------------------


class OrganisationRow(Base):
    __tablename__ = "organisations"
    __table_args__ = (UniqueConstraint("slug"),)

    id: Mapped[UUID] = mapped_column(primary_key=True)
    slug: Mapped[str]
    name: Mapped[str]
    kind: Mapped[str]
    did: Mapped[str]
    profile: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]
    country: Mapped[str | None] = mapped_column(String(2))
    """ISO 3166-1 alpha-2, upper case."""


class UserRow(Base):
    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("email"),)

    id: Mapped[UUID] = mapped_column(primary_key=True)
    email: Mapped[str]
    """Lower-cased, so that the unique constraint compares addresses case-insensitively."""
    name: Mapped[str]
    password_hash: Mapped[str]
    created_at: Mapped[datetime]


class MembershipRow(Base):
    __tablename__ = "memberships"
    __table_args__ = (
        PrimaryKeyConstraint("user_id", "organisation_id"),
        Index("ix_memberships_organisation_id", "organisation_id"),
    )

    user_id: Mapped[UUID] = mapped_column(ForeignKey("users.id"))
    organisation_id: Mapped[UUID] = mapped_column(ForeignKey("organisations.id"))
    role: Mapped[str]


class LearnerRow(Base):
    __tablename__ = "learners"
    __table_args__ = (UniqueConstraint("email"),)

    id: Mapped[UUID] = mapped_column(primary_key=True)
    email: Mapped[str | None]
    """Lower-cased like users' addresses (NULLs never clash)."""
    name: Mapped[str | None]
    did: Mapped[str | None]
    password_hash: Mapped[str | None]
    created_at: Mapped[datetime]


class ApiTokenRow(Base):
    __tablename__ = "api_tokens"
    __table_args__ = (
        UniqueConstraint("token_hash"),
        Index("ix_api_tokens_organisation_id_created_at", "organisation_id", "created_at"),
        Index("ix_api_tokens_user_id", "user_id"),
    )

    id: Mapped[UUID] = mapped_column(primary_key=True)
    organisation_id: Mapped[UUID] = mapped_column(ForeignKey("organisations.id"))
    user_id: Mapped[UUID | None] = mapped_column(ForeignKey("users.id"))
    name: Mapped[str]
    token_hash: Mapped[str]
    permissions: Mapped[list[str]]
    """Sorted JSON array of permission values."""
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]


# --- achievements and keys ---------------------------------------------------------------


class AchievementVersionRow(Base):
    __tablename__ = "achievement_versions"
    __table_args__ = (
        UniqueConstraint("achievement_id", "version"),
        # also serves the organisation's listings, which filter on its leading column
        UniqueConstraint("organisation_id", "slug", "version"),
        CheckConstraint("version >= 1", name="version_positive"),
    )

    id: Mapped[UUID] = mapped_column(primary_key=True)
    achievement_id: Mapped[UUID]
    """Shared by every version of one achievement (there is no row for the achievement)."""
    organisation_id: Mapped[UUID] = mapped_column(ForeignKey("organisations.id"))
    slug: Mapped[str]
    version: Mapped[int]
    definition: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]


class SigningKeyRow(Base):
    """The public half of a key; the private half is in the key store under the same id."""

    __tablename__ = "signing_keys"
    __table_args__ = (
        # the fragment names the verification method in the organisation's DID document
        UniqueConstraint("organisation_id", "fragment"),
        Index("ix_signing_keys_organisation_id_valid_from", "organisation_id", "valid_from"),
    )

    id: Mapped[UUID] = mapped_column(primary_key=True)
    organisation_id: Mapped[UUID] = mapped_column(ForeignKey("organisations.id"))
    fragment: Mapped[str]
    public_key_multibase: Mapped[str]
    valid_from: Mapped[datetime]
    valid_until: Mapped[datetime | None]
    created_at: Mapped[datetime]


class SealedKeyRow(Base):
    """A private key sealed by the envelope encryption: never plaintext.

    No foreign key on ``organisation_id``: the key store may write before the organisation's
    own row commits, and the seal's associated data already binds the blob to it.
    """

    __tablename__ = "sealed_keys"
    __table_args__ = (Index("ix_sealed_keys_organisation_id", "organisation_id"),)

    key_id: Mapped[UUID] = mapped_column(primary_key=True)
    organisation_id: Mapped[UUID]
    blob: Mapped[bytes]


# --- status lists and credentials --------------------------------------------------------


class StatusListRow(Base):
    __tablename__ = "status_lists"
    __table_args__ = (
        CheckConstraint("allocated >= 0 AND allocated <= length", name="allocated_in_range"),
        Index(
            "ix_status_lists_organisation_id_purpose_created_at",
            "organisation_id",
            "purpose",
            "created_at",
        ),
    )

    id: Mapped[UUID] = mapped_column(primary_key=True)
    organisation_id: Mapped[UUID] = mapped_column(ForeignKey("organisations.id"))
    purpose: Mapped[str]
    length: Mapped[int]
    seed: Mapped[bytes]
    allocated: Mapped[int]
    bits: Mapped[bytes]
    revision: Mapped[int]
    updated_at: Mapped[datetime]
    created_at: Mapped[datetime]
    """Not part of the record: the first ``updated_at``, so "the newest list" has a meaning."""


class CredentialRow(Base):
    __tablename__ = "credentials"
    __table_args__ = (
        UniqueConstraint("credential_id"),
        UniqueConstraint("public_token"),
        UniqueConstraint("status_list_id", "status_index"),
        UniqueConstraint("job_id", "job_row"),
        # one index per listing the repository makes, each ending in the "newest first" key
        Index("ix_credentials_organisation_id_issued_at", "organisation_id", "issued_at"),
        Index(
            "ix_credentials_organisation_id_recipient",
            "organisation_id",
            "recipient",
            "issued_at",
        ),
        Index("ix_credentials_organisation_id_state", "organisation_id", "state", "issued_at"),
        Index(
            "ix_credentials_achievement_version_id_issued_at",
            "achievement_version_id",
            "issued_at",
        ),
        Index("ix_credentials_learner_id", "learner_id"),
        CheckConstraint("format IN ('json', 'jws')", name="format_known"),
    )

    id: Mapped[UUID] = mapped_column(primary_key=True)
    organisation_id: Mapped[UUID] = mapped_column(ForeignKey("organisations.id"))
    achievement_version_id: Mapped[UUID] = mapped_column(ForeignKey("achievement_versions.id"))
    credential_id: Mapped[str]
    public_token: Mapped[str]
    recipient: Mapped[str]
    learner_id: Mapped[UUID | None] = mapped_column(ForeignKey("learners.id"))
    suite: Mapped[str]
    format: Mapped[str]
    """``json`` (``document`` is the JSON text of the signed object) or ``jws`` (compact)."""
    document: Mapped[str] = mapped_column(Text)
    """Kept as text, so the signed document comes back exactly as it was written."""
    status_list_id: Mapped[UUID] = mapped_column(ForeignKey("status_lists.id"))
    status_index: Mapped[int]
    state: Mapped[str]
    state_reason: Mapped[str | None]
    issued_at: Mapped[datetime]
    state_changed_at: Mapped[datetime | None]
    job_id: Mapped[UUID | None] = mapped_column(ForeignKey("bulk_jobs.id"))
    job_row: Mapped[int | None]


# --- bulk issuance and audit ---------------------------------------------------------------


class BulkJobRow(Base):
    __tablename__ = "bulk_jobs"
    __table_args__ = (
        # NULL keys never clash, so jobs submitted without one are not limited
        UniqueConstraint("organisation_id", "idempotency_key"),
        Index("ix_bulk_jobs_organisation_id_created_at", "organisation_id", "created_at"),
        Index("ix_bulk_jobs_achievement_version_id", "achievement_version_id"),
    )

    id: Mapped[UUID] = mapped_column(primary_key=True)
    organisation_id: Mapped[UUID] = mapped_column(ForeignKey("organisations.id"))
    achievement_version_id: Mapped[UUID] = mapped_column(ForeignKey("achievement_versions.id"))
    idempotency_key: Mapped[str | None]
    suite: Mapped[str]
    state: Mapped[str]
    total: Mapped[int]
    chunk_size: Mapped[int]
    created_at: Mapped[datetime]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    created_by: Mapped[str | None]


class BulkRowRow(Base):
    __tablename__ = "bulk_rows"
    __table_args__ = (
        PrimaryKeyConstraint("job_id", "row"),
        ForeignKeyConstraint(["job_id"], ["bulk_jobs.id"]),
        ForeignKeyConstraint(["credential_id"], ["credentials.id"]),
        Index("ix_bulk_rows_credential_id", "credential_id"),
    )

    job_id: Mapped[UUID]
    row: Mapped[int]
    data: Mapped[dict[str, Any]]
    state: Mapped[str]
    credential_id: Mapped[UUID | None]
    """The :class:`CredentialRow` ``id`` (not its ``credential_id`` URN)."""
    error_code: Mapped[str | None]
    error_message: Mapped[str | None]


class AuditEventRow(Base):
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_organisation_id_at", "organisation_id", "at"),)

    id: Mapped[UUID] = mapped_column(primary_key=True)
    organisation_id: Mapped[UUID | None] = mapped_column(ForeignKey("organisations.id"))
    actor: Mapped[str]
    action: Mapped[str]
    object_type: Mapped[str]
    object_id: Mapped[str]
    at: Mapped[datetime]
    details: Mapped[dict[str, Any]]


__all__ = [
    "NAMING_CONVENTION",
    "AchievementVersionRow",
    "ApiTokenRow",
    "AuditEventRow",
    "Base",
    "BulkJobRow",
    "BulkRowRow",
    "CredentialRow",
    "LearnerRow",
    "MembershipRow",
    "OrganisationRow",
    "SealedKeyRow",
    "SigningKeyRow",
    "StatusListRow",
    "UserRow",
]
