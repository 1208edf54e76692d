"""RANGE_ERROR: an index or value that does not fit the status list."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from credstack.core.errors import ErrorCode, StatusListError
from credstack.core.status.bitstring import (
    MIN_ENTRIES,
    StatusList,
    StatusPurpose,
    status_entry,
    status_list_credential,
)
from credstack.core.status.check import check_status, read_status

NOW = datetime(2025, 6, 1, tzinfo=UTC)
LIST_URL = "https://issuer.example/status/1"


def _list_credential() -> dict[str, Any]:
    return status_list_credential(
        id=LIST_URL,
        issuer="did:example:issuer",
        purpose=StatusPurpose.REVOCATION,
        status_list=StatusList(),
        valid_from="2025-01-01T00:00:00Z",
    )


def _entry(index: str) -> dict[str, Any]:
    return {
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": index,
        "statusListCredential": LIST_URL,
    }


@pytest.mark.parametrize("index", [-1, MIN_ENTRIES, MIN_ENTRIES * 10])
def test_get_outside_the_list(index: int) -> None:
    with pytest.raises(StatusListError) as info:
        StatusList().get(index)
    assert info.value.code is ErrorCode.RANGE_ERROR
    assert f"index {index} is outside the status list (0 to 131071)" == info.value.message


@pytest.mark.parametrize("index", [-1, MIN_ENTRIES])
def test_set_and_clear_outside_the_list(index: int) -> None:
    status_list = StatusList()
    for change in (status_list.set, status_list.clear):
        with pytest.raises(StatusListError) as info:
            change(index)
        assert info.value.code is ErrorCode.RANGE_ERROR
    assert status_list.set_indexes() == []


@pytest.mark.parametrize(("status_size", "value"), [(1, 2), (2, 4), (8, 256), (1, -1), (2, True)])
def test_value_wider_than_the_entry(status_size: int, value: Any) -> None:
    status_list = StatusList(status_size=status_size)
    with pytest.raises(StatusListError) as info:
        status_list.set(0, value)
    assert info.value.code is ErrorCode.RANGE_ERROR
    assert f"does not fit in {status_size} bit(s)" in info.value.message
    assert status_list.get(0) == 0


def test_status_size_above_the_supported_maximum() -> None:
    with pytest.raises(StatusListError) as info:
        StatusList(status_size=9)
    assert info.value.code is ErrorCode.RANGE_ERROR
    assert info.value.message == "statusSize 9 exceeds the supported maximum of 8"


def test_check_status_reports_an_index_past_the_end() -> None:
    [result] = check_status(
        {"credentialStatus": _entry(str(MIN_ENTRIES))},
        fetch_list=lambda _: _list_credential(),
        verify_list=lambda _: None,
        now=NOW,
    )
    assert result.code is ErrorCode.RANGE_ERROR
    assert result.is_error
    assert (result.index, result.is_set) == (MIN_ENTRIES, False)
    assert result.message == (
        f"could not check revocation status (status list {LIST_URL}, index 131072): "
        "index 131072 is outside the status list (0 to 131071)"
    )


def test_read_status_raises_for_an_index_past_the_end() -> None:
    with pytest.raises(StatusListError) as info:
        read_status(_entry("200000"), _list_credential(), now=NOW)
    assert info.value.code is ErrorCode.RANGE_ERROR


def test_an_absurdly_long_index_is_refused_before_conversion() -> None:
    [result] = check_status(
        {"credentialStatus": _entry("9" * 5000)},
        fetch_list=lambda _: _list_credential(),
        verify_list=lambda _: None,
        now=NOW,
    )
    assert result.code is ErrorCode.RANGE_ERROR
    assert "statusListIndex has 5000 digits" in result.message


def test_entry_status_size_above_the_maximum() -> None:
    entry = {**_entry("1"), "statusSize": 12}
    with pytest.raises(StatusListError) as info:
        read_status(entry, _list_credential(), now=NOW)
    assert info.value.code is ErrorCode.RANGE_ERROR
    assert "statusSize 12" in info.value.message


def test_builders_refuse_negative_index_and_ttl() -> None:
    with pytest.raises(StatusListError) as entry_info:
        status_entry(list_credential_id=LIST_URL, index=-5, purpose="revocation")
    assert entry_info.value.code is ErrorCode.RANGE_ERROR
    with pytest.raises(StatusListError) as ttl_info:
        status_list_credential(
            id=LIST_URL,
            issuer="did:example:issuer",
            purpose="revocation",
            status_list=StatusList(),
            valid_from="2025-01-01T00:00:00Z",
            ttl_ms=-1,
        )
    assert ttl_info.value.code is ErrorCode.RANGE_ERROR
    assert "ttl must be a non-negative number of milliseconds" in ttl_info.value.message
