"""The persistence layer: SQLAlchemy implementations of the ports of
:mod:`credstack.services.ports`, for SQLite (embedded) and PostgreSQL (psycopg 3).

::

    engine = create_engine_for("sqlite:///var/credstack.db")   # or postgresql://…
    upgrade(engine)                                            # Alembic, to the newest schema
    uow_factory = sql_unit_of_work_factory(engine)

Modules: :mod:`~credstack.store.tables` (the schema), :mod:`~credstack.store.engine`,
:mod:`~credstack.store.migrate` (the packaged Alembic migrations),
:mod:`~credstack.store.repositories`, :mod:`~credstack.store.unit_of_work`,
:mod:`~credstack.store.key_store` (sealed private keys) and
:mod:`~credstack.store.conflicts` (broken constraints as ``ConflictError``).
"""

from __future__ import annotations

from credstack.store.engine import create_engine_for
from credstack.store.key_store import SqlKeyStore
from credstack.store.migrate import current_revision, upgrade
from credstack.store.unit_of_work import SqlUnitOfWork, sql_unit_of_work_factory

__all__ = [
    "SqlKeyStore",
    "SqlUnitOfWork",
    "create_engine_for",
    "current_revision",
    "sql_unit_of_work_factory",
    "upgrade",
]
