"""UNSUPPORTED_ALGORITHM: only EdDSA/Ed25519, ES256 and RS256 are accepted, before any key is used.

The classic attacks are here: ``alg: none`` with an empty signature, and HS256 keyed with the
issuer's *public* key (a verifier that passes "the key" to whatever ``alg`` names would accept
an HMAC anyone can compute).
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

import pytest

from credstack.core.crypto.keys import KeyType, PublicKey
from credstack.core.errors import ErrorCode, ProofError
from credstack.core.proofs.vc_jwt import sign_jwt, verify_jwt
from tests.core.test_vc_jwt import ED_PAIR, KID, NOW, credential, forge, method, resolver


def _assert_unsupported(token: str) -> None:
    with pytest.raises(ProofError) as caught:
        verify_jwt(token, resolver(method()), now=NOW)
    assert caught.value.code is ErrorCode.UNSUPPORTED_ALGORITHM


def test_alg_none_with_an_empty_signature_is_refused() -> None:
    _assert_unsupported(forge({"alg": "none", "kid": KID}, credential(), None))


@pytest.mark.parametrize("alg", ["HS256", "HS384", "HS512"])
def test_hmac_keyed_with_the_issuers_public_key_is_refused(alg: str) -> None:
    digest = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}[alg]
    public = ED_PAIR.public_key.raw

    def mac(data: bytes) -> bytes:
        return hmac.new(public, data, digest).digest()

    _assert_unsupported(forge({"alg": alg, "kid": KID}, credential(), mac))


@pytest.mark.parametrize(
    "alg",
    [
        "RS384",
        "RS512",
        "PS256",
        "ES384",
        "ES512",
        "ES256K",
        "Ed448",
        "eddsa",
        "es256",
        "",
        None,
        256,
    ],
)
def test_other_algorithms_and_malformed_alg_values_are_refused(alg: Any) -> None:
    _assert_unsupported(forge({"alg": alg, "kid": KID}, credential()))


def test_a_header_without_alg_is_refused() -> None:
    _assert_unsupported(forge({"kid": KID, "typ": "JWT"}, credential()))


class _RsaKeyPair:
    """A key pair of a type the platform does not sign JWTs with."""

    key_type = KeyType.RSA
    secret_multikey = ""

    @property
    def public_key(self) -> PublicKey:
        raise AssertionError("not needed")

    def sign(self, data: bytes) -> bytes:
        raise AssertionError("must not be asked to sign")


def test_signing_with_a_key_type_without_a_jws_algorithm_is_refused() -> None:
    with pytest.raises(ProofError) as caught:
        sign_jwt(credential(), _RsaKeyPair(), kid=KID)
    assert caught.value.code is ErrorCode.UNSUPPORTED_ALGORITHM
