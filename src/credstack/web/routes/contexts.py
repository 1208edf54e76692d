"""``GET /contexts/{path}``: the JSON-LD contexts credstack authors, for verifiers anywhere.

A credential this platform issues names the credstack extension context at
``{contexts URL}/credstack/v1`` (``{base}/contexts/credstack/v1`` unless
``CREDSTACK_CONTEXTS_URL`` says otherwise) and pins that URL to the digest of the bundled file
(``relatedResource``), so a verifier that fetches contexts gets them here and can check them:

- the body is the bundled file byte for byte (its SHA-384 is the pinned digest);
- ``Content-Type: application/ld+json``, the media type the pin names;
- ``Cache-Control: public, max-age=31536000, immutable``: a published context never changes
  (a new one gets a new path, ``credstack/v2``), so it may be cached for good;
- ``ETag`` is the digest, and ``If-None-Match`` naming it gets 304 and no body;
- ``Access-Control-Allow-Origin: *``, also without an ``Origin`` header, so that browser
  verifiers and the caches in front of them can share one copy.

Only the contexts credstack authors are served (``PUBLISHED_CONTEXTS``); the W3C and 1EdTech
contexts are fetched from their publishers or, as credstack does, bundled.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated

from fastapi import Header, Response

from credstack.core.jsonld.contexts import PUBLISHED_CONTEXTS, bundled_context_bytes
from credstack.core.jsonld.pins import sri_digest
from credstack.services.errors import NotFoundError
from credstack.web.routes.common import public_router

router = public_router("public")

LD_JSON = "application/ld+json"
IMMUTABLE = "public, max-age=31536000, immutable"


@router.get(
    "/contexts/{path:path}",
    summary="JSON-LD context",
    response_class=Response,
    responses={
        200: {
            "description": "the context, byte for byte as pinned in credentials",
            "content": {LD_JSON: {"schema": {"type": "object", "additionalProperties": True}}},
        },
        304: {"description": "the cached copy named by If-None-Match is this context"},
    },
)
async def published_context(
    path: str, if_none_match: Annotated[str | None, Header()] = None
) -> Response:
    """A JSON-LD context credstack authors (``credstack/v1``: the extension context)."""
    if path not in PUBLISHED_CONTEXTS:
        raise NotFoundError(
            f"no context is published at /contexts/{path}; published: "
            f"{', '.join(f'/contexts/{p}' for p in PUBLISHED_CONTEXTS)}"
        )
    data, etag = _published(path)
    headers = {
        "Cache-Control": IMMUTABLE,
        "ETag": etag,
        "Access-Control-Allow-Origin": "*",
        "X-Content-Type-Options": "nosniff",
    }
    if if_none_match is not None and _names(if_none_match, etag):
        return Response(status_code=304, headers=headers)
    return Response(data, media_type=LD_JSON, headers=headers)


@cache
def _published(path: str) -> tuple[bytes, str]:
    data = bundled_context_bytes(PUBLISHED_CONTEXTS[path])
    return data, f'"{sri_digest(data)}"'


def _names(if_none_match: str, etag: str) -> bool:
    """RFC 9110 §13.1.2: ``*`` or any listed tag, compared weakly."""
    if if_none_match.strip() == "*":
        return True
    return any(tag.strip().removeprefix("W/") == etag for tag in if_none_match.split(","))


__all__ = ["IMMUTABLE", "LD_JSON", "router"]
