"""Where things live on the platform: every public identifier derives from the base URL.

======================================  ==============================================
``{base}/orgs/{slug}``                  issuer profile (Open Badges ``Profile``)
``did:web:{host}:orgs:{slug}``          the organisation's DID …
``{base}/orgs/{slug}/did.json``         … and its DID document (did:web resolution)
``{base}/orgs/{slug}/achievements/{id}``  an achievement (each version has ``?v=n``)
``{base}/status/{list_id}``             a Bitstring Status List credential
``{base}/c/{public_token}``             a hosted credential (unguessable)
``{base}/contexts/{path}``              a JSON-LD context credstack authors
                                        (``credstack/v1``); credentials name it under
                                        the contexts URL, ``{base}/contexts`` by default
======================================  ==============================================
"""

from __future__ import annotations

from uuid import UUID

from credstack.core.did.methods import did_web_from_url
from credstack.services.config import ServiceConfig

EXTENSION_CONTEXT_PATH = "credstack/v1"
"""The credstack extension context, under the contexts URL (``PUBLISHED_CONTEXTS`` key)."""


def organisation_url(base_url: str, slug: str) -> str:
    return f"{base_url}/orgs/{slug}"


def organisation_did(base_url: str, slug: str) -> str:
    """``did:web`` for ``{base}/orgs/{slug}``, which resolves to ``…/orgs/{slug}/did.json``.

    did:web is defined over https only. A development base URL (``http://127.0.0.1:8000``)
    still gets the DID of the same host and path; credstack resolves its own organisations'
    DIDs from its database, so they verify on the platform, but nobody else can resolve them.
    """
    url = organisation_url(base_url, slug)
    if url.startswith("http://"):
        url = "https://" + url[len("http://") :]
    return did_web_from_url(url)


def did_document_url(base_url: str, slug: str) -> str:
    return f"{organisation_url(base_url, slug)}/did.json"


def achievement_url(base_url: str, slug: str, achievement_id: UUID, version: int) -> str:
    return f"{organisation_url(base_url, slug)}/achievements/{achievement_id}?v={version}"


def status_list_url(base_url: str, list_id: UUID) -> str:
    return f"{base_url}/status/{list_id}"


def hosted_credential_url(base_url: str, public_token: str) -> str:
    return f"{base_url}/c/{public_token}"


def context_url(contexts_url: str, path: str) -> str:
    """Where the published context ``path`` (``credstack/v1``) is, under ``contexts_url``."""
    return f"{contexts_url}/{path}"


def extension_context_url(config: ServiceConfig) -> str:
    """The URL at which this platform's credentials name the credstack extension context."""
    return context_url(config.published_contexts_url, EXTENSION_CONTEXT_PATH)


__all__ = [
    "EXTENSION_CONTEXT_PATH",
    "achievement_url",
    "context_url",
    "did_document_url",
    "extension_context_url",
    "hosted_credential_url",
    "organisation_did",
    "organisation_url",
    "status_list_url",
]
