"""Envelope encryption: a sealed secret opens only with its master key and associated data."""

from __future__ import annotations

import hashlib

import pytest

from credstack.core.crypto.envelope import (
    MASTER_KEY_BYTES,
    VERSION,
    master_key_fingerprint,
    new_master_key,
    seal,
    unseal,
)
from credstack.core.errors import ErrorCode, KeyMaterialError

MASTER = bytes(range(32))
OTHER_MASTER = bytes(range(1, 33))
SECRET = b"\x42" * 32
AAD = b"key-id" + b"organisation-id"
# offsets of the layout described in the module
WRAPPED_KEY_AT = 1 + 8 + 12
SECRET_AT = WRAPPED_KEY_AT + 48 + 12


def _unseal_error(blob: bytes, *, master: bytes = MASTER, aad: bytes = AAD) -> KeyMaterialError:
    with pytest.raises(KeyMaterialError) as caught:
        unseal(master, blob, aad)
    assert caught.value.code is ErrorCode.KEY_STORE_ERROR
    assert SECRET.hex() not in caught.value.message
    assert repr(SECRET) not in caught.value.message
    return caught.value


def test_a_sealed_secret_unseals_to_itself() -> None:
    assert unseal(MASTER, seal(MASTER, SECRET, AAD), AAD) == SECRET


def test_an_empty_secret_and_empty_aad_round_trip() -> None:
    assert unseal(MASTER, seal(MASTER, b"", b""), b"") == b""


def test_the_blob_names_its_version_and_master_key() -> None:
    blob = seal(MASTER, SECRET, AAD)
    assert blob[0] == VERSION
    assert blob[1:9] == hashlib.sha256(MASTER).digest()[:8] == master_key_fingerprint(MASTER)
    assert len(blob) == 1 + 8 + 12 + 48 + 12 + len(SECRET) + 16


def test_the_blob_does_not_contain_the_secret() -> None:
    assert SECRET not in seal(MASTER, SECRET, AAD)


def test_two_seals_of_the_same_secret_differ() -> None:
    first, second = seal(MASTER, SECRET, AAD), seal(MASTER, SECRET, AAD)
    assert first != second
    assert first[9:21] != second[9:21]  # fresh nonces
    assert first[SECRET_AT:] != second[SECRET_AT:]  # fresh data keys


def test_new_master_keys_are_random_and_32_bytes() -> None:
    first, second = new_master_key(), new_master_key()
    assert len(first) == len(second) == MASTER_KEY_BYTES
    assert first != second


def test_another_master_key_is_reported_as_such() -> None:
    error = _unseal_error(seal(MASTER, SECRET, AAD), master=OTHER_MASTER)
    assert error.detail["reason"] == "wrong-master-key"
    assert "another master key" in error.message


def test_other_associated_data_fails_authentication() -> None:
    error = _unseal_error(seal(MASTER, SECRET, AAD), aad=b"key-id" + b"another-organisation")
    assert error.detail["reason"] == "authentication-failed"
    assert "associated data" in error.message


@pytest.mark.parametrize(
    "position",
    [9, WRAPPED_KEY_AT, WRAPPED_KEY_AT + 47, SECRET_AT - 1, SECRET_AT, -1],
    ids=["key-nonce", "wrapped-key", "wrapped-key-tag", "secret-nonce", "secret", "secret-tag"],
)
def test_a_flipped_bit_anywhere_fails_authentication(position: int) -> None:
    blob = bytearray(seal(MASTER, SECRET, AAD))
    blob[position] ^= 0x01
    assert _unseal_error(bytes(blob)).detail["reason"] == "authentication-failed"


def test_an_altered_fingerprint_is_reported_as_another_master_key() -> None:
    blob = bytearray(seal(MASTER, SECRET, AAD))
    blob[1] ^= 0x01
    assert _unseal_error(bytes(blob)).detail["reason"] == "wrong-master-key"


def test_an_appended_byte_fails_authentication() -> None:
    blob = seal(MASTER, SECRET, AAD) + b"\x00"
    assert _unseal_error(blob).detail["reason"] == "authentication-failed"


@pytest.mark.parametrize("length", [1, 9, 50, 96])
def test_a_truncated_blob_is_reported(length: int) -> None:
    error = _unseal_error(seal(MASTER, SECRET, AAD)[:length])
    assert error.detail["reason"] == "truncated"
    assert "truncated" in error.message


def test_a_blob_cut_inside_the_secret_fails_authentication() -> None:
    blob = seal(MASTER, SECRET, AAD)
    assert _unseal_error(blob[:-1]).detail["reason"] == "authentication-failed"


def test_an_empty_blob_is_reported() -> None:
    assert _unseal_error(b"").detail["reason"] == "truncated"


@pytest.mark.parametrize("version", [0, 2, 255])
def test_an_unknown_version_is_reported(version: int) -> None:
    blob = bytes([version]) + seal(MASTER, SECRET, AAD)[1:]
    error = _unseal_error(blob)
    assert error.detail["reason"] == "unknown-version"
    assert f"version {version}" in error.message


@pytest.mark.parametrize("master", [b"", b"\x00" * 16, b"\x00" * 33])
def test_a_master_key_of_the_wrong_size_is_refused(master: bytes) -> None:
    with pytest.raises(KeyMaterialError) as sealing:
        seal(master, SECRET, AAD)
    assert sealing.value.code is ErrorCode.KEY_STORE_ERROR
    assert sealing.value.detail["reason"] == "invalid-master-key"
    error = _unseal_error(seal(MASTER, SECRET, AAD), master=master)
    assert error.detail["reason"] == "invalid-master-key"
