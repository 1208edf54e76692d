"""Verify a credential: one pipeline for the library, the CLI, the API and the pages.

The checks run in a fixed order (:class:`~credstack.core.verify.report.CheckId`): format,
contexts, terms, schema, proof, key, status, dates, policy. Verification never raises on bad
input: every problem becomes a failed (or warning) check with a stable code.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from credstack.core.did.methods import ControllerDocumentResolver, document_resolver
from credstack.core.did.verification_method import VerificationMethodResolver
from credstack.core.errors import CredstackError, DocumentError, ErrorCode, StatusListError
from credstack.core.json.fields import describe
from credstack.core.jsonld import contexts, rdfc
from credstack.core.jsonld import pins as context_pins
from credstack.core.ob3 import schema
from credstack.core.proofs.vc_jwt import JwtForm, JwtVerification, KeyBinding, verify_jwt
from credstack.core.status import check as status_check
from credstack.core.timestamps import parse_datetime
from credstack.core.verify.inputs import document_text, format_failure, parse_document
from credstack.core.verify.policy import check_credential_policy
from credstack.core.verify.proofs import ProofExpectations, check_proofs, check_signers
from credstack.core.verify.report import Check, CheckId, VerificationReport
from credstack.core.verify.status_signers import StatusListSigners, accept_signer

StatusListFetcher = Callable[[str], Mapping[str, Any] | None]
VC_V1_CONTEXT = "https://www.w3.org/2018/credentials/v1"
OB_TYPES = frozenset({"OpenBadgeCredential", "AchievementCredential"})
_SPACES = (" ", "\n", "\r", "\t")


def _no_status_lists(url: str) -> None:
    return None


@dataclass(frozen=True, slots=True)
class VerifyOptions:
    """How to verify: where keys and status lists come from, and what time it is."""

    resolve: VerificationMethodResolver
    now: datetime
    fetch_status_list: StatusListFetcher = field(default=_no_status_lists)
    profile: str | None = None
    challenge: str | None = None
    """The challenge the verifier gave the holder: a presentation's proof must answer it."""
    domain: str | None = None
    """The verifier's domain: a presentation's proof must name it, when given."""
    require_challenge: bool = False
    """Fail a presentation when no ``challenge`` is given (``NO_CHALLENGE``), as the CLI and
    the VC-API do; without it, that is a warning."""
    allow_holder_not_subject: bool = False
    """Accept, with a warning, a presentation signed by someone other than the subject of a
    credential in it (``HOLDER_NOT_SUBJECT``); by default it fails."""
    strict: bool = False
    """Fail instead of warning when a proof of an unsupported type sits beside a verified one,
    when the issuer is an identifier no key can belong to (``urn:uuid:…``), or when a
    presented credential's subject is (``SUBJECT_NOT_BINDABLE``)."""
    status_list_signers: StatusListSigners = field(default_factory=StatusListSigners)
    """Who, besides a credential's issuer, may sign the status lists it names."""
    resolve_document: ControllerDocumentResolver | None = None
    """DID documents by DID (an issuer's, for the keys it names); ``did:key`` needs none."""


def verify_credential(
    document: str | bytes | Mapping[str, Any], options: VerifyOptions
) -> VerificationReport:
    """Verify a credential given as JSON text, a compact JWS (VC-JWT) or a parsed object."""
    try:
        return _verify(document, options)
    except Exception as exc:  # noqa: BLE001 — the report is the contract: never raise
        return VerificationReport(
            (
                Check.failed(
                    CheckId.FORMAT, ErrorCode.PARSING_ERROR, f"could not be verified: {exc}"
                ),
            )
        )


