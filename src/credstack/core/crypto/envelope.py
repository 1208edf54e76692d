"""Envelope encryption of secrets (signing-key seeds) under a master key, with AES-256-GCM.

Each :func:`seal` draws a fresh 256-bit data key that encrypts the secret; the master key
encrypts ("wraps") the data key. Both encryptions use a fresh 96-bit nonce and authenticate the
caller's associated data (AAD), which binds a sealed secret to what it belongs to: a blob
copied to another key id or organisation does not unseal. The master key only ever encrypts
32-byte random values, and replacing it needs only the data keys re-wrapped, not every secret
re-encrypted.

The layout is versioned and self-describing (all lengths fixed by the version)::

    offset  size  field
    0       1     version (1)
    1       8     master-key fingerprint: SHA-256(master key)[:8]
    9       12    nonce of the wrapped data key
    21      48    wrapped data key (32 bytes + 16-byte GCM tag)
    69      12    nonce of the secret
    81      n+16  encrypted secret (n bytes + 16-byte GCM tag)

The version and the fingerprint are authenticated too (they are part of the AAD of both
encryptions). The fingerprint lets :func:`unseal` say "wrong master key" instead of the
vaguer "failed authentication"; 64 bits of a hash of a 256-bit random key reveal nothing
usable about it.

This module is the one place in the core that reads randomness itself (the rest take seeds
as arguments): AES-GCM is only safe with a nonce that is never reused under a key, so fresh
data keys and nonces are drawn here rather than trusted to every caller.
"""

from __future__ import annotations

import hashlib
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from credstack.core.errors import ErrorCode, KeyMaterialError

MASTER_KEY_BYTES = 32
"""A master key is an AES-256 key."""
VERSION = 1
FINGERPRINT_BYTES = 8
_KEY_BYTES = 32
_NONCE_BYTES = 12
_TAG_BYTES = 16
_HEADER_BYTES = 1 + FINGERPRINT_BYTES
_WRAPPED_KEY_BYTES = _KEY_BYTES + _TAG_BYTES
_MIN_BYTES = _HEADER_BYTES + _NONCE_BYTES + _WRAPPED_KEY_BYTES + _NONCE_BYTES + _TAG_BYTES


def new_master_key() -> bytes:
    """A fresh random master key (32 bytes)."""
    return secrets.token_bytes(MASTER_KEY_BYTES)


def master_key_fingerprint(master_key: bytes) -> bytes:
    """The 8 bytes that name a master key in every blob it sealed."""
    _check_master_key(master_key)
    return hashlib.sha256(master_key).digest()[:FINGERPRINT_BYTES]


def seal(master_key: bytes, secret: bytes, aad: bytes) -> bytes:
    """Encrypt ``secret`` under a fresh data key wrapped by ``master_key``, bound to ``aad``."""
    header = bytes([VERSION]) + master_key_fingerprint(master_key)
    bound = header + aad
    data_key = AESGCM.generate_key(bit_length=_KEY_BYTES * 8)
    key_nonce = secrets.token_bytes(_NONCE_BYTES)
    wrapped_key = AESGCM(master_key).encrypt(key_nonce, data_key, bound)
    data_nonce = secrets.token_bytes(_NONCE_BYTES)
    ciphertext = AESGCM(data_key).encrypt(data_nonce, secret, bound)
    return header + key_nonce + wrapped_key + data_nonce + ciphertext


def unseal(master_key: bytes, blob: bytes, aad: bytes) -> bytes:
    """The secret sealed in ``blob``.

    Raises :class:`~credstack.core.errors.KeyMaterialError` (``KEY_STORE_ERROR``) when the blob
    is truncated, of an unknown version, sealed under another master key, altered, or sealed
    with other associated data; ``detail["reason"]`` says which. No message contains secret
    bytes.
    """
    fingerprint = master_key_fingerprint(master_key)
    if not blob:
        raise _error("the sealed blob is empty", "truncated")
    if blob[0] != VERSION:
        raise _error(
            f"the sealed blob has format version {blob[0]}; this credstack reads version "
            f"{VERSION} only",
            "unknown-version",
        )
    if len(blob) < _MIN_BYTES:
        raise _error(
            f"the sealed blob is truncated ({len(blob)} bytes, at least {_MIN_BYTES} expected)",
            "truncated",
        )
    if not secrets.compare_digest(blob[1:_HEADER_BYTES], fingerprint):
        raise _error(
            f"the blob was sealed under another master key (fingerprint "
            f"{blob[1:_HEADER_BYTES].hex()}, this key's is {fingerprint.hex()})",
            "wrong-master-key",
        )
    bound = blob[:_HEADER_BYTES] + aad
    position = _HEADER_BYTES
    key_nonce = blob[position : position + _NONCE_BYTES]
    position += _NONCE_BYTES
    wrapped_key = blob[position : position + _WRAPPED_KEY_BYTES]
    position += _WRAPPED_KEY_BYTES
    data_nonce = blob[position : position + _NONCE_BYTES]
    ciphertext = blob[position + _NONCE_BYTES :]
    # GCM cannot tell altered bytes from other associated data: both fail the tag alike
    try:
        data_key = AESGCM(master_key).decrypt(key_nonce, wrapped_key, bound)
    except InvalidTag:
        raise _error(
            "the sealed data key failed authentication: the blob was altered, or it belongs "
            "to another key or organisation (associated data mismatch)",
            "authentication-failed",
        ) from None
    try:
        return AESGCM(data_key).decrypt(data_nonce, ciphertext, bound)
    except InvalidTag:
        raise _error(
            "the sealed secret failed authentication: the blob was altered",
            "authentication-failed",
        ) from None


def _check_master_key(master_key: bytes) -> None:
    if not isinstance(master_key, bytes) or len(master_key) != MASTER_KEY_BYTES:
        size = len(master_key) if isinstance(master_key, bytes) else type(master_key).__name__
        raise _error(f"a master key has {MASTER_KEY_BYTES} bytes, not {size}", "invalid-master-key")


def _error(message: str, reason: str) -> KeyMaterialError:
    return KeyMaterialError(message, code=ErrorCode.KEY_STORE_ERROR, reason=reason)


__all__ = [
    "FINGERPRINT_BYTES",
    "MASTER_KEY_BYTES",
    "VERSION",
    "master_key_fingerprint",
    "new_master_key",
    "seal",
    "unseal",
]
