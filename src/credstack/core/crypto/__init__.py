"""Keys and the byte-level encodings proofs are made of.

* :mod:`~credstack.core.crypto.keys`: Ed25519 and P-256 key pairs, Multikey and JWK forms;
* :mod:`~credstack.core.crypto.multibase`: multibase and base64url;
* :mod:`~credstack.core.crypto.jcs`: the JSON Canonicalization Scheme (RFC 8785);
* :mod:`~credstack.core.crypto.envelope`: envelope encryption of signing-key seeds.

The primitives themselves come from ``cryptography`` and PyNaCl; nothing here implements one.
"""

from __future__ import annotations

from credstack.core.crypto.envelope import (
    MASTER_KEY_BYTES,
    new_master_key,
    seal,
    unseal,
)
from credstack.core.crypto.keys import (
    Ed25519KeyPair,
    KeyPair,
    KeyType,
    P256KeyPair,
    PublicKey,
    key_pair_from_multikey,
    public_key_from_jwk,
    public_key_from_multikey,
)
from credstack.core.crypto.multibase import (
    decode_base64url,
    encode_base64url,
)

__all__ = [
    "MASTER_KEY_BYTES",
    "Ed25519KeyPair",
    "KeyPair",
    "KeyType",
    "P256KeyPair",
    "PublicKey",
    "decode_base64url",
    "encode_base64url",
    "key_pair_from_multikey",
    "new_master_key",
    "public_key_from_jwk",
    "public_key_from_multikey",
    "seal",
    "unseal",
]
