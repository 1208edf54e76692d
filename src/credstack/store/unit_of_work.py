"""The unit of work: one database transaction over every repository.

::

    uow_factory = sql_unit_of_work_factory(engine)
    with uow_factory() as uow:
        uow.organisations.add(organisation)
        uow.commit()

Leaving the ``with`` block rolls back whatever was not committed and returns the connection
to the pool. The SQLAlchemy session is exposed as :attr:`SqlUnitOfWork.session`, so that
other adapters (a task queue, the database key store) can write inside the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from types import TracebackType
from typing import Self

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from credstack.services.ports import (
    AchievementRepository,
    AuditRepository,
    CredentialRepository,
    JobRepository,
    KeyRepository,
    LearnerRepository,
    OrganisationRepository,
    StatusListRepository,
    TokenRepository,
    UserRepository,
)
from credstack.store.conflicts import NEEDS_ROLLBACK
from credstack.store.engine import READ_ONLY
from credstack.store.repositories import (
    SqlAchievementRepository,
    SqlAuditRepository,
    SqlCredentialRepository,
    SqlJobRepository,
    SqlKeyRepository,
    SqlLearnerRepository,
    SqlOrganisationRepository,
    SqlStatusListRepository,
    SqlTokenRepository,
    SqlUserRepository,
)

_OPEN: ContextVar[tuple[SqlUnitOfWork, ...]] = ContextVar("credstack_open_units", default=())


class SqlUnitOfWork:
    """:class:`~credstack.services.ports.UnitOfWork` over one SQLAlchemy session.

    A broken uniqueness rule raises :class:`~credstack.services.errors.ConflictError` at the
    call that broke it; the unit of work must then be rolled back (or left) before it is
    used again, and :meth:`commit` refuses until it is.
    """

    organisations: OrganisationRepository
    users: UserRepository
    learners: LearnerRepository
    tokens: TokenRepository
    achievements: AchievementRepository
    keys: KeyRepository
    status_lists: StatusListRepository
    credentials: CredentialRepository
    jobs: JobRepository
    audit: AuditRepository

    def __init__(self, session_factory: Callable[[], Session]) -> None:
        self.session: Session = session_factory()
        """The SQLAlchemy session whose transaction this unit of work is."""
        self.organisations = SqlOrganisationRepository(self.session)
        self.users = SqlUserRepository(self.session)
        self.learners = SqlLearnerRepository(self.session)
        self.tokens = SqlTokenRepository(self.session)
        self.achievements = SqlAchievementRepository(self.session)
        self.keys = SqlKeyRepository(self.session)
        self.status_lists = SqlStatusListRepository(self.session)
        self.credentials = SqlCredentialRepository(self.session)
        self.jobs = SqlJobRepository(self.session)
        self.audit = SqlAuditRepository(self.session)

    def __enter__(self) -> Self:
        _OPEN.set((*_OPEN.get(), self))
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Roll back whatever was not committed, and release the connection."""
        try:
            # close() ends the open transaction with a rollback
            self.session.close()
            self.session.info.pop(NEEDS_ROLLBACK, None)
        finally:
            _OPEN.set(tuple(unit for unit in _OPEN.get() if unit is not self))

    def commit(self) -> None:
        """Commit; :class:`RuntimeError` after a ``ConflictError`` not yet rolled back (a
        commit then would keep some of the writes on SQLite and none on PostgreSQL)."""
        if self.session.info.get(NEEDS_ROLLBACK):
            raise RuntimeError("the unit of work broke a constraint: roll it back first")
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()
        self.session.info.pop(NEEDS_ROLLBACK, None)


def sql_unit_of_work_factory(
    engine: Engine, *, read_only: bool = False
) -> Callable[[], SqlUnitOfWork]:
    """A factory of units of work on ``engine`` (a :data:`~credstack.services.ports.
    UnitOfWorkFactory`).

    ``read_only`` units of work, for pure readers, begin SQLite transactions without taking
    the write lock, so they never queue behind a writer; a write in one may fail with
    "database is locked". It changes nothing on PostgreSQL.
    """
    bind = engine.execution_options(**{READ_ONLY: True}) if read_only else engine
    # records are built from rows at once, so nothing needs reloading after a commit
    sessions = sessionmaker(bind=bind, expire_on_commit=False, autoflush=False)
    return lambda: SqlUnitOfWork(sessions)


def open_session(engine: Engine) -> Session | None:
    """The session of the innermost unit of work open (``with``) in this thread or task on
    the database of ``engine``, if there is one."""
    for unit in reversed(_OPEN.get()):
        if unit.session.get_bind().engine.url == engine.url:
            return unit.session
    return None


__all__ = ["SqlUnitOfWork", "open_session", "sql_unit_of_work_factory"]
