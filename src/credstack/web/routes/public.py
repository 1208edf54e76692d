"""Public documents, no authentication: issuer profiles, DID documents, hosted credentials.

These are what verifiers and learners fetch: the ``did:web`` document is how anyone resolves
an organisation's keys, and a hosted credential's URL is what a learner shares.
"""

from __future__ import annotations

from typing import Any

from fastapi import Response
from fastapi.responses import JSONResponse

from credstack.services.credentials import hosted_credential
from credstack.services.keys import did_document
from credstack.services.organisations import get_organisation_by_slug, profile_document
from credstack.web.deps import PlatformDep
from credstack.web.routes.common import public_router

router = public_router("public")

LD_JSON = "application/ld+json"
DID_JSON = "application/did+json"
VC_LD_JSON = "application/vc+ld+json"
VC_JWT = "application/vc+jwt"
_OBJECT: dict[str, Any] = {"type": "object", "additionalProperties": True}


@router.get(
    "/orgs/{slug}",
    summary="Issuer profile",
    response_class=JSONResponse,
    responses={200: {"content": {LD_JSON: {"schema": _OBJECT}}}},
)
def issuer_profile(slug: str, platform: PlatformDep) -> Response:
    """The organisation's Open Badges ``Profile`` (JSON-LD): what credentials name as issuer."""
    with platform.reader() as uow:
        organisation = get_organisation_by_slug(uow, slug)
    return JSONResponse(profile_document(organisation, platform.config), media_type=LD_JSON)


@router.get(
    "/orgs/{slug}/did.json",
    summary="DID document (did:web)",
    response_class=JSONResponse,
    responses={200: {"content": {DID_JSON: {"schema": _OBJECT}}}},
)
def organisation_did_document(slug: str, platform: PlatformDep) -> Response:
    """The ``did:web`` document: every key the organisation has had, with validity periods."""
    with platform.reader() as uow:
        organisation = get_organisation_by_slug(uow, slug)
        document = did_document(uow, organisation)
    return JSONResponse(document, media_type=DID_JSON)


@router.get(
    "/c/{public_token}",
    summary="Hosted credential",
    response_class=JSONResponse,
    responses={
        200: {
            "description": "the signed credential: JSON with an embedded proof, or a VC-JWT",
            "content": {
                VC_LD_JSON: {"schema": _OBJECT},
                VC_JWT: {"schema": {"type": "string"}},
            },
        }
    },
)
def hosted(public_token: str, platform: PlatformDep) -> Response:
    """The credential as it was signed, at its unguessable URL."""
    with platform.reader() as uow:
        record = hosted_credential(uow, public_token)
    # the URL is a secret shared by the learner: keep it out of search engines and referrers
    headers = {"X-Robots-Tag": "noindex", "Referrer-Policy": "no-referrer"}
    if isinstance(record.document, str):
        return Response(record.document, media_type=VC_JWT, headers=headers)
    return JSONResponse(dict(record.document), media_type=VC_LD_JSON, headers=headers)


__all__ = [
    "DID_JSON",
    "LD_JSON",
    "VC_JWT",
    "VC_LD_JSON",
    "router",
]
