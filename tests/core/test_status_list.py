"""The status bitstring, its encoding and the list credential / entry builders."""

from __future__ import annotations

import base64
import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from credstack.core.errors import ErrorCode, StatusListError
from credstack.core.status.bitstring import (
    DEFAULT_MAX_ENTRIES,
    MIN_ENTRIES,
    StatusList,
    StatusMessage,
    StatusPurpose,
    parse_status_message,
    status_entry,
    status_list_credential,
)

VECTORS = Path(__file__).parents[1] / "vectors" / "test-vectors" / "bitstring-status-list"
SPEC_LISTS = ["a-status-list-verifiable-credential.json", "bitstringstatuslistcredential.json"]
LIST_URL = "https://issuer.example/status/3"
FOUR_MESSAGES = [
    StatusMessage(0, "pending_review"),
    StatusMessage(1, "accepted"),
    StatusMessage(2, "rejected"),
    StatusMessage(3, "undefined"),
]

indexes = st.sets(st.integers(min_value=0, max_value=MIN_ENTRIES - 1), max_size=40)


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((VECTORS / name).read_text())
    return data


def _gzip_bytes(encoded: str) -> bytes:
    body = encoded[1:]
    return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))


@pytest.mark.parametrize("name", SPEC_LISTS)
def test_spec_example_lists_decode_to_131072_clear_entries(name: str) -> None:
    encoded = _load(f"spec-examples/{name}")["credentialSubject"]["encodedList"]
    status_list = StatusList.decode(encoded)
    assert status_list.length == 131_072
    assert status_list.to_bytes() == bytes(16_384)
    assert status_list.set_indexes() == []


def test_1edtech_testlist_has_exactly_index_23_set() -> None:
    encoded = _load("1edtech-validator/testlist")["credentialSubject"]["encodedList"]
    status_list = StatusList.decode(encoded)
    assert status_list.length == 131_072
    assert status_list.set_indexes() == [23]
    assert status_list.get(23) == 1
    assert status_list.is_set(23)
    assert not status_list.is_set(22)


