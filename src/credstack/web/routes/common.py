"""What the route modules share: routers, documented problems, the caller's organisation."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from credstack.services.errors import NotFoundError
from credstack.services.ports import UnitOfWork
from credstack.services.principal import Principal
from credstack.services.records import Organisation
from credstack.web.body import PublicRoute, StrictJSONRoute
from credstack.web.problems import problem_responses

ISSUER_PROBLEMS = (401, 403, 404, 422, 500)
"""What any issuer API route can answer: authentication, permission, tenancy, validation."""
BODY_PROBLEMS = (400, 413, 415)
"""What any route that takes a body can answer besides."""
PUBLIC_PROBLEMS = (404, 422, 500)


def issuer_router(tag: str) -> APIRouter:
    """A router of the issuer API (mounted under ``/api/v1``)."""
    return APIRouter(
        tags=[tag], route_class=StrictJSONRoute, responses=problem_responses(*ISSUER_PROBLEMS)
    )


def public_router(tag: str, problems: tuple[int, ...] = PUBLIC_PROBLEMS) -> APIRouter:
    """A router of documents anyone may fetch."""
    return APIRouter(tags=[tag], route_class=PublicRoute, responses=problem_responses(*problems))


def with_body(*extra: int) -> dict[int | str, dict[str, Any]]:
    """``responses`` of a route that takes a body (plus ``extra`` statuses)."""
    return problem_responses(*BODY_PROBLEMS, *extra)


def organisation_of(uow: UnitOfWork, principal: Principal) -> Organisation:
    """The principal's organisation (:class:`NotFoundError` if it was deleted meanwhile)."""
    organisation = uow.organisations.get(principal.organisation_id)
    if organisation is None:
        raise NotFoundError("the organisation of this API token does not exist")
    return organisation


__all__ = [
    "BODY_PROBLEMS",
    "ISSUER_PROBLEMS",
    "PUBLIC_PROBLEMS",
    "issuer_router",
    "organisation_of",
    "public_router",
    "with_body",
]
