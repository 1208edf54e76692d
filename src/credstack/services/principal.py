"""Who is acting: the organisation a request acts in, and what it may do there."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from credstack.services.errors import PermissionDeniedError
from credstack.services.records import Permission


@dataclass(frozen=True, slots=True)
class Principal:
    """An authenticated actor inside one organisation.

    ``actor`` names it in audit events: ``token:{id}`` or ``user:{id}`` (``system`` for the
    platform itself, e.g. demo seeding and workers).
    """

    organisation_id: UUID
    actor: str
    permissions: frozenset[Permission]

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions

    def require(self, permission: Permission) -> None:
        """Raise :class:`PermissionDeniedError` unless the principal holds ``permission``."""
        if permission not in self.permissions:
            raise PermissionDeniedError(
                f"this needs the {permission.value!r} permission, which {self.actor} lacks "
                "in this organisation",
                permission=permission.value,
            )


def system_principal(organisation_id: UUID) -> Principal:
    """The platform acting for an organisation (workers, demo data)."""
    return Principal(organisation_id, "system", frozenset(Permission))


__all__ = ["Principal", "system_principal"]
