"""The embedded task queue: bulk chunks run on a background thread of the server process.

Chunks are handed to the thread only once the transaction that stored their job has
committed (a SQLAlchemy ``after_commit`` hook on the unit of work's session): a chunk of a
job that is still being written, or that was rolled back, never runs. Nothing about the queue
itself is stored: on :meth:`InProcessTaskQueue.start` the thread first looks in the database
for jobs still queued or running and schedules all their chunks again, so a server that was
killed finishes its jobs when it is restarted. Running a chunk twice is harmless —
:func:`~credstack.services.bulk.run_chunk` issues each row exactly once — so resuming
never needs to know how far a job got.

One thread by default: the embedded database (SQLite) has a single writer anyway. A chunk
that fails (the database busy for longer than its timeout, say) is tried again a few times
with growing pauses; after that it waits for the next start.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any, Final
from uuid import UUID

from sqlalchemy import event

from credstack.services.bulk import FINISHED, chunk_count, run_chunk
from credstack.services.config import ServiceConfig
from credstack.services.ports import KeyStore, UnitOfWork, UnitOfWorkFactory
from credstack.services.records import BulkJob

logger = logging.getLogger(__name__)

ATTEMPTS: Final = 4
"""Tries of one chunk before it is left for the next start."""
FIRST_PAUSE: Final = 1.0
"""Seconds before the second try; doubled before each further one."""
RESUME_SCAN: Final = 10_000
"""Most recent jobs of each organisation looked at on start (older ones are long finished
in an embedded deployment)."""

_Chunk = tuple[UUID, int]


class InProcessTaskQueue:
    """Runs bulk chunks on ``workers`` background threads (see the module docstring)."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        key_store: KeyStore,
        config: ServiceConfig,
        clock: Callable[[], datetime],
        *,
        workers: int = 1,
    ) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, not {workers}")
        self._uow_factory = uow_factory
        self._run: Callable[[UUID, int], None] = lambda job_id, chunk: run_chunk(
            uow_factory, key_store, config, job_id, chunk, now=clock
        )
        self._workers = workers
        self._queue: queue.Queue[_Chunk | None] = queue.Queue()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._outstanding = 0
        self._stopping = threading.Event()
        self._resumed = False

    def enqueue_job(self, uow: UnitOfWork, job: BulkJob, chunks: int) -> None:
        """Run ``job``'s chunks once ``uow`` commits (never if it rolls back)."""
        if chunks <= 0:
            return
        session = getattr(uow, "session", None)
        if session is None:
            raise TypeError(
                "the in-process queue runs chunks after the unit of work commits, and "
                f"{type(uow).__name__} has no SQLAlchemy session to tell it when"
            )
        items = [(job.id, chunk) for chunk in range(chunks)]
        settled = threading.Event()

        def committed(_session: Any) -> None:
            if not settled.is_set():
                settled.set()
                self._submit(items)

        def rolled_back(_session: Any) -> None:
            settled.set()  # a later commit of the same session is not this job's

        event.listen(session, "after_commit", committed, once=True)
        event.listen(session, "after_rollback", rolled_back, once=True)

    def start(self) -> None:
        """Start the threads and resume the jobs a previous process left unfinished (once;
        later calls do nothing). Jobs enqueued before it start the threads themselves."""
        with self._lock:
            if self._resumed:
                return
            self._resumed = True
            self._outstanding += 1  # the resume pass counts as work until it has queued all
        self._ensure_threads()
        resumer = threading.Thread(target=self._resume, name="credstack-resume", daemon=True)
        resumer.start()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until every chunk handed to the queue has run; False on ``timeout``."""
        with self._idle:
            return self._idle.wait_for(lambda: self._outstanding == 0, timeout)

    def close(self, timeout: float = 60.0) -> None:
        """Stop the threads after the chunk each is running; chunks not yet run are left to
        the next process's :meth:`start`."""
        self._stopping.set()
        with self._lock:
            threads, self._threads = self._threads, []
        for _ in threads:
            self._queue.put(None)
        for thread in threads:
            thread.join(timeout)
        with self._idle:
            self._outstanding = 0
            self._idle.notify_all()

    # --- inside ---------------------------------------------------------------------------

    def _submit(self, items: list[_Chunk]) -> None:
        if self._stopping.is_set():
            return  # closing: the chunks are resumed by the next start
        with self._lock:
            self._outstanding += len(items)
        for item in items:
            self._queue.put(item)
        self._ensure_threads()

    def _ensure_threads(self) -> None:
        with self._lock:
            if self._threads or self._stopping.is_set():
                return
            for number in range(self._workers):
                thread = threading.Thread(
                    target=self._work, name=f"credstack-bulk-{number}", daemon=True
                )
                thread.start()
                self._threads.append(thread)

    def _resume(self) -> None:
        try:
            jobs = self._unfinished_jobs()
            if jobs:
                logger.info("resuming %d unfinished bulk job(s)", len(jobs))
            self._submit([(job.id, chunk) for job in jobs for chunk in range(chunk_count(job))])
        except Exception:  # a failed scan must not stop the queue
            logger.exception("could not look for unfinished bulk jobs")
        finally:
            self._done()

    def _unfinished_jobs(self) -> list[BulkJob]:
        with self._uow_factory() as uow:
            return sorted(
                (
                    job
                    for organisation in uow.organisations.every()
                    for job in uow.jobs.recent(organisation.id, RESUME_SCAN)
                    if job.state not in FINISHED
                ),
                key=lambda job: job.created_at,
            )

    def _work(self) -> None:
        while True:
            item = self._queue.get()
            if item is None or self._stopping.is_set():
                return
            try:
                self._run_with_retries(*item)
            finally:
                self._done()

    def _run_with_retries(self, job_id: UUID, chunk: int) -> None:
        pause = FIRST_PAUSE
        for attempt in range(1, ATTEMPTS + 1):
            try:
                self._run(job_id, chunk)
            except Exception:  # logged; the chunk is tried again
                logger.exception(
                    "chunk %d of bulk job %s failed (attempt %d of %d)",
                    chunk,
                    job_id,
                    attempt,
                    ATTEMPTS,
                )
                if self._stopping.wait(pause):
                    return
                pause *= 2
            else:
                return

    def _done(self) -> None:
        with self._idle:
            self._outstanding = max(0, self._outstanding - 1)
            if self._outstanding == 0:
                self._idle.notify_all()


__all__ = ["ATTEMPTS", "FIRST_PAUSE", "RESUME_SCAN", "InProcessTaskQueue"]
