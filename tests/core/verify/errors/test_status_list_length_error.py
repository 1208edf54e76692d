"""STATUS_LIST_LENGTH_ERROR through the pipeline: a signed list shorter than 131,072 entries.

The specification requires at least 131,072 entries, for herd privacy. Digital Bazaar's reader
reads shorter lists, and real issuers publish them (the Digital Credentials Consortium's hold
100,000): the pipeline reads them too and says so, as a warning. A strict verifier refuses them.
"""

from __future__ import annotations

from dataclasses import replace

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

SHORT = 100_000


def test_a_clear_entry_of_a_short_list_verifies_with_a_warning() -> None:
    credential = issue(status=[status_entry(7)])
    short = signed_status_list(entries=SHORT)
    report = verify_document(credential, options(fetch_status_list=lists(short)))
    assert outcome(report) == expected(status=("warning", "STATUS_LIST_LENGTH_ERROR"))
    assert report.verified is True
    status = report.check("status")
    assert status is not None
    assert "the status list holds 100,000 entries, fewer than the 131,072" in status.message


def test_a_revoked_entry_of_a_short_list_is_revoked() -> None:
    credential = issue(status=[status_entry(7)])
    short = signed_status_list(entries=SHORT, set_indexes=[7])
    report = verify_document(credential, options(fetch_status_list=lists(short)))
    assert outcome(report) == expected(status=("failed", "CREDENTIAL_REVOKED"))


def test_a_strict_verifier_refuses_a_short_list() -> None:
    credential = issue(status=[status_entry(7)])
    short = signed_status_list(entries=SHORT)
    strict = replace(options(fetch_status_list=lists(short)), strict=True)
    report = verify_document(credential, strict)
    assert outcome(report) == expected(status=("failed", "STATUS_LIST_LENGTH_ERROR"))
    assert report.verified is False
