"""Decentralized identifiers: ``did:key`` (resolved offline) and ``did:web`` (through a port).

``did:key`` documents are computed from the identifier itself. ``did:web`` documents live on
the issuer's web server; the core never fetches them: the caller passes a ``fetch`` function
(an HTTP client in the service, a fake in the tests, local files in the CLI). Key history is
expressed with the Controlled Identifier terms ``expires`` and ``revoked`` on each
verification method, so a rotated key stays in the document and credentials it signed before
its end of validity keep verifying.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote, unquote

from credstack.core.crypto import multibase
from credstack.core.crypto.keys import PublicKey, public_key_from_jwk, public_key_from_multikey
from credstack.core.did.verification_method import (
    ASSERTION_METHOD,
    AUTHENTICATION,
    VerificationMethod,
    VerificationMethodResolver,
)
from credstack.core.errors import CredstackError, ErrorCode, KeyMaterialError, ResolutionError
from credstack.core.timestamps import format_datetime, parse_datetime

DID_CONTEXT = "https://www.w3.org/ns/did/v1"
MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"
SUPPORTED_METHODS = frozenset({"key", "web"})
RELATIONSHIPS = (
    "authentication",
    "assertionMethod",
    "capabilityInvocation",
    "capabilityDelegation",
)

DocumentFetcher = Callable[[str], Mapping[str, Any]]
"""Fetches a JSON document (a ``did.json``) by URL; raises on failure."""

ControllerDocumentResolver = Callable[[str], Mapping[str, Any]]
"""Maps a DID to its DID document; raises :class:`~credstack.core.errors.ResolutionError`."""


def did_key(public_key: PublicKey) -> str:
    """The ``did:key`` identifier of a public key."""
    return f"did:key:{public_key.multikey}"


def did_key_verification_method(public_key: PublicKey) -> str:
    """The verification-method URL of a ``did:key`` (``did:key:z6Mk…#z6Mk…``)."""
    return f"did:key:{public_key.multikey}#{public_key.multikey}"


def did_key_document(did: str) -> dict[str, Any]:
    """Resolve a ``did:key`` offline into its DID document."""
    if not did.startswith("did:key:"):
        raise ResolutionError(f"{did!r} is not a did:key", code=ErrorCode.UNSUPPORTED_DID_METHOD)
    fingerprint = did.removeprefix("did:key:")
    try:
        public_key_from_multikey(fingerprint)
    except KeyMaterialError as exc:
        raise ResolutionError(
            f"did:key does not hold a valid key: {exc.message}",
            code=ErrorCode.DID_RESOLUTION_ERROR,
        ) from exc
    vm_id = f"{did}#{fingerprint}"
    return {
        "@context": [DID_CONTEXT, MULTIKEY_CONTEXT],
        "id": did,
        "verificationMethod": [
            {"id": vm_id, "type": "Multikey", "controller": did, "publicKeyMultibase": fingerprint}
        ],
        **{relationship: [vm_id] for relationship in RELATIONSHIPS},
    }


def did_web_url(did: str) -> str:
    """The HTTPS URL of a ``did:web`` document (``did:web:host:path`` → ``https://host/path/did.json``)."""
    if not did.startswith("did:web:") or len(did) <= len("did:web:"):
        raise ResolutionError(f"{did!r} is not a did:web", code=ErrorCode.UNSUPPORTED_DID_METHOD)
    parts = did.removeprefix("did:web:").split(":")
    host = unquote(parts[0])
    if not host or "/" in host or any(not p for p in parts):
        raise ResolutionError(
            f"{did!r} is not a well-formed did:web", code=ErrorCode.DID_RESOLUTION_ERROR
        )
    path = "/".join(unquote(p) for p in parts[1:])
    return f"https://{host}/{path}/did.json" if path else f"https://{host}/.well-known/did.json"


def did_web_from_url(base_url: str) -> str:
    """The ``did:web`` for an HTTPS base URL (``https://uni.example:8443/issuers/1``)."""
    if not base_url.startswith("https://"):
        raise ResolutionError(
            "did:web identifiers are only defined for https URLs",
            code=ErrorCode.MALFORMED_VALUE_ERROR,
        )
    rest = base_url.removeprefix("https://").strip("/")
    host, _, path = rest.partition("/")
    segments = [quote(host, safe="")] + [quote(p, safe="") for p in path.split("/") if p]
    return "did:web:" + ":".join(segments)


@dataclass(frozen=True, slots=True)
class KeyHistoryEntry:
    """One key of an issuer, with the interval in which it signs."""

    fragment: str
    public_key: PublicKey
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    revoked: datetime | None = None


def did_web_document(did: str, keys: Sequence[KeyHistoryEntry]) -> dict[str, Any]:
    """A ``did:web`` DID document listing every key the issuer has used.

    Retired keys keep their entry with ``expires`` (end of validity) — or ``revoked`` when
    compromised — so credentials they signed before that moment still verify. Every key stays
    under ``assertionMethod``: verifiers check the proof's time against the key's interval,
    not against today.
    """
    did_web_url(did)  # validates the identifier
    methods = []
    for entry in keys:
        method: dict[str, Any] = {
            "id": f"{did}#{entry.fragment}",
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": entry.public_key.multikey,
        }
        if entry.valid_until is not None:
            method["expires"] = format_datetime(entry.valid_until)
        if entry.revoked is not None:
            method["revoked"] = format_datetime(entry.revoked)
        methods.append(method)
    ids = [m["id"] for m in methods]
    return {
        "@context": [DID_CONTEXT, MULTIKEY_CONTEXT],
        "id": did,
        "verificationMethod": methods,
        "authentication": ids,
        "assertionMethod": ids,
    }


def parse_verification_method(
    method: Mapping[str, Any], relationships: frozenset[str] = frozenset({ASSERTION_METHOD})
) -> VerificationMethod:
    """Read a verification method object (Multikey, Ed25519VerificationKey2020, JWK types)."""
    try:
        vm_id, controller = method["id"], method["controller"]
        if not isinstance(vm_id, str) or not isinstance(controller, str):
            raise TypeError("id and controller must be strings")
        public_key = _method_public_key(method)
        valid_from = _optional_datetime(method.get("validFrom"))
        ends = [
            d
            for d in (
                _optional_datetime(method.get("expires")),
                _optional_datetime(method.get("revoked")),
            )
            if d is not None
        ]
    except CredstackError as exc:
        raise ResolutionError(
            f"verification method {method.get('id')!r}: {exc.message}",
            code=ErrorCode.INVALID_VERIFICATION_METHOD,
        ) from exc
    except (KeyError, TypeError) as exc:
        raise ResolutionError(
            f"verification method is missing or has a malformed member: {exc}",
            code=ErrorCode.INVALID_VERIFICATION_METHOD,
        ) from exc
    return VerificationMethod(
        id=vm_id,
        controller=controller,
        public_key=public_key,
        relationships=relationships,
        valid_from=valid_from,
        valid_until=min(ends) if ends else None,
    )


def _method_public_key(method: Mapping[str, Any]) -> PublicKey:
    if "publicKeyMultibase" in method:  # Multikey and Ed25519VerificationKey2020
        return public_key_from_multikey(method["publicKeyMultibase"])
    if "publicKeyJwk" in method:
        return public_key_from_jwk(method["publicKeyJwk"])
    if "publicKeyBase58" in method:  # Ed25519VerificationKey2018
        raw = multibase.decode_base58btc("z" + method["publicKeyBase58"])
        return public_key_from_multikey(multibase.encode_base58btc(multibase.ED25519_PUB + raw))
    raise KeyMaterialError(
        "no publicKeyMultibase, publicKeyJwk or publicKeyBase58",
        code=ErrorCode.INVALID_VERIFICATION_METHOD,
    )


def _optional_datetime(value: Any) -> datetime | None:
    return None if value is None else parse_datetime(value)


def find_verification_method(document: Mapping[str, Any], vm_url: str) -> VerificationMethod:
    """Find ``vm_url`` in a DID or controller document, with its relationships."""
    doc_id = document.get("id")
    candidates: list[Mapping[str, Any]] = []
    for key in ("verificationMethod", *RELATIONSHIPS, "publicKey"):
        value = document.get(key)
        for item in value if isinstance(value, list) else [value] if value else []:
            if isinstance(item, Mapping):
                candidates.append(item)
    for candidate in candidates:
        cid = candidate.get("id")
        if isinstance(cid, str) and cid.startswith("#") and isinstance(doc_id, str):
            candidate = {**candidate, "id": doc_id + cid}
        if candidate.get("id") != vm_url:
            continue
        relationships = frozenset(
            rel for rel in RELATIONSHIPS if _lists_method(document, rel, vm_url, doc_id)
        )
        if "controller" not in candidate and isinstance(doc_id, str):
            candidate = {**candidate, "controller": doc_id}
        return parse_verification_method(candidate, relationships)
    raise ResolutionError(
        f"verification method {vm_url!r} is not in the document of {doc_id!r}",
        code=ErrorCode.INVALID_VERIFICATION_METHOD,
    )


def _lists_method(document: Mapping[str, Any], relationship: str, vm_url: str, doc_id: Any) -> bool:
    value = document.get(relationship)
    for item in value if isinstance(value, list) else [value] if value else []:
        ref = item.get("id") if isinstance(item, Mapping) else item
        if isinstance(ref, str) and ref.startswith("#") and isinstance(doc_id, str):
            ref = doc_id + ref
        if ref == vm_url:
            return True
    return False


def resolver(
    documents: Mapping[str, Mapping[str, Any]] | None = None,
    *,
    fetch: DocumentFetcher | None = None,
) -> VerificationMethodResolver:
    """A verification-method resolver.

    ``did:key`` resolves offline. Anything else is looked up in ``documents`` (keyed by the
    DID, the controller URL, the document URL or the verification-method URL itself) and,
    for ``did:web`` only, through ``fetch`` when one is given. Nothing touches the network
    unless the caller's ``fetch`` does.
    """
    known = dict(documents or {})

    def resolve(vm_url: str) -> VerificationMethod:
        if not isinstance(vm_url, str) or not vm_url:
            raise ResolutionError(
                "verificationMethod must be a URL", code=ErrorCode.INVALID_VERIFICATION_METHOD
            )
        base, _, fragment = vm_url.partition("#")
        if base.startswith("did:key:"):
            fingerprint = base.removeprefix("did:key:")
            if fragment and fragment != fingerprint:
                raise ResolutionError(
                    "a did:key verification method's fragment must equal its key",
                    code=ErrorCode.INVALID_VERIFICATION_METHOD,
                )
            return find_verification_method(did_key_document(base), f"{base}#{fingerprint}")
        for key in (vm_url, base):
            if key in known:
                document = known[key]
                if (
                    document.get("id") == vm_url
                    or "publicKeyMultibase" in document
                    or ("publicKeyJwk" in document)
                ):
                    return parse_verification_method(
                        document, frozenset({ASSERTION_METHOD, AUTHENTICATION})
                    )
                return find_verification_method(document, vm_url)
        if base.startswith("did:web:") and fetch is not None:
            url = did_web_url(base)
            try:
                document = fetch(url)
            except CredstackError:
                raise
            except Exception as exc:  # the port may be any client; report, never crash
                raise ResolutionError(
                    f"could not fetch {url}: {exc}", code=ErrorCode.DID_RESOLUTION_ERROR
                ) from exc
            if document.get("id") != base:
                raise ResolutionError(
                    f"the document at {url} is for {document.get('id')!r}, not {base!r}",
                    code=ErrorCode.DID_RESOLUTION_ERROR,
                )
            return find_verification_method(document, vm_url)
        method = base.split(":")[1] if base.startswith("did:") and base.count(":") >= 2 else None
        if method is not None and method not in SUPPORTED_METHODS:
            raise ResolutionError(
                f"did:{method} is not a supported DID method (supported: did:key, did:web); "
                "supply the DID document to verify offline",
                code=ErrorCode.UNSUPPORTED_DID_METHOD,
            )
        raise ResolutionError(
            f"cannot resolve {vm_url!r} offline; supply its controller document",
            code=ErrorCode.DID_RESOLUTION_ERROR,
        )

    return resolve


def document_resolver(
    documents: Mapping[str, Mapping[str, Any]] | None = None,
    *,
    fetch: DocumentFetcher | None = None,
) -> ControllerDocumentResolver:
    """A DID-document resolver: ``did:key`` offline, any DID from ``documents`` (keyed by the
    DID), ``did:web`` through ``fetch`` when one is given; nothing else."""
    known = dict(documents or {})

    def resolve_document(did: str) -> Mapping[str, Any]:
        if not isinstance(did, str) or not did.startswith("did:"):
            raise ResolutionError(f"{did!r} is not a DID", code=ErrorCode.DID_RESOLUTION_ERROR)
        if did.startswith("did:key:"):
            return did_key_document(did)
        if did in known:
            return known[did]
        if did.startswith("did:web:") and fetch is not None:
            url = did_web_url(did)
            try:
                document = fetch(url)
            except CredstackError:
                raise
            except Exception as exc:  # the port may be any client; report, never crash
                raise ResolutionError(
                    f"could not fetch {url}: {exc}", code=ErrorCode.DID_RESOLUTION_ERROR
                ) from exc
            if not isinstance(document, Mapping) or document.get("id") != did:
                found = document.get("id") if isinstance(document, Mapping) else None
                raise ResolutionError(
                    f"the document at {url} is for {found!r}, not {did!r}",
                    code=ErrorCode.DID_RESOLUTION_ERROR,
                )
            return document
        raise ResolutionError(
            f"cannot resolve the DID document of {did} offline; supply it",
            code=ErrorCode.DID_RESOLUTION_ERROR,
        )

    return resolve_document


def assertion_methods(
    document: Mapping[str, Any], resolve: VerificationMethodResolver | None = None
) -> list[VerificationMethod]:
    """The verification methods ``document`` names under ``assertionMethod``.

    Embedded methods and references to the document's own methods are read from the
    document; a reference to another controller's method (``did:key:z6Mk…#z6Mk…``) is
    resolved with ``resolve`` when one is given, and skipped otherwise. A malformed or
    unresolvable entry is skipped: it names no key.
    """
    doc_id = document.get("id")
    value = document.get(ASSERTION_METHOD)
    entries = value if isinstance(value, list) else [value] if value else []
    methods: list[VerificationMethod] = []
    for entry in entries:
        ref = entry.get("id") if isinstance(entry, Mapping) else entry
        if not isinstance(ref, str):
            continue
        if ref.startswith("#") and isinstance(doc_id, str):
            ref = doc_id + ref
        try:
            if ref.partition("#")[0] == doc_id or isinstance(entry, Mapping):
                methods.append(find_verification_method(document, ref))
            elif resolve is not None:
                methods.append(resolve(ref))
        except CredstackError:
            continue
    return methods


__all__ = [
    "ControllerDocumentResolver",
    "DocumentFetcher",
    "KeyHistoryEntry",
    "assertion_methods",
    "did_key",
    "did_key_document",
    "did_key_verification_method",
    "did_web_document",
    "did_web_from_url",
    "did_web_url",
    "document_resolver",
    "find_verification_method",
    "parse_verification_method",
    "resolver",
]
