"""What every repository shares: the session it works in, fresh reads, translated writes.

Repositories write with Core statements on the tables (no ORM unit of work, so a broken
constraint surfaces at the call that broke it) and read through the ORM mapping with
``populate_existing``, so a row read again after an ``UPDATE`` in the same session is never
served stale from the identity map. Rows never leave a repository: callers get records.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar, cast

from sqlalchemy import Executable, Table
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import TypedReturnsRows

from credstack.store.conflicts import translate_conflicts
from credstack.store.tables import Base

T = TypeVar("T")

FRESH: Mapping[str, Any] = {"populate_existing": True}


def table(model: type[Base]) -> Table:
    """The :class:`~sqlalchemy.Table` behind a mapped class."""
    return cast(Table, model.__table__)


class SqlRepository:
    """Base of the repositories: one per unit of work, sharing its session."""

    def __init__(self, session: Session) -> None:
        self._session = session

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``: a few statements differ between the two."""
        return self._session.get_bind().dialect.name

    def _all(self, statement: TypedReturnsRows[T]) -> list[T]:
        return list(self._session.scalars(statement, execution_options=FRESH))

    def _first(self, statement: TypedReturnsRows[T]) -> T | None:
        return self._session.scalars(statement, execution_options=FRESH).first()

    def _write(
        self,
        statement: Executable,
        parameters: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
    ) -> CursorResult[Any]:
        """Run an INSERT/UPDATE; a broken constraint raises ``ConflictError``."""
        with translate_conflicts(self._session):
            result = self._session.execute(statement, parameters)
        return cast(CursorResult[Any], result)


__all__ = ["FRESH", "SqlRepository", "table"]
