"""Submitting bulk jobs: what is stored and enqueued, what is refused, idempotency keys."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import pytest

from credstack.core.errors import ErrorCode
from credstack.services import bulk
from credstack.services.achievements import create_achievement
from credstack.services.bulk import chunk_count, submit_job
from credstack.services.errors import (
    ConflictError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
)
from credstack.services.organisations import create_organisation
from credstack.services.principal import Principal, system_principal
from credstack.services.records import JobState, Permission, RowState
from tests.services.bulk_world import DEFINITION, T0, World, make_world, rows_of


@pytest.fixture
def world() -> World:
    return make_world()


# --- submitting ------------------------------------------------------------------------------


def test_submit_stores_the_job_its_rows_and_enqueues_every_chunk(world: World) -> None:
    job, created = world.submit(rows_of(7), idempotency_key="batch-1")
    assert created
    assert job.state is JobState.QUEUED
    assert (job.total, job.chunk_size, chunk_count(job)) == (7, 3, 3)
    assert job.achievement_version_id == world.achievement.id
    assert job.suite == world.config.default_suite.value
    assert job.created_by == "system"
    assert world.queue.enqueued == [(job.id, 3)]
    rows = [r for (j, _), r in world.database.tables["rows"].items() if j == job.id]
    assert sorted(r.row for r in rows) == list(range(7))
    assert all(r.state is RowState.PENDING for r in rows)
    [event] = [e for e in world.database.tables["audit"].values() if e.object_id == str(job.id)]
    assert event.action == "bulk_job.submitted"
    assert event.details["rows"] == 7


def test_the_queue_enqueues_in_the_submitting_unit_of_work(world: World) -> None:
    with world.factory() as uow:
        submit_job(
            uow, world.queue, world.config, world.principal,
            achievement_id=world.achievement.achievement_id, rows=rows_of(1), now=T0,
        )  # fmt: skip
        assert world.queue.units == [uow]
    # never committed: no job, and the recorded chunk names nothing
    assert world.database.tables["jobs"] == {}


def test_rows_that_break_the_request_rules_fail_without_refusing_the_job(world: World) -> None:
    rows = [{"recipient": "a@example.org"}, {"recipient": "nobody"}, {"recipint": "x"}]
    job, _ = world.submit(rows)
    stored = world.database.tables["rows"]
    assert stored[(job.id, 0)].state is RowState.PENDING
    assert stored[(job.id, 1)].state is RowState.FAILED
    assert stored[(job.id, 1)].error_code == "INVALID_REQUEST"
    assert "recipient" in (stored[(job.id, 1)].error_message or "")
    assert "did you mean 'recipient'" in (stored[(job.id, 2)].error_message or "")
    assert world.status(job).failed == 2


def test_a_job_of_only_bad_rows_is_done_at_once_and_never_enqueued(world: World) -> None:
    job, _ = world.submit([{"recipient": "nobody"}])
    assert job.state is JobState.DONE
    assert job.started_at == job.finished_at == T0
    assert world.queue.enqueued == []


def test_submitting_needs_the_issue_permission(world: World) -> None:
    reader = Principal(world.organisation.id, "user:reader", frozenset({Permission.READ}))
    with world.factory() as uow, pytest.raises(PermissionDeniedError):
        submit_job(
            uow, world.queue, world.config, reader,
            achievement_id=world.achievement.achievement_id, rows=rows_of(1), now=T0,
        )  # fmt: skip


def test_an_unknown_achievement_is_not_found(world: World) -> None:
    with pytest.raises(NotFoundError):
        world.submit(rows_of(1), achievement_id=uuid4())


def test_another_organisations_achievement_is_not_found(world: World) -> None:
    other = system_principal(uuid4())
    with world.factory() as uow, pytest.raises(NotFoundError):
        submit_job(
            uow, world.queue, world.config, other,
            achievement_id=world.achievement.achievement_id, rows=rows_of(1), now=T0,
        )  # fmt: skip


@pytest.mark.parametrize(
    ("rows", "field"),
    [
        ([], "rows"),
        ("recipient", "rows"),
        ({"recipient": "a@example.org"}, "rows"),
        ([{"recipient": "a@example.org"}, "b@example.org"], "rows[1]"),
        ([{"recipient": "a@example.org", "recipient_name": "A\x00da"}], "rows[0]"),
        ([{"recipient": "a@example.org", "results": [{"value": "\x00"}]}], "rows[0]"),
        ([{"recipient": "a@example.org", "evidence\x00": []}], "rows[0]"),
    ],
)
def test_a_malformed_list_of_rows_is_refused(world: World, rows: Any, field: str) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        world.submit(rows)
    assert caught.value.detail["field"] == field
    assert world.database.tables["jobs"] == {}


def test_the_number_of_rows_is_capped(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk, "MAX_ROWS", 2)
    with pytest.raises(InvalidRequestError, match="at most 2 rows"):
        world.submit(rows_of(3))


def test_an_unknown_suite_is_refused(world: World) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        world.submit(rows_of(1), suite="rsa-2048")
    assert caught.value.detail["field"] == "suite"


@pytest.mark.parametrize("key", ["", "with space", "x" * 256, "ключ"])
def test_a_malformed_idempotency_key_is_refused(world: World, key: str) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        world.submit(rows_of(1), idempotency_key=key)
    assert caught.value.detail["field"] == "idempotency_key"


def test_the_same_key_and_request_return_the_same_job(world: World) -> None:
    first, created = world.submit(rows_of(5), idempotency_key="k", suite="eddsa-jcs-2022")
    again, created_again = world.submit(rows_of(5), idempotency_key="k", suite="eddsa-jcs-2022")
    assert (created, created_again) == (True, False)
    assert again == first
    assert world.queue.enqueued == [(first.id, 2)]  # nothing enqueued the second time
    assert len(world.database.tables["jobs"]) == 1


def test_the_same_key_compares_rows_in_pages(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk, "COMPARE_PAGE", 2)
    first, _ = world.submit(rows_of(5), idempotency_key="k")
    assert world.submit(rows_of(5), idempotency_key="k") == (first, False)
    changed = rows_of(5)
    changed[4] = {"recipient": "someone.else@example.org"}
    with pytest.raises(ConflictError):
        world.submit(changed, idempotency_key="k")


@pytest.mark.parametrize(
    "change",
    [
        {"rows": rows_of(4)},
        {"rows": [*rows_of(4), {"recipient": "other@example.org"}]},
        {"rows": [{"recipient": "learner0@example.org", "recipient_name": "L"}, *rows_of(5)[1:]]},
        {"suite": "eddsa-jcs-2022"},
        {"achievement": "other"},
    ],
)
def test_the_same_key_with_a_different_request_conflicts(
    world: World, change: dict[str, Any]
) -> None:
    first, _ = world.submit(rows_of(5), idempotency_key="k", suite="eddsa-rdfc-2022")
    options: dict[str, Any] = {"suite": change.get("suite", "eddsa-rdfc-2022")}
    if "achievement" in change:
        with world.factory() as uow:
            other = create_achievement(
                uow, world.principal, world.config, slug="other", definition=DEFINITION, now=T0
            )
            uow.commit()
        options["achievement_id"] = other.achievement_id
    with pytest.raises(ConflictError) as caught:
        world.submit(change.get("rows", rows_of(5)), idempotency_key="k", **options)
    assert caught.value.code is ErrorCode.IDEMPOTENCY_CONFLICT
    assert caught.value.detail["job_id"] == str(first.id)


def test_idempotency_keys_belong_to_one_organisation(world: World) -> None:
    world.submit(rows_of(1), idempotency_key="k")
    with world.factory() as uow:
        other = create_organisation(
            uow, world.key_store, world.config, slug="college", name="College",
            kind="university", profile={}, now=T0,
        )  # fmt: skip
        principal = system_principal(other.id)
        achievement = create_achievement(
            uow, principal, world.config, slug="intro", definition=DEFINITION, now=T0
        )
        job, created = submit_job(
            uow, world.queue, world.config, principal,
            achievement_id=achievement.achievement_id, rows=rows_of(1), idempotency_key="k",
            now=T0,
        )  # fmt: skip
    assert created
    assert job.organisation_id == other.id
