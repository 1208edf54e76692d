"""Bulk jobs and their rows, and the audit trail."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from uuid import uuid4

import pytest

from credstack.services.errors import NotFoundError
from credstack.services.records import BulkRow, JobProgress, JobState, RowState
from credstack.store.unit_of_work import SqlUnitOfWork
from tests.store import builders
from tests.store.builders import Tenant, later

UowFactory = Callable[[], SqlUnitOfWork]


def test_jobs_round_trip(uow_factory: UowFactory, tenant: Tenant) -> None:
    keyless = builders.bulk_job(
        tenant.id, tenant.version.id, idempotency_key=None, created_at=later(1), created_by=None
    )
    with uow_factory() as uow:
        uow.jobs.add(keyless, [])
        uow.commit()
    with uow_factory() as uow:
        assert uow.jobs.get(tenant.id, tenant.job.id) == tenant.job
        assert uow.jobs.get_any(keyless.id) == keyless
        assert uow.jobs.get_any(uuid4()) is None
        key = tenant.job.idempotency_key
        assert key is not None
        assert uow.jobs.by_idempotency_key(tenant.id, key) == tenant.job
        assert uow.jobs.by_idempotency_key(tenant.id, "other") is None
        assert uow.jobs.recent(tenant.id) == [keyless, tenant.job]
        assert uow.jobs.recent(tenant.id, limit=1) == [keyless]
        assert uow.jobs.rows(tenant.job.id, 0, 3) == builders.bulk_rows(tenant.job.id, 3)
        assert uow.jobs.rows(tenant.job.id, 1, 2) == builders.bulk_rows(tenant.job.id, 3)[1:2]
        assert uow.jobs.rows(keyless.id, 0, 10) == []


def test_rows_finish_and_progress_counts_them(uow_factory: UowFactory, tenant: Tenant) -> None:
    job_id = tenant.job.id
    issued = tenant.credential(0, job_id=job_id, job_row=0)
    rows = builders.bulk_rows(job_id, 3)
    done = replace(rows[0], state=RowState.DONE, credential_id=issued.id)
    failed = replace(
        rows[2], state=RowState.FAILED, error_code="INVALID_REQUEST", error_message="no e-mail"
    )
    with uow_factory() as uow:
        uow.jobs.set_state(job_id, JobState.RUNNING, later(1))
        uow.credentials.add(issued)
        uow.jobs.finish_rows(job_id, [done, failed])
        uow.jobs.finish_rows(job_id, [])
        uow.commit()
    with uow_factory() as uow:
        assert uow.jobs.rows(job_id, 0, 3) == [done, rows[1], failed]
        assert uow.jobs.claim_rows(job_id, 0, 3) == [rows[1]]
        assert uow.jobs.progress(job_id) == JobProgress(3, 1, 1, later(1), None)
        uow.jobs.set_state(job_id, JobState.RUNNING, later(2))  # started_at stays
        uow.jobs.set_state(job_id, JobState.DONE, later(3))
        uow.jobs.set_state(job_id, JobState.CANCELLED, later(4))  # finished_at stays
        uow.commit()
    with uow_factory() as uow:
        assert uow.jobs.progress(job_id) == JobProgress(3, 1, 1, later(1), later(3))
        assert uow.jobs.get_any(job_id) == replace(
            tenant.job, state=JobState.CANCELLED, started_at=later(1), finished_at=later(3)
        )
        with pytest.raises(NotFoundError):
            uow.jobs.progress(uuid4())


def test_claimed_rows_are_only_the_pending_ones_in_range(
    uow_factory: UowFactory, tenant: Tenant
) -> None:
    job = builders.bulk_job(tenant.id, tenant.version.id, total=10, chunk_size=4)
    rows = builders.bulk_rows(job.id, 10)
    with uow_factory() as uow:
        uow.jobs.add(job, rows)
        uow.jobs.finish_rows(job.id, [BulkRow(job.id, 5, {}, RowState.FAILED, None, "X", "x")])
        uow.commit()
    with uow_factory() as uow:
        assert uow.jobs.claim_rows(job.id, 4, 8) == [rows[4], rows[6], rows[7]]
        assert uow.jobs.claim_rows(job.id, 8, 12) == rows[8:]
        assert uow.jobs.claim_rows(uuid4(), 0, 4) == []


def test_audit_events_newest_first(uow_factory: UowFactory, tenant: Tenant) -> None:
    events = [builders.audit_event(tenant.id, later(minute)) for minute in (3, 1, 2)]
    platform_wide = builders.audit_event(None, details={})
    with uow_factory() as uow:
        for event in [*events, platform_wide]:
            uow.audit.add(event)
        uow.commit()
    with uow_factory() as uow:
        assert uow.audit.recent(tenant.id) == [events[0], events[2], events[1]]
        assert uow.audit.recent(tenant.id, limit=2) == [events[0], events[2]]
