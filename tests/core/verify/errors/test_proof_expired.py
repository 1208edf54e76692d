"""PROOF_EXPIRED: the proof's own ``expires`` has passed."""

from __future__ import annotations

from datetime import timedelta

from credstack.core.timestamps import format_datetime
from credstack.core.verify import verify_document
from tests.factories import (
    NOW,
    add_signature,
    expected,
    options,
    outcome,
    presentation,
    unsigned_credential,
)


def test_a_proof_that_expired_yesterday() -> None:
    expires = format_datetime(NOW - timedelta(days=1))
    credential = add_signature(
        unsigned_credential(), created=NOW - timedelta(days=2), expires=expires
    )
    report = verify_document(credential, options())
    assert outcome(report) == expected(proof=("failed", "PROOF_EXPIRED"))
    proof = report.check("proof")
    assert proof is not None
    assert proof.message.endswith(f"the proof expired at {expires}")


def test_a_proof_that_expires_tomorrow_verifies() -> None:
    expires = format_datetime(NOW + timedelta(days=1))
    credential = add_signature(unsigned_credential(), expires=expires)
    assert outcome(verify_document(credential, options())) == expected()


def test_an_expired_proof_does_not_verify_even_in_a_presentation() -> None:
    credential = add_signature(
        unsigned_credential(), expires=format_datetime(NOW - timedelta(seconds=1))
    )
    report = verify_document(presentation([credential]), options())
    assert outcome(report.nested[0])["proof"] == ("failed", "PROOF_EXPIRED")
    assert report.verified is False
