"""HOLDER_NOT_SUBJECT: the presentation is signed by someone the credentials are not about.

A credential is about its subject (``credentialSubject.id``). Whoever signs a presentation of
it shows only that they hold it; unless the signer is the subject, a copied credential is
presented by someone else. It fails unless the verifier accepts presentations by third parties
(``allow_holder_not_subject``: a warning then).
"""

from __future__ import annotations

from credstack.core.issuing import SignatureSuite
from credstack.core.verify import verify_document
from tests.factories import (
    HOLDER,
    OTHER,
    add_signature,
    issue,
    options,
    outcome,
    presentation,
    unsigned_credential,
)

VERIFIER = {"challenge": "c0ffee", "domain": "verifier.example"}
ABOUT_OTHER = ("failed", "HOLDER_NOT_SUBJECT")


def test_a_credential_about_someone_else() -> None:
    report = verify_document(
        presentation([issue(), issue(recipient=OTHER.controller)]), options(**VERIFIER)
    )
    assert outcome(report) == {
        "format": ("passed", None),
        "contexts": ("passed", None),
        "proof": ("passed", None),
        "key": ("passed", None),
        "challenge": ("passed", None),
        "holder": ABOUT_OTHER,
        "presentation": ("passed", None),
    }
    assert [n.verified for n in report.nested] == [True, True]
    check = report.check("holder")
    assert check is not None
    assert check.message == (
        f"credential 2 is about {OTHER.controller}; the presentation is signed by "
        f"{HOLDER.controller}, who is not the subject"
    )
    assert report.verified is False


def test_a_vc_jwt_about_someone_else() -> None:
    jwt = issue(suite=SignatureSuite.VC_JWT, recipient=OTHER.controller)
    report = verify_document(presentation([jwt]), options(**VERIFIER))
    assert outcome(report)["holder"] == ABOUT_OTHER


def test_a_presentation_without_a_holder_signed_by_someone_else() -> None:
    signed = add_signature(
        presentation([issue()], holder=None), OTHER, proof_purpose="authentication", **VERIFIER
    )
    report = verify_document(signed, options(**VERIFIER))
    assert outcome(report)["holder"] == ABOUT_OTHER


def test_one_of_several_subjects_may_present() -> None:
    credential = unsigned_credential()
    subject = credential["credentialSubject"]
    credential["credentialSubject"] = [{**subject, "id": OTHER.controller}, subject]
    signed = add_signature(credential)
    report = verify_document(presentation([signed]), options(**VERIFIER))
    assert outcome(report)["holder"] == ("passed", None)


def test_a_verifier_may_accept_presentations_by_others() -> None:
    report = verify_document(
        presentation([issue(recipient=OTHER.controller)]),
        options(**VERIFIER, allow_holder_not_subject=True),
    )
    assert outcome(report)["holder"] == ("warning", "HOLDER_NOT_SUBJECT")
    check = report.check("holder")
    assert check is not None
    assert check.message.endswith("(the verifier accepts presentations by others)")
    assert report.verified is True


def test_a_failed_signature_binds_nobody() -> None:
    signed = presentation([issue(recipient=OTHER.controller)])
    signed["verifiableCredential"] = signed["verifiableCredential"] * 2  # after signing
    report = verify_document(signed, options(**VERIFIER))
    assert outcome(report)["proof"] == ("failed", "PROOF_VERIFICATION_ERROR")
    assert outcome(report)["holder"] == ("skipped", None)
