"""Signing keys: Ed25519 (PyNaCl) and P-256 (cryptography), with Multikey and JWK encodings.

RSA public keys (:class:`RsaPublicKey`) verify the RS256 JWTs that other platforms issue; the
platform never signs with RSA, so there is no RSA key pair.

A :class:`KeyPair` signs; a :class:`PublicKey` verifies. Both know their Multikey form
(``publicKeyMultibase`` / ``secretKeyMultibase``) so that a key round-trips through the key
files the CLI writes and through DID documents. Randomness is passed in (``generate`` takes
the seed bytes) so that the core never reads entropy or the clock itself.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

import nacl.exceptions
import nacl.signing
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    PublicFormat,
    load_der_public_key,
)

from credstack.core.crypto import multibase
from credstack.core.errors import ErrorCode, KeyMaterialError


class KeyType(StrEnum):
    ED25519 = "Ed25519"
    P256 = "P-256"
    RSA = "RSA"


RSA_MIN_BITS = 2048
"""Smallest RSA modulus accepted (NIST SP 800-131A; RFC 7518 §3.3 requires 2048 for RS256)."""

# multicodec ``rsa-pub`` (0x1205) as a varint; the key that follows is PKCS#1 DER.
_RSA_PUB = b"\x85\x24"


class PublicKey(Protocol):
    """A key that checks signatures."""

    @property
    def key_type(self) -> KeyType: ...

    @property
    def multikey(self) -> str:
        """``publicKeyMultibase`` (``z6Mk…`` for Ed25519, ``zDn…`` for P-256)."""
        ...

    def verify(self, signature: bytes, data: bytes) -> bool:
        """True when ``signature`` is valid for ``data``; never raises for a bad signature."""
        ...

    def to_jwk(self) -> dict[str, str]: ...


class KeyPair(Protocol):
    """A private key that signs, with its public half."""

    @property
    def key_type(self) -> KeyType: ...

    @property
    def public_key(self) -> PublicKey: ...

    @property
    def secret_multikey(self) -> str: ...

    def sign(self, data: bytes) -> bytes: ...


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64url(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


@dataclass(frozen=True, slots=True)
class Ed25519PublicKey:
    raw: bytes
    _verify_key: nacl.signing.VerifyKey = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.raw) != 32:
            raise KeyMaterialError(
                f"an Ed25519 public key has 32 bytes, not {len(self.raw)}",
                code=ErrorCode.MALFORMED_VALUE_ERROR,
            )
        object.__setattr__(self, "_verify_key", nacl.signing.VerifyKey(self.raw))

    @property
    def key_type(self) -> KeyType:
        return KeyType.ED25519

    @property
    def multikey(self) -> str:
        return multibase.encode_base58btc(multibase.ED25519_PUB + self.raw)

    def verify(self, signature: bytes, data: bytes) -> bool:
        if len(signature) != 64:
            return False
        try:
            self._verify_key.verify(data, signature)
        except nacl.exceptions.BadSignatureError:
            return False
        return True

    def to_jwk(self) -> dict[str, str]:
        return {"kty": "OKP", "crv": "Ed25519", "x": _b64url(self.raw)}


@dataclass(frozen=True, slots=True)
class Ed25519KeyPair:
    seed: bytes = field(repr=False)
    _signing_key: nacl.signing.SigningKey = field(init=False, repr=False, compare=False)
    _public: Ed25519PublicKey = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.seed) != 32:
            raise KeyMaterialError(
                f"an Ed25519 seed has 32 bytes, not {len(self.seed)}",
                code=ErrorCode.MALFORMED_VALUE_ERROR,
            )
        signing_key = nacl.signing.SigningKey(self.seed)
        object.__setattr__(self, "_signing_key", signing_key)
        object.__setattr__(self, "_public", Ed25519PublicKey(bytes(signing_key.verify_key)))

    @classmethod
    def generate(cls, seed: bytes) -> Ed25519KeyPair:
        """A key pair from 32 random bytes supplied by the caller."""
        return cls(seed)

    @property
    def key_type(self) -> KeyType:
        return KeyType.ED25519

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self._public

    @property
    def secret_multikey(self) -> str:
        return multibase.encode_base58btc(multibase.ED25519_PRIV + self.seed)

    def sign(self, data: bytes) -> bytes:
        return bytes(self._signing_key.sign(data).signature)


@dataclass(frozen=True, slots=True)
class P256PublicKey:
    key: ec.EllipticCurvePublicKey = field(repr=False)

    @classmethod
    def from_bytes(cls, data: bytes) -> P256PublicKey:
        try:
            key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), data)
        except ValueError as exc:
            raise KeyMaterialError(
                f"not a valid P-256 public key: {exc}", code=ErrorCode.MALFORMED_VALUE_ERROR
            ) from exc
        return cls(key)

    @property
    def key_type(self) -> KeyType:
        return KeyType.P256

    @property
    def multikey(self) -> str:
        compressed = self.key.public_bytes(Encoding.X962, PublicFormat.CompressedPoint)
        return multibase.encode_base58btc(multibase.P256_PUB + compressed)

    def verify(self, signature: bytes, data: bytes) -> bool:
        """``signature`` is the IEEE P1363 form (r || s, 64 bytes) used by JOSE and DI."""
        if len(signature) != 64:
            return False
        der = encode_dss_signature(
            int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
        )
        try:
            self.key.verify(der, data, ec.ECDSA(hashes.SHA256()))
        except InvalidSignature:
            return False
        return True

    def to_jwk(self) -> dict[str, str]:
        numbers = self.key.public_numbers()
        return {
            "kty": "EC",
            "crv": "P-256",
            "x": _b64url(numbers.x.to_bytes(32, "big")),
            "y": _b64url(numbers.y.to_bytes(32, "big")),
        }


@dataclass(frozen=True, slots=True)
class P256KeyPair:
    private_value: bytes = field(repr=False)
    _key: ec.EllipticCurvePrivateKey = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.private_value) != 32:
            raise KeyMaterialError(
                "a P-256 private key has 32 bytes", code=ErrorCode.MALFORMED_VALUE_ERROR
            )
        try:
            key = ec.derive_private_key(int.from_bytes(self.private_value, "big"), ec.SECP256R1())
        except ValueError as exc:
            raise KeyMaterialError(
                f"not a valid P-256 private key: {exc}", code=ErrorCode.MALFORMED_VALUE_ERROR
            ) from exc
        object.__setattr__(self, "_key", key)

    @classmethod
    def generate(cls, seed: bytes) -> P256KeyPair:
        """A key pair from 32 random bytes (reduced into the curve order by ``cryptography``)."""
        return cls(seed)

    @property
    def key_type(self) -> KeyType:
        return KeyType.P256

    @property
    def public_key(self) -> P256PublicKey:
        return P256PublicKey(self._key.public_key())

    @property
    def secret_multikey(self) -> str:
        return multibase.encode_base58btc(multibase.P256_PRIV + self.private_value)

    def sign(self, data: bytes) -> bytes:
        r, s = decode_dss_signature(self._key.sign(data, ec.ECDSA(hashes.SHA256())))
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")


@dataclass(frozen=True, slots=True)
class RsaPublicKey:
    """An RSA public key checking RS256 signatures (RSASSA-PKCS1-v1_5 with SHA-256).

    Moduli shorter than :data:`RSA_MIN_BITS` are refused with ``CRYPTOGRAPHIC_SECURITY_ERROR``.
    """

    key: rsa.RSAPublicKey = field(repr=False)

    def __post_init__(self) -> None:
        if self.key.key_size < RSA_MIN_BITS:
            raise KeyMaterialError(
                f"an RSA key needs at least {RSA_MIN_BITS} bits, this one has {self.key.key_size}",
                code=ErrorCode.CRYPTOGRAPHIC_SECURITY_ERROR,
            )

    @classmethod
    def from_numbers(cls, n: int, e: int) -> RsaPublicKey:
        """The key with modulus ``n`` and public exponent ``e``."""
        try:
            key = rsa.RSAPublicNumbers(e, n).public_key()
        except ValueError as exc:
            raise KeyMaterialError(
                f"not a valid RSA public key: {exc}", code=ErrorCode.MALFORMED_VALUE_ERROR
            ) from exc
        return cls(key)

    @classmethod
    def from_der(cls, data: bytes) -> RsaPublicKey:
        """The key from its PKCS#1 (or SubjectPublicKeyInfo) DER encoding."""
        try:
            key = load_der_public_key(data)
        except ValueError as exc:
            raise KeyMaterialError(
                f"not a valid RSA public key: {exc}", code=ErrorCode.MALFORMED_VALUE_ERROR
            ) from exc
        if not isinstance(key, rsa.RSAPublicKey):
            raise KeyMaterialError(
                "the DER key is not an RSA key", code=ErrorCode.MALFORMED_VALUE_ERROR
            )
        return cls(key)

    @property
    def key_type(self) -> KeyType:
        return KeyType.RSA

    @property
    def multikey(self) -> str:
        """``z`` + base58btc(``rsa-pub`` multicodec ‖ PKCS#1 DER), the did:key form (``z4MX…``)."""
        der = self.key.public_bytes(Encoding.DER, PublicFormat.PKCS1)
        return multibase.encode_base58btc(_RSA_PUB + der)

    def verify(self, signature: bytes, data: bytes) -> bool:
        try:
            self.key.verify(signature, data, padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature:
            return False
        return True

    def to_jwk(self) -> dict[str, str]:
        numbers = self.key.public_numbers()
        return {"kty": "RSA", "n": _b64url_uint(numbers.n), "e": _b64url_uint(numbers.e)}


def _b64url_uint(value: int) -> str:
    return _b64url(value.to_bytes((value.bit_length() + 7) // 8, "big"))


def public_key_from_multikey(value: str) -> PublicKey:
    """Decode a ``publicKeyMultibase`` value (Ed25519, P-256 or RSA)."""
    data = multibase.decode_base58btc(value)
    if data.startswith(multibase.ED25519_PUB):
        return Ed25519PublicKey(data[2:])
    if data.startswith(multibase.P256_PUB):
        return P256PublicKey.from_bytes(data[2:])
    if data.startswith(_RSA_PUB):
        return RsaPublicKey.from_der(data[2:])
    raise KeyMaterialError(
        "unsupported Multikey type (expected Ed25519, P-256 or RSA)",
        code=ErrorCode.MALFORMED_VALUE_ERROR,
    )


def key_pair_from_multikey(value: str) -> Ed25519KeyPair | P256KeyPair:
    """Decode a ``secretKeyMultibase`` value.

    Ed25519 secrets are the 32-byte seed, or the 64-byte seed‖public form some tools write.
    """
    data = multibase.decode_base58btc(value)
    if data.startswith(multibase.ED25519_PRIV):
        body = data[2:]
        if len(body) == 64:
            pair = Ed25519KeyPair(body[:32])
            if pair.public_key.raw != body[32:]:
                raise KeyMaterialError(
                    "the secret key's public half does not match its seed",
                    code=ErrorCode.MALFORMED_VALUE_ERROR,
                )
            return pair
        return Ed25519KeyPair(body)
    if data.startswith(multibase.P256_PRIV):
        return P256KeyPair(data[2:])
    raise KeyMaterialError(
        "unsupported secret Multikey type (expected Ed25519 or P-256)",
        code=ErrorCode.MALFORMED_VALUE_ERROR,
    )


def public_key_from_jwk(jwk: dict[str, Any]) -> PublicKey:
    """Decode a public JWK (OKP/Ed25519, EC/P-256 or RSA); private members are refused."""
    if not isinstance(jwk, dict):
        raise KeyMaterialError("a JWK must be a JSON object", code=ErrorCode.MALFORMED_VALUE_ERROR)
    if "d" in jwk:
        raise KeyMaterialError(
            "a public JWK must not carry its private part 'd'",
            code=ErrorCode.CRYPTOGRAPHIC_SECURITY_ERROR,
        )
    try:
        kty, crv = jwk["kty"], jwk.get("crv")
        if kty == "OKP" and crv == "Ed25519":
            return Ed25519PublicKey(_unb64url(jwk["x"]))
        if kty == "EC" and crv == "P-256":
            x, y = _unb64url(jwk["x"]), _unb64url(jwk["y"])
            if len(x) != 32 or len(y) != 32:
                raise KeyMaterialError(
                    "P-256 JWK coordinates have 32 bytes", code=ErrorCode.MALFORMED_VALUE_ERROR
                )
            return P256PublicKey.from_bytes(b"\x04" + x + y)
        if kty == "RSA":
            n = int.from_bytes(_unb64url(jwk["n"]), "big")
            e = int.from_bytes(_unb64url(jwk["e"]), "big")
            return RsaPublicKey.from_numbers(n, e)
    except (KeyError, TypeError, ValueError) as exc:
        raise KeyMaterialError(
            f"malformed JWK: {exc}", code=ErrorCode.MALFORMED_VALUE_ERROR
        ) from exc
    raise KeyMaterialError(
        f"unsupported JWK key type {kty!r}/{crv!r} (expected OKP/Ed25519, EC/P-256 or RSA)",
        code=ErrorCode.MALFORMED_VALUE_ERROR,
    )


__all__ = [
    "RSA_MIN_BITS",
    "Ed25519KeyPair",
    "Ed25519PublicKey",
    "KeyPair",
    "KeyType",
    "P256KeyPair",
    "P256PublicKey",
    "PublicKey",
    "RsaPublicKey",
    "key_pair_from_multikey",
    "public_key_from_jwk",
    "public_key_from_multikey",
]
