"""``POST /api/v1/keys/rotate``: replace the organisation's signing key.

The previous key stays in the DID document with its end of validity, so the credentials it
signed keep verifying; from now on the new key signs.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field

from credstack.services.keys import rotate_signing_key
from credstack.services.records import Permission
from credstack.web.auth import PrincipalDep
from credstack.web.deps import PlatformDep
from credstack.web.routes.common import issuer_router, organisation_of

router = issuer_router("keys")


class SigningKeyOut(BaseModel):
    id: UUID
    verification_method: str = Field(description="{organisation did}#{fragment}")
    public_key_multibase: str
    valid_from: datetime
    valid_until: datetime | None


@router.post("/keys/rotate", summary="Rotate the signing key")
def rotate_key(platform: PlatformDep, principal: PrincipalDep) -> SigningKeyOut:
    """A new signing key, valid from now; the previous one stops signing (``manage``)."""
    # the key use case acts for an organisation rather than a principal, so the permission is
    # checked here
    principal.require(Permission.MANAGE)
    with platform.uow_factory() as uow:
        organisation = organisation_of(uow, principal)
        record = rotate_signing_key(
            uow, platform.key_store, organisation, now=platform.clock(), actor=principal.actor
        )
        uow.commit()
    return SigningKeyOut(
        id=record.id,
        verification_method=f"{organisation.did}#{record.fragment}",
        public_key_multibase=record.public_key_multibase,
        valid_from=record.valid_from,
        valid_until=record.valid_until,
    )


__all__ = [
    "SigningKeyOut",
    "router",
]
