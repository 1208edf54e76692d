"""Writing the audit log: who did what to which object, and when.

Events never carry credential contents, secrets or personal data; ``details`` holds counts,
identifiers and states.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from credstack.services.ports import UnitOfWork
from credstack.services.records import AuditEvent


def record_event(
    uow: UnitOfWork,
    *,
    organisation_id: UUID | None,
    actor: str,
    action: str,
    object_type: str,
    object_id: UUID | str,
    at: datetime,
    details: Mapping[str, Any] | None = None,
) -> None:
    """Add one :class:`AuditEvent` to ``uow`` (written when the caller commits)."""
    uow.audit.add(
        AuditEvent(
            id=uuid4(),
            organisation_id=organisation_id,
            actor=actor,
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            at=at,
            details=dict(details or {}),
        )
    )


__all__ = ["record_event"]
