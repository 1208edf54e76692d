"""INVALID_CHALLENGE_ERROR: a presentation answering another verifier's challenge (a replay)."""

from __future__ import annotations

import pytest

from credstack.core.proofs.eddsa_jcs_2022 import EDDSA_JCS_2022
from credstack.core.verify import verify_document
from tests.factories import HOLDER, add_signature, issue, options, outcome, presentation

WRONG = ("failed", "INVALID_CHALLENGE_ERROR")


@pytest.mark.parametrize(
    ("signed_with", "answered"),
    [("c0ffee", "the challenge 'c0ffee'"), ("", "the challenge ''"), (None, "no challenge")],
    ids=["another-challenge", "empty", "no-challenge"],
)
def test_a_presentation_for_another_challenge(signed_with: str | None, answered: str) -> None:
    signed = presentation([issue()], challenge=signed_with)
    report = verify_document(signed, options(challenge="d00d", domain="verifier.example"))
    assert outcome(report) == {
        "format": ("passed", None),
        "contexts": ("passed", None),
        "proof": ("passed", None),  # a sound signature, over the wrong challenge
        "key": ("passed", None),
        "challenge": WRONG,
        "holder": ("passed", None),
        "presentation": ("passed", None),
    }
    challenge = report.check("challenge")
    assert challenge is not None
    assert challenge.message == (
        f"proof 1 answers {answered}, not the verifier's 'd00d': it was made for another "
        "verification, or it is a replay"
    )
    assert report.verified is False


def test_the_expected_challenge_verifies() -> None:
    signed = presentation([issue()], challenge="d00d")
    report = verify_document(signed, options(challenge="d00d", domain="verifier.example"))
    assert report.verified is True


def test_every_proof_of_a_proof_set_must_answer_the_challenge() -> None:
    signed = presentation([issue()], challenge="d00d")
    second = add_signature(
        {k: v for k, v in signed.items() if k != "proof"},
        HOLDER,
        cryptosuite=EDDSA_JCS_2022,
        proof_purpose="authentication",
        challenge="old",
    )
    both = {**signed, "proof": [*signed["proof"], *second["proof"]]}
    report = verify_document(both, options(challenge="d00d"))
    assert outcome(report)["challenge"] == WRONG
    challenge = report.check("challenge")
    assert challenge is not None
    assert challenge.message.startswith("proof 2 answers the challenge 'old'")


def test_a_challenge_changed_after_signing_fails_the_proof_too() -> None:
    # the challenge counts because the signature covers it
    signed = presentation([issue()], challenge="c0ffee")
    signed["proof"][0]["challenge"] = "d00d"
    report = verify_document(signed, options(challenge="d00d"))
    assert outcome(report)["proof"] == ("failed", "PROOF_VERIFICATION_ERROR")
    assert outcome(report)["challenge"] == ("passed", None)
    assert outcome(report)["holder"] == ("skipped", None)
    assert report.verified is False


def test_the_challenge_is_the_presentations_not_the_credentials() -> None:
    # the credentials inside were signed long before any challenge; they are not asked for one
    signed = presentation([issue(), issue()], challenge="d00d")
    report = verify_document(signed, options(challenge="d00d"))
    assert [n.verified for n in report.nested] == [True, True]
    assert report.verified is True
