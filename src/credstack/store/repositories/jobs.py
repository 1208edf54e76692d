"""Bulk issuance jobs and their rows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import bindparam, case, func, insert, literal, select, update

from credstack.services.errors import NotFoundError
from credstack.services.records import BulkJob, BulkRow, JobProgress, JobState, RowState
from credstack.store.repositories.base import SqlRepository, table
from credstack.store.tables import BulkJobRow, BulkRowRow
from credstack.store.types import UtcDateTime

_FINISHED = (JobState.DONE, JobState.CANCELLED)


class SqlJobRepository(SqlRepository):
    """:class:`~credstack.services.ports.JobRepository` over ``bulk_jobs`` and ``bulk_rows``."""

    def add(self, job: BulkJob, rows: Sequence[BulkRow]) -> None:
        """Store the job and its rows; a reused idempotency key raises ``ConflictError``
        (``IDEMPOTENCY_CONFLICT``)."""
        self._write(
            insert(table(BulkJobRow)).values(
                id=job.id,
                organisation_id=job.organisation_id,
                achievement_version_id=job.achievement_version_id,
                idempotency_key=job.idempotency_key,
                suite=job.suite,
                state=job.state.value,
                total=job.total,
                chunk_size=job.chunk_size,
                created_at=job.created_at,
                started_at=job.started_at,
                finished_at=job.finished_at,
                created_by=job.created_by,
            )
        )
        if rows:
            self._write(insert(table(BulkRowRow)), [_row_values(row) for row in rows])

    def get(self, organisation_id: UUID, job_id: UUID) -> BulkJob | None:
        row = self._first(
            select(BulkJobRow).where(
                BulkJobRow.organisation_id == organisation_id, BulkJobRow.id == job_id
            )
        )
        return _job(row) if row else None

    def get_any(self, job_id: UUID) -> BulkJob | None:
        """For workers, which act for whichever organisation the job belongs to."""
        row = self._first(select(BulkJobRow).where(BulkJobRow.id == job_id))
        return _job(row) if row else None

    def by_idempotency_key(self, organisation_id: UUID, key: str) -> BulkJob | None:
        row = self._first(
            select(BulkJobRow).where(
                BulkJobRow.organisation_id == organisation_id,
                BulkJobRow.idempotency_key == key,
            )
        )
        return _job(row) if row else None

    def recent(self, organisation_id: UUID, limit: int = 50) -> list[BulkJob]:
        """Newest first."""
        rows = self._all(
            select(BulkJobRow)
            .where(BulkJobRow.organisation_id == organisation_id)
            .order_by(BulkJobRow.created_at.desc(), BulkJobRow.id.desc())
            .limit(limit)
        )
        return [_job(row) for row in rows]

    def rows(self, job_id: UUID, start: int, stop: int) -> list[BulkRow]:
        """Rows ``start`` to ``stop - 1``, in order."""
        found = self._all(
            select(BulkRowRow)
            .where(BulkRowRow.job_id == job_id, BulkRowRow.row >= start, BulkRowRow.row < stop)
            .order_by(BulkRowRow.row)
        )
        return [_row(row) for row in found]

    def finish_rows(self, job_id: UUID, outcomes: Sequence[BulkRow]) -> None:
        """Record the final state (done with credential, or failed with error) of rows.

        Each outcome's ``row`` is taken within ``job_id`` (its own ``job_id`` is not used).
        """
        if not outcomes:
            return
        rows = table(BulkRowRow)
        self._write(
            update(rows)
            .where(rows.c.job_id == bindparam("b_job_id"), rows.c.row == bindparam("b_row"))
            .values(
                state=bindparam("b_state"),
                credential_id=bindparam("b_credential_id"),
                error_code=bindparam("b_error_code"),
                error_message=bindparam("b_error_message"),
            ),
            [
                {
                    "b_job_id": job_id,
                    "b_row": outcome.row,
                    "b_state": outcome.state.value,
                    "b_credential_id": outcome.credential_id,
                    "b_error_code": outcome.error_code,
                    "b_error_message": outcome.error_message,
                }
                for outcome in outcomes
            ],
        )

    def progress(self, job_id: UUID) -> JobProgress:
        """Counts of the job's finished rows; :class:`NotFoundError` for an unknown job."""
        job = self._first(select(BulkJobRow).where(BulkJobRow.id == job_id))
        if job is None:
            raise NotFoundError(f"there is no bulk job {job_id}")
        done, failed = self._session.execute(
            select(
                func.count(case((BulkRowRow.state == RowState.DONE.value, 1))),
                func.count(case((BulkRowRow.state == RowState.FAILED.value, 1))),
            ).where(BulkRowRow.job_id == job_id)
        ).one()
        return JobProgress(
            total=job.total,
            done=int(done),
            failed=int(failed),
            started_at=job.started_at,
            finished_at=job.finished_at,
        )

    def set_state(self, job_id: UUID, state: JobState, at: datetime) -> None:
        """Move the job to ``state`` at ``at``: ``running`` sets ``started_at`` and ``done``
        or ``cancelled`` set ``finished_at``, each only the first time."""
        jobs = table(BulkJobRow)
        values: dict[str, Any] = {"state": state.value}
        # typed explicitly: inside coalesce() the value would not take the column's UTC type
        moment = literal(at, UtcDateTime())
        if state is JobState.RUNNING:
            values["started_at"] = func.coalesce(jobs.c.started_at, moment)
        if state in _FINISHED:
            values["finished_at"] = func.coalesce(jobs.c.finished_at, moment)
        self._write(update(jobs).where(jobs.c.id == job_id).values(**values))

    def claim_rows(self, job_id: UUID, start: int, stop: int) -> list[BulkRow]:
        """Lock rows ``start``..``stop - 1`` for this unit of work and return those still
        ``pending``, in order.

        PostgreSQL locks the rows (``FOR UPDATE``): a second worker on the same chunk waits,
        then sees the rows the first one finished as no longer pending. On SQLite the unit of
        work holds the database's write lock already.
        """
        found = self._all(
            select(BulkRowRow)
            .where(
                BulkRowRow.job_id == job_id,
                BulkRowRow.row >= start,
                BulkRowRow.row < stop,
                BulkRowRow.state == RowState.PENDING.value,
            )
            .order_by(BulkRowRow.row)
            .with_for_update()
        )
        return [_row(row) for row in found]


def _row_values(row: BulkRow) -> dict[str, Any]:
    return {
        "job_id": row.job_id,
        "row": row.row,
        "data": dict(row.data),
        "state": row.state.value,
        "credential_id": row.credential_id,
        "error_code": row.error_code,
        "error_message": row.error_message,
    }


def _job(row: BulkJobRow) -> BulkJob:
    return BulkJob(
        id=row.id,
        organisation_id=row.organisation_id,
        achievement_version_id=row.achievement_version_id,
        idempotency_key=row.idempotency_key,
        suite=row.suite,
        state=JobState(row.state),
        total=row.total,
        chunk_size=row.chunk_size,
        created_at=row.created_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        created_by=row.created_by,
    )


def _row(row: BulkRowRow) -> BulkRow:
    return BulkRow(
        job_id=row.job_id,
        row=row.row,
        data=row.data,
        state=RowState(row.state),
        credential_id=row.credential_id,
        error_code=row.error_code,
        error_message=row.error_message,
    )


__all__ = ["SqlJobRepository"]
