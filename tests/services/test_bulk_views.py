"""Cancelling bulk jobs, and what callers see of them: progress, rate, time left, results."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest

from credstack.core.errors import ErrorCode
from credstack.services.bulk import cancel_job, job_results, job_status
from credstack.services.errors import ConflictError, NotFoundError, PermissionDeniedError
from credstack.services.principal import Principal, system_principal
from credstack.services.records import JobState, Permission
from tests.services.bulk_world import T0, World, fields_of, make_world, rows_of


@pytest.fixture
def world() -> World:
    return make_world()


# --- cancelling ------------------------------------------------------------------------------


def test_a_cancelled_job_issues_nothing_more(world: World) -> None:
    job, _ = world.submit(rows_of(6))
    world.run(job, 0)
    with world.factory() as uow:
        cancelled = cancel_job(uow, world.principal, job.id, T0 + timedelta(minutes=1))
        uow.commit()
    assert cancelled.state is JobState.CANCELLED
    assert cancelled.finished_at == T0 + timedelta(minutes=1)
    world.run(job, 1)
    assert len(world.credentials(job)) == 3
    view = world.status(job)
    assert (view.state, view.pending, view.eta_seconds) == (JobState.CANCELLED, 3, None)
    actions = {e.action for e in world.database.tables["audit"].values()}
    assert "bulk_job.cancelled" in actions


@pytest.mark.parametrize("finish", ["run", "cancel"])
def test_a_finished_job_cannot_be_cancelled(world: World, finish: str) -> None:
    job, _ = world.submit(rows_of(1))
    with world.factory() as uow:
        if finish == "cancel":
            cancel_job(uow, world.principal, job.id, T0)
            uow.commit()
    if finish == "run":
        world.run_all(job)
    with world.factory() as uow, pytest.raises(ConflictError) as caught:
        cancel_job(uow, world.principal, job.id, T0)
    assert caught.value.code is ErrorCode.INVALID_STATE_TRANSITION


def test_cancelling_needs_the_issue_permission(world: World) -> None:
    job, _ = world.submit(rows_of(1))
    reader = Principal(world.organisation.id, "user:r", frozenset({Permission.READ}))
    with world.factory() as uow, pytest.raises(PermissionDeniedError):
        cancel_job(uow, reader, job.id, T0)


# --- progress and results --------------------------------------------------------------------


def test_status_of_a_queued_job(world: World) -> None:
    job, _ = world.submit(rows_of(7), idempotency_key="k")
    view = world.status(job, T0 + timedelta(seconds=30))
    assert (view.state, view.total, view.done, view.failed, view.pending) == (
        JobState.QUEUED,
        7,
        0,
        0,
        7,
    )
    assert (view.rate, view.eta_seconds, view.started_at) == (None, None, None)
    assert view.to_dict() == {
        "id": str(job.id),
        "achievement_version_id": str(world.achievement.id),
        "suite": job.suite,
        "idempotency_key": "k",
        "state": "queued",
        "total": 7,
        "done": 0,
        "failed": 0,
        "pending": 7,
        "created_at": T0.isoformat(),
        "started_at": None,
        "finished_at": None,
        "rate": None,
        "eta_seconds": None,
    }


def test_status_of_a_running_job_reports_rate_and_time_left(world: World) -> None:
    job, _ = world.submit(rows_of(9))
    world.run(job, 0)
    world.run(job, 1)
    view = world.status(job, T0 + timedelta(seconds=3))
    assert (view.state, view.done, view.pending) == (JobState.RUNNING, 6, 3)
    assert view.rate == pytest.approx(2.0)  # six rows in three seconds
    assert view.eta_seconds == pytest.approx(1.5)


def test_status_of_a_finished_job(world: World) -> None:
    job, _ = world.submit(rows_of(4))
    world.run(job, 0)
    world.clock[0] = T0 + timedelta(seconds=2)
    world.run(job, 1)
    view = world.status(job, T0 + timedelta(hours=1))
    assert view.state is JobState.DONE
    assert view.finished_at == T0 + timedelta(seconds=2)
    assert view.rate == pytest.approx(2.0)  # measured up to the end, not up to now
    assert view.eta_seconds == 0.0


def test_status_is_done_once_every_row_is_even_before_the_flag(world: World) -> None:
    job, _ = world.submit(rows_of(2))
    world.run(job, 0)
    stored = world.job(job)
    world.database.tables["jobs"][job.id] = type(stored)(
        **{**fields_of(stored), "state": JobState.RUNNING, "finished_at": None}
    )
    view = world.status(job, T0)
    assert view.state is JobState.DONE
    assert view.rate is None  # no time has passed
    assert view.eta_seconds == 0.0


def test_status_needs_read_and_the_organisations_own_job(world: World) -> None:
    job, _ = world.submit(rows_of(1))
    nobody = Principal(world.organisation.id, "token:x", frozenset())
    with world.factory() as uow:
        with pytest.raises(PermissionDeniedError):
            job_status(uow, nobody, job.id, T0)
        with pytest.raises(NotFoundError):
            job_status(uow, system_principal(uuid4()), job.id, T0)
        with pytest.raises(NotFoundError):
            job_status(uow, world.principal, uuid4(), T0)


def test_results_list_every_row_page_by_page(world: World) -> None:
    job, _ = world.submit([*rows_of(4), {"recipient": "nobody"}])
    world.run(job, 0)
    with world.factory() as uow:
        results = list(job_results(uow, world.principal, job.id, page_size=2))
        with_urls = list(job_results(uow, world.principal, job.id, config=world.config))
    issued = {c.job_row: c for c in world.credentials(job)}
    assert [r["row"] for r in results] == [0, 1, 2, 3, 4]
    assert [r["state"] for r in results] == ["done", "done", "done", "pending", "failed"]
    first = results[0]
    assert first == {
        "row": 0,
        "state": "done",
        "record_id": str(issued[0].id),
        "credential_id": issued[0].credential_id,
        "public_token": issued[0].public_token,
        "error": None,
    }
    assert results[3]["record_id"] is None
    assert results[3]["error"] is None
    assert results[4]["error"]["code"] == "INVALID_REQUEST"
    assert with_urls[0]["hosted_url"] == f"https://creds.example/c/{issued[0].public_token}"
    assert with_urls[4]["hosted_url"] is None


def test_results_check_the_job_before_the_first_row(world: World) -> None:
    job, _ = world.submit(rows_of(1))
    with world.factory() as uow:
        with pytest.raises(NotFoundError):
            job_results(uow, world.principal, uuid4())
        with pytest.raises(PermissionDeniedError):
            job_results(uow, Principal(world.organisation.id, "x", frozenset()), job.id)
        with pytest.raises(ValueError, match="page_size"):
            job_results(uow, world.principal, job.id, page_size=0)
