"""The verification pipeline: one report, used by the library, the CLI and the service."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from credstack.core.errors import CredstackError
from credstack.core.json_text import parse_json
from credstack.core.verify.credential import VerifyOptions, issuer_id, verify_credential
from credstack.core.verify.presentation import verify_presentation
from credstack.core.verify.report import Check, CheckId, CheckStatus, VerificationReport
from credstack.core.verify.status_signers import StatusListSigners


def verify_document(
    document: str | bytes | Mapping[str, Any], options: VerifyOptions
) -> VerificationReport:
    """Verify a credential or a presentation, whichever ``document`` is; never raises."""
    parsed: Any = document
    if isinstance(document, (str, bytes)):
        text = document.strip()
        if text[:1] not in ("{", b"{"):
            return verify_credential(document, options)  # a compact JWS
        try:
            parsed = parse_json(document)
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
