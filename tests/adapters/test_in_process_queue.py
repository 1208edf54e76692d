"""The embedded task queue on the SQL store: chunks run after the commit (never before, never
for a rolled-back job), a restarted process resumes unfinished jobs, failures are retried."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from credstack.adapters import in_process_queue
from credstack.adapters.in_process_queue import InProcessTaskQueue
from credstack.bootstrap import build_platform
from credstack.services.bulk import chunk_count, run_chunk, submit_job
from credstack.services.config import ServiceConfig
from credstack.services.principal import Principal
from credstack.services.records import AchievementVersion, BulkJob, JobState
from credstack.settings import Settings
from credstack.store.unit_of_work import SqlUnitOfWork
from tests.services.bulk_world import seed_issuer
from tests.services.fakes import FakeKeyStore, FakeUnitOfWork
from tests.store.database import (  # noqa: F401
    backend,
    database_url,
    engine,
    postgresql_database,
    sqlite_template,
    uow_factory,
)

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
WAIT = 120.0
"""Seconds to wait for the threads at most (a hang fails the test instead of blocking)."""


class NoQueue:
    """Stores jobs without running them: a server killed right after the commit."""

    def enqueue_job(self, uow: Any, job: BulkJob, chunks: int) -> None:
        return None


class FlakyKeyStore(FakeKeyStore):
    """Fails the first ``failures`` reads, like a key service that is briefly unreachable."""

    def __init__(self, failures: int) -> None:
        super().__init__()
        self.failures = failures

    def get(self, key_id: UUID, organisation_id: UUID) -> bytes:
        if self.failures > 0:
            self.failures -= 1
            raise ConnectionError("the key service did not answer")
        return super().get(key_id, organisation_id)


@dataclass
class Setup:
    factory: Callable[[], SqlUnitOfWork]
    key_store: FakeKeyStore
    config: ServiceConfig
    principal: Principal
    achievement: AchievementVersion

    def queue(self, **options: Any) -> InProcessTaskQueue:
        return InProcessTaskQueue(self.factory, self.key_store, self.config, lambda: T0, **options)

    def submit(self, queue: Any, rows: int, *, commit: bool = True) -> BulkJob:
        with self.factory() as uow:
            job, _ = submit_job(
                uow, queue, self.config, self.principal,
                achievement_id=self.achievement.achievement_id,
                rows=[{"recipient": f"l{i}@example.org"} for i in range(rows)], now=T0,
            )  # fmt: skip
            if commit:
                uow.commit()
        return job

    def job(self, job: BulkJob) -> BulkJob | None:
        with self.factory() as uow:
            return uow.jobs.get_any(job.id)

    def issued(self, job: BulkJob) -> int:
        with self.factory() as uow:
            return uow.credentials.count(self.principal.organisation_id, job_id=job.id)


@pytest.fixture
def setup(uow_factory: Callable[[], SqlUnitOfWork]) -> Setup:  # noqa: F811 (a fixture)
    key_store = FakeKeyStore()
    config = ServiceConfig(base_url="https://creds.example", bulk_chunk_size=4)
    with uow_factory() as uow:
        _, principal, achievement = seed_issuer(uow, key_store, config, now=T0 - timedelta(days=1))
        uow.commit()
    return Setup(uow_factory, key_store, config, principal, achievement)


@pytest.fixture
def queues() -> Iterator[list[InProcessTaskQueue]]:
    """Queues to close after the test, so no thread outlives it."""
    made: list[InProcessTaskQueue] = []
    yield made
    for queue in made:
        queue.close()


def test_a_submitted_job_runs_to_completion(setup: Setup, queues: list[Any]) -> None:
    queue = setup.queue()
    queues.append(queue)
    queue.start()
    job = setup.submit(queue, 10)
    assert queue.wait_idle(WAIT)
    stored = setup.job(job)
    assert stored is not None
    assert stored.state is JobState.DONE
    assert setup.issued(job) == 10


def test_chunks_wait_for_the_commit(setup: Setup, queues: list[Any]) -> None:
    queue = setup.queue()
    queues.append(queue)
    with setup.factory() as uow:
        job, _ = submit_job(
            uow, queue, setup.config, setup.principal,
            achievement_id=setup.achievement.achievement_id,
            rows=[{"recipient": "a@example.org"}], now=T0,
        )  # fmt: skip
        assert queue.wait_idle(0)  # nothing handed to the threads yet
        uow.commit()
    assert queue.wait_idle(WAIT)  # the commit started the threads, without start()
    assert setup.issued(job) == 1


def test_a_rolled_back_job_never_runs(setup: Setup, queues: list[Any]) -> None:
    queue = setup.queue()
    queues.append(queue)
    job = setup.submit(queue, 3, commit=False)
    with setup.factory() as uow:
        uow.commit()  # a later transaction commits: not the rolled-back job's
    assert queue.wait_idle(0)
    assert setup.job(job) is None


def test_a_failed_commit_never_runs_its_chunks(setup: Setup, queues: list[Any]) -> None:
    queue = setup.queue()
    queues.append(queue)
    with setup.factory() as uow:
        submit_job(
            uow, queue, setup.config, setup.principal,
            achievement_id=setup.achievement.achievement_id,
            rows=[{"recipient": "a@example.org"}], now=T0,
        )  # fmt: skip
        uow.rollback()
        uow.commit()
    assert queue.wait_idle(0)


def test_a_restarted_process_resumes_unfinished_jobs(setup: Setup, queues: list[Any]) -> None:
    untouched = setup.submit(NoQueue(), 6)
    halfway = setup.submit(NoQueue(), 9)
    run_chunk(setup.factory, setup.key_store, setup.config, halfway.id, 1, now=lambda: T0)
    assert setup.issued(halfway) == 4
    queue = setup.queue()
    queues.append(queue)
    queue.start()
    queue.start()  # a second start does not resume twice
    assert queue.wait_idle(WAIT)
    for job, total in ((untouched, 6), (halfway, 9)):
        stored = setup.job(job)
        assert stored is not None
        assert stored.state is JobState.DONE
        assert setup.issued(job) == total


def test_a_failing_chunk_is_tried_again(
    setup: Setup, queues: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(in_process_queue, "FIRST_PAUSE", 0.01)
    flaky = FlakyKeyStore(failures=2)
    flaky.secrets = setup.key_store.secrets
    queue = InProcessTaskQueue(setup.factory, flaky, setup.config, lambda: T0)
    queues.append(queue)
    job = setup.submit(queue, 3)
    assert queue.wait_idle(WAIT)
    assert flaky.failures == 0
    assert setup.issued(job) == 3


def test_a_chunk_that_keeps_failing_is_left_for_the_next_start(
    setup: Setup, queues: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(in_process_queue, "FIRST_PAUSE", 0.01)
    broken = FlakyKeyStore(failures=in_process_queue.ATTEMPTS)
    broken.secrets = setup.key_store.secrets
    queue = InProcessTaskQueue(setup.factory, broken, setup.config, lambda: T0)
    queues.append(queue)
    job = setup.submit(queue, 2)
    assert queue.wait_idle(WAIT)
    assert setup.issued(job) == 0
    restarted = setup.queue()
    queues.append(restarted)
    restarted.start()
    assert restarted.wait_idle(WAIT)
    assert setup.issued(job) == 2


def test_closing_stops_the_threads_and_leaves_the_rest_to_the_next_start(
    setup: Setup, queues: list[Any]
) -> None:
    queue = setup.queue(workers=2)
    queue.start()
    assert queue.wait_idle(WAIT)
    queue.close()
    job = setup.submit(queue, 5)  # committed after close: not run here
    assert queue.wait_idle(0)
    assert setup.issued(job) == 0
    restarted = setup.queue()
    queues.append(restarted)
    restarted.start()
    assert restarted.wait_idle(WAIT)
    assert setup.issued(job) == 5


def test_closing_waits_for_the_running_chunk_and_drops_queued_ones(
    setup: Setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    queue = setup.queue()
    ran: list[int] = []
    started, release = threading.Event(), threading.Event()

    def blocking(job_id: UUID, chunk: int) -> None:
        ran.append(chunk)
        started.set()
        release.wait(WAIT)

    monkeypatch.setattr(queue, "_run", blocking)
    setup.submit(queue, 12)  # three chunks
    assert started.wait(WAIT)
    closer = threading.Thread(target=queue.close)
    closer.start()
    assert queue._stopping.wait(WAIT)  # close() has begun while the first chunk runs
    release.set()
    closer.join(WAIT)
    assert not closer.is_alive()
    assert ran == [0]


def test_a_failed_resume_scan_does_not_stop_the_queue(
    setup: Setup, queues: list[Any], caplog: pytest.LogCaptureFixture
) -> None:
    calls = 0

    def factory() -> SqlUnitOfWork:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise ConnectionError("database not up yet")
        return setup.factory()

    queue = InProcessTaskQueue(factory, setup.key_store, setup.config, lambda: T0)
    queues.append(queue)
    queue.start()
    assert queue.wait_idle(WAIT)
    assert "could not look for unfinished bulk jobs" in caplog.text
    job = setup.submit(queue, 1)
    assert queue.wait_idle(WAIT)
    assert setup.issued(job) == 1


def test_two_attempts_at_the_same_chunk_at_once_issue_it_once(setup: Setup) -> None:
    job = setup.submit(NoQueue(), 4)
    barrier = threading.Barrier(3)
    errors: list[Exception] = []

    def attempt() -> None:
        barrier.wait(WAIT)
        try:
            run_chunk(setup.factory, setup.key_store, setup.config, job.id, 0, now=lambda: T0)
        except Exception as exc:  # noqa: BLE001 — reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=attempt) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)
    assert errors == []
    assert setup.issued(job) == 4
    stored = setup.job(job)
    assert stored is not None
    assert stored.state is JobState.DONE


def test_the_same_key_and_rows_find_the_stored_job(setup: Setup) -> None:
    rows: list[dict[str, Any]] = [
        {"recipient": "a@example.org", "credits_earned": 2.5, "recipient_name": "Zoë"},
        {"recipient": "did:example:b", "results": [{"value": "pass", "status": "Completed"}]},
        {"recipient": "nobody", "credits_earned": 7},
    ]
    jobs = []
    for _ in range(2):
        with setup.factory() as uow:
            submitted = submit_job(
                uow, NoQueue(), setup.config, setup.principal,
                achievement_id=setup.achievement.achievement_id, rows=rows,
                idempotency_key="same", now=T0,
            )  # fmt: skip
            uow.commit()
        jobs.append(submitted)
    (first, created), (again, created_again) = jobs
    assert (created, created_again) == (True, False)
    assert again.id == first.id


def test_a_unit_of_work_without_a_session_is_refused(setup: Setup) -> None:
    queue = setup.queue()
    with pytest.raises(TypeError, match="no SQLAlchemy session"):
        queue.enqueue_job(FakeUnitOfWork(), _job(), 1)


def test_a_job_without_chunks_needs_no_session(setup: Setup) -> None:
    setup.queue().enqueue_job(FakeUnitOfWork(), _job(), 0)


def test_at_least_one_thread(setup: Setup) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        setup.queue(workers=0)


def test_the_embedded_platform_runs_bulk_jobs_in_process(tmp_path: Path) -> None:
    platform = build_platform(Settings(data_dir=tmp_path, master_key=bytes(32)), migrate=True)
    try:
        assert isinstance(platform.task_queue, InProcessTaskQueue)
        assert platform.task_queue in platform.resources
        platform.start_background_work()
        with platform.uow_factory() as uow:
            _, principal, achievement = seed_issuer(
                uow, platform.key_store, platform.config, now=platform.clock()
            )
            job, _ = submit_job(
                uow, platform.task_queue, platform.config, principal,
                achievement_id=achievement.achievement_id,
                rows=[{"recipient": "a@example.org"}], now=platform.clock(),
            )  # fmt: skip
            uow.commit()
        assert platform.task_queue.wait_idle(WAIT)
        with platform.uow_factory() as uow:
            stored = uow.jobs.get_any(job.id)
            assert stored is not None
            assert stored.state is JobState.DONE
            assert chunk_count(stored) == 1
    finally:
        platform.close()


def _job() -> BulkJob:
    return BulkJob(
        id=UUID(int=1),
        organisation_id=UUID(int=2),
        achievement_version_id=UUID(int=3),
        idempotency_key=None,
        suite="eddsa-rdfc-2022",
        state=JobState.QUEUED,
        total=1,
        chunk_size=1,
        created_at=T0,
    )
