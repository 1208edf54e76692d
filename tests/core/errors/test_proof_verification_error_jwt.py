"""PROOF_VERIFICATION_ERROR in VC-JWTs: the signature does not cover what the token says."""

from __future__ import annotations

import base64
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from credstack.core.crypto.keys import P256KeyPair
from credstack.core.errors import ErrorCode, ProofError
from credstack.core.proofs.vc_jwt import sign_jwt, verify_jwt
from tests.core.test_vc_jwt import (
    ED_PAIR,
    KID,
    NOW,
    OTHER_PAIR,
    P256_PAIR,
    b64,
    credential,
    method,
    resolver,
)

TOKEN = sign_jwt(credential(), ED_PAIR, kid=KID)
HEADER, PAYLOAD, SIGNATURE = TOKEN.split(".")


def _unb64(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def _assert_bad_signature(token: str) -> None:
    with pytest.raises(ProofError) as caught:
        verify_jwt(token, resolver(method()), now=NOW)
    assert caught.value.code is ErrorCode.PROOF_VERIFICATION_ERROR


def test_the_untouched_token_verifies() -> None:
    assert verify_jwt(TOKEN, resolver(method()), now=NOW).credential == credential()


def test_a_changed_payload_is_refused() -> None:
    claims = json.loads(_unb64(PAYLOAD))
    claims["name"] = "Doctor of Philosophy"
    _assert_bad_signature(f"{HEADER}.{b64(json.dumps(claims).encode())}.{SIGNATURE}")


def test_a_changed_header_is_refused() -> None:
    header = b64(json.dumps({"alg": "EdDSA", "kid": KID}).encode())
    _assert_bad_signature(f"{header}.{PAYLOAD}.{SIGNATURE}")


@settings(max_examples=64)
@given(st.integers(min_value=0, max_value=511))
def test_any_flipped_signature_bit_is_refused(bit: int) -> None:
    signature = bytearray(_unb64(SIGNATURE))
    signature[bit // 8] ^= 1 << (bit % 8)
    _assert_bad_signature(f"{HEADER}.{PAYLOAD}.{b64(bytes(signature))}")


@pytest.mark.parametrize("signature", [b"", b"\x00" * 64, b"\x01" * 63, _unb64(SIGNATURE) * 2])
def test_signatures_of_the_wrong_size_or_value_are_refused(signature: bytes) -> None:
    _assert_bad_signature(f"{HEADER}.{PAYLOAD}.{b64(signature)}")


def test_a_signature_by_another_key_is_refused() -> None:
    _assert_bad_signature(sign_jwt(credential(), OTHER_PAIR, kid=KID))


def test_an_es256_signature_by_another_p256_key_is_refused() -> None:
    token = sign_jwt(credential(), P256KeyPair(b"\x05" * 32), kid=KID)
    with pytest.raises(ProofError) as caught:
        verify_jwt(token, resolver(method(key=P256_PAIR.public_key)), now=NOW)
    assert caught.value.code is ErrorCode.PROOF_VERIFICATION_ERROR
