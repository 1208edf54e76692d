"""W3C Data Integrity proofs, shared by the ``eddsa-*`` cryptosuites.

A cryptosuite is a canonicalization (RDFC-1.0 or JCS) plus a signature scheme. The algorithm
(VC Data Integrity 1.0 §4, VC-DI-EdDSA §3):

1. ``proofConfig`` = the proof options with the document's ``@context``;
2. ``hashData`` = SHA-256(canonical ``proofConfig``) ‖ SHA-256(canonical document without proof);
3. ``proofValue`` = ``"z"`` + base58btc(signature over ``hashData``).

Verification reverses it: remove ``proofValue`` from the proof to get the options, rebuild the
same ``hashData`` and check the signature with the public key the caller resolved from
``verificationMethod``. Resolving keys, key history and proof purposes are the verifier's job
(:mod:`credstack.core.verify`); this module only does the cryptography.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from credstack.core.crypto import multibase
from credstack.core.crypto.keys import KeyPair, KeyType, PublicKey
from credstack.core.errors import ErrorCode, KeyMaterialError, ProofError
from credstack.core.jsonld.pins import pinned_contexts, resolve_pinned_contexts

JsonObject = dict[str, Any]
Canonicalizer = Callable[[Mapping[str, Any]], bytes]

DATA_INTEGRITY_PROOF = "DataIntegrityProof"


@dataclass(frozen=True, slots=True)
class ProofOptions:
    """What the signer chooses for one proof. Dates are XML Schema dateTimeStamp strings."""

    verification_method: str
    created: str | None = None
    proof_purpose: str = "assertionMethod"
    expires: str | None = None
    challenge: str | None = None
    domain: str | None = None
    nonce: str | None = None
    id: str | None = None
    previous_proof: str | list[str] | None = None

    def to_json(self, cryptosuite: str) -> JsonObject:
        """The proof object before ``proofValue`` is added, in the usual key order."""
        proof: JsonObject = {}
        if self.id is not None:
            proof["id"] = self.id
        proof["type"] = DATA_INTEGRITY_PROOF
        proof["cryptosuite"] = cryptosuite
        if self.created is not None:
            proof["created"] = self.created
        if self.expires is not None:
            proof["expires"] = self.expires
        proof["verificationMethod"] = self.verification_method
        proof["proofPurpose"] = self.proof_purpose
        for key, value in (
            ("challenge", self.challenge),
            ("domain", self.domain),
            ("nonce", self.nonce),
            ("previousProof", self.previous_proof),
        ):
            if value is not None:
                proof[key] = value
        return proof


@dataclass(frozen=True, slots=True)
class Cryptosuite:
    """A Data Integrity cryptosuite: a name, a canonicalization and a key type.

    ``proof_keeps_context`` is true for JCS suites: the proof carries the ``@context`` it was
    made with, because JCS signs the JSON text and not the RDF graph. ``reads_json_ld`` is true
    for RDF suites: the document and the proof configuration are read as JSON-LD, with the
    context URLs the document pins by digest taken as the bundled contexts they pin
    (:mod:`credstack.core.jsonld.pins`; the proof configuration carries the document's
    ``@context`` but not its pins).
    """

    name: str
    key_type: KeyType
    canonicalize: Canonicalizer
    proof_keeps_context: bool = False
    reads_json_ld: bool = False

    def hash_data(self, document: Mapping[str, Any], proof_config: Mapping[str, Any]) -> bytes:
        """``SHA-256(canonical proof config) ‖ SHA-256(canonical document)`` (64 bytes)."""
        if self.reads_json_ld:
            pins = pinned_contexts(document)
            document = resolve_pinned_contexts(document, pins=pins)
            proof_config = resolve_pinned_contexts(proof_config, pins=pins)
        proof_hash = hashlib.sha256(self.canonicalize(proof_config)).digest()
        document_hash = hashlib.sha256(self.canonicalize(document)).digest()
        return proof_hash + document_hash

    def proof_config(self, document: Mapping[str, Any], proof: Mapping[str, Any]) -> JsonObject:
        """The proof options (``proof`` minus ``proofValue``) with the right ``@context``."""
        config = {k: v for k, v in proof.items() if k != "proofValue"}
        if "@context" in config:
            _check_context_prefix(document, config["@context"])
        elif "@context" in document:
            config = {"@context": document["@context"], **config}
        return config

    def create_proof(
        self, document: Mapping[str, Any], options: ProofOptions, key_pair: KeyPair
    ) -> JsonObject:
        """Sign ``document`` (which must not carry this proof yet) and return the proof."""
        if key_pair.key_type is not self.key_type:
            raise ProofError(
                f"{self.name} signs with {self.key_type} keys, not {key_pair.key_type}",
                code=ErrorCode.PROOF_GENERATION_ERROR,
            )
        unsecured = unsecured_document(document, options.previous_proof)
        proof = options.to_json(self.name)
        if self.proof_keeps_context and "@context" in document:
            proof = {"@context": document["@context"], **proof}
        config = self.proof_config(unsecured, proof)
        signature = key_pair.sign(self.hash_data(unsecured, config))
        proof["proofValue"] = multibase.encode_base58btc(signature)
        return proof

    def verify_proof(
        self, document: Mapping[str, Any], proof: Mapping[str, Any], public_key: PublicKey
    ) -> None:
        """Raise :class:`ProofError` unless ``proof`` is a valid proof of this suite.

        ``document`` is the secured document (its ``proof`` member is ignored, except for
        the proofs a chained proof names in ``previousProof``).
        """
        check_proof_shape(proof, self.name)
        if public_key.key_type is not self.key_type:
            raise ProofError(
                f"{self.name} needs an {self.key_type} key; the verification method holds "
                f"a {public_key.key_type} key",
                code=ErrorCode.INVALID_VERIFICATION_METHOD,
            )
        try:
            signature = multibase.decode_base58btc(proof["proofValue"])
        except KeyMaterialError as exc:
            raise ProofError(
                f"proofValue is not multibase base58btc: {exc.message}",
                code=ErrorCode.MALFORMED_VALUE_ERROR,
            ) from exc
        if len(signature) != 64:
            raise ProofError(
                f"proofValue decodes to {len(signature)} bytes; an EdDSA signature has 64",
                code=ErrorCode.PROOF_VERIFICATION_ERROR,
            )
        unsecured = unsecured_document(document, proof.get("previousProof"))
        config = self.proof_config(unsecured, proof)
        if not public_key.verify(signature, self.hash_data(unsecured, config)):
            raise ProofError(
                "the signature does not match the document: it was changed after signing, "
                "or signed with another key",
                code=ErrorCode.PROOF_VERIFICATION_ERROR,
            )


def check_proof_shape(proof: Any, cryptosuite: str) -> None:
    """Raise :class:`ProofError` unless ``proof`` is a Data Integrity proof of ``cryptosuite``."""
    if not isinstance(proof, Mapping):
        raise ProofError("a proof must be a JSON object", code=ErrorCode.MALFORMED_VALUE_ERROR)
    if proof.get("type") != DATA_INTEGRITY_PROOF:
        raise ProofError(
            f"proof type is {proof.get('type')!r}, expected {DATA_INTEGRITY_PROOF!r}",
            code=ErrorCode.PROOF_TRANSFORMATION_ERROR,
        )
    if proof.get("cryptosuite") != cryptosuite:
        raise ProofError(
            f"proof cryptosuite is {proof.get('cryptosuite')!r}, expected {cryptosuite!r}",
            code=ErrorCode.PROOF_TRANSFORMATION_ERROR,
        )
    for member in ("verificationMethod", "proofPurpose", "proofValue"):
        if not isinstance(proof.get(member), str):
            raise ProofError(
                f"proof.{member} is missing or not a string",
                code=ErrorCode.MALFORMED_VALUE_ERROR,
            )


def proofs_of(document: Mapping[str, Any]) -> list[Any]:
    """The document's proofs as a list (a single proof object is a set of one)."""
    proof = document.get("proof")
    if proof is None:
        return []
    return list(proof) if isinstance(proof, list) else [proof]


