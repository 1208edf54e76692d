"""``/api/v1/organisation``: the organisation an API token acts for.

``GET`` reads it; ``PATCH`` (``manage``) changes its name, its country — the ISO 3166-1
alpha-2 code that credentials carry as the issuer's ``address.addressCountryCode`` and that
the ``eu-annex1`` profile requires — or its whole profile. Members left out stay as they are;
``"country": null`` removes the country. A bad value is a 422 problem
(``INVALID_COUNTRY_CODE``, ``INVALID_REQUEST`` with the ``field``) and changes nothing.
Credentials issued before keep the issuer profile they were signed with.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from credstack.bootstrap import Platform
from credstack.services.organisations import UNCHANGED, profile_document, update_organisation
from credstack.services.principal import Principal
from credstack.services.records import Organisation
from credstack.services.urls import did_document_url, organisation_url
from credstack.web.auth import PrincipalDep
from credstack.web.deps import PlatformDep
from credstack.web.routes.common import issuer_router, organisation_of, with_body

router = issuer_router("organisation")


class OrganisationOut(BaseModel):
    id: UUID
    slug: str
    name: str
    kind: str
    country: str | None = Field(
        description="ISO 3166-1 alpha-2 code of the organisation's country (Annex I)"
    )
    did: str = Field(description="the organisation's did:web, the issuer of its credentials")
    profile_url: str = Field(description="the public issuer profile")
    did_document_url: str
    created_at: datetime
    permissions: list[str] = Field(description="what this API token may do")
    profile: dict[str, Any] = Field(description="the issuer profile (Open Badges Profile)")


class OrganisationUpdate(BaseModel):
    """What to change; members left out stay as they are."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, description="the awarding body's name")
    country: str | None = Field(
        default=None,
        description="ISO 3166-1 alpha-2 code (NL, NZ, …); null removes the country",
        examples=["NL"],
    )
    profile: dict[str, Any] | None = Field(
        default=None,
        description="Open Badges Profile members (url, email, phone, description, image, "
        "address without its country, otherIdentifier); replaces the profile as a whole",
    )


def _out(platform: Platform, organisation: Organisation, principal: Principal) -> OrganisationOut:
    base = platform.config.base_url
    return OrganisationOut(
        id=organisation.id,
        slug=organisation.slug,
        name=organisation.name,
        kind=organisation.kind.value,
        country=organisation.country,
        did=organisation.did,
        profile_url=organisation_url(base, organisation.slug),
        did_document_url=did_document_url(base, organisation.slug),
        created_at=organisation.created_at,
        permissions=sorted(p.value for p in principal.permissions),
        profile=profile_document(organisation, platform.config),
    )


@router.get("/organisation", summary="The token's organisation")
def read_organisation(platform: PlatformDep, principal: PrincipalDep) -> OrganisationOut:
    """The organisation of the API token, with its public issuer profile."""
    with platform.uow_factory() as uow:
        organisation = organisation_of(uow, principal)
    return _out(platform, organisation, principal)


@router.patch("/organisation", summary="Change the organisation", responses=with_body())
def patch_organisation(
    body: OrganisationUpdate, platform: PlatformDep, principal: PrincipalDep
) -> OrganisationOut:
    """Change the name, the country or the profile of the token's organisation (``manage``)."""
    given = body.model_fields_set
    with platform.uow_factory() as uow:
        organisation = update_organisation(
            uow,
            principal,
            name=body.name if "name" in given else UNCHANGED,
            country=body.country if "country" in given else UNCHANGED,
            profile=body.profile if "profile" in given else UNCHANGED,
            now=platform.clock(),
        )
        uow.commit()
    return _out(platform, organisation, principal)


__all__ = [
    "OrganisationOut",
    "OrganisationUpdate",
    "router",
]
