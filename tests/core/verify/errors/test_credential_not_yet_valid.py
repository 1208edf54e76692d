"""CREDENTIAL_NOT_YET_VALID: ``validFrom`` is later than now."""

from __future__ import annotations

from datetime import timedelta

import pytest

from credstack.core.issuing import SignatureSuite
from credstack.core.verify import verify_document
from tests.factories import NOW, expected, options, outcome, sign, unsigned_credential

NOT_YET = ("failed", "CREDENTIAL_NOT_YET_VALID")


@pytest.mark.parametrize("suite", list(SignatureSuite))
def test_a_credential_valid_from_tomorrow(suite: SignatureSuite) -> None:
    # signed today, valid from tomorrow: only the dates check fails
    credential = sign(unsigned_credential(valid_from=NOW + timedelta(days=1)), suite=suite)
    report = verify_document(credential, options())
    assert outcome(report) == expected(dates=NOT_YET)
    dates = report.check("dates")
    assert dates is not None
    assert dates.message == "not valid before 2025-06-02T12:00:00Z"


def test_a_credential_is_valid_from_the_moment_of_validfrom() -> None:
    credential = sign(unsigned_credential(valid_from=NOW))
    assert outcome(verify_document(credential, options())) == expected()


def test_one_second_before_validfrom_it_is_not_yet_valid() -> None:
    credential = sign(unsigned_credential(valid_from=NOW + timedelta(seconds=1)))
    assert outcome(verify_document(credential, options()))["dates"] == NOT_YET