def unsecured_document(
    document: Mapping[str, Any], previous_proof: str | Iterable[str] | None = None
) -> JsonObject:
    """The document without ``proof``; with the proofs a chained proof depends on, if any.

    For a proof chain (``previousProof``), the document that was signed carried the earlier
    proofs, so they are put back (VC Data Integrity §4.2, "Add Proof Set/Chain").
    """
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    if previous_proof is None:
        return unsecured
    wanted = [previous_proof] if isinstance(previous_proof, str) else list(previous_proof)
    by_id = {p.get("id"): p for p in proofs_of(document) if isinstance(p, Mapping)}
    missing = [p for p in wanted if p not in by_id]
    if missing:
        raise ProofError(
            f"previousProof names proofs that are not in the document: {missing}",
            code=ErrorCode.PROOF_VERIFICATION_ERROR,
        )
    chained = [by_id[p] for p in wanted]
    unsecured["proof"] = chained[0] if len(chained) == 1 else chained
    return unsecured


def _check_context_prefix(document: Mapping[str, Any], proof_context: Any) -> None:
    doc_context = document.get("@context")
    doc_list = doc_context if isinstance(doc_context, list) else [doc_context]
    proof_list = proof_context if isinstance(proof_context, list) else [proof_context]
    if doc_list[: len(proof_list)] != proof_list:
        raise ProofError(
            "the proof's @context is not a prefix of the document's @context",
            code=ErrorCode.PROOF_VERIFICATION_ERROR,
        )


def add_proof(document: Mapping[str, Any], proof: JsonObject) -> JsonObject:
    """A copy of ``document`` with ``proof`` added to its proof set."""
    existing = proofs_of(document)
    secured = dict(document)
    secured["proof"] = proof if not existing else [*existing, proof]
    return secured


__all__ = [
    "DATA_INTEGRITY_PROOF",
    "Canonicalizer",
    "Cryptosuite",
    "ProofOptions",
    "add_proof",
    "check_proof_shape",
    "proofs_of",
    "unsecured_document",
]
