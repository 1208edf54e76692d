"""The packaged migrations create exactly the schema of the tables, on every backend."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from credstack.store.engine import create_engine_for
from credstack.store.migrate import alembic_config, current_revision, upgrade
from credstack.store.tables import Base


def _head() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_migrations_create_exactly_the_tables_schema(blank_database_url: str) -> None:
    engine = create_engine_for(blank_database_url)
    try:
        upgrade(engine)
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
            tables = set(inspect(connection).get_table_names())
    finally:
        engine.dispose()
    assert differences == []
    assert tables == {*Base.metadata.tables, "alembic_version"}


def test_upgrade_is_idempotent_and_reports_the_revision(blank_database_url: str) -> None:
    assert current_revision(blank_database_url) is None
    upgrade(blank_database_url)
    assert current_revision(blank_database_url) == _head() == "0001"
    upgrade(blank_database_url)
    upgrade(blank_database_url, "head")
    assert current_revision(blank_database_url) == "0001"


def test_downgrade_to_base_removes_every_table(blank_database_url: str) -> None:
    engine = create_engine_for(blank_database_url)
    try:
        upgrade(engine)
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "base")
        with engine.connect() as connection:
            assert set(inspect(connection).get_table_names()) == {"alembic_version"}
        assert current_revision(engine) is None
    finally:
        engine.dispose()
