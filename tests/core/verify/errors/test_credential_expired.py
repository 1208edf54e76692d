"""CREDENTIAL_EXPIRED: ``validUntil`` has passed. At ``validUntil`` itself it is still valid."""

from __future__ import annotations

from datetime import timedelta

import pytest

from credstack.core.issuing import SignatureSuite
from credstack.core.verify import verify_document
from tests.factories import NOW, expected, issue, options, outcome

EXPIRED = ("failed", "CREDENTIAL_EXPIRED")
LAST_YEAR = NOW - timedelta(days=365)


@pytest.mark.parametrize("suite", list(SignatureSuite))
def test_a_credential_that_expired_a_second_ago(suite: SignatureSuite) -> None:
    credential = issue(suite=suite, now=LAST_YEAR, valid_until=NOW - timedelta(seconds=1))
    report = verify_document(credential, options())
    assert outcome(report) == expected(dates=EXPIRED)
    dates = report.check("dates")
    assert dates is not None
    assert dates.message == "expired at 2025-06-01T11:59:59Z"
    assert report.verified is False


@pytest.mark.parametrize("suite", list(SignatureSuite))
def test_a_credential_is_still_valid_at_validuntil(suite: SignatureSuite) -> None:
    credential = issue(suite=suite, now=LAST_YEAR, valid_until=NOW)
    report = verify_document(credential, options())
    assert outcome(report) == expected()
    dates = report.check("dates")
    assert dates is not None
    assert dates.message == "valid from 2024-06-01T12:00:00Z until 2025-06-01T12:00:00Z"