def _verify(
    document: str | bytes | Mapping[str, Any], options: VerifyOptions
) -> VerificationReport:
    checks: list[Check] = []
    jwt_checks: tuple[Check, Check] | None = None
    if isinstance(document, (str, bytes)):
        try:
            document = document_text(document)
        except DocumentError as exc:
            return VerificationReport((format_failure(exc),))
    try:
        if isinstance(document, str) and _looks_like_jws(document):
            token = document.strip()
            try:
                result = verify_jwt(
                    token,
                    options.resolve,
                    now=options.now,
                    resolve_document=options.resolve_document or document_resolver(),
                    allow_unbound_jwk=True,  # reported by the key check, below
                )
            except CredstackError as exc:
                checks.append(Check.passed(CheckId.FORMAT, "a compact JWS (VC-JWT)"))
                checks.append(Check.from_error(CheckId.PROOF, exc))
                return VerificationReport(tuple(checks))
            credential = dict(result.credential)
            jwt_checks = _jwt_checks(result, strict=options.strict)
        else:
            parsed = parse_document(document) if isinstance(document, str) else document
            credential = _require_credential(parsed)
    except CredstackError as exc:
        return VerificationReport((Check.from_error(CheckId.FORMAT, exc),))
    checks.append(Check.passed(CheckId.FORMAT, _describe(credential, jwt=jwt_checks is not None)))

    context_check, linked = _check_contexts(credential)
    checks.append(context_check)
    if context_check.status == "failed":
        if jwt_checks is not None:
            checks.extend(jwt_checks)  # a JWS signs bytes: its checks need no context
        return VerificationReport(tuple(checks), credential)
    checks.append(_check_terms(linked))
    checks.append(_check_schema(credential))
    if jwt_checks is not None:
        checks.extend(jwt_checks)
    else:
        expect = ProofExpectations(
            controller=issuer_id(credential),
            challenge=options.challenge,
            domain=options.domain,
            strict=options.strict,
        )
        checks.extend(
            check_proofs(
                credential, resolve=options.resolve, expect=expect, now=options.now, linked=linked
            )
        )
    checks.append(_check_status(credential, options))
    checks.append(_check_dates(credential, options.now))
    checks.append(_check_policy(credential, options.profile))
    return VerificationReport(tuple(checks), credential)


def _jwt_checks(result: JwtVerification, *, strict: bool) -> tuple[Check, Check]:
    """The ``proof`` and ``key`` checks of a VC-JWT that verified."""
    where = (
        "the credential as its payload"
        if result.form is JwtForm.CREDENTIAL
        else "the credential in its vc claim, the VC Data Model 1.1 encoding"
    )
    proof = Check.passed(
        CheckId.PROOF, f"valid VC-JWT signature ({result.header.get('alg')}), {where}"
    )
    issuer = issuer_id(result.credential)
    if result.binding is KeyBinding.VERIFICATION_METHOD:
        return proof, Check.passed(CheckId.KEY, f"signed with {result.method.id}, the issuer's key")
    if result.binding is KeyBinding.ISSUER_KEY:
        return proof, Check.passed(
            CheckId.KEY,
            f"signed with the key the token carries (jwk), which is the key of the issuer "
            f"{issuer} itself",
        )
    if result.binding is KeyBinding.ISSUER_DOCUMENT:
        return proof, Check.passed(
            CheckId.KEY,
            f"signed with the key the token carries (jwk), which the DID document of {issuer} "
            f"names for assertions ({result.method.id})",
        )
    # Open Badges 3.0 verifies the signature with the embedded jwk and stops there: the token
    # has not changed since it was signed, but nothing shows that the issuer signed it
    message = (
        f"signed with the key the token carries (jwk, thumbprint {result.method.id}); nothing "
        f"binds that key to the issuer {issuer}, so the credential is intact but its issuer is "
        "not authenticated (the Open Badges 3.0 verification steps accept an embedded key)"
    )
    code = ErrorCode.KEY_NOT_BOUND_TO_ISSUER
    return proof, (
        Check.failed(CheckId.KEY, code, message)
        if strict
        else Check.warning(CheckId.KEY, code, message)
    )


def _looks_like_jws(text: str) -> bool:
    # three segments, and no white space inside: a compact JWS never has any
    token = text.strip()
    return (
        not token.startswith("{")
        and token.count(".") == 2
        and not any(space in token for space in _SPACES)
    )


def _require_credential(parsed: Any) -> dict[str, Any]:
    if not isinstance(parsed, Mapping):
        raise DocumentError(
            f"a credential must be a JSON object, not {describe(parsed)}",
            code=ErrorCode.PARSING_ERROR,
        )
    types = parsed.get("type")
    type_list = types if isinstance(types, list) else [types]
    if "VerifiableCredential" not in type_list:
        raise DocumentError(
            "not a verifiable credential: type must include 'VerifiableCredential'",
            code=ErrorCode.MALFORMED_VALUE_ERROR,
        )
    if "@context" not in parsed:
        raise DocumentError("the credential has no @context", code=ErrorCode.MALFORMED_VALUE_ERROR)
    if issuer_id(parsed) is None:
        raise DocumentError(
            "the credential has no issuer (a URL, or an object with an id)",
            code=ErrorCode.MALFORMED_VALUE_ERROR,
        )
    if not isinstance(parsed.get("credentialSubject"), (Mapping, list)):
        raise DocumentError(
            "the credential has no credentialSubject", code=ErrorCode.MALFORMED_VALUE_ERROR
        )
    return dict(parsed)


