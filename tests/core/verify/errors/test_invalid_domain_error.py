"""INVALID_DOMAIN_ERROR: a presentation meant for another verifier."""

from __future__ import annotations

from typing import Any

import pytest

from credstack.core.verify import verify_document
from tests.factories import HOLDER, add_signature, issue, options, outcome, presentation

VERIFIER = {"challenge": "c0ffee", "domain": "verifier.example"}


@pytest.mark.parametrize(
    ("signed_for", "named"),
    [
        ("other-verifier.example", "the domain 'other-verifier.example'"),
        (None, "no domain"),
        (["a.example", "b.example"], "the domain ['a.example', 'b.example']"),
    ],
    ids=["another-domain", "no-domain", "a-set-without-it"],
)
def test_a_presentation_for_another_domain(signed_for: Any, named: str) -> None:
    signed = presentation([issue()], domain=signed_for)
    report = verify_document(signed, options(**VERIFIER))
    assert outcome(report)["challenge"] == ("failed", "INVALID_DOMAIN_ERROR")
    assert outcome(report)["proof"] == ("passed", None)
    assert outcome(report)["presentation"] == ("passed", None)
    challenge = report.check("challenge")
    assert challenge is not None
    assert challenge.message == (
        f"proof 1 names {named}, not the verifier's 'verifier.example': it was made for "
        "another verifier"
    )
    assert report.verified is False


def test_the_expected_domain_verifies() -> None:
    signed = presentation([issue()], domain="verifier.example")
    report = verify_document(signed, options(**VERIFIER))
    assert report.verified is True


def test_a_domain_set_naming_the_verifier_verifies() -> None:
    # Data Integrity allows a set of domains; Digital Bazaar accepts one that includes it
    unsigned = presentation([issue()], holder=None)
    signed = add_signature(
        {**unsigned, "holder": HOLDER.controller},
        HOLDER,
        proof_purpose="authentication",
        challenge="c0ffee",
        domain=["other.example", "verifier.example"],
    )
    report = verify_document(signed, options(**VERIFIER))
    assert outcome(report)["challenge"] == ("passed", None)
    assert report.verified is True


def test_a_domain_the_verifier_does_not_ask_for_is_not_checked() -> None:
    signed = presentation([issue()], domain="other-verifier.example")
    assert verify_document(signed, options(challenge="c0ffee")).verified is True
