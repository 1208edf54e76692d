"""SQL implementations of the repository ports of :mod:`credstack.services.ports`.

Each repository works inside the session of one :class:`~credstack.store.unit_of_work.
SqlUnitOfWork` and maps rows to the records of :mod:`credstack.services.records`.
"""

from __future__ import annotations

from credstack.store.repositories.achievements import SqlAchievementRepository, SqlKeyRepository
from credstack.store.repositories.audit import SqlAuditRepository
from credstack.store.repositories.credentials import SqlCredentialRepository
from credstack.store.repositories.jobs import SqlJobRepository
from credstack.store.repositories.status_lists import SqlStatusListRepository
from credstack.store.repositories.tenancy import (
    SqlLearnerRepository,
    SqlOrganisationRepository,
    SqlTokenRepository,
    SqlUserRepository,
)

__all__ = [
    "SqlAchievementRepository",
    "SqlAuditRepository",
    "SqlCredentialRepository",
    "SqlJobRepository",
    "SqlKeyRepository",
    "SqlLearnerRepository",
    "SqlOrganisationRepository",
    "SqlStatusListRepository",
    "SqlTokenRepository",
    "SqlUserRepository",
]
