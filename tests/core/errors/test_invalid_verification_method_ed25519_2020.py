"""INVALID_VERIFICATION_METHOD from Ed25519Signature2020: the key must be an Ed25519 key."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from credstack.core.crypto.keys import P256KeyPair
from credstack.core.errors import ErrorCode, ProofError
from credstack.core.proofs.ed25519_signature_2020 import verify_ed25519_signature_2020

W3C = Path(__file__).resolve().parents[2] / "vectors" / "test-vectors" / "w3c-vc-di-eddsa"
SIGNED = json.loads((W3C / "Ed25519Signature2020" / "signedEdSig.json").read_text("utf-8"))


def test_a_p256_key_cannot_verify_an_ed25519_signature_2020_proof() -> None:
    p256 = P256KeyPair(hashlib.sha256(b"p-256").digest()).public_key
    with pytest.raises(ProofError) as caught:
        verify_ed25519_signature_2020(SIGNED, SIGNED["proof"], p256)
    assert caught.value.code is ErrorCode.INVALID_VERIFICATION_METHOD
