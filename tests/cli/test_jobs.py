"""``credstack jobs resume``: puts an unfinished job's chunks back on the procrastinate queue.

The PostgreSQL test exists only when ``CREDSTACK_TEST_DATABASE_URL`` names a server (it is
not generated otherwise, rather than skipped).
"""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import psycopg
import pytest
from click.testing import CliRunner, Result

from credstack.adapters.procrastinate_queue import libpq_url
from credstack.bootstrap import build_platform
from credstack.cli.main import cli
from credstack.services.bulk import run_chunk, submit_job
from credstack.settings import Settings
from tests.services.bulk_world import seed_issuer
from tests.store.database import SERVER_VARIABLE, scratch_postgresql_database


def _run(env: dict[str, str], *args: str) -> Result:
    return CliRunner(env=env).invoke(cli, list(args), prog_name="credstack")


def test_the_in_process_queue_needs_no_resume(tmp_path: Path) -> None:
    result = _run({"CREDSTACK_DATA_DIR": str(tmp_path)}, "jobs", "resume", str(uuid4()))
    assert result.exit_code == 2
    assert "resumes unfinished jobs when it starts" in result.output


def test_the_job_id_must_be_a_uuid(tmp_path: Path) -> None:
    result = _run({"CREDSTACK_DATA_DIR": str(tmp_path)}, "jobs", "resume", "job-1")
    assert result.exit_code == 2
    assert "is not a valid UUID" in result.output


@pytest.fixture
def procrastinate_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    with scratch_postgresql_database() as url:
        env = {
            "CREDSTACK_DATA_DIR": str(tmp_path),
            "CREDSTACK_DATABASE_URL": url,
            "CREDSTACK_MASTER_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
            "CREDSTACK_TASK_QUEUE": "procrastinate",
        }
        assert _run(env, "db", "upgrade").exit_code == 0
        yield env


def _tasks(url: str) -> list[tuple[str, str]]:
    with psycopg.connect(libpq_url(url)) as connection:
        rows = connection.execute("SELECT status::text, args::text FROM procrastinate_jobs")
        return [(status, args) for status, args in rows.fetchall()]


def test_resume_puts_the_chunks_back_and_they_issue_nothing_twice(
    procrastinate_env: dict[str, str],
) -> None:
    platform = build_platform(Settings.from_env(procrastinate_env))
    try:
        now = platform.clock()
        with platform.uow_factory() as uow:
            org, principal, version = seed_issuer(uow, platform.key_store, platform.config, now=now)
            job, _ = submit_job(
                uow, platform.task_queue, platform.config, principal,
                achievement_id=version.achievement_id,
                rows=[{"recipient": f"l{i}@uni.example"} for i in range(3)], now=now,
            )  # fmt: skip
            uow.commit()
        url = procrastinate_env["CREDSTACK_DATABASE_URL"]
        with psycopg.connect(libpq_url(url)) as connection:
            # the chunk ran out of retries: failed in procrastinate, rows still pending
            connection.execute("UPDATE procrastinate_jobs SET status = 'failed'")
        result = _run(procrastinate_env, "jobs", "resume", str(job.id))
        assert result.exit_code == 0, result.output
        assert result.output.strip() == f"job {job.id}: 1 chunk(s) scheduled"
        assert sorted(status for status, _ in _tasks(url)) == ["failed", "todo"]
        for _ in range(2):  # the resumed task, and a duplicate run: both issue exactly once
            run_chunk(platform.uow_factory, platform.key_store, platform.config, job.id, 0,
                      now=platform.clock)  # fmt: skip
        with platform.uow_factory() as uow:
            assert uow.jobs.progress(job.id).done == 3
            assert uow.credentials.count(org.id) == 3
        again = _run(procrastinate_env, "jobs", "resume", str(job.id))
        assert again.exit_code == 1
        assert "INVALID_STATE_TRANSITION" in again.output
    finally:
        platform.close()


def test_resume_of_an_unknown_job(procrastinate_env: dict[str, str]) -> None:
    result = _run(procrastinate_env, "jobs", "resume", str(uuid4()))
    assert result.exit_code == 1
    assert "NOT_FOUND" in result.output


# the tests that need a PostgreSQL server exist only when one is configured
if not os.environ.get(SERVER_VARIABLE):
    del test_resume_puts_the_chunks_back_and_they_issue_nothing_twice
    del test_resume_of_an_unknown_job
