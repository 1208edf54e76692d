"""Verification on the platform: the core pipeline, fed from the platform's own database.

:func:`verify_credential` and :func:`verify_presentation` run
:func:`credstack.core.verify.verify_document` with

- :func:`platform_resolver`: keys of this platform's organisations come from the database
  (their ``did:web`` documents, every key they have had, as served at
  ``/orgs/{slug}/did.json``), so verifying the platform's credentials needs no network, even
  on a development deployment whose DIDs nobody else can resolve. ``did:key`` resolves
  offline. Any other DID is resolved only through an injected ``fetch`` (the web layer may
  pass an HTTP adapter); without one it is refused with ``DID_RESOLUTION_ERROR``;
- :func:`platform_documents`: the same DID documents by DID, for the keys an issuer's document
  names (the status list signer policy and VC-JWTs that carry their key in the header);
- :func:`platform_status_lists`: the platform's own status list URLs are answered with the
  signed list (:func:`credstack.services.status.status_list_credential`, which the report
  then verifies like any other list); other URLs only through an injected fetcher. Who may
  sign another issuer's list is the configuration's ``status_list_signers``.

Suspension is platform-only (see :mod:`credstack.services.credentials`): it is not in any
published list, so after the core pipeline ran, a credential this platform issued and has
suspended gets its ``status`` check replaced by a failed one with ``CREDENTIAL_SUSPENDED``.
The report never shows the suspension's reason, which may name the learner.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import unquote
from uuid import UUID
from weakref import WeakKeyDictionary

from credstack.core.did.methods import (
    ControllerDocumentResolver,
    DocumentFetcher,
    document_resolver,
    find_verification_method,
    resolver,
)
from credstack.core.did.verification_method import VerificationMethod, VerificationMethodResolver
from credstack.core.errors import ErrorCode, ResolutionError
from credstack.core.timestamps import format_datetime
from credstack.core.verify import (
    Check,
    CheckId,
    CheckStatus,
    VerificationReport,
    VerifyOptions,
    issuer_id,
    verify_document,
)
from credstack.core.verify.credential import StatusListFetcher
from credstack.services.config import ServiceConfig
from credstack.services.errors import NotFoundError
from credstack.services.keys import did_document
from credstack.services.ports import KeyStore, UnitOfWork
from credstack.services.records import CredentialRecord, CredentialState, Organisation
from credstack.services.status import status_list_credential
from credstack.services.urls import organisation_did


def platform_resolver(
    uow: UnitOfWork, config: ServiceConfig, *, fetch: DocumentFetcher | None = None
) -> VerificationMethodResolver:
    """Resolves verification methods: this platform's organisations from the database,
    ``did:key`` offline, other ``did:web`` only through ``fetch`` (refused without one)."""
    fallback = resolver(fetch=fetch)
    documents: dict[str, Mapping[str, Any]] = {}  # one DID document per DID and verification

    def resolve(vm_url: str) -> VerificationMethod:
        base = vm_url.partition("#")[0] if isinstance(vm_url, str) else ""
        prefix = _own_did_prefix(config)
        if base.startswith(prefix):
            organisation = _own_organisation(uow, config, base)
            if organisation is None:
                raise ResolutionError(
                    f"{base} would be an organisation of this platform, but there is none",
                    code=ErrorCode.DID_RESOLUTION_ERROR,
                )
            if base not in documents:
                documents[base] = did_document(uow, organisation)
            return find_verification_method(documents[base], vm_url)
        if base.startswith("did:web:") and fetch is None:
            raise ResolutionError(
                f"{base} is not an organisation of this platform, and this verifier does not "
                "fetch other issuers' DID documents",
                code=ErrorCode.DID_RESOLUTION_ERROR,
            )
        return fallback(vm_url)

    return resolve


def platform_documents(
    uow: UnitOfWork, config: ServiceConfig, *, fetch: DocumentFetcher | None = None
) -> ControllerDocumentResolver:
    """Resolves DID documents: this platform's organisations from the database, ``did:key``
    offline, other ``did:web`` only through ``fetch`` (refused without one)."""
    fallback = document_resolver(fetch=fetch)
    documents: dict[str, Mapping[str, Any]] = {}

    def resolve_document(did: str) -> Mapping[str, Any]:
        if isinstance(did, str) and did.startswith(_own_did_prefix(config)):
            if did not in documents:
                organisation = _own_organisation(uow, config, did)
                if organisation is None:
                    raise ResolutionError(
                        f"{did} would be an organisation of this platform, but there is none",
                        code=ErrorCode.DID_RESOLUTION_ERROR,
                    )
                documents[did] = did_document(uow, organisation)
            return documents[did]
        return fallback(did)

    return resolve_document


def platform_status_lists(
    uow: UnitOfWork,
    key_store: KeyStore,
    config: ServiceConfig,
    *,
    now: datetime,
    fetch: StatusListFetcher | None = None,
) -> StatusListFetcher:
    """Fetches status list credentials: this platform's own from the database (signed as
    they are served), others only through ``fetch`` (none: not found)."""
    prefix = f"{config.base_url}/status/"

    def fetch_list(url: str) -> Mapping[str, Any] | None:
        if url.startswith(prefix):
            try:
                list_id = UUID(url[len(prefix) :])
            except ValueError:
                return None
            try:
                return status_list_credential(uow, key_store, config, list_id, now=now).document
            except NotFoundError:
                return None
        return fetch(url) if fetch is not None else None

    return fetch_list


def verify_credential(
    uow: UnitOfWork,
    key_store: KeyStore,
    config: ServiceConfig,
    document: str | bytes | Mapping[str, Any],
    *,
    now: datetime,
    strict: bool = False,
    fetch: DocumentFetcher | None = None,
    fetch_status_list: StatusListFetcher | None = None,
) -> VerificationReport:
    """Verify a credential (JSON text, parsed JSON or a VC-JWT) as the platform sees it.

    Never raises for a bad document: the report says what failed. ``fetch`` and
    ``fetch_status_list`` reach other issuers' DID documents and status lists.
    """
    options = _options(uow, key_store, config, now, strict, fetch, fetch_status_list)
    return _with_suspensions(uow, config, verify_document(document, options))


def verify_presentation(
    uow: UnitOfWork,
    key_store: KeyStore,
    config: ServiceConfig,
    document: str | bytes | Mapping[str, Any],
    *,
    now: datetime,
    challenge: str | None = None,
    domain: str | None = None,
    allow_holder_not_subject: bool = False,
    strict: bool = False,
    fetch: DocumentFetcher | None = None,
    fetch_status_list: StatusListFetcher | None = None,
) -> VerificationReport:
    """Verify a presentation and every credential in it (one nested report each).

    The presentation must be signed by the subject of its credentials (unless
    ``allow_holder_not_subject``) and answer ``challenge``: without one it does not verify
    (``NO_CHALLENGE``), as with Digital Bazaar's verifier. ``domain``, when given, must be the
    one its proof names.
    """
    options = dataclasses.replace(
        _options(uow, key_store, config, now, strict, fetch, fetch_status_list),
        challenge=challenge,
        domain=domain,
        require_challenge=True,
        allow_holder_not_subject=allow_holder_not_subject,
    )
    return _with_suspensions(uow, config, verify_document(document, options))


def _options(
    uow: UnitOfWork,
    key_store: KeyStore,
    config: ServiceConfig,
    now: datetime,
    strict: bool,
    fetch: DocumentFetcher | None,
    fetch_status_list: StatusListFetcher | None,
) -> VerifyOptions:
    return VerifyOptions(
        resolve=platform_resolver(uow, config, fetch=fetch),
        now=now,
        fetch_status_list=platform_status_lists(
            uow, key_store, config, now=now, fetch=fetch_status_list
        ),
        strict=strict,
        status_list_signers=config.status_list_signers,
        resolve_document=platform_documents(uow, config, fetch=fetch),
    )


def _with_suspensions(
    uow: UnitOfWork, config: ServiceConfig, report: VerificationReport
) -> VerificationReport:
    """The report, with a failed status check for each credential the platform suspended."""
    if report.nested:
        nested = tuple(_with_suspensions(uow, config, n) for n in report.nested)
        report = dataclasses.replace(report, nested=nested)
    if report.kind != "credential" or report.credential is None:
        return report
    status = report.check(CheckId.STATUS)
    if status is None or status.status is CheckStatus.FAILED:
        return report  # not checked, or failing already (revoked, say)
    record = _suspended(uow, config, report.credential)
    if record is None:
        return report
    since = format_datetime(record.state_changed_at) if record.state_changed_at else None
    failed = Check.failed(
        CheckId.STATUS,
        ErrorCode.CREDENTIAL_SUSPENDED,
        "the issuer has suspended this credential"
        + (f" (since {since})" if since else "")
        + "; verifiers outside this platform, which read only the revocation list, do not "
        "see suspensions",
    )
    checks = tuple(failed if c is status else c for c in report.checks)
    return dataclasses.replace(report, checks=checks)


def _suspended(
    uow: UnitOfWork, config: ServiceConfig, credential: Mapping[str, Any]
) -> CredentialRecord | None:
    credential_id, issuer = credential.get("id"), issuer_id(credential)
    if not isinstance(credential_id, str) or issuer is None:
        return None
    if not issuer.startswith(_own_did_prefix(config)):
        return None
    organisation = _own_organisation(uow, config, issuer)
    if organisation is None:
        return None
    record = uow.credentials.by_credential_id(organisation.id, credential_id)
    return record if record is not None and record.state is CredentialState.SUSPENDED else None


def _own_did_prefix(config: ServiceConfig) -> str:
    """``did:web:{host}:orgs:``: every organisation DID of this platform starts with it."""
    return organisation_did(config.base_url, "x")[:-1]


_ORGANISATIONS: WeakKeyDictionary[UnitOfWork, dict[str, Organisation | None]] = WeakKeyDictionary()
"""Organisations already looked up in a unit of work: one verification asks for the issuer
up to three times (the credential's key, the status list's key, suspensions)."""


def _own_organisation(uow: UnitOfWork, config: ServiceConfig, did: str) -> Organisation | None:
    known = _ORGANISATIONS.setdefault(uow, {})
    if did not in known:
        slug = unquote(did.removeprefix(_own_did_prefix(config)))
        found = uow.organisations.by_slug(slug) if slug and ":" not in slug else None
        known[did] = found if found is not None and found.did == did else None
    return known[did]


__all__ = [
    "platform_documents",
    "platform_resolver",
    "platform_status_lists",
    "verify_credential",
    "verify_presentation",
]
