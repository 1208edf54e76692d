"""Verify a verifiable presentation: the holder's proof, then every credential inside it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from credstack.core import context_pins, contexts
from credstack.core.errors import CredstackError, DocumentError, ErrorCode
from credstack.core.json_text import parse_json
from credstack.core.verify.credential import VerifyOptions, verify_credential
from credstack.core.verify.proofs import ProofExpectations, check_proofs
from credstack.core.verify.report import Check, CheckId, VerificationReport

ENVELOPED_JWT_PREFIX = "data:application/vc+jwt,"


def verify_presentation(
    document: str | bytes | Mapping[str, Any], options: VerifyOptions
) -> VerificationReport:
    """Verify a presentation (JSON text or object); never raises."""
    try:
        return _verify(document, options)
    except Exception as exc:  # noqa: BLE001 — the report is the contract: never raise
        return VerificationReport(
            (
                Check.failed(
                    CheckId.FORMAT, ErrorCode.PARSING_ERROR, f"could not be verified: {exc}"
                ),
            ),
            kind="presentation",
        )


def _verify(
    document: str | bytes | Mapping[str, Any], options: VerifyOptions
) -> VerificationReport:
    try:
        parsed = parse_json(document) if isinstance(document, (str, bytes)) else document
        presentation = _require_presentation(parsed)
    except CredstackError as exc:
        return VerificationReport((Check.from_error(CheckId.FORMAT, exc),), kind="presentation")
    credentials = _credentials(presentation)
    checks = [
        Check.passed(
            CheckId.FORMAT, f"a verifiable presentation with {len(credentials)} credential(s)"
        )
    ]
    try:
        contexts.check_contexts(context_pins.resolve_pinned_contexts(presentation))
        contexts.check_vc2_context(presentation)
        checks.append(Check.passed(CheckId.CONTEXTS, "every @context is a known, pinned context"))
    except CredstackError as exc:
        checks.append(Check.from_error(CheckId.CONTEXTS, exc))
        return VerificationReport(tuple(checks), dict(presentation), kind="presentation")
    holder = presentation.get("holder")
    holder_id = holder.get("id") if isinstance(holder, Mapping) else holder
    if presentation.get("proof") is None:
        checks.append(
            Check.warning(
                CheckId.PROOF,
                ErrorCode.NO_PROOF,
                "the presentation is not signed: it shows the credentials, not who presents them",
            )
        )
    else:
        expect = ProofExpectations(
            controller=holder_id if isinstance(holder_id, str) else None,
            purpose="authentication",
            challenge=options.challenge,
            domain=options.domain,
            strict=options.strict,
        )
        checks.extend(
            check_proofs(presentation, resolve=options.resolve, expect=expect, now=options.now)
        )
    nested_options = VerifyOptions(
        resolve=options.resolve,
        now=options.now,
        fetch_status_list=options.fetch_status_list,
        profile=options.profile,
        strict=options.strict,
    )
    nested = tuple(verify_credential(c, nested_options) for c in credentials)
    if not credentials:
        checks.append(
            Check.warning(CheckId.PRESENTATION, ErrorCode.MALFORMED_VALUE_ERROR, "no credentials")
        )
    else:
        bad = sum(1 for n in nested if not n.verified)
        checks.append(
            Check.failed(
                CheckId.PRESENTATION,
                ErrorCode.PROOF_VERIFICATION_ERROR,
                f"{bad} of {len(nested)} credentials did not verify",
            )
            if bad
            else Check.passed(CheckId.PRESENTATION, f"all {len(nested)} credentials verified")
        )
    return VerificationReport(tuple(checks), dict(presentation), kind="presentation", nested=nested)


def _require_presentation(parsed: Any) -> Mapping[str, Any]:
    if not isinstance(parsed, Mapping):
        raise DocumentError("a presentation must be a JSON object", code=ErrorCode.PARSING_ERROR)
    types = parsed.get("type")
    if "VerifiablePresentation" not in (types if isinstance(types, list) else [types]):
        raise DocumentError(
            "not a presentation: type must include 'VerifiablePresentation'",
            code=ErrorCode.MALFORMED_VALUE_ERROR,
        )
    return parsed


def _credentials(presentation: Mapping[str, Any]) -> list[str | Mapping[str, Any]]:
    value = presentation.get("verifiableCredential", [])
    items = value if isinstance(value, list) else [value]
    out: list[str | Mapping[str, Any]] = []
    for item in items:
        if isinstance(item, Mapping) and item.get("type") == "EnvelopedVerifiableCredential":
            ident = item.get("id", "")
            out.append(ident.removeprefix(ENVELOPED_JWT_PREFIX) if isinstance(ident, str) else "")
        else:
            out.append(item)
    return out


__all__ = ["verify_presentation"]
