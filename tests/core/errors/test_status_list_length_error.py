"""STATUS_LIST_LENGTH_ERROR: lists shorter than 131,072 entries give too little herd privacy."""

from __future__ import annotations

import base64
import gzip
from datetime import UTC, datetime

import pytest

from credstack.core.errors import ErrorCode, StatusListError
from credstack.core.status.bitstring import MIN_ENTRIES, StatusList, status_entry
from credstack.core.status.check import check_status, read_status

NOW = datetime(2025, 6, 1, tzinfo=UTC)
LIST_URL = "https://issuer.example/status/short"


def _encode(bitstring: bytes) -> str:
    compressed = gzip.compress(bitstring, mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode()


def _short_list_credential() -> dict[str, object]:
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": LIST_URL,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": "did:example:issuer",
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": {
            "id": f"{LIST_URL}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": _encode(b"\xff" * 1024),  # 8,192 entries
        },
    }


def test_decoding_a_list_one_byte_short() -> None:
    with pytest.raises(StatusListError) as info:
        StatusList.decode(_encode(bytes(MIN_ENTRIES // 8 - 1)))
    assert info.value.code is ErrorCode.STATUS_LIST_LENGTH_ERROR
    assert info.value.message == (
        "the status list holds 131,064 entries of 1 bit(s) (16,383 bytes); the minimum is 131,072"
    )


def test_decoding_an_empty_list() -> None:
    with pytest.raises(StatusListError) as info:
        StatusList.decode(_encode(b""))
    assert info.value.code is ErrorCode.STATUS_LIST_LENGTH_ERROR


def test_a_16kb_list_is_too_short_for_two_bit_entries() -> None:
    encoded = _encode(bytes(MIN_ENTRIES // 8))
    assert StatusList.decode(encoded).length == MIN_ENTRIES
    with pytest.raises(StatusListError) as info:
        StatusList.decode(encoded, status_size=2)
    assert info.value.code is ErrorCode.STATUS_LIST_LENGTH_ERROR
    assert "65,536 entries of 2 bit(s)" in info.value.message


@pytest.mark.parametrize("length", [0, 1, MIN_ENTRIES - 1, True, "131072"])
def test_building_a_list_below_the_minimum(length: object) -> None:
    with pytest.raises(StatusListError) as info:
        StatusList(length)  # type: ignore[arg-type]
    assert info.value.code is ErrorCode.STATUS_LIST_LENGTH_ERROR
    assert "a status list needs at least 131,072 entries" in info.value.message


def test_from_bytes_below_the_minimum() -> None:
    with pytest.raises(StatusListError) as info:
        StatusList.from_bytes(bytes(100))
    assert info.value.code is ErrorCode.STATUS_LIST_LENGTH_ERROR


def test_check_status_reports_a_short_list() -> None:
    entry = status_entry(list_credential_id=LIST_URL, index=3, purpose="revocation")
    [result] = check_status(
        {"credentialStatus": entry},
        fetch_list=lambda _: _short_list_credential(),
        verify_list=lambda _: None,
        now=NOW,
    )
    # every bit of the short list is set, yet the credential is not reported revoked
    assert result.code is ErrorCode.STATUS_LIST_LENGTH_ERROR
    assert not result.is_set
    assert result.message.startswith("could not check revocation status")
    assert "the minimum is 131,072" in result.message


def test_read_status_raises_for_a_short_list() -> None:
    entry = status_entry(list_credential_id=LIST_URL, index=3, purpose="revocation")
    with pytest.raises(StatusListError) as info:
        read_status(entry, _short_list_credential(), now=NOW)
    assert info.value.code is ErrorCode.STATUS_LIST_LENGTH_ERROR


# --- reading a short list all the same (the verification pipeline's default) -------------------


def _short_list_clear_at(index: int) -> dict[str, object]:
    short = _short_list_credential()
    bits = bytearray(b"\xff" * 1024)
    bits[index // 8] &= ~(0x80 >> (index % 8))
    short["credentialSubject"]["encodedList"] = _encode(bytes(bits))  # type: ignore[index]
    return short


def test_a_short_list_is_read_when_the_caller_allows_it() -> None:
    entry = status_entry(list_credential_id=LIST_URL, index=3, purpose="revocation")
    result = read_status(entry, _short_list_credential(), now=NOW, allow_short=True)
    assert result.code is ErrorCode.CREDENTIAL_REVOKED
    assert result.warning_code is ErrorCode.STATUS_LIST_LENGTH_ERROR
    assert result.warnings == (
        "the status list holds 8,192 entries, fewer than the 131,072 the specification "
        "requires (a short list gives the credentials on it less herd privacy); read all the same",
    )


def test_a_clear_entry_of_a_short_list_is_not_revoked_but_warned_about() -> None:
    entry = status_entry(list_credential_id=LIST_URL, index=3, purpose="revocation")
    [result] = check_status(
        {"credentialStatus": entry},
        fetch_list=lambda _: _short_list_clear_at(3),
        verify_list=lambda _: None,
        now=NOW,
        allow_short=True,
    )
    assert result.code is None
    assert not result.is_set
    assert result.warning_code is ErrorCode.STATUS_LIST_LENGTH_ERROR


def test_an_index_past_the_end_of_a_short_list_is_a_range_error() -> None:
    entry = status_entry(list_credential_id=LIST_URL, index=8_192, purpose="revocation")
    with pytest.raises(StatusListError) as info:
        read_status(entry, _short_list_credential(), now=NOW, allow_short=True)
    assert info.value.code is ErrorCode.RANGE_ERROR


def test_an_empty_list_is_refused_even_when_short_lists_are_allowed() -> None:
    empty = _short_list_credential()
    empty["credentialSubject"]["encodedList"] = _encode(b"")  # type: ignore[index]
    entry = status_entry(list_credential_id=LIST_URL, index=0, purpose="revocation")
    with pytest.raises(StatusListError) as info:
        read_status(entry, empty, now=NOW, allow_short=True)
    assert info.value.code is ErrorCode.STATUS_LIST_LENGTH_ERROR
