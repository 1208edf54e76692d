"""Verify a verifiable presentation: the holder's proof, then every credential inside it.

A presentation verifies only when it is signed (``NO_PROOF`` fails it), for this verification
(``challenge``) and by the subject of its credentials (``holder``): see
:mod:`credstack.core.verify.binding` and ``docs/decisions/0010-presentation-binding.md``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from credstack.core.errors import CredstackError, DocumentError, ErrorCode
from credstack.core.json.fields import describe
from credstack.core.jsonld import contexts
from credstack.core.jsonld import pins as context_pins
from credstack.core.proofs.data_integrity import proofs_of
from credstack.core.verify.binding import check_challenge, check_holder
from credstack.core.verify.credential import VerifyOptions, verify_credential
from credstack.core.verify.inputs import document_text, format_failure, parse_document
from credstack.core.verify.proofs import ProofExpectations, verify_proofs
from credstack.core.verify.report import Check, CheckId, VerificationReport

ENVELOPED_JWT_PREFIX = "data:application/vc+jwt,"
UNSIGNED_MESSAGE = (
    "the presentation is not signed: it shows credentials, but nothing shows who presents "
    "them or that it was made for this verification; a presentation must carry its holder's "
    "proof"
)


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
    if isinstance(document, (str, bytes)):
        try:
            document = document_text(document)
        except DocumentError as exc:
            return VerificationReport((format_failure(exc),), kind="presentation")
    try:
        parsed = parse_document(document) if isinstance(document, str) else document
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
    # the credentials answer to the presentation's verifier, not to its challenge and domain
    nested_options = dataclasses.replace(options, challenge=None, domain=None)
    nested = tuple(verify_credential(c, nested_options) for c in credentials)
    checks.extend(_binding_checks(presentation, nested, options))
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


def _binding_checks(
    presentation: Mapping[str, Any],
    nested: tuple[VerificationReport, ...],
    options: VerifyOptions,
) -> list[Check]:
    """The ``proof``, ``key``, ``challenge`` and ``holder`` checks: who signed, for whom."""
    proofs = proofs_of(presentation)
    if not proofs:
        return [
            Check.failed(CheckId.PROOF, ErrorCode.NO_PROOF, UNSIGNED_MESSAGE),
            Check.skipped(CheckId.KEY, "no proof, so no signing key to check"),
            Check.skipped(CheckId.CHALLENGE, "no proof, so nothing answers a challenge"),
            Check.skipped(CheckId.HOLDER, "no proof, so nothing shows who presents it"),
        ]
    # the holder's key is judged by the holder check; challenge and domain by their own
    expect = ProofExpectations(controller=None, purpose="authentication", strict=options.strict)
    signed = verify_proofs(presentation, resolve=options.resolve, expect=expect, now=options.now)
    return [
        signed.proof,
        signed.key,
        check_challenge(
            proofs,
            challenge=options.challenge,
            domain=options.domain,
            required=options.require_challenge,
        ),
        check_holder(
            _holder_id(presentation),
            signed.signers,
            [n.credential for n in nested],
            allow_holder_not_subject=options.allow_holder_not_subject,
            strict=options.strict,
        ),
    ]


def _holder_id(presentation: Mapping[str, Any]) -> str | None:
    """The id of the presentation's ``holder`` (a URL, or an object with an ``id``), if any."""
    holder = presentation.get("holder")
    value = holder.get("id") if isinstance(holder, Mapping) else holder
    return value if isinstance(value, str) else None


def _require_presentation(parsed: Any) -> Mapping[str, Any]:
    if not isinstance(parsed, Mapping):
        raise DocumentError(
            f"a presentation must be a JSON object, not {describe(parsed)}",
            code=ErrorCode.PARSING_ERROR,
        )
    types = parsed.get("type")
    if "VerifiablePresentation" not in (types if isinstance(types, list) else [types]):
        raise DocumentError(
            "not a presentation: type must include 'VerifiablePresentation'",
            code=ErrorCode.MALFORMED_VALUE_ERROR,
        )
    holder = parsed.get("holder")
    if holder is not None and _holder_id(parsed) is None:
        raise DocumentError(
            "holder must be a URL or an object with an id (VC 2.0 §4.12)",
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
