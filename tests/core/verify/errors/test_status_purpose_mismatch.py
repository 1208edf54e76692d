"""STATUS_PURPOSE_MISMATCH: the entry and the list disagree about what the bit means."""

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


def test_a_suspension_entry_pointing_at_a_revocation_list() -> None:
    credential = issue(status=[status_entry(7, purpose="suspension")])
    revocations = signed_status_list(set_indexes=[7])
    report = verify_document(credential, options(fetch_status_list=lists(revocations)))
    assert outcome(report) == expected(status=("failed", "STATUS_PURPOSE_MISMATCH"))
    status = report.check("status")
    assert status is not None
    assert "statusPurpose is 'suspension' but the status list is for 'revocation'" in status.message
