"""NO_PROOF: nothing shows who issued the document.

A credential without a proof does not verify, and neither does a presentation: the
credentials inside carry their own proofs, but without the holder's nothing shows who presents
them or that the presentation was made for this verification (decision 0010).
"""

from __future__ import annotations

import pytest

from credstack.core.verify import verify_document
from tests.factories import (
    HOLDER,
    VECTORS,
    expected,
    issue,
    options,
    outcome,
    presentation,
    unsigned_credential,
)

NO_PROOF = ("failed", "NO_PROOF")
NO_KEY = ("skipped", None)


def test_an_unsigned_credential_does_not_verify() -> None:
    report = verify_document(unsigned_credential(), options())
    assert outcome(report) == expected(proof=NO_PROOF, key=NO_KEY)
    assert report.verified is False


def test_an_empty_proof_set_is_no_proof() -> None:
    report = verify_document({**issue(), "proof": []}, options())
    assert outcome(report) == expected(proof=NO_PROOF, key=NO_KEY)


def test_a_null_proof_is_no_proof() -> None:
    report = verify_document({**issue(), "proof": None}, options())
    assert outcome(report)["proof"] == NO_PROOF


def test_the_1edtech_noproof_sample() -> None:
    sample = VECTORS / "samples" / "ob-v3p0" / "1edtech-validator" / "simple-noproof.json"
    report = verify_document(sample.read_bytes(), options())
    assert outcome(report)["proof"] == NO_PROOF
    assert report.verified is False


UNSIGNED_PRESENTATION = {
    "format": ("passed", None),
    "contexts": ("passed", None),
    "proof": NO_PROOF,
    "key": NO_KEY,
    "challenge": ("skipped", None),
    "holder": ("skipped", None),
    "presentation": ("passed", None),
}


@pytest.mark.parametrize(
    "verifier",
    [{"challenge": "c0ffee", "domain": "verifier.example"}, {}],
    ids=["with-a-challenge", "without"],
)
def test_an_unsigned_presentation_does_not_verify(verifier: dict[str, str]) -> None:
    report = verify_document(presentation([issue()], holder=None), options(**verifier))
    assert outcome(report) == UNSIGNED_PRESENTATION
    assert report.verified is False
    assert [n.verified for n in report.nested] == [True]  # the credentials are fine
    proof = report.check("proof")
    assert proof is not None
    assert proof.message.startswith("the presentation is not signed: it shows credentials, but")


@pytest.mark.parametrize("empty", [[], None], ids=["empty-proof-set", "null"])
def test_an_empty_or_null_presentation_proof_is_no_proof(empty: object) -> None:
    unsigned = {**presentation([issue()], holder=None), "proof": empty}
    report = verify_document(unsigned, options(challenge="c0ffee"))
    assert outcome(report) == UNSIGNED_PRESENTATION
    assert report.verified is False


def test_a_holder_named_but_not_signing_is_still_unsigned() -> None:
    unsigned = {**presentation([issue()], holder=None), "holder": HOLDER.controller}
    report = verify_document(unsigned, options(challenge="c0ffee"))
    assert outcome(report) == UNSIGNED_PRESENTATION