def test_new_list_is_the_minimum_size_and_clear() -> None:
    status_list = StatusList()
    assert (status_list.length, status_list.status_size) == (MIN_ENTRIES, 1)
    assert status_list.to_bytes() == bytes(MIN_ENTRIES // 8)
    assert repr(status_list) == "StatusList(length=131072, status_size=1)"


def test_larger_lists_are_allowed() -> None:
    status_list = StatusList(MIN_ENTRIES * 4)
    status_list.set(MIN_ENTRIES * 4 - 1)
    assert StatusList.decode(status_list.encode()).set_indexes() == [MIN_ENTRIES * 4 - 1]


@pytest.mark.parametrize(
    ("index", "byte", "mask"),
    [(0, 0, 0x80), (1, 0, 0x40), (7, 0, 0x01), (8, 1, 0x80), (MIN_ENTRIES - 1, 16_383, 0x01)],
)
def test_index_zero_is_the_most_significant_bit_of_byte_zero(
    index: int, byte: int, mask: int
) -> None:
    status_list = StatusList()
    status_list.set(index)
    data = status_list.to_bytes()
    assert data[byte] == mask
    assert sum(data) == mask


def test_multi_bit_entries_are_big_endian_within_the_entry() -> None:
    status_list = StatusList(status_size=2)
    status_list.set(0, 0b10)
    status_list.set(1, 0b01)
    status_list.set(3, 0b11)
    assert status_list.to_bytes()[0] == 0b1001_0011
    assert [status_list.get(i) for i in range(5)] == [2, 1, 0, 3, 0]
    assert status_list.set_indexes() == [0, 1, 3]


def test_multi_bit_list_holds_131072_entries_of_its_size() -> None:
    status_list = StatusList(status_size=3)
    assert len(status_list.to_bytes()) == MIN_ENTRIES * 3 // 8
    status_list.set(MIN_ENTRIES - 1, 5)
    decoded = StatusList.decode(status_list.encode(), status_size=3)
    assert decoded.get(MIN_ENTRIES - 1) == 5


def test_set_then_clear() -> None:
    status_list = StatusList()
    status_list.set(94_567)
    assert status_list.is_set(94_567)
    status_list.clear(94_567)
    assert not status_list.is_set(94_567)
    assert status_list.to_bytes() == bytes(MIN_ENTRIES // 8)


def test_clearing_a_multi_bit_entry_leaves_its_neighbours() -> None:
    status_list = StatusList(status_size=4)
    for index in (9, 10, 11):
        status_list.set(index, 0xF)
    status_list.clear(10)
    assert [status_list.get(i) for i in (9, 10, 11)] == [0xF, 0, 0xF]


@settings(max_examples=60, deadline=None)
@given(revoked=indexes, data=st.data())
def test_round_trip_of_random_index_sets(revoked: set[int], data: st.DataObject) -> None:
    status_list = StatusList()
    for index in revoked:
        status_list.set(index)
    decoded = StatusList.decode(status_list.encode())
    assert decoded.set_indexes() == sorted(revoked)
    assert decoded.to_bytes() == status_list.to_bytes()

    cleared = data.draw(st.sets(st.sampled_from(sorted(revoked))) if revoked else st.just(set()))
    for index in cleared:
        decoded.clear(index)
    again = StatusList.decode(decoded.encode())
    assert again.set_indexes() == sorted(revoked - cleared)


@settings(max_examples=40, deadline=None)
@given(
    status_size=st.integers(min_value=1, max_value=8),
    data=st.data(),
)
def test_round_trip_of_multi_bit_lists(status_size: int, data: st.DataObject) -> None:
    values = data.draw(
        st.dictionaries(
            st.integers(min_value=0, max_value=MIN_ENTRIES - 1),
            st.integers(min_value=1, max_value=(1 << status_size) - 1),
            max_size=30,
        )
    )
    status_list = StatusList(status_size=status_size)
    for index, value in values.items():
        status_list.set(index, value)
    decoded = StatusList.decode(status_list.encode(), status_size=status_size)
    assert {i: decoded.get(i) for i in decoded.set_indexes()} == values


def test_encoding_is_multibase_base64url_of_gzip_with_mtime_zero() -> None:
    status_list = StatusList()
    status_list.set(42)
    encoded = status_list.encode()
    assert encoded.startswith("u")
    assert "=" not in encoded
    assert set(encoded[1:]) <= set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    )
    raw = _gzip_bytes(encoded)
    assert raw[:3] == b"\x1f\x8b\x08"
    assert raw[4:8] == b"\x00\x00\x00\x00"  # MTIME
    assert gzip.decompress(raw) == status_list.to_bytes()


def test_encoding_is_deterministic() -> None:
    first, second = StatusList(), StatusList()
    for status_list in (first, second):
        status_list.set(7)
        status_list.set(100_000)
    assert first.encode() == second.encode()
    assert StatusList.decode(first.encode()).encode() == first.encode()


def test_an_almost_empty_list_compresses_to_a_few_hundred_bytes() -> None:
    status_list = StatusList()
    status_list.set(12_345)
    assert len(status_list.encode()) < 200


def test_gzip_with_several_members_is_read_whole() -> None:
    half = bytes(MIN_ENTRIES // 16)
    encoded = (
        "u"
        + base64.urlsafe_b64encode(
            gzip.compress(half, mtime=0) + gzip.compress(b"\x01" + half[1:], mtime=0)
        )
        .rstrip(b"=")
        .decode()
    )
    status_list = StatusList.decode(encoded)
    assert status_list.set_indexes() == [MIN_ENTRIES // 2 + 7]


def test_the_default_cap_admits_16m_entries() -> None:
    status_list = StatusList(DEFAULT_MAX_ENTRIES)
    status_list.set(DEFAULT_MAX_ENTRIES - 1)
    decoded = StatusList.decode(status_list.encode())
    assert decoded.length == DEFAULT_MAX_ENTRIES
    assert decoded.set_indexes() == [DEFAULT_MAX_ENTRIES - 1]


def test_status_list_credential_shape() -> None:
    status_list = StatusList()
    status_list.set(94_567)
    credential = status_list_credential(
        id=LIST_URL,
        issuer={"id": "did:web:issuer.example", "type": ["Profile"], "name": "Example"},
        purpose=StatusPurpose.REVOCATION,
        status_list=status_list,
        valid_from="2025-01-01T00:00:00Z",
        valid_until="2026-01-01T00:00:00Z",
        ttl_ms=300_000,
    )
    assert credential == {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": LIST_URL,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": {"id": "did:web:issuer.example", "type": ["Profile"], "name": "Example"},
        "validFrom": "2025-01-01T00:00:00Z",
        "validUntil": "2026-01-01T00:00:00Z",
        "credentialSubject": {
            "id": f"{LIST_URL}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": status_list.encode(),
            "ttl": 300_000,
        },
    }


def test_status_list_credential_minimal_has_no_optional_members() -> None:
    credential = status_list_credential(
        id=LIST_URL,
        issuer="did:example:issuer",
        purpose="suspension",
        status_list=StatusList(),
        valid_from="2025-01-01T00:00:00Z",
    )
    assert credential["issuer"] == "did:example:issuer"
    assert "validUntil" not in credential
    assert set(credential["credentialSubject"]) == {"id", "type", "statusPurpose", "encodedList"}
    assert credential["credentialSubject"]["statusPurpose"] == "suspension"


def test_message_list_credential_publishes_size_and_messages() -> None:
    credential = status_list_credential(
        id=LIST_URL,
        issuer="did:example:issuer",
        purpose=StatusPurpose.MESSAGE,
        status_list=StatusList(status_size=2),
        valid_from="2025-01-01T00:00:00Z",
        status_messages=FOUR_MESSAGES,
    )
    subject = credential["credentialSubject"]
    assert subject["statusSize"] == 2
    assert subject["statusMessages"][2] == {"status": "0x2", "message": "rejected"}


def test_single_bit_message_list_still_states_its_size() -> None:
    credential = status_list_credential(
        id=LIST_URL,
        issuer="did:example:issuer",
        purpose=StatusPurpose.MESSAGE,
        status_list=StatusList(),
        valid_from="2025-01-01T00:00:00Z",
        status_messages=[StatusMessage(0, "ok"), StatusMessage(1, "under review")],
    )
    assert credential["credentialSubject"]["statusSize"] == 1
    assert len(credential["credentialSubject"]["statusMessages"]) == 2


def test_status_entry_shape() -> None:
    assert status_entry(list_credential_id=LIST_URL, index=94_567, purpose="revocation") == {
        "id": f"{LIST_URL}#94567",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "94567",
        "statusListCredential": LIST_URL,
    }


def test_multi_bit_status_entry_carries_size_and_messages() -> None:
    entry = status_entry(
        list_credential_id=LIST_URL,
        index=5,
        purpose=StatusPurpose.MESSAGE,
        status_size=2,
        status_messages=FOUR_MESSAGES,
    )
    assert entry["statusSize"] == 2
    assert entry["statusMessage"][0] == {"status": "0x0", "message": "pending_review"}
    assert entry["statusListIndex"] == "5"


def test_status_message_round_trip() -> None:
    message = StatusMessage(10, "on hold")
    assert message.to_dict() == {"status": "0xa", "message": "on hold"}
    assert parse_status_message(message.to_dict()) == message
    assert parse_status_message({"status": "0xA", "message": "x", "extra": 1}).status == 10


@pytest.mark.parametrize("status_size", [0, -1, True, "1", 1.0])
def test_status_size_must_be_a_positive_integer(status_size: Any) -> None:
    with pytest.raises(StatusListError) as info:
        StatusList(status_size=status_size)
    assert info.value.code is ErrorCode.MALFORMED_VALUE_ERROR
    assert "statusSize must be an integer greater than zero" in info.value.message


def test_bits_past_the_last_whole_entry_are_padding() -> None:
    data = bytes(MIN_ENTRIES * 3 // 8) + b"\x01"  # 131,074 entries of 3 bits, 2 spare bits
    status_list = StatusList.from_bytes(data, status_size=3)
    assert status_list.length == 131_074
    assert status_list.set_indexes() == []
    assert status_list.get(131_073) == 0
    assert status_list.to_bytes() == data
