"""``GET /api/v1/organisation``: the organisation an API token acts for."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field

from credstack.services.organisations import profile_document
from credstack.services.urls import did_document_url, organisation_url
from credstack.web.auth import PrincipalDep
from credstack.web.deps import PlatformDep
from credstack.web.routes.common import issuer_router, organisation_of

router = issuer_router("organisation")


class OrganisationOut(BaseModel):
    id: UUID
    slug: str
    name: str
    kind: str
    did: str = Field(description="the organisation's did:web, the issuer of its credentials")
    profile_url: str = Field(description="the public issuer profile")
    did_document_url: str
    created_at: datetime
    permissions: list[str] = Field(description="what this API token may do")
    profile: dict[str, Any] = Field(description="the issuer profile (Open Badges Profile)")


@router.get("/organisation", summary="The token's organisation")
def read_organisation(platform: PlatformDep, principal: PrincipalDep) -> OrganisationOut:
    """The organisation of the API token, with its public issuer profile."""
    with platform.uow_factory() as uow:
        organisation = organisation_of(uow, principal)
    base = platform.config.base_url
    return OrganisationOut(
        id=organisation.id,
        slug=organisation.slug,
        name=organisation.name,
        kind=organisation.kind.value,
        did=organisation.did,
        profile_url=organisation_url(base, organisation.slug),
        did_document_url=did_document_url(base, organisation.slug),
        created_at=organisation.created_at,
        permissions=sorted(p.value for p in principal.permissions),
        profile=profile_document(organisation, platform.config),
    )


__all__ = [
    "OrganisationOut",
    "router",
]
