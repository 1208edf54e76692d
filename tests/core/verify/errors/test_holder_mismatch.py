"""HOLDER_MISMATCH: the presentation names one holder and is signed by another."""

from __future__ import annotations

from typing import Any

import pytest

from credstack.core.verify import verify_document
from tests.factories import HOLDER, OTHER, add_signature, issue, options, outcome, presentation

VERIFIER = {"challenge": "c0ffee", "domain": "verifier.example"}


@pytest.mark.parametrize(
    "holder", [HOLDER.controller, {"id": HOLDER.controller}], ids=["url", "object"]
)
def test_a_presentation_signed_by_someone_who_is_not_the_holder(holder: Any) -> None:
    # a valid signature by OTHER over a presentation that names HOLDER as its holder
    unsigned = {**presentation([issue()], holder=None), "holder": holder}
    signed = add_signature(unsigned, OTHER, proof_purpose="authentication", **VERIFIER)
    report = verify_document(signed, options(**VERIFIER))
    assert outcome(report) == {
        "format": ("passed", None),
        "contexts": ("passed", None),
        "proof": ("passed", None),
        "key": ("passed", None),
        "challenge": ("passed", None),
        "holder": ("failed", "HOLDER_MISMATCH"),
        "presentation": ("passed", None),
    }
    check = report.check("holder")
    assert check is not None
    assert check.message == (
        f"the presentation names {HOLDER.controller} as its holder but is signed by "
        f"{OTHER.controller}"
    )
    assert report.verified is False


def test_a_second_proof_by_another_key_is_a_mismatch_too() -> None:
    signed = presentation([issue()])
    again = add_signature(
        {k: v for k, v in signed.items() if k != "proof"},
        OTHER,
        proof_purpose="authentication",
        **VERIFIER,
    )
    both = {**signed, "proof": [*signed["proof"], *again["proof"]]}
    report = verify_document(both, options(**VERIFIER))
    assert outcome(report)["proof"] == ("passed", None)
    assert outcome(report)["holder"] == ("failed", "HOLDER_MISMATCH")


def test_a_holder_allowed_to_differ_from_the_subject_must_still_be_the_signer() -> None:
    unsigned = {**presentation([issue()], holder=None), "holder": HOLDER.controller}
    signed = add_signature(unsigned, OTHER, proof_purpose="authentication", **VERIFIER)
    report = verify_document(signed, options(**VERIFIER, allow_holder_not_subject=True))
    assert outcome(report)["holder"] == ("failed", "HOLDER_MISMATCH")
