"""The unit of work: one transaction, rolled back unless committed."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from credstack.services.errors import ConflictError
from credstack.store.unit_of_work import SqlUnitOfWork, sql_unit_of_work_factory
from tests.store import builders

UowFactory = Callable[[], SqlUnitOfWork]


class HaltedError(Exception):
    pass


def test_an_exception_leaves_nothing_behind(uow_factory: UowFactory) -> None:
    org = builders.organisation("doomed")
    version = builders.achievement_version(org.id)

    def write_then_fail() -> None:
        with uow_factory() as uow:
            uow.organisations.add(org)
            uow.achievements.add_version(version)
            uow.audit.add(builders.audit_event(org.id))
            raise HaltedError

    with pytest.raises(HaltedError):
        write_then_fail()
    with uow_factory() as uow:
        assert uow.organisations.get(org.id) is None
        assert uow.achievements.version(org.id, version.id) is None
        assert uow.audit.recent(org.id) == []


def test_leaving_without_commit_rolls_back(uow_factory: UowFactory) -> None:
    org = builders.organisation("uncommitted")
    with uow_factory() as uow:
        uow.organisations.add(org)
    with uow_factory() as uow:
        assert uow.organisations.every() == []


def test_rollback_discards_and_the_unit_of_work_goes_on(uow_factory: UowFactory) -> None:
    first, second = builders.organisation("first"), builders.organisation("second")
    with uow_factory() as uow:
        uow.organisations.add(first)
        uow.rollback()
        uow.organisations.add(second)
        uow.commit()
    with uow_factory() as uow:
        assert uow.organisations.every() == [second]


def test_a_conflict_needs_a_rollback_then_the_unit_of_work_is_usable(
    uow_factory: UowFactory,
) -> None:
    org = builders.organisation("taken")
    with uow_factory() as uow:
        uow.organisations.add(org)
        uow.commit()
        with pytest.raises(ConflictError):
            uow.organisations.add(builders.organisation("taken"))
        uow.rollback()
        uow.organisations.add(builders.organisation("free"))
        uow.commit()
    with uow_factory() as uow:
        assert [o.slug for o in uow.organisations.every()] == ["free", "taken"]


def test_committing_after_an_unhandled_conflict_is_refused(uow_factory: UowFactory) -> None:
    """Without the refusal SQLite would commit the other writes and PostgreSQL none."""
    org = builders.organisation("twice")
    with uow_factory() as uow:
        uow.organisations.add(org)
        with pytest.raises(ConflictError):
            uow.organisations.add(org)
        with pytest.raises(RuntimeError, match="roll it back first"):
            uow.commit()
    with uow_factory() as uow:
        assert uow.organisations.every() == []
        uow.organisations.add(org)
        uow.commit()


def test_nothing_is_visible_to_others_before_commit(engine: Engine) -> None:
    writers = sql_unit_of_work_factory(engine)
    # a reader that does not queue behind the writer's lock on SQLite
    readers = sql_unit_of_work_factory(engine, read_only=True)
    org = builders.organisation("pending")
    with writers() as writer:
        writer.organisations.add(org)
        assert writer.organisations.get(org.id) == org
        with readers() as reader:
            assert reader.organisations.get(org.id) is None
        writer.commit()
    with readers() as reader:
        assert reader.organisations.get(org.id) == org


def test_the_session_is_exposed_for_other_adapters(uow_factory: UowFactory) -> None:
    org = builders.organisation("shared")
    with uow_factory() as uow:
        assert isinstance(uow.session, Session)
        uow.organisations.add(org)
        seen = uow.session.execute(
            text("SELECT slug FROM organisations WHERE slug = 'shared'")
        ).scalar_one()
        assert seen == "shared"
