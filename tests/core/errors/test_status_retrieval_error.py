"""STATUS_RETRIEVAL_ERROR: the status list credential could not be fetched."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import pytest

from credstack.core.errors import ErrorCode
from credstack.core.status.bitstring import status_entry
from credstack.core.status.check import StatusResult, check_status

NOW = datetime(2025, 6, 1, tzinfo=UTC)
LIST_URL = "https://issuer.example/status/1"
ENTRY = status_entry(list_credential_id=LIST_URL, index=94_567, purpose="revocation")


def _check_with(fetch: Any) -> StatusResult:
    verified: list[Mapping[str, Any]] = []
    [result] = check_status(
        {"credentialStatus": ENTRY}, fetch_list=fetch, verify_list=verified.append, now=NOW
    )
    assert verified == []  # nothing to verify when nothing was retrieved
    return result


def test_nothing_at_the_url() -> None:
    result = _check_with(lambda _: None)
    assert result.code is ErrorCode.STATUS_RETRIEVAL_ERROR
    assert result.message == (
        f"could not check revocation status (status list {LIST_URL}, index 94567): "
        "no status list credential was found at that URL"
    )
    assert (result.is_error, result.is_set) == (True, False)


@pytest.mark.parametrize(
    "error", [OSError("connection refused"), TimeoutError("timed out"), ValueError("bad JSON")]
)
def test_the_fetcher_raises(error: Exception) -> None:
    def fetch(url: str) -> Mapping[str, Any]:
        raise error

    result = _check_with(fetch)
    assert result.code is ErrorCode.STATUS_RETRIEVAL_ERROR
    assert f"the status list could not be retrieved: {error}" in result.message


@pytest.mark.parametrize("fetched", [[], "a web page", 42])
def test_the_fetcher_returns_something_other_than_an_object(fetched: Any) -> None:
    result = _check_with(lambda _: fetched)
    assert result.code is ErrorCode.STATUS_RETRIEVAL_ERROR
    assert result.message.endswith("the status list credential is not a JSON object")


def test_one_failed_list_does_not_hide_the_others() -> None:
    other_url = "https://issuer.example/status/2"
    credential = {
        "credentialStatus": [
            ENTRY,
            status_entry(list_credential_id=other_url, index=1, purpose="suspension"),
        ]
    }

    def fetch(url: str) -> Mapping[str, Any] | None:
        if url == LIST_URL:
            return None
        raise ConnectionError("reset by peer")

    first, second = check_status(credential, fetch_list=fetch, verify_list=lambda _: None, now=NOW)
    assert (first.code, second.code) == (ErrorCode.STATUS_RETRIEVAL_ERROR,) * 2
    assert second.purpose == "suspension"
    assert "reset by peer" in second.message
