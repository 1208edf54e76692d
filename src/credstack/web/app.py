"""The HTTP service: ``create_app(platform)`` builds the FastAPI application.

Nothing happens at import time: the application is built for a :class:`Platform` (settings,
database, key store, queue), which it keeps on ``app.state.platform``; starting up starts the
platform's background work, and shutting down closes it. ``credstack.web.main`` builds one
from the environment for ASGI servers.

Three APIs share the application:

- the **issuer API** under ``/api/v1`` (API tokens; one organisation per token),
- the **public documents**: issuer profiles, DID documents, status lists, hosted credentials,
  the JSON-LD contexts credstack authors (``/contexts/credstack/v1``),
- the **W3C VC-API**: ``/credentials/issue``, ``/credentials/verify``,
  ``/presentations/verify``.

Every error is an RFC 9457 problem document (:mod:`credstack.web.problems`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi

import credstack
from credstack.bootstrap import Platform
from credstack.web.body import BodyLimitMiddleware
from credstack.web.problems import Problem, install_problem_handlers
from credstack.web.routes import (
    achievements,
    audit,
    contexts,
    credentials,
    health,
    jobs,
    keys,
    organisation,
    public,
    status,
    tokens,
    vcapi,
    vcapi_issue,
)

DESCRIPTION = """\
Issue, manage and verify Open Badges 3.0 micro-credentials (W3C Verifiable Credentials 2.0).

- **Issuer API** (`/api/v1`): define achievements, issue credentials one by one or in bulk
  jobs, revoke and suspend them, rotate signing keys. Authenticate with an organisation's API
  token: `Authorization: Bearer cst_…`.
- **Public documents**: issuer profiles (`/orgs/{slug}`), `did:web` documents
  (`/orgs/{slug}/did.json`), Bitstring Status Lists (`/status/{id}`), hosted credentials
  (`/c/{token}`) and the credstack JSON-LD extension context (`/contexts/credstack/v1`).
- **W3C VC-API**: `POST /credentials/issue`, `POST /credentials/verify`,
  `POST /presentations/verify`.

Errors are RFC 9457 problem documents (`application/problem+json`) with a stable `code`.
"""

TAGS = [
    {"name": "organisation", "description": "The organisation of the API token."},
    {"name": "achievements", "description": "Micro-credential specifications, versioned."},
    {"name": "credentials", "description": "Issue one credential, search, revoke, suspend."},
    {"name": "jobs", "description": "Bulk issuance: one achievement to many recipients."},
    {"name": "keys", "description": "The organisation's signing keys."},
    {"name": "audit", "description": "Who did what, and when."},
    {"name": "public", "description": "Documents anyone may fetch: no authentication."},
    {"name": "vc-api", "description": "The W3C Verifiable Credentials API."},
    {"name": "health", "description": "Liveness and database checks."},
]


def create_app(platform: Platform) -> FastAPI:
    """The credstack HTTP application, serving ``platform``."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # a server process also runs the in-process queue's bulk chunks (a no-op with
        # procrastinate, whose workers are separate processes)
        platform.start_background_work()
        try:
            yield
        finally:
            platform.close()

    app = FastAPI(
        title="credstack",
        version=credstack.__version__,
        description=DESCRIPTION,
        openapi_tags=TAGS,
        lifespan=lifespan,
    )
    app.state.platform = platform
    app.add_middleware(BodyLimitMiddleware, max_bytes=platform.settings.max_request_bytes)
    # Wallets and verifiers running in a browser fetch status lists and DID documents and call
    # the VC-API from other origins. Any origin may, without cookies: the issuer API is
    # authenticated by bearer tokens, which a browser never sends on its own.
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_credentials=False,
        allow_methods=["GET", "POST", "PUT", "PATCH"],
        allow_headers=["Authorization", "Content-Type", "Idempotency-Key", "If-None-Match"],
        expose_headers=["ETag", "Location", "Last-Modified"],
        max_age=3600,
    )
    install_problem_handlers(app)
    for module in (organisation, achievements, credentials, jobs, keys, tokens, audit):
        app.include_router(module.router, prefix="/api/v1")
    for module in (public, status, contexts, vcapi_issue, vcapi, health):
        app.include_router(module.router)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
                tags=app.openapi_tags,
            )
            # schemas that routes refer to but FastAPI does not see: problems (not
            # application/json, where FastAPI puts response models) and the bulk job bodies
            # (read by the route itself, as JSON or as a form)
            schemas = document.setdefault("components", {}).setdefault("schemas", {})
            for model in (Problem, *jobs.REQUEST_MODELS):
                schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
                schemas.update(schema.pop("$defs", {}))
                schemas[model.__name__] = schema
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


__all__ = ["create_app"]
