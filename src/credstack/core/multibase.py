"""Multibase and multicodec encodings used by Multikey, proof values and status lists.

Only the two bases the specifications use are supported: ``z`` (base58btc) and ``u``
(base64url without padding).
"""

from __future__ import annotations

import base64
import binascii

import base58

from credstack.core.errors import ErrorCode, KeyMaterialError

# multicodec prefixes (varint encoded)
ED25519_PUB = b"\xed\x01"
ED25519_PRIV = b"\x80\x26"
P256_PUB = b"\x80\x24"
P256_PRIV = b"\x86\x26"
P384_PUB = b"\x81\x24"

_B58_ALPHABET = frozenset(base58.BITCOIN_ALPHABET.decode("ascii"))


def encode_base58btc(data: bytes) -> str:
    """Multibase base58btc: ``"z" + base58btc(data)``."""
    return "z" + base58.b58encode(data).decode("ascii")


def decode_base58btc(value: str) -> bytes:
    """Decode a ``z``-prefixed multibase string; raise ``MALFORMED_VALUE_ERROR`` otherwise."""
    if not isinstance(value, str) or not value.startswith("z") or len(value) < 2:
        raise KeyMaterialError(
            "expected a multibase base58btc string starting with 'z'",
            code=ErrorCode.MALFORMED_VALUE_ERROR,
        )
    body = value[1:]
    if not set(body) <= _B58_ALPHABET:
        raise KeyMaterialError(
            "multibase value contains characters outside the base58btc alphabet",
            code=ErrorCode.MALFORMED_VALUE_ERROR,
        )
    return bytes(base58.b58decode(body))


def encode_base64url(data: bytes) -> str:
    """Multibase base64url without padding: ``"u" + base64url(data)``."""
    return "u" + base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def decode_base64url(value: str) -> bytes:
    """Decode a ``u``-prefixed multibase string; raise ``MALFORMED_VALUE_ERROR`` otherwise."""
    if not isinstance(value, str) or not value.startswith("u"):
        raise KeyMaterialError(
            "expected a multibase base64url string starting with 'u'",
            code=ErrorCode.MALFORMED_VALUE_ERROR,
        )
    body = value[1:]
    try:
        return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError) as exc:
        raise KeyMaterialError(
            f"multibase base64url value is not valid base64url: {exc}",
            code=ErrorCode.MALFORMED_VALUE_ERROR,
        ) from exc
