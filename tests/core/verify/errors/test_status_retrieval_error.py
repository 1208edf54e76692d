"""STATUS_RETRIEVAL_ERROR: the status list could not be had, so revocation is unknown.

Unknown is not "not revoked": the credential does not verify.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from credstack.core.verify import verify_document
from tests.factories import STATUS_LIST_URL, expected, issue, options, outcome, status_entry

UNRETRIEVED = ("failed", "STATUS_RETRIEVAL_ERROR")


def test_no_status_list_was_supplied() -> None:
    report = verify_document(issue(status=[status_entry(7)]), options())
    assert outcome(report) == expected(status=UNRETRIEVED)
    status = report.check("status")
    assert status is not None
    assert status.message == (
        f"could not check revocation status (status list {STATUS_LIST_URL}, index 7): "
        "no status list credential was found at that URL"
    )
    assert report.verified is False


def test_the_fetcher_fails() -> None:
    def fetch(url: str) -> Mapping[str, Any]:
        raise TimeoutError(f"{url} timed out")

    report = verify_document(issue(status=[status_entry(7)]), options(fetch_status_list=fetch))
    assert outcome(report) == expected(status=UNRETRIEVED)
    status = report.check("status")
    assert status is not None
    assert f"{STATUS_LIST_URL} timed out" in status.message
