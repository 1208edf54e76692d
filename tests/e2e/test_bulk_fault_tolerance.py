"""A bulk job survives workers killed mid-flight, and issues every row exactly once.

On a fresh PostgreSQL database: an organisation and an achievement, a job of 20,000 rows on
the procrastinate queue (``eddsa-rdfc-2022``, so the batch signing path is the one under
test), and a ``credstack worker`` process killed with SIGKILL at random moments — each time
after the job has advanced since the last start, and before it is done — and started again.
A killed worker's chunks stay ``doing`` in procrastinate until the next worker sees the dead
one's heartbeat expire and puts them back in the queue.

Then: exactly 20,000 credentials for the job, no credential id and no status list position
twice, every row done and pointing at its credential, at least 20,000 status positions taken
(a killed attempt's reservation is skipped, never reused), nothing left in the queue, and
every credential verifies with the full core pipeline (all of them, spread over processes;
none sampled).

Needs ``CREDSTACK_TEST_DATABASE_URL``; without it the test does not exist (it is not skipped).
"""

from __future__ import annotations

import base64
import os
import random
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any, LiteralString
from uuid import UUID

import psycopg
import pytest

from credstack.adapters.procrastinate_queue import install_procrastinate_schema, libpq_url
from credstack.bootstrap import Platform, build_platform
from credstack.core.issuing import SignatureSuite
from credstack.services.bulk import submit_job
from credstack.services.keys import did_document
from credstack.services.records import JobState
from credstack.services.status import status_list_credential
from credstack.services.urls import status_list_url
from credstack.settings import Settings, TaskQueueKind
from tests.e2e.verifying import verify_all
from tests.services.bulk_world import seed_issuer
from tests.store.database import SERVER_VARIABLE, scratch_postgresql_database

ROWS = 20_000
KILLS = 3
CHUNK = 500
CONCURRENCY = 2
STALLED_TIMEOUT = 2.0
"""Seconds of silence after which a worker counts as dead (short, to keep the test short)."""
ADVANCE = (CHUNK, 3 * CHUNK)
"""Rows the job must advance by, at random within this range, before each kill."""
TIMEOUT = 240.0
"""Seconds any one wait may take before the test fails (a stuck job fails, never hangs)."""
SUITE = SignatureSuite.EDDSA_RDFC_2022

FINISHED_ROWS: LiteralString = (
    "SELECT count(*) FROM bulk_rows WHERE job_id = %(job)s AND state <> 'pending'"
)
RUNNING_TASKS: LiteralString = "SELECT count(*) FROM procrastinate_jobs WHERE status = 'doing'"
UNFINISHED_TASKS: LiteralString = (
    "SELECT count(*) FROM procrastinate_jobs WHERE status IN ('todo', 'doing')"
)
DOCUMENTS: LiteralString = (
    "SELECT document, status_list_id FROM credentials WHERE job_id = %(job)s ORDER BY job_row"
)
EXACTLY_ROWS: dict[str, LiteralString] = {
    "credentials": "SELECT count(*) FROM credentials WHERE job_id = %(job)s",
    "distinct credential ids": (
        "SELECT count(DISTINCT credential_id) FROM credentials WHERE job_id = %(job)s"
    ),
    "distinct hosted tokens": (
        "SELECT count(DISTINCT public_token) FROM credentials WHERE job_id = %(job)s"
    ),
    "distinct status positions": (
        "SELECT count(DISTINCT (status_list_id, status_index)) FROM credentials "
        "WHERE job_id = %(job)s"
    ),
    "one credential per row": (
        "SELECT count(DISTINCT job_row) FROM credentials "
        "WHERE job_id = %(job)s AND job_row BETWEEN 0 AND %(last)s"
    ),
    "rows done": "SELECT count(*) FROM bulk_rows WHERE job_id = %(job)s AND state = 'done'",
    "rows pointing at their credential": (
        "SELECT count(*) FROM bulk_rows r JOIN credentials c "
        "ON c.id = r.credential_id AND c.job_id = r.job_id AND c.job_row = r.row "
        "WHERE r.job_id = %(job)s"
    ),
}

POSITIONS_TAKEN: LiteralString = (
    "SELECT sum(allocated) FROM status_lists WHERE organisation_id = %(organisation)s"
)

pytestmark = pytest.mark.slow


class Worker:
    """``python -m credstack.cli.worker`` as a child process, logging to a file."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env = env
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as output:
            self.process = subprocess.Popen(
                [
                    sys.executable, "-m", "credstack.cli.worker",
                    "--concurrency", str(CONCURRENCY),
                    "--stalled-timeout", str(STALLED_TIMEOUT),
                ],
                env=self.env, stdout=output, stderr=subprocess.STDOUT,
            )  # fmt: skip

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        assert self.process.wait(TIMEOUT) == -signal.SIGKILL

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()  # graceful: finishes the chunks it runs, then exits
        try:
            self.process.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


@pytest.fixture
def database() -> Iterator[str]:
    with scratch_postgresql_database() as url:
        yield url


@pytest.fixture
def platform(database: str, tmp_path: Path) -> Iterator[Platform]:
    settings = Settings(
        data_dir=tmp_path / "data",
        database_url=database,
        master_key=secrets.token_bytes(32),
        task_queue=TaskQueueKind.PROCRASTINATE,
        bulk_chunk_size=CHUNK,
    )
    platform = build_platform(settings, migrate=True)
    install_procrastinate_schema(database)
    yield platform
    platform.close()


@pytest.fixture
def connection(database: str) -> Iterator[psycopg.Connection[Any]]:
    """A connection of the test's own, to watch the job and check the outcome."""
    with psycopg.connect(libpq_url(database), autocommit=True) as connection:
        yield connection


