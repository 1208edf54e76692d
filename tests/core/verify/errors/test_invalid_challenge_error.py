"""INVALID_CHALLENGE_ERROR: a presentation answering another verifier's challenge (a replay)."""

from __future__ import annotations

import pytest

from credstack.core.verify import verify_document
from tests.factories import issue, options, outcome, presentation

WRONG = ("failed", "INVALID_CHALLENGE_ERROR")


@pytest.mark.parametrize(
    "signed_with", ["c0ffee", "", None], ids=["another-challenge", "empty", "no-challenge"]
)
def test_a_presentation_for_another_challenge(signed_with: str | None) -> None:
    signed = presentation([issue()], challenge=signed_with)
    report = verify_document(signed, options(challenge="d00d", domain="verifier.example"))
    assert outcome(report) == {
        "format": ("passed", None),
        "contexts": ("passed", None),
        "proof": WRONG,
        "key": ("passed", None),
        "presentation": ("passed", None),
    }
    proof = report.check("proof")
    assert proof is not None
    assert "the proof's challenge is not the one the verifier issued" in proof.message
    assert report.verified is False


def test_the_expected_challenge_verifies() -> None:
    signed = presentation([issue()], challenge="d00d")
    report = verify_document(signed, options(challenge="d00d", domain="verifier.example"))
    assert report.verified is True


def test_the_challenge_is_the_presentations_not_the_credentials() -> None:
    # the credentials inside were signed long before any challenge; they are not asked for one
    signed = presentation([issue(), issue()], challenge="d00d")
    report = verify_document(signed, options(challenge="d00d"))
    assert [n.verified for n in report.nested] == [True, True]
