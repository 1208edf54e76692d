"""Bulk issuance: one achievement to many recipients, as a job of chunks run by a task queue.

:func:`submit_job` stores the job — the latest version of the achievement, pinned — and one
row per recipient, then asks the :class:`~credstack.services.ports.TaskQueue` to schedule its
chunks (``config.bulk_chunk_size`` rows each) in the same unit of work. Rows are checked
against the request rules up front; a bad row does not refuse the job, it is stored as failed
with the reason, and the other rows are issued.

:func:`run_chunk` issues one chunk **exactly once**, however often the queue runs it (after a
crash, a retry, or two workers at once). One transaction claims the chunk's pending rows
(locking them), issues them, records each row's outcome and updates the job; a crash before
the commit leaves nothing behind, and after the commit the rows are no longer pending, so a
later attempt finds nothing to do. Credentials carry their ``(job_id, job_row)``, unique in the
store: should two attempts still race past the locks, the second fails to commit and leaves
the chunk to the first.

:func:`cancel_job` stops a job's remaining chunks. :func:`job_status` (progress, rate, time
left) and :func:`job_results` (every row's outcome, a page at a time) live in
:mod:`credstack.services.bulk_views` and are re-exported here.

Rows arrive as JSON objects (the shape of :mod:`credstack.services.issue_request`) or as CSV
(:func:`~credstack.services.bulk_csv.parse_csv_rows`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from credstack.core.errors import CredstackError, ErrorCode
from credstack.core.issuing import SignatureSuite
from credstack.services.audit import record_event
from credstack.services.bulk_csv import MAX_ROWS, parse_csv_rows
from credstack.services.bulk_views import JobView, find_job, job_results, job_status
from credstack.services.config import ServiceConfig
from credstack.services.errors import ConflictError, InvalidRequestError, NotFoundError
from credstack.services.issue_request import IssueRequest, parse_issue_request
from credstack.services.issuing import issue_batch
from credstack.services.ports import KeyStore, TaskQueue, UnitOfWork, UnitOfWorkFactory
from credstack.services.principal import Principal
from credstack.services.records import (
    BulkJob,
    BulkRow,
    CredentialRecord,
    JobState,
    Permission,
    RowState,
)
from credstack.services.status_allocation import StatusSlot, allocate_status_slots

COMPARE_PAGE = 1_000
"""Rows read at a time when comparing a request with the job its idempotency key names."""
MAX_IDEMPOTENCY_KEY = 255
FINISHED = (JobState.DONE, JobState.CANCELLED)
_IDEMPOTENCY_KEY = re.compile(r"\A[\x21-\x7e]{1,255}\Z")


def chunk_count(job: BulkJob) -> int:
    """How many chunks ``job`` has (the last one may be short)."""
    return -(-job.total // job.chunk_size)


def submit_job(
    uow: UnitOfWork,
    task_queue: TaskQueue,
    config: ServiceConfig,
    principal: Principal,
    *,
    achievement_id: UUID,
    rows: Sequence[Mapping[str, Any]],
    suite: SignatureSuite | str | None = None,
    idempotency_key: str | None = None,
    now: datetime,
) -> tuple[BulkJob, bool]:
    """Store a bulk job and schedule its chunks; returns the job and whether it is new.

    With an ``idempotency_key`` that already names a job of the organisation, that job is
    returned (``False``) when the request is the same (achievement, suite and rows), and
    :class:`ConflictError` (``IDEMPOTENCY_CONFLICT``) is raised when it differs. Needs
    :attr:`Permission.ISSUE`; raises :class:`NotFoundError` for an unknown achievement and
    :class:`InvalidRequestError` for no rows, too many, a row that is not an object, or a bad
    suite or key. The caller commits ``uow``; two submissions with one key at the same moment
    meet at the store's unique key, and the later gets ``IDEMPOTENCY_CONFLICT`` there (its
    retry then finds the job).
    """
    principal.require(Permission.ISSUE)
    key = _idempotency_key(idempotency_key)
    chosen = _suite(suite, config)
    _check_rows(rows)
    organisation_id = principal.organisation_id
    version = uow.achievements.latest(organisation_id, achievement_id)
    if version is None:
        raise NotFoundError(f"no achievement {achievement_id}", achievement_id=str(achievement_id))
    if key is not None:
        existing = uow.jobs.by_idempotency_key(organisation_id, key)
        if existing is not None:
            if _same_request(uow, existing, achievement_id, chosen, rows):
                return existing, False
            raise ConflictError(
                f"the idempotency key {key!r} was used for a different request (job "
                f"{existing.id}); use a new key for a new job",
                code=ErrorCode.IDEMPOTENCY_CONFLICT,
                job_id=str(existing.id),
            )
    job_id = uuid4()
    stored = [_checked_row(job_id, number, row) for number, row in enumerate(rows)]
    pending = sum(1 for row in stored if row.state is RowState.PENDING)
    job = BulkJob(
        id=job_id,
        organisation_id=organisation_id,
        achievement_version_id=version.id,
        idempotency_key=key,
        suite=chosen.value,
        # a job whose every row broke the request rules has nothing left to do
        state=JobState.QUEUED if pending else JobState.DONE,
        total=len(stored),
        chunk_size=config.bulk_chunk_size,
        created_at=now,
        started_at=None if pending else now,
        finished_at=None if pending else now,
        created_by=principal.actor,
    )
    uow.jobs.add(job, stored)
    if pending:
        task_queue.enqueue_job(uow, job, chunk_count(job))
    record_event(
        uow,
        organisation_id=organisation_id,
        actor=principal.actor,
        action="bulk_job.submitted",
        object_type="bulk_job",
        object_id=job_id,
        at=now,
        details={
            "achievement_id": str(achievement_id),
            "version": version.version,
            "suite": chosen.value,
            "rows": job.total,
            "invalid_rows": job.total - pending,
        },
    )
    return job, True


def run_chunk(
    uow_factory: UnitOfWorkFactory,
    key_store: KeyStore,
    config: ServiceConfig,
    job_id: UUID,
    chunk: int,
    *,
    now: Callable[[], datetime],
) -> None:
    """Issue the pending rows of chunk ``chunk`` of a job, exactly once (module docstring).

    Safe to call any number of times, concurrently too. Raises what is not a row's fault (the
    database is unreachable, the signing key cannot be unsealed): the queue retries later,
    and nothing of the failed attempt remains.
    """
    reserved = _reserve_ahead(uow_factory, config, job_id, chunk, now)
    try:
        with uow_factory() as uow:
            wrote, complete = _run_chunk_in(uow, key_store, config, job_id, chunk, now, reserved)
            uow.commit()
    except ConflictError:
        # another attempt at this chunk committed its credentials first (the unique
        # (job_id, job_row)); ours is rolled back. Only if rows are still pending is
        # something really wrong: then let the queue retry.
        if _chunk_has_pending_rows(uow_factory, job_id, chunk):
            raise
        return
    if wrote and not complete:
        # Concurrent chunks commit in any order and may each miss the others' rows; once
        # committed, a second look sees every chunk committed before it, so the last chunk
        # to commit always sees the job complete.
        _finish_if_complete(uow_factory, job_id, now)


def cancel_job(uow: UnitOfWork, principal: Principal, job_id: UUID, now: datetime) -> BulkJob:
    """Stop a job: chunks not yet started issue nothing (a chunk already running finishes).

    Rows not yet issued stay ``pending``. Needs ISSUE; :class:`ConflictError`
    (``INVALID_STATE_TRANSITION``) when the job is already done or cancelled.
    """
    principal.require(Permission.ISSUE)
    job = find_job(uow, principal, job_id)
    if job.state in FINISHED:
        raise ConflictError(
            f"job {job.id} is already {job.state.value}",
            code=ErrorCode.INVALID_STATE_TRANSITION,
        )
    uow.jobs.set_state(job.id, JobState.CANCELLED, now)
    record_event(
        uow,
        organisation_id=job.organisation_id,
        actor=principal.actor,
        action="bulk_job.cancelled",
        object_type="bulk_job",
        object_id=job.id,
        at=now,
    )
    cancelled = uow.jobs.get(job.organisation_id, job.id)
    assert cancelled is not None  # read back in the same unit of work
    return cancelled


def resume_job(uow: UnitOfWork, task_queue: TaskQueue, job_id: UUID, now: datetime) -> int:
    """Schedule again every chunk of an unfinished job; returns how many were scheduled.

    For an operator, after a chunk ran out of retries (the database was down for a long
    while, say): chunks whose rows are all finished find nothing to do, so scheduling all of
    them is safe. :class:`NotFoundError` for an unknown job, :class:`ConflictError`
    (``INVALID_STATE_TRANSITION``) for one that is done or cancelled. The caller commits.
    """
    job = uow.jobs.get_any(job_id)
    if job is None:
        raise NotFoundError(f"no bulk job {job_id}", job_id=str(job_id))
    if job.state in FINISHED:
        raise ConflictError(
            f"job {job.id} is already {job.state.value}: nothing to resume",
            code=ErrorCode.INVALID_STATE_TRANSITION,
        )
    chunks = chunk_count(job)
    task_queue.enqueue_job(uow, job, chunks)
    record_event(
        uow,
        organisation_id=job.organisation_id,
        actor="system",
        action="bulk_job.resumed",
        object_type="bulk_job",
        object_id=job.id,
        at=now,
        details={"chunks": chunks},
    )
    return chunks


# --- running a chunk ------------------------------------------------------------------------


def _run_chunk_in(
    uow: UnitOfWork,
    key_store: KeyStore,
    config: ServiceConfig,
    job_id: UUID,
    chunk: int,
    now: Callable[[], datetime],
    reserved: Sequence[StatusSlot] = (),
) -> tuple[bool, bool]:
    """(rows were finished, the job is complete) — inside the caller's transaction."""
    job = uow.jobs.get_any(job_id)
    if job is None or job.state in FINISHED:
        return False, True  # gone, or nothing left to do
    start = chunk * job.chunk_size
    claimed = uow.jobs.claim_rows(job.id, start, min(job.total, start + job.chunk_size))
    if claimed:
        outcomes = _issue_rows(uow, key_store, config, job, claimed, now(), reserved)
        uow.jobs.finish_rows(job.id, outcomes)
    at = now()
    if job.state is JobState.QUEUED:
        uow.jobs.set_state(job.id, JobState.RUNNING, at)
    progress = uow.jobs.progress(job.id)
    complete = progress.done + progress.failed >= progress.total
    if complete:
        uow.jobs.set_state(job.id, JobState.DONE, at)
    return bool(claimed), complete


