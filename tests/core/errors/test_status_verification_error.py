"""STATUS_VERIFICATION_ERROR: the status list credential cannot be trusted for this check."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import pytest

from credstack.core.errors import ErrorCode, ProofError, StatusListError
from credstack.core.status.bitstring import (
    StatusList,
    StatusMessage,
    status_entry,
    status_list_credential,
)
from credstack.core.status.check import StatusResult, check_status, read_status

NOW = datetime(2025, 6, 1, tzinfo=UTC)
LIST_URL = "https://issuer.example/status/1"
ENTRY = status_entry(list_credential_id=LIST_URL, index=5, purpose="revocation")


def _list_credential(**changes: Any) -> dict[str, Any]:
    status_list = StatusList()
    status_list.set(5)
    credential = status_list_credential(
        id=LIST_URL,
        issuer="did:example:issuer",
        purpose="revocation",
        status_list=status_list,
        valid_from="2025-01-01T00:00:00Z",
        valid_until="2025-12-31T23:59:59Z",
    )
    credential.update(changes)
    return credential


def _check(list_credential: Mapping[str, Any], entry: Mapping[str, Any] = ENTRY) -> StatusResult:
    [result] = check_status(
        {"credentialStatus": entry},
        fetch_list=lambda _: list_credential,
        verify_list=lambda _: None,
        now=NOW,
    )
    return result


def _assert_unverified(result: StatusResult, reason: str) -> None:
    assert result.code is ErrorCode.STATUS_VERIFICATION_ERROR
    assert result.is_error
    assert not result.is_set  # the bit is set in the list, but the list is not trusted
    assert result.message.endswith(reason), result.message


def test_a_list_whose_proof_fails_keeps_the_inner_message() -> None:
    def verify(list_credential: Mapping[str, Any]) -> None:
        raise ProofError("the signature does not match the document")

    [result] = check_status(
        {"credentialStatus": ENTRY},
        fetch_list=lambda _: _list_credential(),
        verify_list=verify,
        now=NOW,
    )
    _assert_unverified(
        result,
        "the status list credential did not verify: the signature does not match the document",
    )


def test_a_verifier_that_breaks_fails_closed() -> None:
    def verify(list_credential: Mapping[str, Any]) -> None:
        raise KeyError("proof")

    [result] = check_status(
        {"credentialStatus": ENTRY},
        fetch_list=lambda _: _list_credential(),
        verify_list=verify,
        now=NOW,
    )
    _assert_unverified(
        result, "the status list credential could not be verified: KeyError('proof')"
    )


@pytest.mark.parametrize("list_type", [["VerifiableCredential"], "StatusList2021Credential", None])
def test_a_list_credential_of_the_wrong_type(list_type: Any) -> None:
    result = _check(_list_credential(type=list_type))
    _assert_unverified(
        result, "the status list credential's type does not include BitstringStatusListCredential"
    )


def test_a_list_subject_of_the_wrong_type() -> None:
    list_credential = _list_credential()
    list_credential["credentialSubject"]["type"] = "StatusList2021"
    _assert_unverified(
        _check(list_credential),
        "the status list's credentialSubject type must be BitstringStatusList",
    )


def test_an_expired_list_credential() -> None:
    result = _check(_list_credential(validUntil="2025-05-31T23:59:59Z"))
    _assert_unverified(result, "the status list credential expired at 2025-05-31 23:59:59+00:00")


def test_a_list_credential_not_yet_valid() -> None:
    result = _check(_list_credential(validFrom="2025-06-02T00:00:00Z"))
    _assert_unverified(
        result, "the status list credential is not valid before 2025-06-02 00:00:00+00:00"
    )


def test_a_legacy_list_past_its_expiration_date() -> None:
    status_list = StatusList()
    legacy = {
        "id": LIST_URL,
        "type": ["VerifiableCredential", "StatusList2021Credential"],
        "issuanceDate": "2021-01-01T00:00:00Z",
        "expirationDate": "2022-01-01T00:00:00Z",
        "credentialSubject": {
            "type": "StatusList2021",
            "statusPurpose": "revocation",
            "encodedList": status_list.encode(),
        },
    }
    entry = {**ENTRY, "type": "StatusList2021Entry"}
    _assert_unverified(
        _check(legacy, entry), "the status list credential expired at 2022-01-01 00:00:00+00:00"
    )


def test_a_list_whose_status_size_contradicts_the_entry() -> None:
    messages = [StatusMessage(i, f"m{i}") for i in range(4)]
    list_credential = status_list_credential(
        id=LIST_URL,
        issuer="did:example:issuer",
        purpose="message",
        status_list=StatusList(status_size=2),
        valid_from="2025-01-01T00:00:00Z",
        status_messages=messages,
    )
    entry = status_entry(list_credential_id=LIST_URL, index=5, purpose="message")
    _assert_unverified(
        _check(list_credential, entry), "the status list uses statusSize 2 but the entry says 1"
    )


def test_read_status_raises_for_an_expired_list() -> None:
    with pytest.raises(StatusListError) as info:
        read_status(ENTRY, _list_credential(validUntil="2025-01-02T00:00:00Z"), now=NOW)
    assert info.value.code is ErrorCode.STATUS_VERIFICATION_ERROR
    assert "expired" in info.value.message
