"""INVALID_VERIFICATION_METHOD in VC-JWTs: no key named, or a key that cannot check ``alg``."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from credstack.core.crypto.keys import KeyPair, PublicKey, RsaPublicKey
from credstack.core.errors import ErrorCode, ProofError
from credstack.core.proofs.vc_jwt import verify_jwt
from tests.core.test_vc_jwt import (
    ED_PAIR,
    KID,
    NOW,
    P256_PAIR,
    credential,
    forge,
    method,
    resolver,
)


def _rsa_key() -> RsaPublicKey:
    numbers = rsa.generate_private_key(65537, 2048).public_key().public_numbers()
    return RsaPublicKey.from_numbers(numbers.n, numbers.e)


def test_a_header_naming_no_key_is_refused() -> None:
    token = forge({"alg": "EdDSA", "typ": "JWT"}, credential())
    with pytest.raises(ProofError) as caught:
        verify_jwt(token, resolver(method()), now=NOW)
    assert caught.value.code is ErrorCode.INVALID_VERIFICATION_METHOD


@pytest.mark.parametrize(
    ("alg", "signer", "key"),
    [
        ("ES256", ED_PAIR, ED_PAIR.public_key),
        ("EdDSA", P256_PAIR, P256_PAIR.public_key),
        ("RS256", ED_PAIR, ED_PAIR.public_key),
        ("EdDSA", ED_PAIR, _rsa_key()),
    ],
    ids=["es256-with-ed25519", "eddsa-with-p256", "rs256-with-ed25519", "eddsa-with-rsa"],
)
def test_an_alg_that_does_not_fit_the_key_type_is_refused(
    alg: str, signer: KeyPair, key: PublicKey
) -> None:
    token = forge({"alg": alg, "kid": KID}, credential(), signer)
    with pytest.raises(ProofError) as caught:
        verify_jwt(token, resolver(method(key=key)), now=NOW)
    assert caught.value.code is ErrorCode.INVALID_VERIFICATION_METHOD
