"""The production task queue: procrastinate on the platform's own PostgreSQL database.

Enqueueing happens **inside the submitting transaction**: :meth:`ProcrastinateTaskQueue.
enqueue_job` calls procrastinate's ``procrastinate_defer_jobs_v1`` through the unit of work's
SQLAlchemy session, so a bulk job and its tasks commit together or not at all — no task can
name a job that was rolled back, and no committed job lacks its tasks. Each chunk is one
procrastinate job of the task ``issue_chunk`` with a queueing lock and a lock of its own
(``bulk:{job id}:{chunk}``): the same chunk can neither wait in the queue twice nor run twice
at the same time.

Workers (``credstack worker``) run the tasks. A failing chunk is retried with exponential
back-off (:data:`RETRY`). A worker that dies without a word (SIGKILL, a lost machine) leaves
its chunks in procrastinate's ``doing`` state; every worker looks for such *stalled* chunks
every few seconds — chunks of workers whose heartbeat is older than ``stalled_timeout`` — and
puts them back in the queue (:meth:`ProcrastinateTaskQueue.recover_stalled_jobs`). Running a
chunk again is safe: :func:`~credstack.services.bulk.run_chunk` is idempotent.

Procrastinate's tables and functions are installed by :func:`install_procrastinate_schema`
(``credstack db upgrade`` calls it when ``CREDSTACK_TASK_QUEUE=procrastinate``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Final
from uuid import UUID

import procrastinate
import psycopg
from procrastinate import exceptions as procrastinate_errors
from procrastinate.schema import SchemaManager
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from credstack.services.bulk import run_chunk
from credstack.services.config import ServiceConfig
from credstack.services.errors import ConflictError
from credstack.services.ports import KeyStore, UnitOfWork, UnitOfWorkFactory
from credstack.services.records import BulkJob

logger = logging.getLogger(__name__)

TASK_NAME: Final = "credstack.issue_chunk"
QUEUE: Final = "bulk"
RETRY: Final = procrastinate.RetryStrategy(max_attempts=10, exponential_wait=2)
"""Up to ten retries of a failed chunk, 2 s, 4 s, 8 s… apart (about 34 minutes in all)."""
DEFAULT_STALLED_TIMEOUT: Final = 30.0
_SCHEMA_LOCK: Final = 0x63726564_73746B31  # pg advisory lock id for installing the schema

_DEFER_CHUNKS = text(
    """
    SELECT procrastinate_defer_jobs_v1(ARRAY(
        SELECT ROW(
            CAST(:queue AS varchar),
            CAST(:task AS varchar),
            0,
            CAST(:prefix AS text) || chunk,
            CAST(:prefix AS text) || chunk,
            jsonb_build_object('job_id', CAST(:job_id AS text), 'chunk', chunk),
            CAST(NULL AS timestamptz)
        )::procrastinate_job_to_defer_v1
        FROM generate_series(0, CAST(:chunks AS integer) - 1) AS chunk
        ORDER BY chunk
    ))
    """
)


def libpq_url(database_url: str) -> str:
    """The libpq form of a SQLAlchemy URL: ``postgresql+psycopg://…`` → ``postgresql://…``."""
    url = make_url(database_url)
    if url.get_backend_name() not in ("postgresql", "postgres"):
        raise ValueError(f"the procrastinate queue needs PostgreSQL, not {url.get_backend_name()}")
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def install_procrastinate_schema(database_url: str) -> bool:
    """Install procrastinate's tables and functions unless they are there; True if installed.

    Idempotent and safe to run from several processes at once (an advisory lock serialises
    them). Upgrading procrastinate to a release with a new schema version needs its migrations
    (``procrastinate schema --migrations-path`` lists them); this function does not apply them.
    """
    with (
        psycopg.connect(libpq_url(database_url), autocommit=True) as connection,
        connection.transaction(),
    ):
        connection.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
        row = connection.execute("SELECT to_regclass('procrastinate_jobs') IS NOT NULL").fetchone()
        if row is not None and row[0]:
            return False
        connection.execute(SchemaManager.get_schema())
    return True