def _reserve_ahead(
    uow_factory: UnitOfWorkFactory,
    config: ServiceConfig,
    job_id: UUID,
    chunk: int,
    now: Callable[[], datetime],
) -> list[StatusSlot]:
    """Status slots for the chunk's pending rows, taken and committed in a short transaction.

    Reserving inside the chunk's own transaction would hold the status list's row lock while
    the chunk signs, so the chunks of one organisation would run one at a time however many
    workers there are. Slots reserved here and then not used (the attempt crashes, another
    attempt did the rows, a row turns out bad) are skipped, never handed out twice.
    """
    with uow_factory() as uow:
        job = uow.jobs.get_any(job_id)
        if job is None or job.state in FINISHED:
            return []
        start = chunk * job.chunk_size
        rows = uow.jobs.rows(job.id, start, min(job.total, start + job.chunk_size))
        pending = sum(1 for row in rows if row.state is RowState.PENDING)
        if not pending:
            return []
        slots = allocate_status_slots(uow, config, job.organisation_id, pending, now=now())
        uow.commit()
    return slots


def _issue_rows(
    uow: UnitOfWork,
    key_store: KeyStore,
    config: ServiceConfig,
    job: BulkJob,
    claimed: Sequence[BulkRow],
    at: datetime,
    reserved: Sequence[StatusSlot] = (),
) -> list[BulkRow]:
    organisation = uow.organisations.get(job.organisation_id)
    version = uow.achievements.version(job.organisation_id, job.achievement_version_id)
    if organisation is None or version is None:
        raise NotFoundError(f"job {job.id} names an organisation or achievement that is gone")
    # rows whose credential exists although the row is still pending: not possible when
    # credentials and row outcomes commit together, but never issue a row twice regardless
    issued = uow.credentials.for_job_rows(job.id, [row.row for row in claimed])
    outcomes = [_done(row, issued[row.row]) for row in claimed if row.row in issued]
    requests: list[tuple[int, IssueRequest]] = []
    by_number = {row.row: row for row in claimed}
    for row in claimed:
        if row.row in issued:
            continue
        try:
            requests.append((row.row, parse_issue_request(row.data)))
        except CredstackError as exc:
            outcomes.append(_failed(row, exc))
    if requests:
        records, errors = issue_batch(
            uow,
            key_store,
            config,
            organisation=organisation,
            version=version,
            rows=requests,
            suite=SignatureSuite(job.suite),
            now=at,
            job_id=job.id,
            reserved=reserved,
        )
        outcomes.extend(_done(by_number[r.job_row], r) for r in records if r.job_row is not None)
        outcomes.extend(_failed(by_number[number], exc) for number, exc in errors)
    return sorted(outcomes, key=lambda row: row.row)


