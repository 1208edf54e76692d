"""The audit trail: who did what to which object, and when."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import insert, select

from credstack.services.records import AuditEvent
from credstack.store.repositories.base import SqlRepository, table
from credstack.store.tables import AuditEventRow


class SqlAuditRepository(SqlRepository):
    """:class:`~credstack.services.ports.AuditRepository` over ``audit_events``."""

    def add(self, event: AuditEvent) -> None:
        self._write(
            insert(table(AuditEventRow)).values(
                id=event.id,
                organisation_id=event.organisation_id,
                actor=event.actor,
                action=event.action,
                object_type=event.object_type,
                object_id=event.object_id,
                at=event.at,
                details=dict(event.details),
            )
        )

    def recent(self, organisation_id: UUID, limit: int = 100) -> list[AuditEvent]:
        """Newest first."""
        rows = self._all(
            select(AuditEventRow)
            .where(AuditEventRow.organisation_id == organisation_id)
            .order_by(AuditEventRow.at.desc(), AuditEventRow.id.desc())
            .limit(limit)
        )
        return [_event(row) for row in rows]


def _event(row: AuditEventRow) -> AuditEvent:
    return AuditEvent(
        id=row.id,
        organisation_id=row.organisation_id,
        actor=row.actor,
        action=row.action,
        object_type=row.object_type,
        object_id=row.object_id,
        at=row.at,
        details=row.details,
    )


__all__ = ["SqlAuditRepository"]
