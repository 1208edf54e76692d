"""Presentations: the holder's proof, then every credential inside, each with its own report.

The binding checks (``challenge``, ``holder``) have their error paths in ``errors/``:
``test_no_proof``, ``test_no_challenge``, ``test_invalid_challenge_error``,
``test_invalid_domain_error``, ``test_holder_mismatch``, ``test_holder_not_subject``,
``test_subject_not_bindable``.
"""

from __future__ import annotations

from typing import Any

import orjson

from credstack.core.issuing import SignatureSuite
from credstack.core.proofs.eddsa_jcs_2022 import EDDSA_JCS_2022
from credstack.core.verify import VerificationReport, verify_document, verify_presentation
from tests.factories import (
    HOLDER,
    VC_V2,
    add_signature,
    expected,
    issue,
    options,
    outcome,
    presentation,
)

VERIFIER = {"challenge": "c0ffee", "domain": "verifier.example"}
ALL_PASSED = {
    "format": ("passed", None),
    "contexts": ("passed", None),
    "proof": ("passed", None),
    "key": ("passed", None),
    "challenge": ("passed", None),
    "holder": ("passed", None),
    "presentation": ("passed", None),
}


def _two_credentials() -> list[Any]:
    return [issue(), issue(suite=SignatureSuite.VC_JWT, credential_id="urn:uuid:jwt-1")]


def _verify(document: Any, **changes: Any) -> VerificationReport:
    return verify_document(document, options(**{**VERIFIER, **changes}))


def test_a_signed_presentation_of_two_credentials_verifies() -> None:
    report = _verify(presentation(_two_credentials()))
    assert report.kind == "presentation"
    assert outcome(report) == ALL_PASSED
    assert [outcome(n) for n in report.nested] == [expected(), expected()]
    assert report.verified is True
    messages = {c.id: c.message for c in report.checks}
    assert messages["key"] == (
        f"signed with {HOLDER.verification_method}, a key its controller authorises for "
        "authentication, valid when the proof was made"
    )
    assert messages["challenge"] == (
        "the proof answers the verifier's challenge 'c0ffee' for the domain 'verifier.example'"
    )
    assert messages["holder"] == f"signed by {HOLDER.controller}, the subject of every credential"


def test_without_a_domain_only_the_challenge_is_checked() -> None:
    report = verify_document(presentation(_two_credentials()), options(challenge="c0ffee"))
    assert outcome(report) == ALL_PASSED
    challenge = report.check("challenge")
    assert challenge is not None
    assert challenge.message == "the proof answers the verifier's challenge 'c0ffee'"


def test_a_holder_given_as_an_object_with_an_id() -> None:
    unsigned = presentation(_two_credentials(), holder=None)
    signed = add_signature(
        {**unsigned, "holder": {"id": HOLDER.controller}},
        HOLDER,
        proof_purpose="authentication",
        **VERIFIER,
    )
    assert outcome(_verify(signed)) == ALL_PASSED


def test_a_presentation_signed_without_a_holder_is_bound_by_its_signer() -> None:
    # ``holder`` is optional: the signer is who presents, and must be the subject
    unsigned = presentation(_two_credentials(), holder=None)
    signed = add_signature(unsigned, HOLDER, proof_purpose="authentication", **VERIFIER)
    assert "holder" not in signed
    assert outcome(_verify(signed)) == ALL_PASSED


def test_a_presentation_signed_with_eddsa_jcs_2022_verifies() -> None:
    unsigned = presentation(_two_credentials(), holder=None)
    signed = add_signature(
        {**unsigned, "holder": HOLDER.controller},
        HOLDER,
        cryptosuite=EDDSA_JCS_2022,
        proof_purpose="authentication",
        **VERIFIER,
    )
    assert outcome(_verify(signed)) == ALL_PASSED


def test_one_bad_credential_fails_the_presentation_and_the_nested_report_says_which() -> None:
    good, jwt = _two_credentials()
    tampered = issue(credential_id="urn:uuid:tampered")
    tampered["credentialSubject"]["achievement"]["name"] = "Data Analysis (Honours)"
    report = _verify(presentation([good, tampered, jwt]))
    assert outcome(report) == {
        **ALL_PASSED,
        "presentation": ("failed", "PROOF_VERIFICATION_ERROR"),
    }
    check = report.check("presentation")
    assert check is not None
    assert check.message == "1 of 3 credentials did not verify"
    assert [n.verified for n in report.nested] == [True, False, True]
    assert outcome(report.nested[1]) == expected(proof=("failed", "PROOF_VERIFICATION_ERROR"))
    assert report.verified is False
    nested_json = report.to_json()["credentials"]
    assert [n["verified"] for n in nested_json] == [True, False, True]


def test_a_presentation_changed_after_signing() -> None:
    signed = presentation(_two_credentials())
    signed["verifiableCredential"] = signed["verifiableCredential"][:1]  # one withheld
    report = _verify(signed)
    assert outcome(report)["proof"] == ("failed", "PROOF_VERIFICATION_ERROR")
    assert outcome(report)["presentation"] == ("passed", None)
    assert report.verified is False


def test_a_presentation_with_an_unknown_context_stops_at_the_contexts() -> None:
    signed = presentation(_two_credentials())
    signed["@context"] = [VC_V2, "https://example.org/remote.jsonld"]
    report = _verify(signed)
    assert outcome(report) == {
        "format": ("passed", None),
        "contexts": ("failed", "UNKNOWN_CONTEXT"),
    }
    assert report.nested == ()


def test_verify_presentation_refuses_a_credential() -> None:
    report = verify_presentation(issue(), options())
    assert outcome(report) == {"format": ("failed", "MALFORMED_VALUE_ERROR")}
    assert report.kind == "presentation"


def test_a_presentation_given_as_json_text() -> None:
    report = _verify(orjson.dumps(presentation(_two_credentials())).decode())
    assert outcome(report) == ALL_PASSED
