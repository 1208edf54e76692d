"""Engines: URLs, SQLite's settings and transactions, and timestamps in UTC."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import StatementError

from credstack.store.engine import create_engine_for, is_sqlite
from credstack.store.unit_of_work import SqlUnitOfWork, sql_unit_of_work_factory
from tests.store import builders
from tests.store.threads import run_together


def test_plain_postgresql_urls_use_psycopg_3() -> None:
    for url in ("postgresql://u@db.example/credstack", "postgres://u@db.example/credstack"):
        engine = create_engine_for(url)
        assert engine.url.drivername == "postgresql+psycopg"
        assert engine.pool.size() == 10  # type: ignore[attr-defined]
        engine.dispose()
    explicit = create_engine_for("postgresql+psycopg://u@db.example/credstack")
    assert explicit.url.drivername == "postgresql+psycopg"
    explicit.dispose()


def test_other_databases_are_refused() -> None:
    with pytest.raises(ValueError, match="unsupported database 'mysql'"):
        create_engine_for("mysql://u@db.example/credstack")


def test_sqlite_creates_the_directory_and_configures_every_connection(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "credstack.db"
    engine = create_engine_for(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            pragmas = {
                name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "foreign_keys", "synchronous", "busy_timeout")
            }
        assert path.parent.is_dir()
        assert is_sqlite(engine)
        assert pragmas == {
            "journal_mode": "wal",
            "foreign_keys": 1,
            "synchronous": 2,
            "busy_timeout": 30000,
        }
    finally:
        engine.dispose()


def test_sqlite_writers_queue_instead_of_failing(tmp_path: Path) -> None:
    """Each transaction takes the write lock at BEGIN, so a read-then-write transaction
    waits for the other writer rather than failing with "database is locked"."""
    engine = create_engine_for(f"sqlite:///{tmp_path / 'queue.db'}")
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE counter (n INTEGER NOT NULL)")
            connection.exec_driver_sql("INSERT INTO counter VALUES (0)")

        def increment(_worker: int) -> None:
            for _ in range(20):
                with engine.begin() as connection:
                    n = connection.exec_driver_sql("SELECT n FROM counter").scalar_one()
                    time.sleep(0.0005)
                    connection.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})

        run_together(increment, 6)
        with engine.connect() as connection:
            total = connection.exec_driver_sql("SELECT n FROM counter").scalar_one()
        assert total == 120
    finally:
        engine.dispose()


def test_in_memory_sqlite_works_on_one_connection() -> None:
    engine = create_engine_for("sqlite://")
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE t (n INTEGER)")
            connection.exec_driver_sql("INSERT INTO t VALUES (1)")
        with engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT n FROM t").scalar_one() == 1
    finally:
        engine.dispose()


def test_timestamps_come_back_aware_and_in_utc(
    uow_factory: Callable[[], SqlUnitOfWork],
) -> None:
    plus_two = timezone(timedelta(hours=2))
    created = datetime(2025, 6, 1, 14, 30, 15, 250000, tzinfo=plus_two)
    org = builders.organisation("zoned", created_at=created)
    with uow_factory() as uow:
        uow.organisations.add(org)
        uow.commit()
    with uow_factory() as uow:
        stored = uow.organisations.get(org.id)
    assert stored is not None
    assert stored.created_at == created
    assert stored.created_at.tzinfo is UTC
    assert stored.created_at == datetime(2025, 6, 1, 12, 30, 15, 250000, tzinfo=UTC)


def test_naive_timestamps_are_refused(uow_factory: Callable[[], SqlUnitOfWork]) -> None:
    with uow_factory() as uow, pytest.raises(StatementError, match="naive datetime"):
        uow.organisations.add(builders.organisation(created_at=datetime(2025, 6, 1, 12)))


def test_read_only_units_of_work_do_not_wait_for_a_writer(engine: Engine) -> None:
    org = builders.organisation("reader")
    writers = sql_unit_of_work_factory(engine)
    readers = sql_unit_of_work_factory(engine, read_only=True)
    with writers() as writer:
        writer.organisations.add(org)
        with readers() as reader:
            assert reader.organisations.get(org.id) is None
        writer.commit()
    with readers() as reader:
        assert reader.organisations.get(org.id) == org
