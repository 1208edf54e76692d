"""Fixtures of the store tests: the databases (from :mod:`tests.store.database`) and the
tenants most tests build on (from :mod:`tests.store.tenants`)."""

from __future__ import annotations

from tests.store.database import (  # noqa: F401
    backend,
    blank_database_url,
    database_url,
    engine,
    postgresql_database,
    sqlite_template,
    uow_factory,
)
from tests.store.tenants import other_tenant, tenant  # noqa: F401