def issuer_id(credential: Mapping[str, Any]) -> str | None:
    """The issuer's identifier (``issuer`` as a URL, or ``issuer.id``)."""
    issuer = credential.get("issuer")
    if isinstance(issuer, Mapping):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) and issuer else None


def _describe(credential: Mapping[str, Any], *, jwt: bool) -> str:
    types = credential.get("type")
    kinds = [
        t for t in (types if isinstance(types, list) else [types]) if t != "VerifiableCredential"
    ]
    form = "VC-JWT" if jwt else "JSON with embedded proof"
    return f"{' / '.join(map(str, kinds)) or 'VerifiableCredential'} ({form})"


def _first_context(credential: Mapping[str, Any]) -> Any:
    context = credential.get("@context")
    return context[0] if isinstance(context, list) and context else context


def _check_contexts(credential: Mapping[str, Any]) -> tuple[Check, Mapping[str, Any]]:
    """The ``contexts`` check, and the credential as JSON-LD reads it: with the context URLs
    it pins by digest taken as the bundled contexts (:mod:`credstack.core.jsonld.pins`)."""
    try:
        pins = context_pins.pinned_contexts(credential)
        linked = context_pins.resolve_pinned_contexts(credential, pins=pins)
        contexts.check_contexts(linked)
        context = credential["@context"]
        first = context[0] if isinstance(context, list) and context else context
        if first == VC_V1_CONTEXT:
            warning = Check.warning(
                CheckId.CONTEXTS,
                ErrorCode.INVALID_CONTEXT,
                "a VC Data Model 1.1 credential: read for compatibility; "
                "new credentials use VC 2.0",
            )
            return warning, linked
        contexts.check_vc2_context(linked)
    except CredstackError as exc:
        return Check.from_error(CheckId.CONTEXTS, exc), credential
    message = "every @context is a known, pinned context"
    if pins:
        named = "; ".join(f"{url} pinned by digest as {bundled}" for url, bundled in pins.items())
        message += f" ({named})"
    return Check.passed(CheckId.CONTEXTS, message), linked


def _check_terms(credential: Mapping[str, Any]) -> Check:
    try:
        undefined = rdfc.find_undefined_terms(credential)
    except CredstackError as exc:
        return Check.from_error(CheckId.TERMS, exc)
    if undefined:
        return Check.warning(
            CheckId.TERMS,
            ErrorCode.UNDEFINED_TERM,
            f"terms not defined by the credential's contexts (not covered by a shared meaning): "
            f"{', '.join(undefined)}",
        )
    return Check.passed(CheckId.TERMS, "every term is defined by the credential's contexts")


def _check_schema(credential: Mapping[str, Any]) -> Check:
    types = credential.get("type")
    names = {t for t in (types if isinstance(types, list) else [types]) if isinstance(t, str)}
    if not names & OB_TYPES:
        return Check.skipped(
            CheckId.SCHEMA, "not an Open Badges credential; no JSON Schema applies"
        )
    issues = schema.validate_credential_schema(credential, normalize=True)
    errors = [i for i in issues if i.is_error]
    if errors:
        shown = "; ".join(f"{i.path}: {i.message}" for i in errors[:5])
        more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
        if _first_context(credential) == VC_V1_CONTEXT:
            # the bundled schema is the VC 2.0 one; a VC 1.1-era credential was written to
            # the schema of its day (issuanceDate, the 1.1 context), so this is information
            return Check.warning(
                CheckId.SCHEMA,
                ErrorCode.SCHEMA_VALIDATION_ERROR,
                f"a VC 1.1-era credential, checked against the current (VC 2.0) Open Badges "
                f"3.0 JSON Schema for information: {shown}{more}",
            )
        return Check.failed(
            CheckId.SCHEMA,
            ErrorCode.SCHEMA_VALIDATION_ERROR,
            f"does not conform to the Open Badges 3.0 JSON Schema: {shown}{more}",
        )
    if issues:
        wrapped = ", ".join(i.path for i in issues)
        return Check.warning(
            CheckId.SCHEMA,
            ErrorCode.SCHEMA_VALIDATION_ERROR,
            f"conforms to the Open Badges 3.0 JSON Schema once single values are read as "
            f"one-element arrays ({wrapped})",
        )
    return Check.passed(CheckId.SCHEMA, "conforms to the Open Badges 3.0 JSON Schema")


