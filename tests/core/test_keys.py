"""Keys: Ed25519, P-256 and RSA public keys through their Multikey and JWK encodings."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from joserfc.jwk import RSAKey

from credstack.core.crypto import multibase
from credstack.core.crypto.keys import (
    RSA_MIN_BITS,
    Ed25519KeyPair,
    KeyType,
    P256KeyPair,
    RsaPublicKey,
    key_pair_from_multikey,
    public_key_from_jwk,
    public_key_from_multikey,
)
from credstack.core.errors import ErrorCode, KeyMaterialError

MESSAGE = b"the signing input"


@pytest.fixture(scope="module")
def rsa_private() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def rsa_public(rsa_private: rsa.RSAPrivateKey) -> RsaPublicKey:
    numbers = rsa_private.public_key().public_numbers()
    return RsaPublicKey.from_numbers(numbers.n, numbers.e)


def _rs256(private: rsa.RSAPrivateKey, data: bytes) -> bytes:
    return private.sign(data, padding.PKCS1v15(), hashes.SHA256())


# -- RSA -------------------------------------------------------------------------------------------


def test_rsa_key_checks_rs256_signatures(
    rsa_private: rsa.RSAPrivateKey, rsa_public: RsaPublicKey
) -> None:
    signature = _rs256(rsa_private, MESSAGE)
    assert rsa_public.key_type is KeyType.RSA
    assert rsa_public.verify(signature, MESSAGE)
    assert not rsa_public.verify(signature, MESSAGE + b"!")
    assert not rsa_public.verify(signature[:-1], MESSAGE)
    assert not rsa_public.verify(b"", MESSAGE)


def test_rsa_key_refuses_pss_signatures(
    rsa_private: rsa.RSAPrivateKey, rsa_public: RsaPublicKey
) -> None:
    pss = rsa_private.sign(
        MESSAGE,
        padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32),
        hashes.SHA256(),
    )
    assert not rsa_public.verify(pss, MESSAGE)


def test_rsa_jwk_round_trips_and_matches_joserfc(
    rsa_private: rsa.RSAPrivateKey, rsa_public: RsaPublicKey
) -> None:
    jwk = rsa_public.to_jwk()
    assert public_key_from_jwk(jwk) == rsa_public
    pem = rsa_private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    exported = RSAKey.import_key(pem).as_dict()
    assert (jwk["kty"], jwk["n"], jwk["e"]) == ("RSA", exported["n"], exported["e"])
    assert jwk["e"] == "AQAB"


def test_rsa_multikey_is_the_did_key_form_and_round_trips(rsa_public: RsaPublicKey) -> None:
    assert rsa_public.multikey.startswith("z4MX")
    assert public_key_from_multikey(rsa_public.multikey) == rsa_public


def test_rsa_key_from_subject_public_key_info_der(rsa_private: rsa.RSAPrivateKey) -> None:
    der = rsa_private.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    assert RsaPublicKey.from_der(der).verify(_rs256(rsa_private, MESSAGE), MESSAGE)


def test_rsa_keys_below_the_minimum_are_refused() -> None:
    small = rsa.generate_private_key(65537, 1024).public_key()  # noqa: S505 (the point)
    with pytest.raises(KeyMaterialError) as caught:
        RsaPublicKey(small)
    assert caught.value.code is ErrorCode.CRYPTOGRAPHIC_SECURITY_ERROR
    assert str(RSA_MIN_BITS) in caught.value.message


@pytest.mark.parametrize(
    "der",
    [
        b"\x30\x03\x02\x01\x01",
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo),
    ],
    ids=["not-a-key", "ec-key"],
)
def test_rsa_der_that_is_not_an_rsa_key_is_malformed(der: bytes) -> None:
    with pytest.raises(KeyMaterialError) as caught:
        RsaPublicKey.from_der(der)
    assert caught.value.code is ErrorCode.MALFORMED_VALUE_ERROR


@pytest.mark.parametrize(
    "jwk",
    [
        {"kty": "RSA", "e": "AQAB"},
        {"kty": "RSA", "n": "AQAB", "e": "AQAB"},
        {"kty": "RSA", "n": 7, "e": "AQAB"},
    ],
    ids=["no-modulus", "modulus-too-small-to-be-a-key", "modulus-not-a-string"],
)
def test_malformed_rsa_jwks_are_refused(jwk: dict[str, object]) -> None:
    with pytest.raises(KeyMaterialError) as caught:
        public_key_from_jwk(jwk)
    assert caught.value.code is ErrorCode.MALFORMED_VALUE_ERROR


def test_rsa_jwk_with_an_even_exponent_is_refused(rsa_public: RsaPublicKey) -> None:
    jwk = {**rsa_public.to_jwk(), "e": "AQAA"}
    with pytest.raises(KeyMaterialError) as caught:
        public_key_from_jwk(jwk)
    assert caught.value.code is ErrorCode.MALFORMED_VALUE_ERROR


def test_rsa_jwk_with_a_private_exponent_is_refused(rsa_public: RsaPublicKey) -> None:
    with pytest.raises(KeyMaterialError) as caught:
        public_key_from_jwk({**rsa_public.to_jwk(), "d": "AQAB"})
    assert caught.value.code is ErrorCode.CRYPTOGRAPHIC_SECURITY_ERROR


# -- Ed25519 and P-256 -----------------------------------------------------------------------------


def test_ed25519_keys_round_trip_through_multikey_and_jwk() -> None:
    pair = Ed25519KeyPair.generate(bytes(range(32)))
    public = pair.public_key
    assert public.multikey.startswith("z6Mk")
    assert pair.secret_multikey.startswith("z3u2")
    assert public_key_from_multikey(public.multikey) == public
    assert public_key_from_jwk(public.to_jwk()) == public
    assert key_pair_from_multikey(pair.secret_multikey).public_key == public
    assert public.verify(pair.sign(MESSAGE), MESSAGE)
    assert not public.verify(pair.sign(MESSAGE), MESSAGE + b"!")
    assert not public.verify(b"short", MESSAGE)


def test_ed25519_secret_in_seed_and_public_form_is_accepted() -> None:
    pair = Ed25519KeyPair(bytes(range(32)))
    long_form = multibase.encode_base58btc(multibase.ED25519_PRIV + pair.seed + pair.public_key.raw)
    assert key_pair_from_multikey(long_form).public_key == pair.public_key


def test_ed25519_secret_whose_public_half_does_not_match_is_refused() -> None:
    pair = Ed25519KeyPair(bytes(range(32)))
    long_form = multibase.encode_base58btc(multibase.ED25519_PRIV + pair.seed + bytes(32))
    with pytest.raises(KeyMaterialError) as caught:
        key_pair_from_multikey(long_form)
    assert caught.value.code is ErrorCode.MALFORMED_VALUE_ERROR


def test_p256_keys_round_trip_and_sign_in_jose_form() -> None:
    pair = P256KeyPair.generate(bytes(range(1, 33)))
    public = pair.public_key
    assert public.multikey.startswith("zDn")
    assert public_key_from_multikey(public.multikey) == public
    assert public_key_from_jwk(public.to_jwk()).to_jwk() == public.to_jwk()
    assert key_pair_from_multikey(pair.secret_multikey).public_key.to_jwk() == public.to_jwk()
    signature = pair.sign(MESSAGE)
    assert len(signature) == 64
    assert public.verify(signature, MESSAGE)
    assert not public.verify(signature, MESSAGE + b"!")
    assert not public.verify(signature[:63], MESSAGE)


@pytest.mark.parametrize(
    "build",
    [
        lambda: Ed25519KeyPair(bytes(31)),
        lambda: P256KeyPair(bytes(31)),
        lambda: P256KeyPair(bytes(32)),
        lambda: public_key_from_multikey(multibase.encode_base58btc(b"\x99\x99" + bytes(32))),
        lambda: key_pair_from_multikey(multibase.encode_base58btc(b"\x99\x99" + bytes(32))),
        lambda: public_key_from_jwk({"kty": "OKP", "crv": "X25519", "x": "AAAA"}),
        lambda: public_key_from_jwk({"kty": "EC", "crv": "P-256", "x": "AAAA", "y": "AAAA"}),
        lambda: public_key_from_jwk({"kty": "OKP", "crv": "Ed25519", "x": "AAAA"}),
        lambda: public_key_from_jwk({"kty": "EC", "crv": "P-256", "x": "A" * 43, "y": "A" * 43}),
        lambda: public_key_from_jwk(["not", "an", "object"]),  # type: ignore[arg-type]
    ],
    ids=[
        "short-ed25519-seed",
        "short-p256-secret",
        "p256-secret-zero",
        "unknown-multikey",
        "unknown-secret-multikey",
        "unsupported-jwk-curve",
        "p256-jwk-short-coordinates",
        "ed25519-jwk-short-key",
        "p256-jwk-point-off-the-curve",
        "jwk-not-an-object",
    ],
)
def test_malformed_key_material_is_refused(build: object) -> None:
    with pytest.raises(KeyMaterialError) as caught:
        build()  # type: ignore[operator]
    assert caught.value.code is ErrorCode.MALFORMED_VALUE_ERROR
