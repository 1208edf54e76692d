"""CRYPTOGRAPHIC_SECURITY_ERROR in VC-JWTs: embedded keys that are unsafe to rely on."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from credstack.core.crypto.keys import RSA_MIN_BITS
from credstack.core.errors import ErrorCode, ProofError
from credstack.core.proofs.vc_jwt import verify_jwt
from tests.core.test_vc_jwt import ED_PAIR, NOW, b64, credential, forge, resolver


def test_an_embedded_jwk_carrying_its_private_key_is_refused() -> None:
    jwk = {**ED_PAIR.public_key.to_jwk(), "d": b64(ED_PAIR.seed)}
    issuer = f"did:key:{ED_PAIR.public_key.multikey}"
    with pytest.raises(ProofError) as caught:
        verify_jwt(forge({"alg": "EdDSA", "jwk": jwk}, credential(issuer)), resolver(), now=NOW)
    assert caught.value.code is ErrorCode.CRYPTOGRAPHIC_SECURITY_ERROR


def test_an_embedded_rsa_key_below_the_minimum_size_is_refused() -> None:
    small = rsa.generate_private_key(65537, 1024)  # noqa: S505 (the point of the test)
    numbers = small.public_key().public_numbers()
    n = numbers.n.to_bytes(128, "big")
    jwk = {"kty": "RSA", "n": b64(n), "e": "AQAB"}
    with pytest.raises(ProofError) as caught:
        verify_jwt(forge({"alg": "RS256", "jwk": jwk}, credential()), resolver(), now=NOW)
    assert caught.value.code is ErrorCode.CRYPTOGRAPHIC_SECURITY_ERROR
    assert str(RSA_MIN_BITS) in caught.value.message
