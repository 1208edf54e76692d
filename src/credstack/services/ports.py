"""The ports the use cases talk through: repositories in a unit of work, the key store, the
task queue. ``credstack.store`` and ``credstack.adapters`` implement them; tests may use the
in-memory doubles in ``tests/services/fakes.py``.

Rules every implementation keeps:

- Every read that takes an ``organisation_id`` returns only that organisation's objects:
  another tenant's object is reported exactly like a missing one (``None``).
- Uniqueness is enforced by the store (database constraints), not by checking first: a write
  that breaks it raises :class:`~credstack.services.errors.ConflictError`, and the unit of
  work is then unusable until rolled back.
- Nothing is visible to other units of work before :meth:`UnitOfWork.commit`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self
from uuid import UUID

from credstack.services.records import (
    AchievementVersion,
    ApiToken,
    AuditEvent,
    BulkJob,
    BulkRow,
    CredentialRecord,
    CredentialState,
    JobProgress,
    JobState,
    Learner,
    Membership,
    Organisation,
    SigningKeyRecord,
    StatusListRecord,
    User,
)


class OrganisationRepository(Protocol):
    def add(self, organisation: Organisation) -> None: ...
    def update(self, organisation: Organisation) -> None:
        """Write its name, profile and country; slug, kind and DID never change."""
        ...

    def get(self, organisation_id: UUID) -> Organisation | None: ...
    def by_slug(self, slug: str) -> Organisation | None: ...
    def every(self) -> list[Organisation]: ...


class UserRepository(Protocol):
    def add(self, user: User) -> None: ...
    def get(self, user_id: UUID) -> User | None: ...
    def by_email(self, email: str) -> User | None:
        """Case-insensitive: e-mail addresses are stored lower-cased."""
        ...

    def add_membership(self, membership: Membership) -> None: ...
    def membership(self, user_id: UUID, organisation_id: UUID) -> Membership | None: ...
    def memberships(self, user_id: UUID) -> list[Membership]: ...


class LearnerRepository(Protocol):
    def add(self, learner: Learner) -> None: ...
    def get(self, learner_id: UUID) -> Learner | None: ...
    def by_email(self, email: str) -> Learner | None: ...


class TokenRepository(Protocol):
    def add(self, token: ApiToken) -> None: ...
    def by_hash(self, token_hash: str) -> ApiToken | None: ...
    def for_organisation(self, organisation_id: UUID) -> list[ApiToken]: ...
    def revoke(self, organisation_id: UUID, token_id: UUID, at: datetime) -> bool:
        """Mark the token revoked; False when the organisation has no such token."""
        ...


class AchievementRepository(Protocol):
    def add_version(self, version: AchievementVersion) -> None:
        """Unique per ``(achievement_id, version)`` and per ``(organisation_id, slug, version)``."""
        ...

    def version(self, organisation_id: UUID, version_id: UUID) -> AchievementVersion | None: ...
    def latest(self, organisation_id: UUID, achievement_id: UUID) -> AchievementVersion | None: ...
    def latest_by_slug(self, organisation_id: UUID, slug: str) -> AchievementVersion | None: ...
    def versions(self, organisation_id: UUID, achievement_id: UUID) -> list[AchievementVersion]:
        """Oldest first."""
        ...

    def list_latest(self, organisation_id: UUID) -> list[AchievementVersion]:
        """The latest version of each of the organisation's achievements, by slug."""
        ...


class KeyRepository(Protocol):
    def add(self, key: SigningKeyRecord) -> None: ...
    def history(self, organisation_id: UUID) -> list[SigningKeyRecord]:
        """Every key the organisation has had, oldest first."""
        ...

    def active(self, organisation_id: UUID, at: datetime) -> SigningKeyRecord | None:
        """The newest key valid at ``at``."""
        ...

    def end_validity(self, organisation_id: UUID, key_id: UUID, at: datetime) -> None: ...


class StatusListRepository(Protocol):
    def add(self, status_list: StatusListRecord) -> None: ...
    def get(self, list_id: UUID) -> StatusListRecord | None:
        """Any organisation's list: status lists are public documents."""
        ...

    def current(self, organisation_id: UUID, purpose: str) -> StatusListRecord | None:
        """The organisation's newest list of ``purpose`` that still has free positions."""
        ...

    def reserve(self, list_id: UUID, count: int) -> tuple[int, int]:
        """Atomically take up to ``count`` free positions of the list's permutation.

        Returns ``(start, stop)``: positions ``start`` to ``stop - 1`` now belong to the
        caller (``stop - start`` may be fewer than ``count``, and 0 when the list is full).
        Concurrent callers never get overlapping ranges.
        """
        ...

    def set_bit(self, list_id: UUID, index: int, value: bool, at: datetime) -> int:
        """Set or clear one bit atomically (no lost update under concurrency); returns the
        new revision."""
        ...


