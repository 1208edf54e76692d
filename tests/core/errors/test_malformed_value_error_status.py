"""MALFORMED_VALUE_ERROR: status entries, list credentials and encoded lists that break the spec."""

from __future__ import annotations

import base64
import gzip
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import pytest

from credstack.core.errors import ErrorCode, KeyMaterialError, StatusListError
from credstack.core.status import bitstring as status_list_module
from credstack.core.status.bitstring import (
    MIN_ENTRIES,
    StatusList,
    StatusMessage,
    parse_status_message,
    status_entry,
    status_list_credential,
)
from credstack.core.status.check import (
    StatusEntry,
    StatusResult,
    check_status,
    parse_status_entry,
    read_status,
)

NOW = datetime(2025, 6, 1, tzinfo=UTC)
LIST_URL = "https://issuer.example/status/1"
ENTRY: dict[str, Any] = {
    "id": f"{LIST_URL}#5",
    "type": "BitstringStatusListEntry",
    "statusPurpose": "revocation",
    "statusListIndex": "5",
    "statusListCredential": LIST_URL,
}
GZIPPED = gzip.compress(bytes(MIN_ENTRIES // 8), mtime=0)


def _multibase(data: bytes) -> str:
    return "u" + base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _list_credential(**changes: Any) -> dict[str, Any]:
    credential = status_list_credential(
        id=LIST_URL,
        issuer="did:example:issuer",
        purpose="revocation",
        status_list=StatusList(),
        valid_from="2025-01-01T00:00:00Z",
    )
    credential.update(changes)
    return credential


def _check(status: Any, list_credential: Mapping[str, Any] | None = None) -> StatusResult:
    fetched: list[str] = []

    def fetch(url: str) -> Mapping[str, Any]:
        fetched.append(url)
        return list_credential or _list_credential()

    [result] = check_status(
        {"credentialStatus": status}, fetch_list=fetch, verify_list=lambda _: None, now=NOW
    )
    if list_credential is None:
        assert fetched == []  # a malformed entry is refused before anything is fetched
    assert result.code is ErrorCode.MALFORMED_VALUE_ERROR
    assert result.is_error
    assert not result.is_set
    return result


def _decode_error(encoded: Any) -> str:
    with pytest.raises(StatusListError) as info:
        StatusList.decode(encoded)
    assert info.value.code is ErrorCode.MALFORMED_VALUE_ERROR
    return info.value.message


# --- encodedList -------------------------------------------------------------------------


def test_wrong_multibase_prefix() -> None:
    encoded = "z" + _multibase(GZIPPED)[1:]
    assert _decode_error(encoded) == (
        "encodedList must be multibase base64url (prefix 'u'), but starts with 'z'"
    )


def test_empty_encoded_list() -> None:
    assert _decode_error("").endswith("but starts with nothing")


@pytest.mark.parametrize("encoded", [None, 42, b"uH4sI"])
def test_encoded_list_that_is_not_a_string(encoded: Any) -> None:
    assert _decode_error(encoded).startswith("encodedList must be a string")


@pytest.mark.parametrize(
    ("encoded", "characters"),
    [
        ("u" + base64.b64encode(GZIPPED).decode(), ["+"]),  # standard base64, not base64url
        ("uH4s+/A=", ["+", "/", "="]),
        (_multibase(GZIPPED) + "==", ["="]),
        ("uH4s I", [" "]),
    ],
)
def test_characters_outside_base64url(encoded: str, characters: list[str]) -> None:
    message = _decode_error(encoded)
    assert message.startswith("encodedList is not base64url without padding")
    assert all(repr(c) in message for c in characters)


def test_impossible_base64_length() -> None:
    assert "length is impossible" in _decode_error(_multibase(GZIPPED) + "A" * 5)


def test_base64url_that_is_not_gzip() -> None:
    assert _decode_error(_multibase(bytes(MIN_ENTRIES // 8))) == (
        "encodedList does not hold GZIP data (no GZIP magic bytes)"
    )


def test_gzip_with_a_corrupt_body() -> None:
    corrupt = bytearray(GZIPPED)
    corrupt[12] ^= 0xFF
    assert _decode_error(_multibase(bytes(corrupt))).startswith(
        "encodedList is not valid GZIP data"
    )


def test_gzip_with_a_wrong_checksum() -> None:
    corrupt = bytearray(GZIPPED)
    corrupt[-8] ^= 0x01  # CRC-32 of the trailer
    assert "incorrect data check" in _decode_error(_multibase(bytes(corrupt)))


def test_truncated_gzip() -> None:
    assert _decode_error(_multibase(GZIPPED[:-10])) == "encodedList holds truncated GZIP data"


def test_trailing_bytes_after_the_gzip_member() -> None:
    assert "not valid GZIP data" in _decode_error(_multibase(GZIPPED + b"garbage!"))


def test_a_multibase_decoder_error_is_reported_as_a_status_list_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(value: str) -> bytes:
        raise KeyMaterialError("non-zero trailing bits")

    monkeypatch.setattr(status_list_module, "decode_base64url", refuse)
    assert _decode_error(_multibase(GZIPPED)) == (
        "encodedList is not base64url: non-zero trailing bits"
    )


def test_check_status_reports_a_broken_encoded_list() -> None:
    list_credential = _list_credential()
    list_credential["credentialSubject"]["encodedList"] = "zNotBase64url"
    result = _check(ENTRY, list_credential)
    assert result.message.endswith("starts with 'z'")
    assert result.index == 5


# --- the credentialStatus entry ----------------------------------------------------------


@pytest.mark.parametrize("status", ["https://issuer.example/status/1#5", 5, True])
def test_credential_status_that_is_not_an_object(status: Any) -> None:
    result = _check(status)
    assert result.message == (
        f"could not check status: a credentialStatus entry must be an object, "
        f"got {type(status).__name__}"
    )


def test_an_entry_inside_an_array_that_is_not_an_object() -> None:
    results = check_status(
        {"credentialStatus": [ENTRY, "oops"]},
        fetch_list=lambda _: _list_credential(),
        verify_list=lambda _: None,
        now=NOW,
    )
    assert [r.code for r in results] == [None, ErrorCode.MALFORMED_VALUE_ERROR]


@pytest.mark.parametrize("purpose", [None, "", 3, ["revocation"]])
def test_status_purpose_missing_or_not_a_string(purpose: Any) -> None:
    entry = {k: v for k, v in ENTRY.items() if k != "statusPurpose"}
    if purpose is not None:
        entry["statusPurpose"] = purpose
    assert _check(entry).message.endswith("statusPurpose must be a non-empty string")


@pytest.mark.parametrize(
    "index", ["-1", "1.5", " 12", "12 ", "0x10", "", "١٢", "1e3", None, -1, 1.0, True, [5]]
)
def test_status_list_index_not_a_non_negative_base_10_string(index: Any) -> None:
    entry = {**ENTRY, "statusListIndex": index}
    result = _check(entry)
    assert "statusListIndex must be a non-negative base-10 integer string" in result.message
    assert result.purpose == "revocation"


@pytest.mark.parametrize(
    "url",
    [
        None,
        42,
        "",
        "not a url",
        "/status/1",
        "http://",
        "https:///status/1",
        "https://exa mple.org/1",
        "http://[::1/status",
    ],
)
def test_status_list_credential_not_a_url(url: Any) -> None:
    entry = {**ENTRY, "statusListCredential": url}
    assert f"statusListCredential must be a URL, got {url!r}" in _check(entry).message


@pytest.mark.parametrize("size", [0, -2, "2", 2.0, None, False])
def test_status_size_not_a_positive_integer(size: Any) -> None:
    entry = {**ENTRY, "statusSize": size}
    assert "statusSize must be an integer greater than zero" in _check(entry).message


def test_multi_bit_entry_without_status_messages() -> None:
    entry = {**ENTRY, "statusPurpose": "message", "statusSize": 2}
    assert _check(entry).message.endswith("statusSize 2 requires a statusMessage array")


@pytest.mark.parametrize(
    ("messages", "reason"),
    [
        ({"status": "0x0", "message": "a"}, "statusMessage must be an array"),
        ([{"status": "0x0", "message": "a"}], "statusSize 1 needs 2 status messages, got 1"),
        (["0x0", "0x1"], "a statusMessage item must be an object, got str"),
        (
            [{"status": "0", "message": "a"}, {"status": "0x1", "message": "b"}],
            "statusMessage status must be a hexadecimal string like '0x1': '0'",
        ),
        (
            [{"status": "0x0", "message": 1}, {"status": "0x1", "message": "b"}],
            "statusMessage message must be a string: 1",
        ),
        (
            [{"status": "0x1", "message": "a"}, {"status": "0x1", "message": "b"}],
            "status messages must cover the values 0x0 to 0x1",
        ),
    ],
)
def test_malformed_status_messages(messages: Any, reason: str) -> None:
    entry = {**ENTRY, "statusPurpose": "message", "statusMessage": messages}
    assert _check(entry).message.endswith(reason)


def test_parse_status_entry_and_read_status_raise() -> None:
    for call in (
        lambda: parse_status_entry({**ENTRY, "statusListIndex": "five"}),
        lambda: read_status(
            {**ENTRY, "type": "RevocationList2020Status"}, _list_credential(), now=NOW
        ),
    ):
        with pytest.raises(StatusListError) as info:
            call()
        assert info.value.code is ErrorCode.MALFORMED_VALUE_ERROR
    with pytest.raises(StatusListError, match="unsupported status type 'RevocationList2020Status'"):
        parse_status_entry({**ENTRY, "type": ["RevocationList2020Status"]})
    unknown = StatusEntry("RevocationList2020Status", "revocation", 5, LIST_URL)
    with pytest.raises(StatusListError, match="unsupported status type 'RevocationList2020Status'"):
        read_status(unknown, _list_credential(), now=NOW)


# --- the status list credential ----------------------------------------------------------


@pytest.mark.parametrize(
    "valid_from",
    ["yesterday", "2025-01-01", "2025-01-01T00:00:00", "2025-02-30T00:00:00Z", 20250101],
)
def test_list_dates_that_are_not_date_times_with_a_zone(valid_from: Any) -> None:
    result = _check(ENTRY, _list_credential(validFrom=valid_from))
    assert "the status list credential's validFrom is malformed: " in result.message


def test_a_credential_that_is_not_an_object() -> None:
    [result] = check_status(
        ["not", "a", "credential"],  # type: ignore[arg-type]
        fetch_list=lambda _: None,
        verify_list=lambda _: None,
        now=NOW,
    )
    assert result.code is ErrorCode.MALFORMED_VALUE_ERROR
    assert result.message == "could not check status: a credential must be a JSON object, got list"


@pytest.mark.parametrize("subject", [None, "https://issuer.example/status/1#list", [{}, {}], []])
def test_list_subject_that_is_not_one_object(subject: Any) -> None:
    result = _check(ENTRY, _list_credential(credentialSubject=subject))
    assert result.message.endswith("credentialSubject must be one object")


@pytest.mark.parametrize("purpose", [None, [], 5, ["revocation", 5]])
def test_list_without_a_status_purpose(purpose: Any) -> None:
    list_credential = _list_credential()
    list_credential["credentialSubject"]["statusPurpose"] = purpose
    result = _check(ENTRY, list_credential)
    assert result.message.endswith("the status list's statusPurpose must be one or more strings")


def test_list_without_an_encoded_list() -> None:
    list_credential = _list_credential()
    del list_credential["credentialSubject"]["encodedList"]
    assert _check(ENTRY, list_credential).message.endswith(
        "the status list credential has no encodedList"
    )


def test_list_with_a_malformed_status_size() -> None:
    list_credential = _list_credential()
    list_credential["credentialSubject"]["statusSize"] = "1"
    assert "statusSize must be an integer" in _check(ENTRY, list_credential).message


def test_list_with_malformed_status_messages() -> None:
    list_credential = _list_credential()
    list_credential["credentialSubject"]["statusPurpose"] = "message"
    list_credential["credentialSubject"]["statusMessages"] = [{"status": "0x0", "message": "a"}]
    entry = {**ENTRY, "statusPurpose": "message"}
    assert _check(entry, list_credential).message.endswith(
        "statusSize 1 needs 2 status messages, got 1"
    )


# --- the Python API ----------------------------------------------------------------------


@pytest.mark.parametrize("index", ["3", 3.0, True, None])
def test_index_of_the_wrong_type(index: Any) -> None:
    with pytest.raises(StatusListError) as info:
        StatusList().get(index)
    assert info.value.code is ErrorCode.MALFORMED_VALUE_ERROR
    assert info.value.message == f"a status list index must be an integer, got {index!r}"


def test_builders_refuse_an_unknown_purpose() -> None:
    with pytest.raises(StatusListError) as info:
        status_entry(list_credential_id=LIST_URL, index=1, purpose="revoked")
    assert info.value.code is ErrorCode.MALFORMED_VALUE_ERROR
    assert info.value.message == (
        "unknown statusPurpose 'revoked' (expected one of revocation, suspension, refresh, message)"
    )


def test_builders_need_messages_for_multi_bit_and_message_lists() -> None:
    with pytest.raises(StatusListError, match="statusSize 2 requires a status message"):
        status_entry(list_credential_id=LIST_URL, index=1, purpose="message", status_size=2)
    with pytest.raises(StatusListError, match="statusPurpose 'message' requires a status message"):
        status_list_credential(
            id=LIST_URL,
            issuer="did:example:issuer",
            purpose="message",
            status_list=StatusList(),
            valid_from="2025-01-01T00:00:00Z",
        )
    with pytest.raises(StatusListError, match="statusSize 2 needs 4 status messages, got 2"):
        status_entry(
            list_credential_id=LIST_URL,
            index=1,
            purpose="message",
            status_size=2,
            status_messages=[StatusMessage(0, "a"), StatusMessage(1, "b")],
        )


def test_parse_status_message_refuses_a_non_object() -> None:
    with pytest.raises(StatusListError) as info:
        parse_status_message(["0x0", "ok"])
    assert info.value.code is ErrorCode.MALFORMED_VALUE_ERROR
