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

from credstack.core import context_pins, contexts, rdfc, schema, status_check
from credstack.core.errors import CredstackError, DocumentError, ErrorCode
from credstack.core.json_text import parse_json
from credstack.core.timestamps import parse_datetime
from credstack.core.vc_jwt import verify_jwt
from credstack.core.verification_method import VerificationMethodResolver
from credstack.core.verify.policy import check_credential_policy
from credstack.core.verify.proofs import ProofExpectations, check_proofs
from credstack.core.verify.report import Check, CheckId, VerificationReport

StatusListFetcher = Callable[[str], Mapping[str, Any] | None]
VC_V1_CONTEXT = "https://www.w3.org/2018/credentials/v1"
OB_TYPES = frozenset({"OpenBadgeCredential", "AchievementCredential"})


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
    domain: str | None = None
    strict: bool = False
    """Fail instead of warning when a proof of an unsupported type sits beside a verified one,
    or when the issuer is an identifier no key can belong to (``urn:uuid:…``)."""


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
    try:
        if isinstance(document, (str, bytes)) and _looks_like_jws(document):
            token = (document.decode() if isinstance(document, bytes) else document).strip()
            try:
                result = verify_jwt(token, options.resolve, now=options.now)
            except CredstackError as exc:
                checks.append(Check.passed(CheckId.FORMAT, "a compact JWS (VC-JWT)"))
                checks.append(Check.from_error(CheckId.PROOF, exc))
                return VerificationReport(tuple(checks))
            credential = dict(result.credential)
            jwt_checks = (
                Check.passed(CheckId.PROOF, f"valid VC-JWT signature ({result.header.get('alg')})"),
                Check.passed(CheckId.KEY, f"signed with {result.method.id}, the issuer's key"),
            )
        else:
            parsed = parse_json(document) if isinstance(document, (str, bytes)) else document
            credential = _require_credential(parsed)
    except CredstackError as exc:
        return VerificationReport((Check.from_error(CheckId.FORMAT, exc),))
    checks.append(Check.passed(CheckId.FORMAT, _describe(credential, jwt=jwt_checks is not None)))

    context_check, linked = _check_contexts(credential)
    checks.append(context_check)
    if context_check.status == "failed":
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


def _looks_like_jws(document: str | bytes) -> bool:
    text = document.strip()
    if isinstance(text, bytes):
        return not text.startswith(b"{") and text.count(b".") == 2
    return not text.startswith("{") and text.count(".") == 2


def _require_credential(parsed: Any) -> dict[str, Any]:
    if not isinstance(parsed, Mapping):
        raise DocumentError("a credential must be a JSON object", code=ErrorCode.PARSING_ERROR)
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
    it pins by digest taken as the bundled contexts (:mod:`credstack.core.context_pins`)."""
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
    )
    failures = [r for r in results if r.code is not None]
    if failures:
        return Check.failed(
            CheckId.STATUS, str(failures[0].code), "; ".join(r.message for r in failures)
        )
    notes = [w for r in results for w in r.warnings if w != r.message]
    summary = "; ".join([*(r.message for r in results), *notes])
    if any(r.warnings for r in results):
        # an entry that was not checked, or was read leniently, must not look like a pass
        return Check.warning(CheckId.STATUS, ErrorCode.MALFORMED_VALUE_ERROR, summary)
    return Check.passed(CheckId.STATUS, summary or "not revoked")


def _verify_list_credential(
    list_credential: Mapping[str, Any], options: VerifyOptions, issuer: str | None
) -> None:
    # Only the credential's issuer may say whether it is revoked: a list signed by anyone
    # else, however valid its own proof, says nothing about this credential.
    if issuer_id(list_credential) != issuer:
        raise CredstackError(
            f"the status list credential was issued by {issuer_id(list_credential)!r}, "
            f"not by the credential's issuer {issuer!r}",
            code=ErrorCode.STATUS_VERIFICATION_ERROR,
        )
    # a status list must be signed by a key of the issuer's, whatever the verifier's policy
    expect = ProofExpectations(controller=issuer, strict=True)
    proof, key = check_proofs(
        list_credential, resolve=options.resolve, expect=expect, now=options.now
    )
    for check in (proof, key):
        if check.status == "failed":
            raise CredstackError(
                f"the status list credential's {check.id} check failed: {check.message}",
                code=ErrorCode.STATUS_VERIFICATION_ERROR,
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
