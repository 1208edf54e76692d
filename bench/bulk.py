"""Bulk issuance end to end: a job of N rows (default 100,000) submitted, issued and persisted.

``bulk issue BACKEND SUITE`` is credentials per second from the moment the job is submitted
(rows stored, chunks scheduled) to the commit of its last credential: every credential built,
signed, stored with its status index allocated, every row's outcome recorded. Chunks run on
``WORKERS`` processes (default: the number of CPUs), as ``credstack worker`` machines would;
SQLite has a single writer, so its figure is also given with one process.

PostgreSQL figures use a fresh database created next to ``CREDSTACK_TEST_DATABASE_URL``
(default ``postgresql://root@127.0.0.1:5432/postgres``) and dropped afterwards; when no
server answers they are left out with a note. ``BENCH_BULK_ROWS`` changes N.
"""

from __future__ import annotations

import multiprocessing
import os
import secrets
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

import yaml

from credstack.core.crypto.envelope import new_master_key
from credstack.core.issuing import SignatureSuite

ROWS = int(os.environ.get("BENCH_BULK_ROWS", "100000"))
WORKERS = int(os.environ.get("BENCH_BULK_WORKERS", str(os.cpu_count() or 1)))
DEFINITION = Path(__file__).resolve().parents[1] / "examples" / "achievement.yaml"
ADMIN_URL = os.environ.get(
    "CREDSTACK_TEST_DATABASE_URL", "postgresql://root@127.0.0.1:5432/postgres"
)


@dataclass(frozen=True)
class Setup:
    data_dir: str
    database_url: str
    master_key: bytes
    organisation_id: UUID
    achievement_id: UUID


class _Later:
    """A task queue that only remembers what to run (the benchmark runs it itself)."""

    def __init__(self) -> None:
        self.chunks = 0

    def enqueue_job(self, uow: Any, job: Any, chunks: int) -> None:
        self.chunks = chunks


def _settings(
    data_dir: str, database_url: str, master_key: bytes, base_url: str = "http://127.0.0.1:8000"
) -> Any:
    from credstack.settings import Settings

    return Settings(
        data_dir=Path(data_dir),
        database_url=database_url,
        master_key=master_key,
        base_url=base_url,
    )


def prepare(
    data_dir: str,
    database_url: str,
    *,
    master_key: bytes | None = None,
    base_url: str = "http://127.0.0.1:8000",
) -> Setup:
    """A migrated database with an organisation and an achievement (not timed)."""
    from credstack.bootstrap import build_platform
    from credstack.services.achievements import create_achievement
    from credstack.services.organisations import create_organisation
    from credstack.services.principal import system_principal
    from credstack.services.records import OrganisationKind

    master_key = master_key or new_master_key()
    settings = _settings(data_dir, database_url, master_key, base_url)
    platform = build_platform(settings, migrate=True)
    now = platform.clock()
    try:
        with platform.uow_factory() as uow:
            org = create_organisation(
                uow,
                platform.key_store,
                platform.config,
                slug="bench",
                name="Bench University",
                kind=OrganisationKind.UNIVERSITY,
                profile={},
                now=now,
            )
            version = create_achievement(
                uow,
                system_principal(org.id),
                platform.config,
                slug="data-analysis",
                definition=_definition(),
                now=now,
            )
            uow.commit()
    finally:
        platform.close()
    return Setup(data_dir, database_url, master_key, org.id, version.achievement_id)


def _submit(setup: Setup, suite: SignatureSuite, rows: int) -> tuple[UUID, int]:
    """Submit the job as the API would: rows stored, chunks scheduled (timed)."""
    from credstack.bootstrap import build_platform
    from credstack.services.bulk import submit_job
    from credstack.services.principal import system_principal

    platform = build_platform(_settings(setup.data_dir, setup.database_url, setup.master_key))
    queue = _Later()
    recipients = [{"recipient": f"learner{i}@example.org"} for i in range(rows)]
    try:
        with platform.uow_factory() as uow:
            job, _ = submit_job(
                uow,
                queue,
                platform.config,
                system_principal(setup.organisation_id),
                achievement_id=setup.achievement_id,
                rows=recipients,
                suite=suite,
                now=platform.clock(),
            )
            uow.commit()
    finally:
        platform.close()
    return job.id, queue.chunks


