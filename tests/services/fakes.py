"""In-memory doubles of the service ports: a unit of work over plain dicts, and a key store.

They keep the contract of ``credstack.services.ports``: tenant-scoped reads, uniqueness
raising :class:`ConflictError`, and nothing visible to other units of work before commit
(each unit of work works on a snapshot of the shared :class:`FakeDatabase`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from types import TracebackType
from typing import Any, Self, TypeVar
from uuid import UUID

from credstack.core.errors import ErrorCode
from credstack.services.errors import ConflictError, KeyStoreError
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
    RowState,
    SigningKeyRecord,
    StatusListRecord,
    User,
)

T = TypeVar("T")
TABLES = (
    "organisations",
    "users",
    "memberships",
    "learners",
    "tokens",
    "achievements",
    "keys",
    "status_lists",
    "credentials",
    "jobs",
    "rows",
    "audit",
)


class FakeDatabase:
    """The committed state: one dict per table."""

    def __init__(self) -> None:
        self.tables: dict[str, dict[Any, Any]] = {name: {} for name in TABLES}
        self.commits = 0

    def snapshot(self) -> dict[str, dict[Any, Any]]:
        return {name: dict(rows) for name, rows in self.tables.items()}


def _unique(
    rows: Iterable[T], new: T, *fields: str, what: str, code: ErrorCode | None = None
) -> None:
    key = tuple(getattr(new, f) for f in fields)
    if None in key:
        return
    for row in rows:
        if tuple(getattr(row, f) for f in fields) == key:
            raise ConflictError(
                f"{what} already exists ({', '.join(fields)} = {key})",
                code=code or ErrorCode.ALREADY_EXISTS,
            )


class _Repo:
    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    def _t(self, name: str) -> dict[Any, Any]:
        return self._uow.state[name]


class FakeOrganisations(_Repo):
    def add(self, organisation: Organisation) -> None:
        rows = self._t("organisations")
        _unique(rows.values(), organisation, "id", what="organisation")
        _unique(rows.values(), organisation, "slug", what="organisation")
        rows[organisation.id] = organisation

    def update(self, organisation: Organisation) -> None:
        rows = self._t("organisations")
        stored = rows[organisation.id]
        rows[organisation.id] = dataclasses.replace(
            stored,
            name=organisation.name,
            profile=organisation.profile,
            country=organisation.country,
        )

    def get(self, organisation_id: UUID) -> Organisation | None:
        return self._t("organisations").get(organisation_id)

    def by_slug(self, slug: str) -> Organisation | None:
        return next((o for o in self._t("organisations").values() if o.slug == slug), None)

    def every(self) -> list[Organisation]:
        return sorted(self._t("organisations").values(), key=lambda o: o.slug)


class FakeUsers(_Repo):
    def add(self, user: User) -> None:
        rows = self._t("users")
        user = dataclasses.replace(user, email=user.email.lower())
        _unique(rows.values(), user, "id", what="user")
        _unique(rows.values(), user, "email", what="user")
        rows[user.id] = user

    def get(self, user_id: UUID) -> User | None:
        return self._t("users").get(user_id)

    def by_email(self, email: str) -> User | None:
        return next((u for u in self._t("users").values() if u.email == email.lower()), None)

    def add_membership(self, membership: Membership) -> None:
        rows = self._t("memberships")
        key = (membership.user_id, membership.organisation_id)
        if key in rows:
            raise ConflictError(f"membership already exists {key}")
        rows[key] = membership

    def membership(self, user_id: UUID, organisation_id: UUID) -> Membership | None:
        return self._t("memberships").get((user_id, organisation_id))

    def memberships(self, user_id: UUID) -> list[Membership]:
        return [m for (u, _), m in self._t("memberships").items() if u == user_id]


class FakeLearners(_Repo):
    def add(self, learner: Learner) -> None:
        rows = self._t("learners")
        if learner.email is not None:
            learner = dataclasses.replace(learner, email=learner.email.lower())
        _unique(rows.values(), learner, "id", what="learner")
        _unique(rows.values(), learner, "email", what="learner")
        rows[learner.id] = learner

    def get(self, learner_id: UUID) -> Learner | None:
        return self._t("learners").get(learner_id)

    def by_email(self, email: str) -> Learner | None:
        return next((x for x in self._t("learners").values() if x.email == email.lower()), None)


class FakeTokens(_Repo):
    def add(self, token: ApiToken) -> None:
        rows = self._t("tokens")
        _unique(rows.values(), token, "id", what="API token")
        _unique(rows.values(), token, "token_hash", what="API token")
        rows[token.id] = token

    def by_hash(self, token_hash: str) -> ApiToken | None:
        return next((t for t in self._t("tokens").values() if t.token_hash == token_hash), None)

    def for_organisation(self, organisation_id: UUID) -> list[ApiToken]:
        tokens = self._t("tokens").values()
        return sorted(
            (t for t in tokens if t.organisation_id == organisation_id), key=lambda t: t.created_at
        )

    def revoke(self, organisation_id: UUID, token_id: UUID, at: datetime) -> bool:
        token = self._t("tokens").get(token_id)
        if token is None or token.organisation_id != organisation_id:
            return False
        if token.revoked_at is None:  # the first revocation time is kept, as in the store
            self._t("tokens")[token_id] = dataclasses.replace(token, revoked_at=at)
        return True


class FakeAchievements(_Repo):
    def add_version(self, version: AchievementVersion) -> None:
        rows = self._t("achievements")
        _unique(rows.values(), version, "id", what="achievement version")
        _unique(rows.values(), version, "achievement_id", "version", what="achievement version")
        _unique(
            rows.values(), version, "organisation_id", "slug", "version", what="achievement version"
        )
        rows[version.id] = version

    def _mine(self, organisation_id: UUID) -> list[AchievementVersion]:
        return [v for v in self._t("achievements").values() if v.organisation_id == organisation_id]

    def version(self, organisation_id: UUID, version_id: UUID) -> AchievementVersion | None:
        return next((v for v in self._mine(organisation_id) if v.id == version_id), None)

    def latest(self, organisation_id: UUID, achievement_id: UUID) -> AchievementVersion | None:
        versions = self.versions(organisation_id, achievement_id)
        return versions[-1] if versions else None

    def latest_by_slug(self, organisation_id: UUID, slug: str) -> AchievementVersion | None:
        versions = sorted(
            (v for v in self._mine(organisation_id) if v.slug == slug), key=lambda v: v.version
        )
        return versions[-1] if versions else None

    def versions(self, organisation_id: UUID, achievement_id: UUID) -> list[AchievementVersion]:
        return sorted(
            (v for v in self._mine(organisation_id) if v.achievement_id == achievement_id),
            key=lambda v: v.version,
        )

    def list_latest(self, organisation_id: UUID) -> list[AchievementVersion]:
        latest: dict[UUID, AchievementVersion] = {}
        for v in self._mine(organisation_id):
            if v.achievement_id not in latest or latest[v.achievement_id].version < v.version:
                latest[v.achievement_id] = v
        return sorted(latest.values(), key=lambda v: v.slug)


class FakeKeys(_Repo):
    def add(self, key: SigningKeyRecord) -> None:
        rows = self._t("keys")
        _unique(rows.values(), key, "id", what="signing key")
        _unique(rows.values(), key, "organisation_id", "fragment", what="signing key")
        rows[key.id] = key

    def history(self, organisation_id: UUID) -> list[SigningKeyRecord]:
        keys = (k for k in self._t("keys").values() if k.organisation_id == organisation_id)
        return sorted(keys, key=lambda k: (k.valid_from, k.created_at))

    def active(self, organisation_id: UUID, at: datetime) -> SigningKeyRecord | None:
        valid = [
            k
            for k in self.history(organisation_id)
            if k.valid_from <= at and (k.valid_until is None or at < k.valid_until)
        ]
        return valid[-1] if valid else None

    def end_validity(self, organisation_id: UUID, key_id: UUID, at: datetime) -> None:
        key = self._t("keys").get(key_id)
        if key is not None and key.organisation_id == organisation_id:
            self._t("keys")[key_id] = dataclasses.replace(key, valid_until=at)


class FakeStatusLists(_Repo):
    def add(self, status_list: StatusListRecord) -> None:
        rows = self._t("status_lists")
        _unique(rows.values(), status_list, "id", what="status list")
        rows[status_list.id] = status_list

    def get(self, list_id: UUID) -> StatusListRecord | None:
        return self._t("status_lists").get(list_id)

    def current(self, organisation_id: UUID, purpose: str) -> StatusListRecord | None:
        lists = [
            s
            for s in self._t("status_lists").values()
            if s.organisation_id == organisation_id
            and s.purpose == purpose
            and s.allocated < s.length
        ]
        return max(lists, key=lambda s: s.updated_at, default=None)

    def reserve(self, list_id: UUID, count: int) -> tuple[int, int]:
        record: StatusListRecord = self._t("status_lists")[list_id]
        start = record.allocated
        stop = min(record.length, start + count)
        self._t("status_lists")[list_id] = dataclasses.replace(record, allocated=stop)
        return start, stop

    def set_bit(self, list_id: UUID, index: int, value: bool, at: datetime) -> int:
        record: StatusListRecord = self._t("status_lists")[list_id]
        bits = bytearray(record.bits)
        mask = 0x80 >> (index % 8)  # the Bitstring Status List's first bit is the leftmost
        bits[index // 8] = (bits[index // 8] | mask) if value else (bits[index // 8] & ~mask)
        updated = dataclasses.replace(
            record, bits=bytes(bits), revision=record.revision + 1, updated_at=at
        )
        self._t("status_lists")[list_id] = updated
        return updated.revision


class FakeCredentials(_Repo):
    def add(self, credential: CredentialRecord) -> None:
        rows = self._t("credentials")
        for fields in (
            ("id",),
            ("credential_id",),
            ("public_token",),
            ("status_list_id", "status_index"),
            ("job_id", "job_row"),
        ):
            _unique(rows.values(), credential, *fields, what="credential")
        rows[credential.id] = credential

    def add_many(self, credentials: Sequence[CredentialRecord]) -> None:
        snapshot = dict(self._t("credentials"))
        try:
            for credential in credentials:
                self.add(credential)
        except ConflictError:
            self._uow.state["credentials"] = snapshot
            raise

    def get(self, organisation_id: UUID, record_id: UUID) -> CredentialRecord | None:
        record = self._t("credentials").get(record_id)
        return record if record is not None and record.organisation_id == organisation_id else None

    def by_public_token(self, token: str) -> CredentialRecord | None:
        return next((c for c in self._t("credentials").values() if c.public_token == token), None)

    def by_credential_id(
        self, organisation_id: UUID, credential_id: str
    ) -> CredentialRecord | None:
        return next(
            (
                c
                for c in self._t("credentials").values()
                if c.credential_id == credential_id and c.organisation_id == organisation_id
            ),
            None,
        )

    def _matching(
        self,
        organisation_id: UUID,
        achievement_id: UUID | None,
        recipient: str | None,
        state: CredentialState | None,
        job_id: UUID | None,
    ) -> list[CredentialRecord]:
        versions = (
            {v.id for v in self._t("achievements").values() if v.achievement_id == achievement_id}
            if achievement_id is not None
            else None
        )
        found = [
            c
            for c in self._t("credentials").values()
            if c.organisation_id == organisation_id
            and (versions is None or c.achievement_version_id in versions)
            and (recipient is None or c.recipient == recipient)
            and (state is None or c.state == state)
            and (job_id is None or c.job_id == job_id)
        ]
        return sorted(found, key=lambda c: (c.issued_at, str(c.id)), reverse=True)

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
        found = self._matching(organisation_id, achievement_id, recipient, state, job_id)
        return found[offset : offset + limit]

    def count(
        self,
        organisation_id: UUID,
        *,
        achievement_id: UUID | None = None,
        recipient: str | None = None,
        state: CredentialState | None = None,
        job_id: UUID | None = None,
    ) -> int:
        return len(self._matching(organisation_id, achievement_id, recipient, state, job_id))

    def set_state(
        self,
        organisation_id: UUID,
        record_id: UUID,
        state: CredentialState,
        reason: str | None,
        at: datetime,
    ) -> None:
        record = self.get(organisation_id, record_id)
        if record is not None:
            self._t("credentials")[record_id] = dataclasses.replace(
                record, state=state, state_reason=reason, state_changed_at=at
            )

    def for_job_rows(self, job_id: UUID, rows: Sequence[int]) -> dict[int, CredentialRecord]:
        wanted = set(rows)
        return {
            c.job_row: c
            for c in self._t("credentials").values()
            if c.job_id == job_id and c.job_row in wanted
        }


class FakeJobs(_Repo):
    def add(self, job: BulkJob, rows: Sequence[BulkRow]) -> None:
        jobs = self._t("jobs")
        _unique(jobs.values(), job, "id", what="bulk job")
        _unique(
            jobs.values(),
            job,
            "organisation_id",
            "idempotency_key",
            what="bulk job",
            code=ErrorCode.IDEMPOTENCY_CONFLICT,
        )
        jobs[job.id] = job
        for row in rows:
            if (row.job_id, row.row) in self._t("rows"):
                raise ConflictError(f"row {row.row} of job {row.job_id} already exists")
            self._t("rows")[(row.job_id, row.row)] = row

    def get(self, organisation_id: UUID, job_id: UUID) -> BulkJob | None:
        job = self._t("jobs").get(job_id)
        return job if job is not None and job.organisation_id == organisation_id else None

    def get_any(self, job_id: UUID) -> BulkJob | None:
        return self._t("jobs").get(job_id)

    def by_idempotency_key(self, organisation_id: UUID, key: str) -> BulkJob | None:
        return next(
            (
                j
                for j in self._t("jobs").values()
                if j.organisation_id == organisation_id and j.idempotency_key == key
            ),
            None,
        )

    def recent(self, organisation_id: UUID, limit: int = 50) -> list[BulkJob]:
        jobs = [j for j in self._t("jobs").values() if j.organisation_id == organisation_id]
        return sorted(jobs, key=lambda j: j.created_at, reverse=True)[:limit]

    def rows(self, job_id: UUID, start: int, stop: int) -> list[BulkRow]:
        table = self._t("rows")
        return [table[(job_id, i)] for i in range(start, stop) if (job_id, i) in table]

    def finish_rows(self, job_id: UUID, outcomes: Sequence[BulkRow]) -> None:
        for outcome in outcomes:
            self._t("rows")[(job_id, outcome.row)] = outcome

    def progress(self, job_id: UUID) -> JobProgress:
        job: BulkJob = self._t("jobs")[job_id]
        rows = [r for (j, _), r in self._t("rows").items() if j == job_id]
        return JobProgress(
            total=job.total,
            done=sum(1 for r in rows if r.state is RowState.DONE),
            failed=sum(1 for r in rows if r.state is RowState.FAILED),
            started_at=job.started_at,
            finished_at=job.finished_at,
        )

    def set_state(self, job_id: UUID, state: JobState, at: datetime) -> None:
        job: BulkJob = self._t("jobs")[job_id]
        changes: dict[str, Any] = {"state": state}
        if state is JobState.RUNNING and job.started_at is None:
            changes["started_at"] = at
        if state in (JobState.DONE, JobState.CANCELLED):
            changes["finished_at"] = at
        self._t("jobs")[job_id] = dataclasses.replace(job, **changes)

    def claim_rows(self, job_id: UUID, start: int, stop: int) -> list[BulkRow]:
        return [r for r in self.rows(job_id, start, stop) if r.state is RowState.PENDING]


class FakeAudit(_Repo):
    def add(self, event: AuditEvent) -> None:
        self._t("audit")[event.id] = event

    def recent(self, organisation_id: UUID, limit: int = 100) -> list[AuditEvent]:
        events = [e for e in self._t("audit").values() if e.organisation_id == organisation_id]
        return sorted(events, key=lambda e: e.at, reverse=True)[:limit]


class FakeUnitOfWork:
    """A unit of work over a :class:`FakeDatabase` (a fresh one unless given)."""

    def __init__(self, database: FakeDatabase | None = None) -> None:
        self.database = database if database is not None else FakeDatabase()
        self.state = self.database.snapshot()
        self.committed = False
        self.organisations = FakeOrganisations(self)
        self.users = FakeUsers(self)
        self.learners = FakeLearners(self)
        self.tokens = FakeTokens(self)
        self.achievements = FakeAchievements(self)
        self.keys = FakeKeys(self)
        self.status_lists = FakeStatusLists(self)
        self.credentials = FakeCredentials(self)
        self.jobs = FakeJobs(self)
        self.audit = FakeAudit(self)

    def __enter__(self) -> Self:
        self.state = self.database.snapshot()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.rollback()

    def commit(self) -> None:
        self.database.tables = {name: dict(rows) for name, rows in self.state.items()}
        self.database.commits += 1
        self.committed = True

    def rollback(self) -> None:
        self.state = self.database.snapshot()


def fake_uow_factory(database: FakeDatabase | None = None) -> Callable[[], FakeUnitOfWork]:
    """A factory of units of work sharing one :class:`FakeDatabase`."""
    shared = database if database is not None else FakeDatabase()
    return lambda: FakeUnitOfWork(shared)


class FakeKeyStore:
    """Keeps secrets in a dict, keyed by (key id, organisation id) — no encryption."""

    def __init__(self) -> None:
        self.secrets: dict[tuple[UUID, UUID], bytes] = {}
        self.gets = 0

    def put(self, key_id: UUID, organisation_id: UUID, secret: bytes) -> None:
        self.secrets[(key_id, organisation_id)] = secret

    def get(self, key_id: UUID, organisation_id: UUID) -> bytes:
        self.gets += 1
        try:
            return self.secrets[(key_id, organisation_id)]
        except KeyError:
            raise KeyStoreError(f"no key {key_id} for organisation {organisation_id}") from None
