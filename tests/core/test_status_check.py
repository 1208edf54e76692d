"""Checking credentials against status list credentials (fixtures, purposes, legacy lists)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from credstack.core.errors import ErrorCode
from credstack.core.status.bitstring import (
    MIN_ENTRIES,
    STATUS_LIST_2021_CONTEXT,
    StatusList,
    StatusMessage,
    StatusPurpose,
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

VECTORS = Path(__file__).parents[1] / "vectors" / "test-vectors" / "bitstring-status-list"
NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
LIST_URL = "https://issuer.example/status/3"
MESSAGES = [
    StatusMessage(0, "pending_review"),
    StatusMessage(1, "accepted"),
    StatusMessage(2, "rejected"),
    StatusMessage(3, "undefined"),
]


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((VECTORS / name).read_text())
    return data


def _list(
    purpose: StatusPurpose | str = StatusPurpose.REVOCATION,
    *set_indexes: int,
    url: str = LIST_URL,
    status_size: int = 1,
    value: int = 1,
    **extra: Any,
) -> dict[str, Any]:
    status_list = StatusList(status_size=status_size)
    for index in set_indexes:
        status_list.set(index, value)
    return status_list_credential(
        id=url,
        issuer="did:web:issuer.example",
        purpose=purpose,
        status_list=status_list,
        valid_from="2025-01-01T00:00:00Z",
        **extra,
    )


def _check(credential: Mapping[str, Any], *lists: Mapping[str, Any]) -> list[StatusResult]:
    by_url = {item["id"]: item for item in lists}
    return check_status(credential, fetch_list=by_url.get, verify_list=lambda _: None, now=NOW)


@pytest.mark.parametrize(
    "name", ["credential-status-revoked.json", "credential-status-revoked-blank-nodes.json"]
)
def test_1edtech_revoked_fixtures_are_revoked_at_index_23(name: str) -> None:
    credential = _load(f"1edtech-validator/{name}")
    testlist = _load("1edtech-validator/testlist")
    fetched: list[str] = []

    def fetch(url: str) -> Mapping[str, Any]:
        fetched.append(url)
        return testlist

    [result] = check_status(credential, fetch_list=fetch, verify_list=lambda _: None, now=NOW)
    assert fetched == [credential["credentialStatus"]["statusListCredential"]]
    assert result.code is ErrorCode.CREDENTIAL_REVOKED
    assert (result.purpose, result.index, result.value, result.is_set) == (
        "revocation",
        23,
        1,
        True,
    )
    assert result.message == f"revoked by the issuer (status list {fetched[0]}, index 23)"
    # the fixture writes the index as a JSON number, which the specification does not allow
    assert result.warnings == (
        "statusListIndex is a JSON number; the specification requires a base-10 string",
    )
    assert not result.is_error


def test_1edtech_legacy_revocation_list_is_reported_unsupported_not_fetched() -> None:
    credential = _load("1edtech-validator/ob30-credential-status-revoked.json")

    def fetch(url: str) -> None:
        raise AssertionError(f"an unsupported status type must not be fetched: {url}")

    [result] = check_status(credential, fetch_list=fetch, verify_list=lambda _: None, now=NOW)
    assert result.code is None
    assert not result.is_set
    assert result.message == (
        "unsupported status type '1EdTechRevocationList'; this status was not checked"
    )
    assert result.warnings == (result.message,)


def test_spec_example_credential_is_not_revoked() -> None:
    credential = _load("spec-examples/a-revocable-verifiable-credential.json")
    status_list = _load("spec-examples/a-status-list-verifiable-credential.json")
    [result] = check_status(
        credential, fetch_list=lambda _: status_list, verify_list=lambda _: None, now=NOW
    )
    assert result.code is None
    assert (result.index, result.value, result.is_set) == (94_567, 0, False)
    assert result.message == (
        "not revoked (status list https://example.com/credentials/status/3, index 94567)"
    )
    assert result.warnings == ()


def test_revocation_and_suspension_on_two_lists() -> None:
    revocations = _list("revocation", 12, url="https://issuer.example/status/r")
    suspensions = _list("suspension", 94_567, url="https://issuer.example/status/s")
    credential = {
        "credentialStatus": [
            status_entry(list_credential_id=revocations["id"], index=94_567, purpose="revocation"),
            status_entry(list_credential_id=suspensions["id"], index=94_567, purpose="suspension"),
        ]
    }
    revoked, suspended = _check(credential, revocations, suspensions)
    assert (revoked.code, revoked.is_set) == (None, False)
    assert revoked.message.startswith("not revoked")
    assert (suspended.code, suspended.is_set) == (ErrorCode.CREDENTIAL_SUSPENDED, True)
    assert suspended.message == (
        "suspended by the issuer (status list https://issuer.example/status/s, index 94567)"
    )


def test_a_single_status_object_is_checked_like_an_array_of_one() -> None:
    revocations = _list("revocation", 94_567)
    entry = status_entry(list_credential_id=LIST_URL, index=94_567, purpose="revocation")
    [result] = _check({"credentialStatus": entry}, revocations)
    assert result.code is ErrorCode.CREDENTIAL_REVOKED
    assert result.list_url == LIST_URL


def test_no_credential_status_means_no_results() -> None:
    assert _check({"type": ["VerifiableCredential"]}) == []
    assert _check({"credentialStatus": []}) == []


def test_each_list_is_fetched_and_verified_once_per_check() -> None:
    suspensions = _list("suspension", 1, 2)
    fetches: Counter[str] = Counter()
    verified: list[str] = []

    def fetch(url: str) -> Mapping[str, Any]:
        fetches[url] += 1
        return suspensions

    credential = {
        "credentialStatus": [
            status_entry(list_credential_id=LIST_URL, index=i, purpose="suspension")
            for i in (1, 2, 3)
        ]
    }
    results = check_status(
        credential,
        fetch_list=fetch,
        verify_list=lambda c: verified.append(c["id"]),
        now=NOW,
    )
    assert [r.is_set for r in results] == [True, True, False]
    assert fetches == Counter({LIST_URL: 1})
    assert verified == [LIST_URL]


def test_refresh_purpose_is_reported_without_an_error_code() -> None:
    refresh = _list("refresh", 8)
    credential = {
        "credentialStatus": [
            status_entry(list_credential_id=LIST_URL, index=i, purpose="refresh") for i in (8, 9)
        ]
    }
    available, none = _check(credential, refresh)
    assert (available.code, available.is_set) == (None, True)
    assert available.message.startswith("the issuer has a refreshed credential available")
    assert (none.code, none.is_set) == (None, False)
    assert none.message.startswith("no refresh signalled")


def test_multi_bit_message_status() -> None:
    entry = status_entry(
        list_credential_id=LIST_URL,
        index=492_847 % MIN_ENTRIES,
        purpose="message",
        status_size=2,
        status_messages=MESSAGES,
    )
    messages = _list(
        "message", 492_847 % MIN_ENTRIES, status_size=2, value=2, status_messages=MESSAGES
    )
    [result] = _check({"credentialStatus": entry}, messages)
    assert (result.value, result.is_set, result.code) == (2, True, None)
    assert result.status_message == "rejected"
    assert result.message == f"status 0x2: rejected (status list {LIST_URL}, index 99631)"


def test_message_texts_may_come_from_the_list_credential() -> None:
    messages = _list("message", 5, status_size=2, value=3, status_messages=MESSAGES)
    # a JSON entry of statusSize 2 must carry its messages, so build the parsed form directly
    parsed = StatusEntry("BitstringStatusListEntry", "message", 5, LIST_URL, status_size=2)
    result = read_status(parsed, messages, now=NOW)
    assert result.status_message == "undefined"
    assert result.value == 3


def test_single_bit_message_without_texts_reads_set_and_unset() -> None:
    messages = _list(
        "message",
        4,
        status_messages=[StatusMessage(0, "fine"), StatusMessage(1, "flagged")],
    )
    del messages["credentialSubject"]["statusMessages"]
    credential = {
        "credentialStatus": [
            status_entry(list_credential_id=LIST_URL, index=i, purpose="message") for i in (4, 5)
        ]
    }
    flagged, fine = _check(credential, messages)
    assert (flagged.status_message, fine.status_message) == ("set", "unset")
    assert flagged.code is None


def test_a_purpose_without_defined_meaning_is_reported_with_a_warning() -> None:
    custom = _list("revocation", 3)
    custom["credentialSubject"]["statusPurpose"] = ["revocation", "audit"]
    entry = {
        "type": "BitstringStatusListEntry",
        "statusPurpose": "audit",
        "statusListIndex": "3",
        "statusListCredential": LIST_URL,
    }
    [result] = _check({"credentialStatus": entry}, custom)
    assert (result.code, result.value) == (None, 1)
    assert result.message.startswith("status 0x1 for purpose 'audit'")
    assert result.warnings == ("statusPurpose 'audit' has no defined meaning; not interpreted",)


def test_legacy_status_list_2021_is_read_the_same_way() -> None:
    status_list = StatusList()
    status_list.set(7)
    legacy_list = {
        "@context": ["https://www.w3.org/2018/credentials/v1", STATUS_LIST_2021_CONTEXT],
        "id": LIST_URL,
        "type": ["VerifiableCredential", "StatusList2021Credential"],
        "issuer": "did:example:12345",
        "issuanceDate": "2021-04-05T14:27:40Z",
        "expirationDate": "2030-01-01T00:00:00Z",
        "credentialSubject": {
            "id": f"{LIST_URL}#list",
            "type": "StatusList2021",
            "statusPurpose": "revocation",
            "encodedList": status_list.encode(),
        },
    }
    credential = {
        "@context": ["https://www.w3.org/2018/credentials/v1", STATUS_LIST_2021_CONTEXT],
        "credentialStatus": {
            "id": f"{LIST_URL}#7",
            "type": "StatusList2021Entry",
            "statusPurpose": "revocation",
            "statusListIndex": "7",
            "statusListCredential": LIST_URL,
        },
    }
    [result] = _check(credential, legacy_list)
    assert result.code is ErrorCode.CREDENTIAL_REVOKED
    assert result.index == 7


def test_list_subject_given_as_a_one_element_array_is_accepted() -> None:
    revocations = _list("revocation", 10)
    revocations["credentialSubject"] = [revocations["credentialSubject"]]
    entry = status_entry(list_credential_id=LIST_URL, index=10, purpose="revocation")
    [result] = _check({"credentialStatus": entry}, revocations)
    assert result.code is ErrorCode.CREDENTIAL_REVOKED


@pytest.mark.parametrize("at", ["2025-01-01T00:00:00Z", "2025-07-01T00:00:00+00:00"])
def test_validity_period_bounds_are_inclusive(at: str) -> None:
    revocations = _list("revocation", valid_until="2025-07-01T00:00:00Z")
    entry = status_entry(list_credential_id=LIST_URL, index=1, purpose="revocation")
    result = read_status(entry, revocations, now=datetime.fromisoformat(at))
    assert result.code is None
    assert result.message.startswith("not revoked")


def test_validity_compares_instants_across_time_zones() -> None:
    # validUntil is 2025-07-01T00:00Z
    revocations = _list("revocation", valid_until="2025-07-01T02:00:00+02:00")
    entry = status_entry(list_credential_id=LIST_URL, index=1, purpose="revocation")
    before = datetime(2025, 7, 1, 1, 30, tzinfo=timezone(timedelta(hours=2)))  # 23:30Z
    after = datetime(2025, 6, 30, 23, 30, tzinfo=timezone(timedelta(hours=-1)))  # 00:30Z
    assert read_status(entry, revocations, now=before).code is None
    [late] = check_status(
        {"credentialStatus": entry},
        fetch_list=lambda _: revocations,
        verify_list=lambda _: None,
        now=after,
    )
    assert late.code is ErrorCode.STATUS_VERIFICATION_ERROR
    assert "expired at 2025-07-01 02:00:00+02:00" in late.message


def test_parse_status_entry_reads_every_field() -> None:
    entry = status_entry(
        list_credential_id=LIST_URL,
        index=9,
        purpose=StatusPurpose.MESSAGE,
        status_size=2,
        status_messages=MESSAGES,
    )
    assert parse_status_entry(entry) == StatusEntry(
        type="BitstringStatusListEntry",
        purpose="message",
        index=9,
        list_url=LIST_URL,
        status_size=2,
        messages=tuple(MESSAGES),
    )


@pytest.mark.parametrize("url", ["did:web:issuer.example:status:3", "urn:uuid:1234", LIST_URL])
def test_status_list_urls_other_than_http_are_accepted(url: str) -> None:
    entry = status_entry(list_credential_id=url, index=1, purpose="revocation")
    assert parse_status_entry(entry).list_url == url


def test_result_to_dict() -> None:
    revocations = _list("revocation", 1)
    entry = status_entry(list_credential_id=LIST_URL, index=1, purpose="revocation")
    assert read_status(entry, revocations, now=NOW).to_dict() == {
        "purpose": "revocation",
        "index": 1,
        "statusListCredential": LIST_URL,
        "value": 1,
        "isSet": True,
        "code": "CREDENTIAL_REVOKED",
        "message": f"revoked by the issuer (status list {LIST_URL}, index 1)",
        "statusMessage": None,
        "warnings": [],
        "warningCode": None,
    }


def test_naive_now_is_a_programming_error() -> None:
    entry = status_entry(list_credential_id=LIST_URL, index=1, purpose="revocation")
    naive = datetime(2025, 6, 1)
    with pytest.raises(ValueError, match="timezone-aware"):
        check_status(
            {"credentialStatus": entry},
            fetch_list=lambda _: None,
            verify_list=lambda _: None,
            now=naive,
        )
    with pytest.raises(ValueError, match="timezone-aware"):
        read_status(entry, _list(), now=naive)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)
entry_like = st.fixed_dictionaries(
    {},
    optional={
        "type": st.sampled_from(["BitstringStatusListEntry", "StatusList2021Entry"]) | json_values,
        "statusPurpose": st.sampled_from(["revocation", "message"]) | json_values,
        "statusListIndex": st.sampled_from(["0", "131072", "-1", 7]) | json_values,
        "statusListCredential": st.just(LIST_URL) | json_values,
        "statusSize": st.integers(min_value=-1, max_value=10) | json_values,
        "statusMessage": json_values,
    },
)
subject_like = st.fixed_dictionaries(
    {},
    optional={
        "type": st.just("BitstringStatusList") | json_values,
        "statusPurpose": st.just("revocation") | json_values,
        "encodedList": st.sampled_from(["u", "uH4sI", StatusList().encode()]) | json_values,
        "statusSize": json_values,
        "statusMessages": json_values,
    },
)
list_like = st.fixed_dictionaries(
    {},
    optional={
        "type": st.just(["VerifiableCredential", "BitstringStatusListCredential"]) | json_values,
        "validFrom": st.just("2025-01-01T00:00:00Z") | json_values,
        "validUntil": json_values,
        "credentialSubject": subject_like | json_values,
    },
)


@settings(max_examples=100, deadline=None)
@given(
    status=st.one_of(entry_like, st.lists(entry_like | json_values, max_size=3), json_values),
    fetched=list_like | json_values,
)
def test_check_status_never_raises_on_bad_input(status: Any, fetched: Any) -> None:
    results = check_status(
        {"credentialStatus": status},
        fetch_list=lambda _: fetched,
        verify_list=lambda _: None,
        now=NOW,
    )
    expected = 0 if status is None else len(status) if isinstance(status, list) else 1
    assert len(results) == expected
    for result in results:
        assert result.message
        assert result.is_set == (result.value != 0)
        if result.code is not None and result.is_error:
            assert not result.is_set