def _worker(setup: Setup, jobs: Any, counter: Any, ready: Any) -> None:
    """A worker machine: ready before the job exists, then takes chunks until none are left."""
    from credstack.bootstrap import build_platform
    from credstack.services.bulk import run_chunk

    platform = build_platform(_settings(setup.data_dir, setup.database_url, setup.master_key))
    ready.release()
    job_id, chunks = jobs.get()
    try:
        while True:
            with counter.get_lock():
                chunk = counter.value
                counter.value += 1
            if chunk >= chunks:
                return
            run_chunk(
                platform.uow_factory,
                platform.key_store,
                platform.config,
                job_id,
                chunk,
                now=platform.clock,
            )
    finally:
        platform.close()


def _issued(setup: Setup, job_id: UUID) -> int:
    from credstack.bootstrap import build_platform

    platform = build_platform(_settings(setup.data_dir, setup.database_url, setup.master_key))
    try:
        with platform.uow_factory() as uow:
            return uow.jobs.progress(job_id).done
    finally:
        platform.close()


def _measure(database_url: str, suite: SignatureSuite, workers: int) -> float:
    with tempfile.TemporaryDirectory(prefix="credstack-bench-") as data_dir:
        setup = prepare(data_dir, database_url or f"sqlite:///{data_dir}/credstack.db")
        context = multiprocessing.get_context("spawn")
        counter, jobs, ready = context.Value("i", 0), context.Queue(), context.Semaphore(0)
        processes = [
            context.Process(target=_worker, args=(setup, jobs, counter, ready))
            for _ in range(workers)
        ]
        for process in processes:
            process.start()
        for _ in processes:
            ready.acquire()
        started = time.perf_counter()
        job_id, chunks = _submit(setup, suite, ROWS)
        for _ in processes:
            jobs.put((job_id, chunks))
        for process in processes:
            process.join()
            if process.exitcode != 0:
                raise RuntimeError(f"a bulk worker exited with {process.exitcode}")
        elapsed = time.perf_counter() - started
        done = _issued(setup, job_id)
        if done != ROWS:
            raise RuntimeError(f"{done} of {ROWS} rows issued")
        return ROWS / elapsed


@contextmanager
def _fresh_postgresql() -> Iterator[str | None]:
    import sqlalchemy

    name = f"credstack_bench_{secrets.token_hex(4)}"
    admin_url = ADMIN_URL.replace("postgresql://", "postgresql+psycopg://", 1)
    try:
        admin = sqlalchemy.create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
    except sqlalchemy.exc.OperationalError as exc:
        print(f"# bulk issue postgresql: no server at {ADMIN_URL} ({exc.orig})")
        yield None
        return
    try:
        yield ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(sqlalchemy.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def run(emit: Callable[[str, float, str], None]) -> None:
    print(f"# bulk issue: {ROWS:,} rows per job, {WORKERS} worker process(es)")
    suites = (SignatureSuite.EDDSA_JCS_2022, SignatureSuite.EDDSA_RDFC_2022)
    for suite in suites:
        emit(f"bulk issue sqlite {suite}", _measure("", suite, 1), "credentials/s")
    for suite in suites:
        with _fresh_postgresql() as url:
            if url is not None:
                rate = _measure(url, suite, WORKERS)
                emit(f"bulk issue postgresql {suite}", rate, "credentials/s")


__all__ = ["run"]


def _definition() -> dict[str, Any]:
    definition: dict[str, Any] = yaml.safe_load(DEFINITION.read_text(encoding="utf-8"))
    definition.pop("issuer", None)  # the organisation is the issuer
    return definition
