"""Database fixtures, reusable by any test package: import them into its ``conftest.py``::

    from tests.store.database import (  # noqa: F401
        backend, blank_database_url, database_url, engine, postgresql_database,
        sqlite_template, uow_factory,
    )

``backend`` is parametrized when the tests are collected: ``sqlite`` always, ``postgresql``
too when ``CREDSTACK_TEST_DATABASE_URL`` names a PostgreSQL server (for example
``postgresql://root@127.0.0.1:5432/postgres``), so a missing server never shows up as skipped
tests. On PostgreSQL the session creates its own uniquely named database, migrates it once and
drops it at the end; every test starts from emptied tables. On SQLite every test gets its own
copy of a database file migrated once per session.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from credstack.store.engine import create_engine_for
from credstack.store.migrate import upgrade
from credstack.store.tables import Base
from credstack.store.unit_of_work import SqlUnitOfWork, sql_unit_of_work_factory

SERVER_VARIABLE = "CREDSTACK_TEST_DATABASE_URL"


def backends() -> list[str]:
    """The backends the database tests run on, decided from the environment."""
    return ["sqlite", "postgresql"] if os.environ.get(SERVER_VARIABLE) else ["sqlite"]


@contextmanager
def scratch_postgresql_database() -> Iterator[str]:
    """A new, empty database on the test server (dropped, with its connections, on exit)."""
    admin = create_engine_for(os.environ[SERVER_VARIABLE])
    name = f"credstack_test_{secrets.token_hex(6)}"
    try:
        with admin.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT")
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT")
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session", params=backends())
def backend(request: pytest.FixtureRequest) -> str:
    """``sqlite`` or ``postgresql``."""
    return str(request.param)


@pytest.fixture(scope="session")
def postgresql_database() -> Iterator[str]:
    """URL of this session's PostgreSQL database, migrated to the newest schema."""
    with scratch_postgresql_database() as url:
        upgrade(url)
        yield url


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to the newest schema, to copy for each test."""
    path = tmp_path_factory.mktemp("template") / "credstack.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """URL of a migrated database with empty tables, for this test alone."""
    if backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "credstack.db"
        shutil.copyfile(template, path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("postgresql_database")
    _empty_tables(url)
    return url


@pytest.fixture
def blank_database_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """URL of a database without any table (for the migrations' own tests)."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'blank.db'}"
        return
    with scratch_postgresql_database() as url:
        yield url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on :func:`database_url`, disposed after the test."""
    engine = create_engine_for(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def uow_factory(engine: Engine) -> Callable[[], SqlUnitOfWork]:
    """Units of work on :func:`engine`."""
    return sql_unit_of_work_factory(engine)


def _empty_tables(url: str) -> None:
    # DELETE, dependants first: on tables this small it is much faster than TRUNCATE, which
    # replaces every table's files
    engine = create_engine_for(url)
    try:
        with engine.begin() as connection:
            for table in reversed(Base.metadata.sorted_tables):
                connection.execute(table.delete())
    finally:
        engine.dispose()
