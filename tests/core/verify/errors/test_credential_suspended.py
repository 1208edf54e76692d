"""CREDENTIAL_SUSPENDED: the issuer set the credential's bit in its suspension list."""

from __future__ import annotations

from credstack.core.verify import VerificationReport, verify_document
from tests.factories import (
    expected,
    issue,
    lists,
    options,
    outcome,
    signed_status_list,
    status_entry,
)

SUSPENSIONS = "https://uni.example/status/suspensions"


def _verify(*suspended: int) -> VerificationReport:
    credential = issue(status=[status_entry(7, purpose="suspension", url=SUSPENSIONS)])
    suspensions = signed_status_list(purpose="suspension", url=SUSPENSIONS, set_indexes=suspended)
    return verify_document(credential, options(fetch_status_list=lists(suspensions)))


def _status_message(report: VerificationReport) -> str:
    status = report.check("status")
    assert status is not None
    return status.message


def test_a_suspended_credential() -> None:
    report = _verify(7)
    assert outcome(report) == expected(status=("failed", "CREDENTIAL_SUSPENDED"))
    assert _status_message(report) == (
        f"suspended by the issuer (status list {SUSPENSIONS}, index 7)"
    )
    assert report.verified is False


def test_a_reinstated_credential_verifies_again() -> None:
    report = _verify()
    assert outcome(report) == expected(status=("passed", None))
    assert _status_message(report) == f"not suspended (status list {SUSPENSIONS}, index 7)"
