"""PROOF_VERIFICATION_ERROR: the signature does not match the document, or the proof does not
say what the verifier needs it to."""

from __future__ import annotations

import pytest

from credstack.core.crypto.multibase import encode_base58btc
from credstack.core.issuing import SignatureSuite
from credstack.core.verify import verify_document
from tests.factories import (
    add_signature,
    expected,
    issue,
    jws,
    jws_parts,
    options,
    outcome,
    presentation,
    unsigned_credential,
)

FAILED = ("failed", "PROOF_VERIFICATION_ERROR")


@pytest.mark.parametrize("suite", [SignatureSuite.EDDSA_RDFC_2022, SignatureSuite.EDDSA_JCS_2022])
def test_a_credential_changed_after_signing(suite: SignatureSuite) -> None:
    credential = issue(suite=suite)
    credential["credentialSubject"]["achievement"]["name"] = "Data Analysis with Python (Honours)"
    report = verify_document(credential, options())
    assert outcome(report) == expected(proof=FAILED)
    proof = report.check("proof")
    assert proof is not None
    assert "the signature does not match the document" in proof.message


def test_a_vc_jwt_changed_after_signing() -> None:
    header, payload, signature = jws_parts(issue(suite=SignatureSuite.VC_JWT))
    payload["credentialSubject"]["achievement"]["name"] = "Honours"
    report = verify_document(jws(header, payload, signature), options())
    assert outcome(report) == {"format": ("passed", None), "proof": FAILED}


def test_a_credential_proof_made_for_authentication() -> None:
    credential = add_signature(unsigned_credential(), proof_purpose="authentication")
    report = verify_document(credential, options())
    assert outcome(report) == expected(proof=FAILED)
    proof = report.check("proof")
    assert proof is not None
    assert "proofPurpose is 'authentication'; expected 'assertionMethod'" in proof.message


@pytest.mark.parametrize("length", [1, 32, 63, 65])
def test_a_proof_value_of_the_wrong_length(length: int) -> None:
    credential = issue()
    credential["proof"][0]["proofValue"] = encode_base58btc(b"\x01" * length)
    assert outcome(verify_document(credential, options()))["proof"] == FAILED


def test_a_presentation_with_a_bad_credential_fails_its_presentation_check() -> None:
    tampered = issue()
    tampered["name"] = "Forged"
    report = verify_document(presentation([issue(), tampered]), options())
    assert outcome(report)["presentation"] == FAILED
    assert [outcome(n)["proof"] for n in report.nested] == [("passed", None), FAILED]