def _check_status(credential: Mapping[str, Any], options: VerifyOptions) -> Check:
    if "credentialStatus" not in credential:
        return Check.skipped(
            CheckId.STATUS, "the credential has no status entry (it cannot be revoked)"
        )
    issuer = issuer_id(credential)
    results = status_check.check_status(
        credential,
        fetch_list=options.fetch_status_list,
        verify_list=lambda lc: _verify_list_credential(lc, options, issuer),
        now=options.now,
        allow_short=not options.strict,
    )
    failures = [r for r in results if r.code is not None]
    if failures:
        return Check.failed(
            CheckId.STATUS, str(failures[0].code), "; ".join(r.message for r in failures)
        )
    notes = [w for r in results for w in r.warnings if w != r.message]
    summary = "; ".join([*(r.message for r in results), *notes])
    warned = [r for r in results if r.warnings]
    if warned:
        # an entry that was not checked, or was read leniently, must not look like a pass
        code = warned[0].warning_code or ErrorCode.MALFORMED_VALUE_ERROR
        return Check.warning(CheckId.STATUS, code, summary)
    return Check.passed(CheckId.STATUS, summary or "not revoked")


def _verify_list_credential(
    list_credential: Mapping[str, Any], options: VerifyOptions, issuer: str | None
) -> str | None:
    """Check a status list's proofs and whether its signer may speak for ``issuer``.

    Returns the report's sentence on a signer other than the issuer; raises :class:`StatusListError`
    (``STATUS_VERIFICATION_ERROR`` for the list's own proofs,
    ``STATUS_LIST_SIGNER_NOT_ACCEPTED`` for a signer the policy does not accept).
    """
    signer = issuer_id(list_credential)
    if signer is None:
        raise StatusListError(
            "the status list credential has no issuer, so nothing shows who signed it",
            code=ErrorCode.STATUS_VERIFICATION_ERROR,
        )
    # the list must be signed by a key of its own issuer's, whatever the verifier's policy
    expect = ProofExpectations(controller=signer, strict=True)
    proof, key, methods = check_signers(
        list_credential, resolve=options.resolve, expect=expect, now=options.now
    )
    for check in (proof, key):
        if check.status == "failed":
            raise StatusListError(
                f"the status list credential's {check.id} check failed: {check.message}",
                code=ErrorCode.STATUS_VERIFICATION_ERROR,
            )
    return accept_signer(
        options.status_list_signers,
        issuer=issuer,
        signer=signer,
        methods=methods,
        resolve_document=options.resolve_document or document_resolver(),
        resolve=options.resolve,
        now=options.now,
    )


def _check_dates(credential: Mapping[str, Any], now: datetime) -> Check:
    try:
        start = credential.get("validFrom", credential.get("issuanceDate"))
        end = credential.get("validUntil", credential.get("expirationDate"))
        if start is not None and parse_datetime(start) > now:
            return Check.failed(
                CheckId.DATES, ErrorCode.CREDENTIAL_NOT_YET_VALID, f"not valid before {start}"
            )
        if end is not None and parse_datetime(end) < now:
            return Check.failed(CheckId.DATES, ErrorCode.CREDENTIAL_EXPIRED, f"expired at {end}")
    except CredstackError as exc:
        return Check.from_error(CheckId.DATES, exc)
    span = f"valid from {start}" if start else "no start date"
    return Check.passed(CheckId.DATES, f"{span}{f' until {end}' if end else ', no expiry'}")


def _check_policy(credential: Mapping[str, Any], profile: str | None) -> Check:
    if profile is None:
        return Check.skipped(CheckId.POLICY, "no policy profile requested")
    return check_credential_policy(credential, profile)


__all__ = ["StatusListFetcher", "VerifyOptions", "issuer_id", "verify_credential"]
