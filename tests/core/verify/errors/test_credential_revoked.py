"""CREDENTIAL_REVOKED: the issuer set the credential's bit in its revocation list."""

from __future__ import annotations

import pytest

from credstack.core.issuing import SignatureSuite
from credstack.core.verify import verify_document
from tests.factories import (
    STATUS_LIST_URL,
    expected,
    issue,
    lists,
    options,
    outcome,
    signed_status_list,
    status_entry,
)

REVOKED = ("failed", "CREDENTIAL_REVOKED")


@pytest.mark.parametrize("suite", list(SignatureSuite))
def test_a_revoked_credential(suite: SignatureSuite) -> None:
    credential = issue(suite=suite, status=[status_entry(7)])
    revocations = signed_status_list(set_indexes=[7])
    report = verify_document(credential, options(fetch_status_list=lists(revocations)))
    assert outcome(report) == expected(status=REVOKED)
    status = report.check("status")
    assert status is not None
    assert status.message == f"revoked by the issuer (status list {STATUS_LIST_URL}, index 7)"
    assert report.verified is False


@pytest.mark.parametrize("set_indexes", [[], [6, 8, 131_071]], ids=["empty", "neighbours"])
def test_a_credential_whose_bit_is_clear_is_not_revoked(set_indexes: list[int]) -> None:
    credential = issue(status=[status_entry(7)])
    revocations = signed_status_list(set_indexes=set_indexes)
    report = verify_document(credential, options(fetch_status_list=lists(revocations)))
    assert outcome(report) == expected(status=("passed", None))
    status = report.check("status")
    assert status is not None
    assert status.message == f"not revoked (status list {STATUS_LIST_URL}, index 7)"
