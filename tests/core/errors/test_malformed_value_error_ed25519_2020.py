"""MALFORMED_VALUE_ERROR from Ed25519Signature2020: required members and their encodings."""

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


def _without(member: str) -> dict[str, Any]:
    return {key: value for key, value in SIGNED["proof"].items() if key != member}


@pytest.mark.parametrize(
    "proof",
    [
        _without("proofValue"),
        _without("verificationMethod"),
        _without("proofPurpose"),
        {**SIGNED["proof"], "proofValue": 42},
        {**SIGNED["proof"], "proofValue": "u" + SIGNED["proof"]["proofValue"][1:]},
        {**SIGNED["proof"], "proofValue": "z0OIl"},
    ],
    ids=["no proofValue", "no method", "no purpose", "number", "base64url", "not base58"],
)
def test_malformed_proofs_are_refused(proof: dict[str, Any]) -> None:
    with pytest.raises(ProofError) as caught:
        verify_ed25519_signature_2020(SIGNED, proof, KEY)
    assert caught.value.code is ErrorCode.MALFORMED_VALUE_ERROR