def test_killed_workers_never_lose_or_duplicate_a_credential(
    platform: Platform, database: str, connection: psycopg.Connection[Any], tmp_path: Path
) -> None:
    settings = platform.settings
    assert settings.master_key is not None
    with platform.uow_factory() as uow:
        organisation, principal, achievement = seed_issuer(
            uow, platform.key_store, platform.config, now=platform.clock()
        )
        job, _ = submit_job(
            uow, platform.task_queue, platform.config, principal,
            achievement_id=achievement.achievement_id,
            rows=[{"recipient": f"learner{i}@example.org"} for i in range(ROWS)],
            suite=SUITE, idempotency_key="fault-test", now=platform.clock(),
        )  # fmt: skip
        uow.commit()

    seed = secrets.randbits(32)
    print(f"fault test seed {seed}")  # to replay a failing run's kill points
    rng = random.Random(seed)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CREDSTACK_")}
    env |= {
        "CREDSTACK_DATABASE_URL": database,
        "CREDSTACK_MASTER_KEY": base64.b64encode(settings.master_key).decode(),
        "CREDSTACK_DATA_DIR": str(settings.data_dir),
        "CREDSTACK_TASK_QUEUE": "procrastinate",
    }
    worker = Worker(env, tmp_path / "worker.log")
    started = time.monotonic()
    interrupted: list[int] = []
    try:
        worker.start()
        for kill in range(KILLS):
            # kill only once the job has moved on since this worker started
            target = _finished(connection, job.id) + rng.randint(*ADVANCE)
            _wait(lambda t=target: _finished(connection, job.id) >= t, worker, f"kill {kill}")
            time.sleep(rng.uniform(0, 0.5))  # anywhere inside the chunks now running
            worker.kill()
            finished = _finished(connection, job.id)
            assert finished < ROWS, "the job finished before the kill: raise ROWS"
            interrupted.append(_scalar(connection, RUNNING_TASKS))
            worker.start()
        _wait(lambda: _job_state(connection, job.id) == JobState.DONE.value, worker, "the end")
    finally:
        worker.stop()
    elapsed = time.monotonic() - started
    print(f"{ROWS} rows, {KILLS} kills, chunks interrupted {interrupted}, {elapsed:.1f} s")

    # some kill must have caught chunks mid-flight, or stalled-chunk recovery went untested
    assert any(interrupted), worker.tail()
    assert "requeued stalled chunk" in worker.log.read_text()
    facts = {"job": job.id, "organisation": organisation.id, "last": ROWS - 1}
    for what, query in EXACTLY_ROWS.items():
        assert _scalar(connection, query, facts) == ROWS, what
    assert _scalar(connection, UNFINISHED_TASKS) == 0
    # killed attempts may have reserved positions they never used: skipped, not reused
    assert _scalar(connection, POSITIONS_TAKEN, facts) >= ROWS

    # the documents exactly as stored (JSON text), read in one pass
    stored = connection.execute(DOCUMENTS, {"job": job.id}).fetchall()
    documents = [str(document) for document, _ in stored]
    with platform.uow_factory() as uow:
        lists = {
            status_list_url(platform.config.base_url, list_id): status_list_credential(
                uow, platform.key_store, platform.config, list_id, now=platform.clock()
            ).document
            for list_id in {list_id for _, list_id in stored}
        }
        did_documents = {organisation.did: did_document(uow, organisation)}
    assert len(documents) == ROWS
    checked, failures = verify_all(
        documents,
        did_documents=did_documents,
        status_lists=lists,
        now=platform.clock() + timedelta(minutes=1),
    )
    assert checked == ROWS
    assert failures == []


def _wait(condition: Callable[[], bool], worker: Worker, what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if not worker.alive():
            pytest.fail(f"the worker exited before {what}:\n{worker.tail()}")
        if time.monotonic() > deadline:
            pytest.fail(f"no progress towards {what} in {TIMEOUT:.0f} s:\n{worker.tail()}")
        time.sleep(0.05)


def _finished(connection: psycopg.Connection[Any], job_id: UUID) -> int:
    return _scalar(connection, FINISHED_ROWS, {"job": job_id})


def _job_state(connection: psycopg.Connection[Any], job_id: UUID) -> str:
    row = connection.execute("SELECT state FROM bulk_jobs WHERE id = %s", (job_id,)).fetchone()
    assert row is not None
    return str(row[0])


def _scalar(
    connection: psycopg.Connection[Any], query: LiteralString, facts: dict[str, Any] | None = None
) -> int:
    row = connection.execute(query, facts).fetchone()
    assert row is not None
    return int(row[0] or 0)


if not os.environ.get(SERVER_VARIABLE):
    # no PostgreSQL server to test against: the test does not exist (rather than skip)
    del test_killed_workers_never_lose_or_duplicate_a_credential
