"""PROOF_TRANSFORMATION_ERROR from Ed25519Signature2020: a proof of another type."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from credstack.core.crypto.keys import public_key_from_multikey
from credstack.core.errors import ErrorCode, ProofError
from credstack.core.proofs.ed25519_signature_2020 import verify_ed25519_signature_2020

W3C = Path(__file__).resolve().parents[2] / "vectors" / "test-vectors" / "w3c-vc-di-eddsa"
SIGNED = json.loads((W3C / "Ed25519Signature2020" / "signedEdSig.json").read_text("utf-8"))
KEY = public_key_from_multikey(json.loads((W3C / "keyPair.json").read_text())["publicKeyMultibase"])


@pytest.mark.parametrize(
    "proof",
    [
        {**SIGNED["proof"], "type": "DataIntegrityProof"},
        {**SIGNED["proof"], "type": "Ed25519Signature2018"},
        {key: value for key, value in SIGNED["proof"].items() if key != "type"},
        [SIGNED["proof"]],
        "not a proof",
    ],
    ids=["data integrity", "2018", "no type", "a list", "a string"],
)
def test_only_ed25519_signature_2020_proofs_are_checked(proof: Any) -> None:
    with pytest.raises(ProofError) as caught:
        verify_ed25519_signature_2020(SIGNED, proof, KEY)
    assert caught.value.code is ErrorCode.PROOF_TRANSFORMATION_ERROR
    assert "Ed25519Signature2020" in caught.value.message