def _done(row: BulkRow, record: CredentialRecord) -> BulkRow:
    return dataclasses.replace(
        row, state=RowState.DONE, credential_id=record.id, error_code=None, error_message=None
    )


def _failed(row: BulkRow, error: CredstackError) -> BulkRow:
    return dataclasses.replace(
        row, state=RowState.FAILED, error_code=str(error.code), error_message=error.message
    )


def _finish_if_complete(
    uow_factory: UnitOfWorkFactory, job_id: UUID, now: Callable[[], datetime]
) -> None:
    with uow_factory() as uow:
        job = uow.jobs.get_any(job_id)
        if job is None or job.state in FINISHED:
            return
        progress = uow.jobs.progress(job_id)
        if progress.done + progress.failed >= progress.total:
            uow.jobs.set_state(job_id, JobState.DONE, now())
            uow.commit()


def _chunk_has_pending_rows(uow_factory: UnitOfWorkFactory, job_id: UUID, chunk: int) -> bool:
    with uow_factory() as uow:
        job = uow.jobs.get_any(job_id)
        if job is None or job.state in FINISHED:
            return False
        start = chunk * job.chunk_size
        rows = uow.jobs.rows(job_id, start, min(job.total, start + job.chunk_size))
        return any(row.state is RowState.PENDING for row in rows)


