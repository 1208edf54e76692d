"""``GET /api/v1/audit``: the organisation's recent audit events, newest first."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import Query
from pydantic import BaseModel

from credstack.services.records import Permission
from credstack.web.auth import PrincipalDep
from credstack.web.deps import PlatformDep
from credstack.web.routes.common import issuer_router

router = issuer_router("audit")


class AuditEventOut(BaseModel):
    id: UUID
    actor: str
    action: str
    object_type: str
    object_id: str
    at: datetime
    details: dict[str, Any]


class AuditLog(BaseModel):
    items: list[AuditEventOut]


@router.get("/audit", summary="Recent audit events")
def read_audit(
    platform: PlatformDep,
    principal: PrincipalDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> AuditLog:
    """Who did what in the organisation, newest first (needs the ``manage`` permission:
    the log names every token and user that acted)."""
    principal.require(Permission.MANAGE)
    with platform.uow_factory() as uow:
        events = uow.audit.recent(principal.organisation_id, limit)
    return AuditLog(
        items=[
            AuditEventOut(
                id=e.id,
                actor=e.actor,
                action=e.action,
                object_type=e.object_type,
                object_id=e.object_id,
                at=e.at,
                details=dict(e.details),
            )
            for e in events
        ]
    )


__all__ = [
    "AuditEventOut",
    "AuditLog",
    "router",
]
