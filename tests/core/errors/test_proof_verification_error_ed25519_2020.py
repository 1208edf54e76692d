"""PROOF_VERIFICATION_ERROR from Ed25519Signature2020: changes, other keys, missing context."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from credstack.core.crypto.keys import public_key_from_multikey
from credstack.core.errors import ErrorCode, ProofError
from credstack.core.proofs.ed25519_signature_2020 import (
    ED25519_2020_CONTEXT,
    verify_ed25519_signature_2020,
)

W3C = Path(__file__).resolve().parents[2] / "vectors" / "test-vectors" / "w3c-vc-di-eddsa"
SIGNED = json.loads((W3C / "Ed25519Signature2020" / "signedEdSig.json").read_text("utf-8"))
KEY = public_key_from_multikey(json.loads((W3C / "keyPair.json").read_text())["publicKeyMultibase"])
OTHER_KEY = public_key_from_multikey("z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi")


def _refused(document: dict[str, Any], proof: dict[str, Any], key: Any = KEY) -> ProofError:
    with pytest.raises(ProofError) as caught:
        verify_ed25519_signature_2020(document, proof, key)
    assert caught.value.code is ErrorCode.PROOF_VERIFICATION_ERROR
    return caught.value


def test_a_changed_credential_subject_is_detected() -> None:
    changed = copy.deepcopy(SIGNED)
    changed["credentialSubject"]["alumniOf"] = "Another School"
    _refused(changed, changed["proof"])


def test_a_changed_proof_option_is_detected() -> None:
    proof = {**SIGNED["proof"], "created": "2023-02-24T23:36:39Z"}
    _refused({**SIGNED, "proof": proof}, proof)


def test_another_key_does_not_verify() -> None:
    _refused(SIGNED, SIGNED["proof"], OTHER_KEY)


def test_a_signature_of_the_wrong_length_does_not_verify() -> None:
    proof = {**SIGNED["proof"], "proofValue": "z3x"}
    _refused(SIGNED, proof)


def test_the_suite_context_must_be_in_the_document() -> None:
    contexts = [c for c in SIGNED["@context"] if c != ED25519_2020_CONTEXT]
    refused = _refused({**SIGNED, "@context": contexts}, SIGNED["proof"])
    assert ED25519_2020_CONTEXT in refused.message
