"""Alembic environment of credstack's schema.

Run through :mod:`credstack.store.migrate`, which passes an open connection in
``config.attributes["connection"]``; with ``sqlalchemy.url`` set instead (developers making a
new revision), it opens its own engine with :func:`credstack.store.engine.create_engine_for`.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from credstack.store.engine import create_engine_for
from credstack.store.tables import Base

TARGET_METADATA = Base.metadata


def _migrate(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=TARGET_METADATA,
        # SQLite cannot ALTER most things: batch mode copies the table instead
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run() -> None:
    config = context.config
    connection = config.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("set sqlalchemy.url or pass a connection to run the migrations")
    if context.is_offline_mode():
        context.configure(
            url=url,
            target_metadata=TARGET_METADATA,
            literal_binds=True,
            render_as_batch=url.startswith("sqlite"),
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine_for(url)
    try:
        with engine.connect() as own_connection:
            _migrate(own_connection)
    finally:
        engine.dispose()


_run()
