"""NO_PROOF: nothing shows who issued the document.

A credential without a proof does not verify. A presentation without one is only a warning:
the credentials inside carry their own proofs; what is missing is proof of who presents them.
"""

from __future__ import annotations

from credstack.core.verify import verify_document
from tests.factories import (
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


def test_an_unsigned_presentation_is_a_warning() -> None:
    report = verify_document(presentation([issue()], holder=None), options())
    assert outcome(report) == {
        "format": ("passed", None),
        "contexts": ("passed", None),
        "proof": ("warning", "NO_PROOF"),
        "presentation": ("passed", None),
    }
    assert report.verified is True
    assert [n.verified for n in report.nested] == [True]
