"""Multibase and multicodec encodings used by Multikey, proof values and status lists.

Only the two bases the specifications use are supported: ``z`` (base58btc) and ``u``
(base64url without padding).
"""

from __future__ import annotations

import base64
import binascii
import re

from credstack.core.errors import ErrorCode, KeyMaterialError

# multicodec prefixes (varint encoded)
ED25519_PUB = b"\xed\x01"
ED25519_PRIV = b"\x80\x26"
P256_PUB = b"\x80\x24"
P256_PRIV = b"\x86\x26"
P384_PUB = b"\x81\x24"

_B58_DIGITS = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_ALPHABET = frozenset(_B58_DIGITS)
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")
# Two base58 digits at a time (58**2 = 3364): half the big-integer steps of digit-by-digit
# conversion, which dominates signing and verifying a Data Integrity proof otherwise.
_B58_PAIRS = tuple(a + b for a in _B58_DIGITS for b in _B58_DIGITS)
_B58_PAIR_VALUE = {pair: value for value, pair in enumerate(_B58_PAIRS)}
_B58_DIGIT_VALUE = {digit: value for value, digit in enumerate(_B58_DIGITS)}
_B58_QUAD = 58**4


def encode_base58btc(data: bytes) -> str:
    """Multibase base58btc: ``"z" + base58btc(data)``."""
    body = data.lstrip(b"\0")
    number = int.from_bytes(body, "big")
    chunks: list[str] = []
    while number:
        number, quad = divmod(number, _B58_QUAD)
        high, low = divmod(quad, 3364)
        chunks.append(_B58_PAIRS[low])
        chunks.append(_B58_PAIRS[high])
    chunks.reverse()
    # each zero byte in front is one "1"; leading "1"s of the pairs are zero digits
    return "z" + "1" * (len(data) - len(body)) + "".join(chunks).lstrip("1")


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
    digits = body.lstrip("1")
    odd = len(digits) % 2
    number = _B58_DIGIT_VALUE[digits[0]] if odd else 0
    for start in range(odd, len(digits), 2):
        number = number * 3364 + _B58_PAIR_VALUE[digits[start : start + 2]]
    zeros = b"\0" * (len(body) - len(digits))
    return zeros + number.to_bytes((number.bit_length() + 7) // 8, "big")


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
    if not _BASE64URL.fullmatch(body) or len(body) % 4 == 1:
        raise KeyMaterialError(
            "multibase base64url value has characters outside the base64url alphabet "
            "or an impossible length",
            code=ErrorCode.MALFORMED_VALUE_ERROR,
        )
    try:
        return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError) as exc:
        raise KeyMaterialError(
            f"multibase base64url value is not valid base64url: {exc}",
            code=ErrorCode.MALFORMED_VALUE_ERROR,
        ) from exc
