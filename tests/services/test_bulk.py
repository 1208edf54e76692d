"""Running bulk chunks on the in-memory doubles: every row issued exactly once, bad rows failing
alone, a crash before the commit leaving nothing, concurrent attempts, finishing the job."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import pytest

from credstack.services import bulk
from credstack.services.achievements import update_achievement
from credstack.services.bulk import run_chunk
from credstack.services.errors import ConflictError, KeyStoreError, NotFoundError
from credstack.services.records import JobProgress, JobState, RowState
from tests.services.bulk_world import DEFINITION, T0, World, fields_of, make_world, rows_of
from tests.services.fakes import FakeJobs, FakeKeyStore


@pytest.fixture
def world() -> World:
    return make_world()


# --- running chunks --------------------------------------------------------------------------


def test_running_every_chunk_issues_every_row_once(world: World) -> None:
    job, _ = world.submit(rows_of(7), suite="eddsa-jcs-2022")
    world.run_all(job)
    credentials = world.credentials(job)
    assert [c.job_row for c in credentials] == list(range(7))
    assert len({c.credential_id for c in credentials}) == 7
    assert len({(c.status_list_id, c.status_index) for c in credentials}) == 7
    assert all(c.suite == "eddsa-jcs-2022" for c in credentials)
    stored = world.job(job)
    assert stored.state is JobState.DONE
    assert stored.started_at == stored.finished_at == T0
    rows = [world.database.tables["rows"][(job.id, i)] for i in range(7)]
    assert [r.credential_id for r in rows] == [c.id for c in credentials]


def test_the_first_chunk_marks_the_job_running(world: World) -> None:
    job, _ = world.submit(rows_of(7))
    world.run(job, 1)
    assert world.job(job).state is JobState.RUNNING
    assert [c.job_row for c in world.credentials(job)] == [3, 4, 5]


def test_bad_rows_fail_without_stopping_the_others(world: World) -> None:
    rows = [
        {"recipient": "a@example.org"},
        {"recipient": "not an address"},  # refused when submitted
        {"recipient": "b@example.org", "valid_until": "2025-01-01T00:00:00Z"},  # already past
        {
            "recipient": "c@example.org",
            "results": [
                {"result_description": "https://uni.example/results/outcome", "value": "great"}
            ],
        },
        {
            "recipient": "d@example.org",
            "results": [
                {"result_description": "https://uni.example/results/outcome", "value": "pass"}
            ],
        },
    ]
    job, _ = world.submit(rows)
    world.run_all(job)
    assert [c.job_row for c in world.credentials(job)] == [0, 4]
    stored = world.database.tables["rows"]
    assert [stored[(job.id, i)].state for i in range(5)] == [
        RowState.DONE,
        RowState.FAILED,
        RowState.FAILED,
        RowState.FAILED,
        RowState.DONE,
    ]
    assert "valid_until" in (stored[(job.id, 2)].error_message or "")
    assert "allows 'pass', 'fail'" in (stored[(job.id, 3)].error_message or "")
    view = world.status(job)
    assert (view.state, view.done, view.failed) == (JobState.DONE, 2, 3)


def test_rows_are_parsed_again_when_the_chunk_runs(world: World) -> None:
    job, _ = world.submit(rows_of(1))
    key = (job.id, 0)
    row = world.database.tables["rows"][key]
    # a row stored by an older release, under rules that have since become stricter
    world.database.tables["rows"][key] = type(row)(job.id, 0, {"recipient": "x"}, row.state)
    world.run(job, 0)
    assert world.database.tables["rows"][key].state is RowState.FAILED
    assert world.credentials(job) == []


def test_the_job_issues_the_version_it_was_submitted_with(world: World) -> None:
    job, _ = world.submit(rows_of(2))
    with world.factory() as uow:
        update_achievement(
            uow, world.principal, world.config,
            achievement_id=world.achievement.achievement_id, definition=DEFINITION, now=T0,
        )  # fmt: skip
        uow.commit()
    world.run_all(job)
    assert {c.achievement_version_id for c in world.credentials(job)} == {world.achievement.id}


def test_running_a_chunk_again_issues_nothing_more(world: World) -> None:
    job, _ = world.submit(rows_of(7))
    world.run_all(job)
    before = world.credentials(job)
    lists = dict(world.database.tables["status_lists"])
    world.run_all(job)
    world.run(job, 0)
    assert world.credentials(job) == before
    assert world.database.tables["status_lists"] == lists  # no status index taken either


def test_a_crash_before_the_commit_leaves_nothing_and_the_rerun_issues_once(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    job, _ = world.submit(rows_of(3))
    allocated = _allocated(world)
    commits = world.database.commits

    def crash(self: FakeJobs, job_id: UUID, outcomes: Any) -> None:
        raise RuntimeError("the worker died between issuing and committing")

    with monkeypatch.context() as patched:
        patched.setattr(FakeJobs, "finish_rows", crash)
        with pytest.raises(RuntimeError, match="worker died"):
            world.run(job, 0)
    # only the status slots reserved ahead (their own short transaction) were committed:
    # they are skipped from now on, never handed out again
    assert world.database.commits == commits + 1
    assert _allocated(world) == allocated + 3
    assert world.credentials(job) == []
    assert world.job(job).state is JobState.QUEUED
    world.run(job, 0)
    world.run(job, 0)
    credentials = world.credentials(job)
    assert [c.job_row for c in credentials] == [0, 1, 2]
    assert world.job(job).state is JobState.DONE


def _allocated(world: World) -> int:
    return sum(s.allocated for s in world.database.tables["status_lists"].values())


def test_a_failure_that_is_not_a_rows_fault_raises_and_leaves_the_rows_pending(
    world: World,
) -> None:
    job, _ = world.submit(rows_of(2))
    with pytest.raises(KeyStoreError):
        run_chunk(world.factory, FakeKeyStore(), world.config, job.id, 0, now=world.now)
    assert world.credentials(job) == []
    assert world.database.tables["rows"][(job.id, 0)].state is RowState.PENDING


def test_a_job_whose_achievement_vanished_raises(world: World) -> None:
    job, _ = world.submit(rows_of(1))
    del world.database.tables["achievements"][world.achievement.id]
    with pytest.raises(NotFoundError, match="is gone"):
        world.run(job, 0)
    assert world.database.tables["rows"][(job.id, 0)].state is RowState.PENDING


def test_a_row_whose_credential_exists_is_recorded_not_reissued(world: World) -> None:
    job, _ = world.submit(rows_of(3))
    world.run(job, 0)
    # as if an attempt had committed the credentials but not the rows' outcome
    issued = world.credentials(job)
    for i in range(3):
        row = world.database.tables["rows"][(job.id, i)]
        world.database.tables["rows"][(job.id, i)] = type(row)(
            job.id, i, row.data, RowState.PENDING
        )
    world.database.tables["jobs"][job.id] = world.job(job).__class__(
        **{**fields_of(world.job(job)), "state": JobState.RUNNING, "finished_at": None}
    )
    world.run(job, 0)
    assert world.credentials(job) == issued
    assert [world.database.tables["rows"][(job.id, i)].credential_id for i in range(3)] == [
        c.id for c in issued
    ]
    assert world.job(job).state is JobState.DONE


def test_a_concurrent_attempt_that_committed_first_wins(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    job, _ = world.submit(rows_of(3))
    world.run(job, 0)
    issued = world.credentials(job)
    # a second attempt that raced past the row locks: it saw the rows pending and no
    # credential, so only the unique (job_id, job_row) stops it
    pending = [world.database.tables["rows"][(job.id, i)] for i in range(3)]
    pending = [type(r)(r.job_id, r.row, r.data, RowState.PENDING) for r in pending]
    monkeypatch.setattr(FakeJobs, "claim_rows", lambda *_: pending)
    monkeypatch.setattr("tests.services.fakes.FakeCredentials.for_job_rows", lambda *_: {})
    world.run(job, 0)  # rolls back and leaves the chunk to the first attempt
    assert world.credentials(job) == issued


def test_a_conflict_while_rows_are_still_pending_is_raised(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    job, _ = world.submit(rows_of(2))

    def conflict(*_: Any, **__: Any) -> Any:
        raise ConflictError("a status list index was taken twice")

    monkeypatch.setattr(bulk, "issue_batch", conflict)
    with pytest.raises(ConflictError):
        world.run(job, 0)
    assert world.database.tables["rows"][(job.id, 0)].state is RowState.PENDING


def test_a_conflict_on_a_vanished_job_is_not_raised(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    job, _ = world.submit(rows_of(2))

    def conflict_and_vanish(*_: Any, **__: Any) -> Any:
        del world.database.tables["jobs"][job.id]  # deleted meanwhile by someone else
        raise ConflictError("duplicate")

    monkeypatch.setattr(bulk, "issue_batch", conflict_and_vanish)
    world.run(job, 0)


def test_the_chunk_that_commits_last_marks_the_job_done(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    job, _ = world.submit(rows_of(6))
    world.run(job, 0)
    real = FakeJobs.progress
    calls: list[JobProgress] = []

    def stale_inside_the_transaction(self: FakeJobs, job_id: UUID) -> JobProgress:
        # what a chunk sees while a concurrent chunk has not committed yet: fewer rows done
        progress = real(self, job_id)
        calls.append(progress)
        if len(calls) == 1:
            return JobProgress(progress.total, 3, 0, progress.started_at, None)
        return progress

    monkeypatch.setattr(FakeJobs, "progress", stale_inside_the_transaction)
    world.run(job, 1)
    assert len(calls) == 2  # the second look, after the commit
    assert world.job(job).state is JobState.DONE


def test_the_second_look_finds_nothing_to_do_when_the_job_is_finished(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    job, _ = world.submit(rows_of(6))
    world.run(job, 0)
    real = FakeJobs.progress

    def incomplete(self: FakeJobs, job_id: UUID) -> JobProgress:
        progress = real(self, job_id)
        return JobProgress(progress.total, 0, 0, progress.started_at, None)

    monkeypatch.setattr(FakeJobs, "progress", incomplete)
    world.run(job, 1)  # both looks see the job incomplete: it stays running
    assert world.job(job).state is JobState.RUNNING
    monkeypatch.setattr(FakeJobs, "progress", real)
    world.run(job, 1)  # nothing pending, and the in-transaction check finishes it
    assert world.job(job).state is JobState.DONE


def test_a_missing_job_or_chunk_is_nothing_to_do(world: World) -> None:
    run_chunk(world.factory, world.key_store, world.config, uuid4(), 0, now=world.now)
    job, _ = world.submit(rows_of(2))
    world.run(job, 7)  # past the last row
    assert world.credentials(job) == []
    assert world.job(job).state is JobState.RUNNING


# --- resuming a job ---------------------------------------------------------------------------


def test_resume_schedules_every_chunk_again_and_issues_nothing_twice(world: World) -> None:
    job, _ = world.submit(rows_of(7))  # chunks of 3: three chunks
    world.run(job, 0)
    with world.factory() as uow:
        assert bulk.resume_job(uow, world.queue, job.id, T0) == 3
        uow.commit()
    assert world.queue.enqueued[-1] == (job.id, 3)
    for chunk in range(3):
        world.run(job, chunk)
    assert [c.job_row for c in world.credentials(job)] == list(range(7))
    assert world.job(job).state is JobState.DONE
    events = [e.action for e in world.database.tables["audit"].values()]
    assert "bulk_job.resumed" in events


def test_resume_refuses_a_finished_job(world: World) -> None:
    job, _ = world.submit(rows_of(2))
    world.run_all(job)
    with world.factory() as uow, pytest.raises(ConflictError) as caught:
        bulk.resume_job(uow, world.queue, job.id, T0)
    assert caught.value.code == "INVALID_STATE_TRANSITION"


def test_resume_of_an_unknown_job(world: World) -> None:
    with world.factory() as uow, pytest.raises(NotFoundError):
        bulk.resume_job(uow, world.queue, uuid4(), T0)
