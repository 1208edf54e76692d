"""Creating and upgrading the schema with the Alembic migrations shipped in the package.

No ``alembic.ini`` is needed: the configuration is built here, with the script location
inside the package (``credstack.store:migrations``). Upgrading is idempotent and safe to run
from several processes at once: PostgreSQL serialises them with an advisory lock, SQLite with
its write lock.

A new revision, for developers (after changing :mod:`credstack.store.tables`)::

    from alembic import command
    from credstack.store.migrate import alembic_config
    command.revision(alembic_config(url="sqlite:///var/dev.db"), "what changed",
                     autogenerate=True, rev_id="0002")

then review the generated file (types, names, batch operations) before committing it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, Engine, text

from credstack.store.engine import create_engine_for

SCRIPT_LOCATION = "credstack.store:migrations"

_ADVISORY_LOCK = 0x63726564  # "cred": any constant shared by every credstack process


def alembic_config(connection: Connection | None = None, *, url: str | None = None) -> Config:
    """An Alembic configuration for the packaged migrations, running on ``connection`` (or
    on a new engine for ``url``)."""
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    config.set_main_option("path_separator", "os")
    if url is not None:
        config.set_main_option("sqlalchemy.url", url)
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(engine_or_url: Engine | str, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (the newest by default), in one transaction."""
    with _engine(engine_or_url) as engine, engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # concurrent upgrades would otherwise race to create the same tables
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK})
        command.upgrade(alembic_config(connection), revision)


def current_revision(engine_or_url: Engine | str) -> str | None:
    """The schema's revision, or None for a database that was never migrated."""
    with _engine(engine_or_url) as engine, engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@contextmanager
def _engine(engine_or_url: Engine | str) -> Iterator[Engine]:
    if isinstance(engine_or_url, Engine):
        yield engine_or_url
        return
    engine = create_engine_for(engine_or_url)
    try:
        yield engine
    finally:
        engine.dispose()


__all__ = ["SCRIPT_LOCATION", "alembic_config", "current_revision", "upgrade"]
