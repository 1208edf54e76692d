"""The procrastinate task queue on PostgreSQL: tasks commit or vanish with their job, one per
chunk; a worker runs them; the chunks of a dead worker are put back in the queue.

The tests that need a server exist only when ``CREDSTACK_TEST_DATABASE_URL`` names one (they
are not generated otherwise, rather than skipped); the others always run.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar
from uuid import UUID

import psycopg
import pytest
from procrastinate.jobs import Job

from credstack.adapters import procrastinate_queue
from credstack.adapters.procrastinate_queue import (
    QUEUE,
    TASK_NAME,
    ProcrastinateTaskQueue,
    install_procrastinate_schema,
    libpq_url,
)
from credstack.services.bulk import submit_job
from credstack.services.config import ServiceConfig
from credstack.services.errors import ConflictError
from credstack.services.principal import Principal
from credstack.services.records import AchievementVersion, BulkJob, JobState
from credstack.store.engine import create_engine_for
from credstack.store.migrate import upgrade
from credstack.store.unit_of_work import SqlUnitOfWork, sql_unit_of_work_factory
from tests.services.bulk_world import seed_issuer
from tests.services.fakes import FakeKeyStore, FakeUnitOfWork
from tests.store.database import SERVER_VARIABLE, scratch_postgresql_database

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
F = TypeVar("F", bound=Callable[..., Any])
_SERVER_TESTS: list[str] = []


def needs_server(test: F) -> F:
    """Mark a test as one that exists only with a PostgreSQL server (see the module's end)."""
    _SERVER_TESTS.append(test.__name__)
    return test


@dataclass
class Setup:
    url: str
    factory: Callable[[], SqlUnitOfWork]
    queue: ProcrastinateTaskQueue
    config: ServiceConfig
    principal: Principal
    achievement: AchievementVersion

    def submit(self, rows: int, *, commit: bool = True) -> BulkJob:
        with self.factory() as uow:
            job, _ = submit_job(
                uow, self.queue, self.config, self.principal,
                achievement_id=self.achievement.achievement_id,
                rows=[{"recipient": f"l{i}@example.org"} for i in range(rows)], now=T0,
            )  # fmt: skip
            if commit:
                uow.commit()
        return job

    def tasks(self) -> list[dict[str, Any]]:
        with psycopg.connect(libpq_url(self.url)) as connection:
            cursor = connection.execute(
                "SELECT queue_name, task_name, lock, queueing_lock, args, status "
                "FROM procrastinate_jobs ORDER BY id"
            )
            names = [column.name for column in cursor.description or ()]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def sql(self, statement: str) -> None:
        with psycopg.connect(libpq_url(self.url)) as connection:
            connection.execute(statement)  # type: ignore[arg-type]

    def job(self, job: BulkJob) -> BulkJob:
        with self.factory() as uow:
            stored = uow.jobs.get_any(job.id)
        assert stored is not None
        return stored

    def issued(self, job: BulkJob) -> int:
        with self.factory() as uow:
            return uow.credentials.count(self.principal.organisation_id, job_id=job.id)


@pytest.fixture
def database() -> Iterator[str]:
    """A new database with credstack's schema (procrastinate's is up to the test)."""
    with scratch_postgresql_database() as url:
        upgrade(url)
        yield url


@pytest.fixture
def setup(database: str) -> Iterator[Setup]:
    install_procrastinate_schema(database)
    engine = create_engine_for(database)
    factory = sql_unit_of_work_factory(engine)
    key_store = FakeKeyStore()
    config = ServiceConfig(base_url="https://creds.example", bulk_chunk_size=4)
    with factory() as uow:
        _, principal, achievement = seed_issuer(uow, key_store, config, now=T0 - timedelta(days=1))
        uow.commit()
    queue = ProcrastinateTaskQueue(database, factory, key_store, config, lambda: T0)
    yield Setup(database, factory, queue, config, principal, achievement)
    engine.dispose()


@needs_server
def test_installing_the_schema_is_idempotent(database: str) -> None:
    assert install_procrastinate_schema(database) is True
    assert install_procrastinate_schema(database) is False
    with psycopg.connect(libpq_url(database)) as connection:
        row = connection.execute("SELECT count(*) FROM procrastinate_jobs").fetchone()
    assert row == (0,)


@needs_server
def test_a_rolled_back_submission_leaves_no_task(setup: Setup) -> None:
    job = setup.submit(10, commit=False)
    assert setup.tasks() == []
    with setup.factory() as uow:
        assert uow.jobs.get_any(job.id) is None


@needs_server
def test_a_committed_submission_leaves_one_task_per_chunk(setup: Setup) -> None:
    job = setup.submit(10)
    tasks = setup.tasks()
    assert len(tasks) == 3
    assert tasks == [
        {
            "queue_name": QUEUE,
            "task_name": TASK_NAME,
            "lock": f"bulk:{job.id}:{chunk}",
            "queueing_lock": f"bulk:{job.id}:{chunk}",
            "args": {"job_id": str(job.id), "chunk": chunk},
            "status": "todo",
        }
        for chunk in range(3)
    ]


@needs_server
def test_a_chunk_cannot_wait_in_the_queue_twice(setup: Setup) -> None:
    with setup.factory() as uow:
        job, _ = submit_job(
            uow, setup.queue, setup.config, setup.principal,
            achievement_id=setup.achievement.achievement_id,
            rows=[{"recipient": "a@example.org"}], now=T0,
        )  # fmt: skip
        with pytest.raises(ConflictError, match="already queued"):
            setup.queue.enqueue_job(uow, job, 1)


@needs_server
def test_without_procrastinates_schema_enqueueing_says_what_to_run(database: str) -> None:
    engine = create_engine_for(database)
    factory = sql_unit_of_work_factory(engine)
    queue = ProcrastinateTaskQueue(database, factory, FakeKeyStore(), _config(), lambda: T0)
    try:
        with factory() as uow, pytest.raises(RuntimeError, match="credstack db upgrade"):
            queue.enqueue_job(uow, _job(), 2)
    finally:
        engine.dispose()


@needs_server
def test_other_database_errors_pass_through(setup: Setup) -> None:
    from sqlalchemy.exc import DBAPIError

    setup.sql("DROP FUNCTION procrastinate_defer_jobs_v1 CASCADE")
    setup.sql(
        "CREATE FUNCTION procrastinate_defer_jobs_v1(jobs procrastinate_job_to_defer_v1[]) "
        "RETURNS bigint[] LANGUAGE plpgsql AS $$ BEGIN RAISE 'out of order'; END; $$"
    )
    with setup.factory() as uow, pytest.raises(DBAPIError, match="out of order"):
        setup.queue.enqueue_job(uow, _job(), 1)


@needs_server
def test_a_worker_runs_every_chunk(setup: Setup) -> None:
    job = setup.submit(10)
    setup.queue.run_worker(concurrency=2, queues=[QUEUE], wait=False)
    assert setup.job(job).state is JobState.DONE
    assert setup.issued(job) == 10
    assert setup.tasks() == []  # finished tasks are deleted


@needs_server
def test_the_chunks_of_a_dead_worker_go_back_to_the_queue(setup: Setup) -> None:
    job = setup.submit(5)
    # what SIGKILL leaves: a worker whose heartbeat stopped, its chunks 'doing' forever
    setup.sql(
        "WITH dead AS (INSERT INTO procrastinate_workers (last_heartbeat) "
        "VALUES (now() - interval '1 hour') RETURNING id) "
        "UPDATE procrastinate_jobs SET status = 'doing', worker_id = (SELECT id FROM dead)"
    )

    async def recover() -> tuple[int, int]:
        async with setup.queue.app.open_async():
            first = await setup.queue.recover_stalled_jobs(stalled_timeout=30)
            second = await setup.queue.recover_stalled_jobs(stalled_timeout=30)
        return first, second

    assert asyncio.run(recover()) == (2, 0)
    assert [task["status"] for task in setup.tasks()] == ["todo", "todo"]
    setup.queue.run_worker(wait=False)
    assert setup.issued(job) == 5
    assert setup.job(job).state is JobState.DONE


@needs_server
def test_a_live_workers_chunks_are_left_alone(setup: Setup) -> None:
    setup.submit(1)
    setup.sql(
        "WITH live AS (INSERT INTO procrastinate_workers DEFAULT VALUES RETURNING id) "
        "UPDATE procrastinate_jobs SET status = 'doing', worker_id = (SELECT id FROM live)"
    )

    async def recover() -> int:
        async with setup.queue.app.open_async():
            return await setup.queue.recover_stalled_jobs(stalled_timeout=30)

    assert asyncio.run(recover()) == 0
    assert [task["status"] for task in setup.tasks()] == ["doing"]


@needs_server
def test_a_chunk_recovered_by_another_worker_first_is_skipped(
    setup: Setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    setup.submit(1)

    async def recover() -> int:
        async with setup.queue.app.open_async():
            [todo] = await setup.queue.app.job_manager.list_jobs_async()

            async def stale_list(**_: Any) -> list[Job]:
                return [todo]  # listed as stalled, but already back in the queue

            monkeypatch.setattr(setup.queue.app.job_manager, "get_stalled_jobs", stale_list)
            return await setup.queue.recover_stalled_jobs(stalled_timeout=30)

    assert asyncio.run(recover()) == 0


@needs_server
def test_a_failed_sweep_is_logged_and_the_next_one_runs(
    setup: Setup, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    sweeps: list[float] = []

    async def failing(stalled_timeout: float) -> int:
        sweeps.append(stalled_timeout)
        raise OSError("connection lost")

    async def stop_after_two(seconds: float) -> None:
        if len(sweeps) >= 2:
            raise asyncio.CancelledError

    monkeypatch.setattr(setup.queue, "recover_stalled_jobs", failing)
    monkeypatch.setattr(procrastinate_queue.asyncio, "sleep", stop_after_two)
    with pytest.raises(asyncio.CancelledError):
        asyncio.run(setup.queue._recover_forever(4.0))
    assert sweeps == [4.0, 4.0]
    assert "could not look for stalled chunks" in caplog.text


def test_the_libpq_url_drops_the_driver() -> None:
    assert libpq_url("postgresql+psycopg://u:p@db:5432/x") == "postgresql://u:p@db:5432/x"
    assert libpq_url("postgresql://db/x") == "postgresql://db/x"
    assert libpq_url("postgres://db/x?sslmode=require") == "postgresql://db/x?sslmode=require"
    with pytest.raises(ValueError, match="needs PostgreSQL"):
        libpq_url("sqlite:///var/credstack.db")


def test_a_unit_of_work_without_a_session_is_refused() -> None:
    queue = ProcrastinateTaskQueue(
        "postgresql://db/x", lambda: FakeUnitOfWork(), FakeKeyStore(), _config(), lambda: T0
    )
    with pytest.raises(TypeError, match="no SQLAlchemy session"):
        queue.enqueue_job(FakeUnitOfWork(), _job(), 1)
    queue.enqueue_job(FakeUnitOfWork(), _job(), 0)  # nothing to enqueue: no session needed


def test_the_task_runs_the_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[UUID, int]] = []
    monkeypatch.setattr(
        procrastinate_queue,
        "run_chunk",
        lambda factory, key_store, config, job_id, chunk, now: calls.append((job_id, chunk)),
    )
    queue = ProcrastinateTaskQueue(
        "postgresql://db/x", lambda: FakeUnitOfWork(), FakeKeyStore(), _config(), lambda: T0
    )
    queue.issue_chunk(job_id=str(UUID(int=7)), chunk=3)
    assert calls == [(UUID(int=7), 3)]
    assert queue.issue_chunk.name == TASK_NAME
    assert queue.issue_chunk.retry_strategy is procrastinate_queue.RETRY


def _config() -> ServiceConfig:
    return ServiceConfig(base_url="https://creds.example")


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


if not os.environ.get(SERVER_VARIABLE):
    # no PostgreSQL server to test against: these tests do not exist (rather than skip)
    for _name in _SERVER_TESTS:
        del globals()[_name]
