"""Engines for the two supported databases: SQLite (embedded) and PostgreSQL (psycopg 3).

SQLite allows one writer at a time. A transaction that reads first and writes later
(``BEGIN DEFERRED``, the default) cannot wait for that lock: when another connection wrote
in between, SQLite fails it at once with "database is locked". So every transaction here
starts with ``BEGIN IMMEDIATE``, which takes the write lock up front and waits for it (up to
``busy_timeout``): concurrent writers queue instead of failing, and a unit of work's reads
and writes form one serial step. This follows SQLAlchemy's recipe for the ``sqlite3``
driver: the driver's own transaction handling is switched off (``isolation_level = None``)
and the ``begin`` event emits the ``BEGIN``. Pure readers may opt out with the
:data:`READ_ONLY` execution option; in WAL mode they then never wait for a writer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import ConnectionPoolEntry, StaticPool

from credstack.store.types import dump_json, load_json

SQLITE_PRAGMAS = (
    "busy_timeout=30000",
    "journal_mode=WAL",
    "foreign_keys=ON",
    "synchronous=FULL",
)
"""Run on every new SQLite connection (foreign keys and the timeout are per connection)."""

READ_ONLY = "credstack_read_only"
"""Execution option: on SQLite, begin with a plain ``BEGIN`` (no write lock). A transaction
begun so that later writes may fail with "database is locked"; use it only for readers."""

POSTGRESQL_POOL: dict[str, Any] = {
    "pool_pre_ping": True,
    "pool_size": 10,
    "max_overflow": 20,
    # recycle before typical idle-connection cut-offs of proxies and firewalls
    "pool_recycle": 1800,
}


def create_engine_for(url: str) -> Engine:
    """An engine for ``url``: ``sqlite:///path`` or ``postgresql[+psycopg]://…``.

    Plain ``postgresql://`` (and ``postgres://``) URLs use the psycopg 3 driver. For SQLite
    the database file's directory is created, and every connection gets
    :data:`SQLITE_PRAGMAS` and ``BEGIN IMMEDIATE`` transactions (see the module's notes).
    ``sqlite://`` (in memory) shares one connection and suits single-threaded tests only.
    """
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(parsed)
    if backend in ("postgresql", "postgres"):
        return _postgresql_engine(parsed)
    raise ValueError(f"unsupported database {backend!r}: use sqlite:/// or postgresql://")


def is_sqlite(engine: Engine) -> bool:
    """True when ``engine`` talks to SQLite."""
    return engine.dialect.name == "sqlite"


def _postgresql_engine(url: URL) -> Engine:
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    connect_args: dict[str, Any] = {}
    if "application_name" not in url.query:
        connect_args["application_name"] = "credstack"
    return create_engine(
        url,
        connect_args=connect_args,
        json_serializer=dump_json,
        json_deserializer=load_json,
        **POSTGRESQL_POOL,
    )


def _sqlite_engine(url: URL) -> Engine:
    database = url.database or ""
    options: dict[str, Any] = {}
    if database in ("", ":memory:"):
        # one shared connection, or every pooled connection would see its own empty database
        options = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    elif not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, json_serializer=dump_json, json_deserializer=load_json, **options)
    event.listen(engine, "connect", _configure_sqlite_connection)
    event.listen(engine, "begin", _begin_sqlite_transaction)
    return engine


def _configure_sqlite_connection(dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
    # the driver must not issue BEGIN itself; ``_begin_sqlite_transaction`` does
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(f"PRAGMA {pragma}")
    finally:
        cursor.close()


def _begin_sqlite_transaction(connection: Connection) -> None:
    read_only = connection.get_execution_options().get(READ_ONLY, False)
    connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


__all__ = [
    "POSTGRESQL_POOL",
    "READ_ONLY",
    "SQLITE_PRAGMAS",
    "create_engine_for",
    "is_sqlite",
]
