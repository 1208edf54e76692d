"""The verification pipeline: one report, used by the library, the CLI and the service."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from credstack.core.errors import CredstackError, DocumentError
from credstack.core.json.text import parse_json
from credstack.core.verify.credential import VerifyOptions, issuer_id, verify_credential
from credstack.core.verify.inputs import document_text, format_failure
from credstack.core.verify.presentation import verify_presentation
from credstack.core.verify.report import Check, CheckId, CheckStatus, VerificationReport
from credstack.core.verify.status_signers import StatusListSigners


def verify_document(
    document: str | bytes | Mapping[str, Any], options: VerifyOptions
) -> VerificationReport:
    """Verify a credential or a presentation, whichever ``document`` is; never raises.

    ``document`` is JSON text or a compact JWS, as bytes (a file as read) or text, or a parsed
    object. Input that cannot be either (an image, binary data, nothing) is a report with a
    failed ``format`` check too: see :mod:`credstack.core.verify.inputs`.
    """
    parsed: Any = document
    if isinstance(document, (str, bytes)):
        try:
            text = document_text(document)
        except DocumentError as exc:
            return VerificationReport((format_failure(exc),))
        if not text.lstrip().startswith("{"):
            return verify_credential(document, options)  # a compact JWS, or reports what it is
        try:
            parsed = parse_json(text)
        except CredstackError:
            return verify_credential(document, options)  # reports the parse error
    if isinstance(parsed, Mapping):
        types = parsed.get("type")
        if "VerifiablePresentation" in (types if isinstance(types, list) else [types]):
            return verify_presentation(parsed, options)
    return verify_credential(parsed, options)


__all__ = [
    "Check",
    "CheckId",
    "CheckStatus",
    "StatusListSigners",
    "VerificationReport",
    "VerifyOptions",
    "issuer_id",
    "verify_credential",
    "verify_document",
    "verify_presentation",
]
