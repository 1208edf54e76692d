"""Multibase base58btc and base64url, checked against the reference ``base58`` library."""

from __future__ import annotations

import base58
import pytest
from hypothesis import given
from hypothesis import strategies as st

from credstack.core.crypto import multibase
from credstack.core.errors import ErrorCode, KeyMaterialError


@given(st.binary(min_size=1, max_size=200))
def test_base58btc_matches_the_reference_library(data: bytes) -> None:
    encoded = multibase.encode_base58btc(data)
    assert encoded == "z" + base58.b58encode(data).decode("ascii")
    assert multibase.decode_base58btc(encoded) == data


@given(st.text(alphabet=base58.BITCOIN_ALPHABET.decode("ascii"), min_size=1, max_size=120))
def test_base58btc_decoding_matches_the_reference_library(body: str) -> None:
    assert multibase.decode_base58btc("z" + body) == base58.b58decode(body)


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"", "z"),
        (b"\x00", "z1"),
        (b"\x00\x00\x01", "z112"),
        (b"Hello World!", "z2NEpo7TZRRrLZSi2U"),
    ],
)
def test_known_base58btc_values(data: bytes, text: str) -> None:
    assert multibase.encode_base58btc(data) == text
    if len(text) > 1:
        assert multibase.decode_base58btc(text) == data


@pytest.mark.parametrize("value", ["", "z", "u123", "z0OIl", "zabc+", 42, None])
def test_malformed_base58btc_is_refused(value: object) -> None:
    with pytest.raises(KeyMaterialError) as info:
        multibase.decode_base58btc(value)  # type: ignore[arg-type]
    assert info.value.code is ErrorCode.MALFORMED_VALUE_ERROR


@given(st.binary(max_size=200))
def test_base64url_round_trip(data: bytes) -> None:
    encoded = multibase.encode_base64url(data)
    assert encoded.startswith("u")
    assert "=" not in encoded
    assert multibase.decode_base64url(encoded) == data


@pytest.mark.parametrize("value", ["zabc", "u$$$", "ua", 7])
def test_malformed_base64url_is_refused(value: object) -> None:
    with pytest.raises(KeyMaterialError) as info:
        multibase.decode_base64url(value)  # type: ignore[arg-type]
    assert info.value.code is ErrorCode.MALFORMED_VALUE_ERROR
