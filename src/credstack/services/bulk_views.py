"""What callers see of a bulk job: its progress (:func:`job_status`) and the outcome of every
row (:func:`job_results`). Submitting and running jobs is :mod:`credstack.services.bulk`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from credstack.services.config import ServiceConfig
from credstack.services.errors import NotFoundError
from credstack.services.ports import UnitOfWork
from credstack.services.principal import Principal
from credstack.services.records import BulkJob, JobState, Permission, RowState
from credstack.services.urls import hosted_credential_url

RESULTS_PAGE = 1_000
"""Rows read at a time when streaming results."""


@dataclass(frozen=True, slots=True)
class JobView:
    """What a caller sees of a bulk job: its progress and, while it runs, how fast it goes."""

    id: UUID
    achievement_version_id: UUID
    suite: str
    idempotency_key: str | None
    state: JobState
    total: int
    done: int
    failed: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    rate: float | None
    """Rows finished (issued or failed) per second since the job started."""
    eta_seconds: float | None
    """Expected seconds until every row is finished, at the current rate (None: unknown)."""

    @property
    def pending(self) -> int:
        return self.total - self.done - self.failed

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (UUIDs and times as text)."""
        data = dataclasses.asdict(self)
        data["pending"] = self.pending
        for key, value in data.items():
            if isinstance(value, UUID | JobState):
                data[key] = str(value)
            elif isinstance(value, datetime):
                data[key] = value.isoformat()
        return data


def job_status(uow: UnitOfWork, principal: Principal, job_id: UUID, now: datetime) -> JobView:
    """The progress of one of the organisation's jobs (:class:`JobView`). Needs READ."""
    job = find_job(uow, principal, job_id)
    progress = uow.jobs.progress(job.id)
    finished = progress.done + progress.failed
    state = job.state
    if state is not JobState.CANCELLED and finished >= progress.total:
        state = JobState.DONE  # the flag is set by the chunk that commits last
    started = progress.started_at or job.started_at
    ended = progress.finished_at or job.finished_at
    rate: float | None = None
    eta: float | None = None
    if started is not None:
        elapsed = ((ended if ended is not None else now) - started).total_seconds()
        rate = finished / elapsed if elapsed > 0 else None
    if state is JobState.DONE:
        eta = 0.0
    elif state is JobState.RUNNING and rate:
        eta = (progress.total - finished) / rate
    return JobView(
        id=job.id,
        achievement_version_id=job.achievement_version_id,
        suite=job.suite,
        idempotency_key=job.idempotency_key,
        state=state,
        total=progress.total,
        done=progress.done,
        failed=progress.failed,
        created_at=job.created_at,
        started_at=started,
        finished_at=ended,
        rate=rate,
        eta_seconds=eta,
    )


def job_results(
    uow: UnitOfWork,
    principal: Principal,
    job_id: UUID,
    *,
    config: ServiceConfig | None = None,
    page_size: int = RESULTS_PAGE,
) -> Iterator[dict[str, Any]]:
    """The outcome of every row of a job, in row order, read ``page_size`` rows at a time.

    Each item: ``row``, ``state`` (pending, done, failed), ``record_id`` and
    ``credential_id`` and ``public_token`` of the issued credential (with ``hosted_url``
    when ``config`` is given), and ``error`` (``{"code", "message"}``) for a failed row.
    Needs READ; the permission and the job are checked at once, not on the first item. The
    iterator reads through ``uow``: consume it before the unit of work ends.
    """
    job = find_job(uow, principal, job_id)
    if page_size < 1:
        raise ValueError(f"page_size must be at least 1, not {page_size}")
    return _results(uow, job, config, page_size)


def find_job(uow: UnitOfWork, principal: Principal, job_id: UUID) -> BulkJob:
    """One of the principal's organisation's jobs; needs READ. :class:`NotFoundError` for a
    job that does not exist or belongs to another organisation (the two look the same)."""
    principal.require(Permission.READ)
    job = uow.jobs.get(principal.organisation_id, job_id)
    if job is None:
        raise NotFoundError(f"no bulk job {job_id}", job_id=str(job_id))
    return job


def _results(
    uow: UnitOfWork, job: BulkJob, config: ServiceConfig | None, page_size: int
) -> Iterator[dict[str, Any]]:
    for start in range(0, job.total, page_size):
        rows = uow.jobs.rows(job.id, start, min(job.total, start + page_size))
        issued = uow.credentials.for_job_rows(
            job.id, [row.row for row in rows if row.state is RowState.DONE]
        )
        for row in rows:
            record = issued.get(row.row)
            item: dict[str, Any] = {
                "row": row.row,
                "state": row.state.value,
                "record_id": str(record.id) if record else None,
                "credential_id": record.credential_id if record else None,
                "public_token": record.public_token if record else None,
                "error": (
                    {"code": row.error_code, "message": row.error_message}
                    if row.state is RowState.FAILED
                    else None
                ),
            }
            if config is not None:
                item["hosted_url"] = (
                    hosted_credential_url(config.base_url, record.public_token) if record else None
                )
            yield item


__all__ = ["RESULTS_PAGE", "JobView", "find_job", "job_results", "job_status"]
