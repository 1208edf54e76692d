"""INVALID_DOMAIN_ERROR: a presentation meant for another verifier."""

from __future__ import annotations

import pytest

from credstack.core.verify import verify_document
from tests.factories import issue, options, outcome, presentation


@pytest.mark.parametrize(
    "signed_for", ["other-verifier.example", None], ids=["another-domain", "no-domain"]
)
def test_a_presentation_for_another_domain(signed_for: str | None) -> None:
    signed = presentation([issue()], domain=signed_for)
    report = verify_document(signed, options(challenge="c0ffee", domain="verifier.example"))
    assert outcome(report)["proof"] == ("failed", "INVALID_DOMAIN_ERROR")
    assert outcome(report)["presentation"] == ("passed", None)
    proof = report.check("proof")
    assert proof is not None
    assert proof.message.endswith("the proof's domain is not the verifier's")
    assert report.verified is False


def test_the_expected_domain_verifies() -> None:
    signed = presentation([issue()], domain="verifier.example")
    report = verify_document(signed, options(challenge="c0ffee", domain="verifier.example"))
    assert report.verified is True
