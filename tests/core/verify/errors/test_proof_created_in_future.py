"""PROOF_CREATED_IN_FUTURE: a proof dated later than now (beyond five minutes of clock skew)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from credstack.core.issuing import SignatureSuite
from credstack.core.verify import verify_document
from tests.factories import NOW, expected, options, outcome, sign, unsigned_credential

FUTURE = ("failed", "PROOF_CREATED_IN_FUTURE")
DATA_INTEGRITY = [SignatureSuite.EDDSA_RDFC_2022, SignatureSuite.EDDSA_JCS_2022]


@pytest.mark.parametrize("suite", DATA_INTEGRITY)
def test_a_proof_created_tomorrow(suite: SignatureSuite) -> None:
    credential = sign(unsigned_credential(), suite=suite, created=NOW + timedelta(days=1))
    report = verify_document(credential, options())
    assert outcome(report) == expected(proof=FUTURE)
    proof = report.check("proof")
    assert proof is not None
    assert "2025-06-02T12:00:00Z, in the future" in proof.message


@pytest.mark.parametrize(
    ("ahead", "proof"),
    [
        (timedelta(minutes=5), ("passed", None)),
        (timedelta(minutes=5, seconds=1), FUTURE),
    ],
    ids=["within-clock-skew", "past-clock-skew"],
)
def test_five_minutes_of_clock_skew_are_allowed(ahead: timedelta, proof: object) -> None:
    credential = sign(unsigned_credential(), created=NOW + ahead)
    assert outcome(verify_document(credential, options()))["proof"] == proof
