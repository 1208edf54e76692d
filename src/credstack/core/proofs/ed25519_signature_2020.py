"""Verification of legacy ``Ed25519Signature2020`` proofs (W3C VC-DI-EdDSA, Appendix).

Other platforms still issue these (Open Badges 3.0 and CLR 2.0 on VC 1.1, for instance). The
suite predates Data Integrity but hashes the same way:

* the proof options are the proof without ``proofValue`` (and without the older ``jws`` /
  ``signatureValue``), under the *document's* ``@context``, as jsonld-signatures does it;
* the document is the secured document without ``proof``;
* ``SHA-256(RDFC-1.0(proof options)) ‖ SHA-256(RDFC-1.0(document))`` is signed with Ed25519 and
  ``proofValue`` is ``"z"`` + base58btc(signature).

The suite's terms (``Ed25519Signature2020``, ``proofValue``) come from its own context,
``https://w3id.org/security/suites/ed25519-2020/v1``, which the document must list; without it
the proof's terms would be dropped from the signed data. Only verification is offered:
credstack issues ``eddsa-rdfc-2022``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from credstack.core.crypto import multibase
from credstack.core.crypto.keys import KeyType, PublicKey
from credstack.core.errors import ErrorCode, KeyMaterialError, ProofError
from credstack.core.jsonld.rdfc import canonicalize
from credstack.core.proofs.data_integrity import JsonObject

ED25519_SIGNATURE_2020 = "Ed25519Signature2020"
ED25519_2020_CONTEXT = "https://w3id.org/security/suites/ed25519-2020/v1"

_SIGNATURE_MEMBERS = ("proofValue", "jws", "signatureValue")


def verify_ed25519_signature_2020(
    document: Mapping[str, Any], proof: Mapping[str, Any], public_key: PublicKey
) -> None:
    """Raise :class:`ProofError` unless ``proof`` is a valid ``Ed25519Signature2020`` proof.

    ``document`` is the secured document (its ``proof`` member is ignored); ``public_key``
    is the key the caller resolved from ``proof["verificationMethod"]``.
    """
    if not isinstance(proof, Mapping) or proof.get("type") != ED25519_SIGNATURE_2020:
        found = proof.get("type") if isinstance(proof, Mapping) else type(proof).__name__
        raise ProofError(
            f"expected an {ED25519_SIGNATURE_2020} proof, found {found!r}",
            code=ErrorCode.PROOF_TRANSFORMATION_ERROR,
        )
    for member in ("verificationMethod", "proofPurpose", "proofValue"):
        if not isinstance(proof.get(member), str):
            raise ProofError(
                f"proof.{member} is missing or not a string", code=ErrorCode.MALFORMED_VALUE_ERROR
            )
    if public_key.key_type is not KeyType.ED25519:
        raise ProofError(
            f"{ED25519_SIGNATURE_2020} needs an Ed25519 key, not {public_key.key_type}",
            code=ErrorCode.INVALID_VERIFICATION_METHOD,
        )
    contexts = document.get("@context")
    if ED25519_2020_CONTEXT not in (contexts if isinstance(contexts, list) else [contexts]):
        raise ProofError(
            f"an {ED25519_SIGNATURE_2020} proof needs {ED25519_2020_CONTEXT!r} in the "
            "document's @context, or its terms are not signed",
            code=ErrorCode.PROOF_VERIFICATION_ERROR,
        )
    try:
        signature = multibase.decode_base58btc(proof["proofValue"])
    except KeyMaterialError as exc:
        raise ProofError(
            f"proofValue is not multibase base58btc: {exc.message}",
            code=ErrorCode.MALFORMED_VALUE_ERROR,
        ) from exc
    if not public_key.verify(signature, ed25519_signature_2020_hash(document, proof)):
        raise ProofError(
            "the signature does not match the document: it was changed after signing, "
            "or signed with another key",
            code=ErrorCode.PROOF_VERIFICATION_ERROR,
        )


def ed25519_signature_2020_hash(document: Mapping[str, Any], proof: Mapping[str, Any]) -> bytes:
    """The 64 bytes an ``Ed25519Signature2020`` proof signs: proof-options hash ‖ document hash."""
    options: JsonObject = {
        "@context": document.get("@context"),
        **{key: value for key, value in proof.items() if key not in _SIGNATURE_MEMBERS},
    }
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    return (
        hashlib.sha256(canonicalize(options)).digest()
        + hashlib.sha256(canonicalize(unsecured)).digest()
    )


__all__ = [
    "ED25519_2020_CONTEXT",
    "ED25519_SIGNATURE_2020",
    "ed25519_signature_2020_hash",
    "verify_ed25519_signature_2020",
]
