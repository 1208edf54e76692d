"""``GET /healthz``: the service answers and its database too."""

from __future__ import annotations

import logging
from typing import Literal
from uuid import UUID

from fastapi import Response
from pydantic import BaseModel

from credstack.web.deps import PlatformDep
from credstack.web.problems import SERVICE_UNAVAILABLE, problem_response, problem_responses
from credstack.web.routes.common import public_router

router = public_router("health", (500,))
logger = logging.getLogger("credstack.web")
_NOBODY = UUID(int=0)


class Health(BaseModel):
    status: Literal["ok"]
    database: Literal["ok"]


@router.get(
    "/healthz", summary="Health check", response_model=Health, responses=problem_responses(503)
)
def healthz(platform: PlatformDep) -> Health | Response:
    """200 when a database read succeeds, 503 (a problem document) when it does not."""
    try:
        with platform.reader() as uow:
            # a primary-key read: it needs a live connection and the schema, and costs nothing
            uow.organisations.get(_NOBODY)
    except Exception as exc:  # noqa: BLE001 (any failure means the database is unusable)
        logger.warning("health check: the database failed: %s", type(exc).__name__)
        return problem_response(503, SERVICE_UNAVAILABLE, "the database does not answer")
    return Health(status="ok", database="ok")


__all__ = [
    "Health",
    "router",
]