class CredentialRepository(Protocol):
    def add(self, credential: CredentialRecord) -> None:
        """Unique per ``credential_id``, ``public_token``, ``(status_list_id, status_index)``
        and ``(job_id, job_row)``."""
        ...

    def add_many(self, credentials: Sequence[CredentialRecord]) -> None: ...
    def get(self, organisation_id: UUID, record_id: UUID) -> CredentialRecord | None: ...
    def by_public_token(self, token: str) -> CredentialRecord | None: ...
    def by_credential_id(
        self, organisation_id: UUID, credential_id: str
    ) -> CredentialRecord | None: ...
    def search(
        self,
        organisation_id: UUID,
        *,
        achievement_id: UUID | None = None,
        recipient: str | None = None,
        state: CredentialState | None = None,
        job_id: UUID | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[CredentialRecord]:
        """Newest first."""
        ...

    def count(
        self,
        organisation_id: UUID,
        *,
        achievement_id: UUID | None = None,
        recipient: str | None = None,
        state: CredentialState | None = None,
        job_id: UUID | None = None,
    ) -> int: ...

    def set_state(
        self,
        organisation_id: UUID,
        record_id: UUID,
        state: CredentialState,
        reason: str | None,
        at: datetime,
    ) -> None: ...

    def for_job_rows(self, job_id: UUID, rows: Sequence[int]) -> dict[int, CredentialRecord]:
        """The credentials already issued for these rows of a job, by row."""
        ...


class JobRepository(Protocol):
    def add(self, job: BulkJob, rows: Sequence[BulkRow]) -> None: ...
    def get(self, organisation_id: UUID, job_id: UUID) -> BulkJob | None: ...
    def get_any(self, job_id: UUID) -> BulkJob | None:
        """For workers, which act for whichever organisation the job belongs to."""
        ...

    def by_idempotency_key(self, organisation_id: UUID, key: str) -> BulkJob | None: ...
    def recent(self, organisation_id: UUID, limit: int = 50) -> list[BulkJob]: ...
    def rows(self, job_id: UUID, start: int, stop: int) -> list[BulkRow]:
        """Rows ``start`` to ``stop - 1``, in order."""
        ...

    def finish_rows(self, job_id: UUID, outcomes: Sequence[BulkRow]) -> None:
        """Record the final state (done with credential, or failed with error) of rows."""
        ...

    def progress(self, job_id: UUID) -> JobProgress: ...
    def set_state(self, job_id: UUID, state: JobState, at: datetime) -> None: ...
    def claim_rows(self, job_id: UUID, start: int, stop: int) -> list[BulkRow]:
        """Lock rows ``start``..``stop - 1`` for this unit of work (``FOR UPDATE`` where the
        database has it) and return those still ``pending``."""
        ...


class AuditRepository(Protocol):
    def add(self, event: AuditEvent) -> None: ...
    def recent(self, organisation_id: UUID, limit: int = 100) -> list[AuditEvent]:
        """Newest first."""
        ...


class UnitOfWork(Protocol):
    """One transaction over every repository."""

    organisations: OrganisationRepository
    users: UserRepository
    learners: LearnerRepository
    tokens: TokenRepository
    achievements: AchievementRepository
    keys: KeyRepository
    status_lists: StatusListRepository
    credentials: CredentialRepository
    jobs: JobRepository
    audit: AuditRepository

    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Roll back whatever was not committed."""
        ...

    def commit(self) -> None: ...
    def rollback(self) -> None: ...


UnitOfWorkFactory = Callable[[], UnitOfWork]


class KeyStore(Protocol):
    """Keeps private key material sealed (envelope encryption under a master key)."""

    def put(self, key_id: UUID, organisation_id: UUID, secret: bytes) -> None: ...
    def get(self, key_id: UUID, organisation_id: UUID) -> bytes:
        """The secret; :class:`~credstack.services.errors.KeyStoreError` when it is missing
        or cannot be unsealed (wrong master key, tampered blob, other organisation)."""
        ...


class TaskQueue(Protocol):
    """Runs the chunks of a bulk job somewhere: in this process, or on worker machines."""

    def enqueue_job(self, uow: UnitOfWork, job: BulkJob, chunks: int) -> None:
        """Schedule every chunk of ``job``. Implementations that can (procrastinate) enqueue
        inside ``uow``'s transaction, so the job and its tasks commit or vanish together."""
        ...


__all__ = [
    "AchievementRepository",
    "AuditRepository",
    "CredentialRepository",
    "JobRepository",
    "KeyRepository",
    "KeyStore",
    "LearnerRepository",
    "OrganisationRepository",
    "StatusListRepository",
    "TaskQueue",
    "TokenRepository",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "UserRepository",
]