class ProcrastinateTaskQueue:
    """Bulk chunks as procrastinate jobs (see the module docstring)."""

    def __init__(
        self,
        database_url: str,
        uow_factory: UnitOfWorkFactory,
        key_store: KeyStore,
        config: ServiceConfig,
        clock: Callable[[], datetime],
    ) -> None:
        self.database_url = database_url
        self._run: Callable[[UUID, int], None] = lambda job_id, chunk: run_chunk(
            uow_factory, key_store, config, job_id, chunk, now=clock
        )
        self.app = procrastinate.App(
            connector=procrastinate.PsycopgConnector(conninfo=libpq_url(database_url))
        )

        @self.app.task(name=TASK_NAME, queue=QUEUE, retry=RETRY)
        def issue_chunk(job_id: str, chunk: int) -> None:
            self._run(UUID(job_id), chunk)

        self.issue_chunk = issue_chunk

    def enqueue_job(self, uow: UnitOfWork, job: BulkJob, chunks: int) -> None:
        """Defer one ``issue_chunk`` task per chunk in ``uow``'s transaction."""
        if chunks <= 0:
            return
        session = getattr(uow, "session", None)
        if session is None:
            raise TypeError(
                "the procrastinate queue defers tasks inside the unit of work's SQL "
                f"transaction, and {type(uow).__name__} has no SQLAlchemy session"
            )
        try:
            session.execute(
                _DEFER_CHUNKS,
                {
                    "queue": QUEUE,
                    "task": TASK_NAME,
                    "prefix": f"bulk:{job.id}:",
                    "job_id": str(job.id),
                    "chunks": chunks,
                },
            )
        except DBAPIError as exc:
            if isinstance(exc.orig, psycopg.errors.UniqueViolation):
                # procrastinate's queueing lock: a chunk of this job is already waiting
                raise ConflictError(
                    f"chunks of bulk job {job.id} are already queued", job_id=str(job.id)
                ) from exc
            if isinstance(
                exc.orig, psycopg.errors.UndefinedFunction | psycopg.errors.UndefinedObject
            ):
                raise RuntimeError(
                    "procrastinate's schema is not installed in this database: run "
                    "`credstack db upgrade` with CREDSTACK_TASK_QUEUE=procrastinate"
                ) from exc
            raise

    async def recover_stalled_jobs(self, stalled_timeout: float) -> int:
        """Put back in the queue the chunks of workers silent for ``stalled_timeout`` seconds
        (killed, or their machine lost); returns how many. The app must be open."""
        stalled = await self.app.job_manager.get_stalled_jobs(
            task_name=TASK_NAME, seconds_since_heartbeat=stalled_timeout
        )
        recovered = 0
        for job in stalled:
            try:
                await self.app.job_manager.retry_job(job)
            except procrastinate_errors.ConnectorException:
                # another worker recovered it first, or it finished meanwhile
                logger.debug("stalled chunk %s was no longer running", job.id)
                continue
            recovered += 1
            logger.warning(
                "requeued stalled chunk %s of bulk job %s (its worker stopped answering)",
                job.task_kwargs.get("chunk"),
                job.task_kwargs.get("job_id"),
            )
        return recovered

    def run_worker(
        self,
        *,
        concurrency: int = 1,
        queues: Sequence[str] | None = None,
        stalled_timeout: float = DEFAULT_STALLED_TIMEOUT,
        wait: bool = True,
    ) -> None:
        """Run a worker in the foreground until SIGINT/SIGTERM (or, with ``wait=False``, until
        the queue is empty). Chunks run on ``concurrency`` threads."""
        asyncio.run(
            self._run_worker(
                concurrency=concurrency,
                queues=queues,
                stalled_timeout=stalled_timeout,
                wait=wait,
            )
        )

    async def _run_worker(
        self,
        *,
        concurrency: int,
        queues: Sequence[str] | None,
        stalled_timeout: float,
        wait: bool,
    ) -> None:
        options: dict[str, Any] = {}
        if queues:
            options["queues"] = list(queues)
        async with self.app.open_async():
            recovery = asyncio.create_task(self._recover_forever(stalled_timeout))
            try:
                await self.app.run_worker_async(
                    concurrency=concurrency,
                    wait=wait,
                    # a heartbeat several times per timeout, so a busy but live worker is
                    # never taken for a stalled one
                    update_heartbeat_interval=stalled_timeout / 4,
                    stalled_worker_timeout=stalled_timeout,
                    delete_jobs="successful",
                    **options,
                )
            finally:
                recovery.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await recovery

    async def _recover_forever(self, stalled_timeout: float) -> None:
        while True:
            try:
                await self.recover_stalled_jobs(stalled_timeout)
            except Exception:  # a failed sweep is retried at the next one
                logger.exception("could not look for stalled chunks")
            await asyncio.sleep(max(stalled_timeout / 2, 0.5))


__all__ = [
    "DEFAULT_STALLED_TIMEOUT",
    "QUEUE",
    "RETRY",
    "TASK_NAME",
    "ProcrastinateTaskQueue",
    "install_procrastinate_schema",
    "libpq_url",
]