# --- submitting -----------------------------------------------------------------------------


def _idempotency_key(key: str | None) -> str | None:
    if key is None:
        return None
    if not isinstance(key, str) or not _IDEMPOTENCY_KEY.match(key):
        raise InvalidRequestError(
            f"the idempotency key must be 1 to {MAX_IDEMPOTENCY_KEY} visible ASCII characters "
            "(a UUID is a good choice)",
            field="idempotency_key",
        )
    return key


def _suite(suite: SignatureSuite | str | None, config: ServiceConfig) -> SignatureSuite:
    if suite is None:
        return SignatureSuite(config.default_suite)
    try:
        return SignatureSuite(suite)
    except ValueError:
        allowed = ", ".join(s.value for s in SignatureSuite)
        raise InvalidRequestError(
            f"suite: one of {allowed}, not {suite!r}", field="suite"
        ) from None


def _check_rows(rows: Sequence[Mapping[str, Any]]) -> None:
    if isinstance(rows, str | bytes | Mapping) or not isinstance(rows, Sequence):
        raise InvalidRequestError("rows: a list of issue requests", field="rows")
    if not rows:
        raise InvalidRequestError("rows: a bulk job needs at least one row", field="rows")
    if len(rows) > MAX_ROWS:
        raise InvalidRequestError(
            f"rows: at most {MAX_ROWS:,} rows in one job, not {len(rows):,}", field="rows"
        )
    for number, row in enumerate(rows):
        if not isinstance(row, Mapping):
            raise InvalidRequestError(
                f"rows[{number}]: each row must be an object (an issue request)",
                field=f"rows[{number}]",
            )
        if _has_nul(row):
            # no database keeps NUL in text: the whole job could not be stored
            raise InvalidRequestError(
                f"rows[{number}]: text may not contain NUL characters", field=f"rows[{number}]"
            )


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, Mapping):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(item) for item in value)
    return False


def _checked_row(job_id: UUID, number: int, data: Mapping[str, Any]) -> BulkRow:
    row = BulkRow(job_id=job_id, row=number, data=dict(data), state=RowState.PENDING)
    try:
        parse_issue_request(data)
    except CredstackError as exc:
        return _failed(row, exc)
    return row


def _same_request(
    uow: UnitOfWork,
    job: BulkJob,
    achievement_id: UUID,
    suite: SignatureSuite,
    rows: Sequence[Mapping[str, Any]],
) -> bool:
    """Whether ``job`` was submitted with this request. The job keeps its rows, so they are
    compared by digest, a page at a time, rather than by a stored hash of the request."""
    if job.total != len(rows) or job.suite != suite.value:
        return False
    version = uow.achievements.version(job.organisation_id, job.achievement_version_id)
    if version is None or version.achievement_id != achievement_id:
        return False
    stored = _stored_rows(uow, job)
    return _digest(stored) == _digest(rows)


def _stored_rows(uow: UnitOfWork, job: BulkJob) -> Iterator[Mapping[str, Any]]:
    for start in range(0, job.total, COMPARE_PAGE):
        for row in uow.jobs.rows(job.id, start, min(job.total, start + COMPARE_PAGE)):
            yield row.data


def _digest(rows: Iterable[Mapping[str, Any]]) -> bytes:
    digest = hashlib.sha256()
    for row in rows:
        text = json.dumps(row, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        digest.update(text.encode())
        digest.update(b"\n")  # a newline never occurs in compact JSON: rows stay apart
    return digest.digest()


__all__ = [
    "COMPARE_PAGE",
    "FINISHED",
    "MAX_ROWS",
    "JobView",
    "cancel_job",
    "chunk_count",
    "job_results",
    "job_status",
    "parse_csv_rows",
    "resume_job",
    "run_chunk",
    "submit_job",
]
