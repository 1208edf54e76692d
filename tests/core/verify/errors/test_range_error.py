"""RANGE_ERROR: the credential's status index lies outside its status list."""

from __future__ import annotations

from credstack.core.verify import verify_document
from tests.factories import (
    expected,
    issue,
    lists,
    options,
    outcome,
    signed_status_list,
    status_entry,
)


def test_an_index_past_the_end_of_the_list() -> None:
    credential = issue(status=[status_entry(131_072)])
    report = verify_document(credential, options(fetch_status_list=lists(signed_status_list())))
    assert outcome(report) == expected(status=("failed", "RANGE_ERROR"))
    status = report.check("status")
    assert status is not None
    assert "index 131072 is outside the status list (0 to 131071)" in status.message


def test_the_last_index_of_the_list_is_inside_it() -> None:
    credential = issue(status=[status_entry(131_071)])
    revocations = signed_status_list(set_indexes=[131_071])
    report = verify_document(credential, options(fetch_status_list=lists(revocations)))
    assert outcome(report) == expected(status=("failed", "CREDENTIAL_REVOKED"))
