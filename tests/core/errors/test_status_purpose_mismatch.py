"""STATUS_PURPOSE_MISMATCH: the entry and the list disagree on what the bit means."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from credstack.core.errors import ErrorCode, StatusListError
from credstack.core.status.bitstring import StatusList, status_entry, status_list_credential
from credstack.core.status.check import check_status, read_status

NOW = datetime(2025, 6, 1, tzinfo=UTC)
LIST_URL = "https://issuer.example/status/1"


def _revocation_list() -> dict[str, Any]:
    status_list = StatusList()
    status_list.set(5)
    return status_list_credential(
        id=LIST_URL,
        issuer="did:example:issuer",
        purpose="revocation",
        status_list=status_list,
        valid_from="2025-01-01T00:00:00Z",
    )


def test_a_suspension_entry_pointing_at_a_revocation_list() -> None:
    entry = status_entry(list_credential_id=LIST_URL, index=5, purpose="suspension")
    [result] = check_status(
        {"credentialStatus": entry},
        fetch_list=lambda _: _revocation_list(),
        verify_list=lambda _: None,
        now=NOW,
    )
    assert result.code is ErrorCode.STATUS_PURPOSE_MISMATCH
    assert result.is_error
    assert not result.is_set  # the set bit means "revoked", never "suspended"
    assert result.message == (
        f"could not check suspension status (status list {LIST_URL}, index 5): "
        "the entry's statusPurpose is 'suspension' but the status list is for 'revocation'"
    )


def test_read_status_raises_on_a_mismatch() -> None:
    entry = status_entry(list_credential_id=LIST_URL, index=5, purpose="refresh")
    with pytest.raises(StatusListError) as info:
        read_status(entry, _revocation_list(), now=NOW)
    assert info.value.code is ErrorCode.STATUS_PURPOSE_MISMATCH


def test_a_list_with_several_purposes_must_include_the_entrys() -> None:
    list_credential = _revocation_list()
    list_credential["credentialSubject"]["statusPurpose"] = ["revocation", "refresh"]
    entry = status_entry(list_credential_id=LIST_URL, index=5, purpose="refresh")
    assert read_status(entry, list_credential, now=NOW).is_set
    suspension = status_entry(list_credential_id=LIST_URL, index=5, purpose="suspension")
    with pytest.raises(StatusListError) as info:
        read_status(suspension, list_credential, now=NOW)
    assert info.value.code is ErrorCode.STATUS_PURPOSE_MISMATCH
    assert "the status list is for 'revocation', 'refresh'" in info.value.message
