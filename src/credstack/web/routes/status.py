"""``GET /status/{list_id}``: a signed Bitstring Status List credential, made to be cached.

Every verifier of every credential in a list fetches it, so the response says how long it may
be kept (``Cache-Control: public, max-age={ttl}``, the deployment's status list TTL: the time
within which a revocation reaches every verifier) and can be revalidated cheaply: a request
whose ``If-None-Match`` names the current ``ETag`` (or, without one, whose
``If-Modified-Since`` is not older than ``Last-Modified``) gets 304 and no body.
"""

from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime as http_date
from email.utils import parsedate_to_datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import Header, Response
from fastapi.responses import JSONResponse

from credstack.services.status import SignedStatusList, status_list_credential
from credstack.web.deps import PlatformDep
from credstack.web.routes.common import public_router

router = public_router("public")

VC_LD_JSON = "application/vc+ld+json"


@router.get(
    "/status/{list_id}",
    summary="Status list credential",
    response_class=JSONResponse,
    responses={
        200: {
            "description": "the signed BitstringStatusListCredential",
            "content": {VC_LD_JSON: {"schema": {"type": "object", "additionalProperties": True}}},
        },
        304: {"description": "the cached copy named by If-None-Match is still current"},
    },
)
async def status_list(
    list_id: UUID,
    platform: PlatformDep,
    if_none_match: Annotated[str | None, Header()] = None,
    if_modified_since: Annotated[str | None, Header()] = None,
) -> Response:
    """The status list credential, signed by the organisation that owns the list."""
    # on the event loop: a cached document and one read, fetched by every verifier (see
    # routes/vcapi.py for why the thread pool costs more than it saves here)
    with platform.reader() as uow:
        signed = status_list_credential(
            uow, platform.key_store, platform.config, list_id, now=platform.clock()
        )
    headers = _cache_headers(signed)
    if _not_modified(signed, if_none_match, if_modified_since):
        return Response(status_code=304, headers=headers)
    return JSONResponse(signed.document, media_type=VC_LD_JSON, headers=headers)


def _cache_headers(signed: SignedStatusList) -> dict[str, str]:
    return {
        "ETag": signed.etag,
        "Cache-Control": f"public, max-age={signed.max_age}",
        "Last-Modified": http_date(signed.last_modified.replace(microsecond=0), usegmt=True),
    }


def _not_modified(
    signed: SignedStatusList, if_none_match: str | None, if_modified_since: str | None
) -> bool:
    """RFC 9110 §13.1: If-None-Match (weak comparison) wins; If-Modified-Since only without it."""
    if if_none_match is not None:
        if if_none_match.strip() == "*":
            return True
        wanted = _opaque(signed.etag)
        return any(_opaque(tag) == wanted for tag in if_none_match.split(","))
    if if_modified_since is not None:
        since = _http_datetime(if_modified_since)
        return since is not None and signed.last_modified.replace(microsecond=0) <= since
    return False


def _opaque(tag: str) -> str:
    tag = tag.strip()
    return tag[2:] if tag.startswith("W/") else tag


def _http_datetime(value: str) -> datetime | None:
    try:
        parsed: Any = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None  # an unreadable date is ignored, as RFC 9110 asks
    if not isinstance(parsed, datetime) or parsed.tzinfo is None:
        return None
    return parsed


__all__ = [
    "VC_LD_JSON",
    "router",
]
