"""KEY_NOT_BOUND_TO_ISSUER: a valid signature by a key the issuer does not control."""

from __future__ import annotations

import pytest

from credstack.core.errors import ErrorCode, ProofError
from credstack.core.issuing import SignatureSuite
from credstack.core.proofs.eddsa_jcs_2022 import EDDSA_JCS_2022
from credstack.core.proofs.vc_jwt import sign_jwt
from credstack.core.verify import verify_document
from tests.factories import (
    ISSUER,
    OTHER,
    add_signature,
    expected,
    options,
    outcome,
    sign,
    unsigned_credential,
)

NOT_BOUND = ("failed", "KEY_NOT_BOUND_TO_ISSUER")


@pytest.mark.parametrize("cryptosuite", ["rdfc", "jcs"])
def test_a_data_integrity_proof_by_another_dids_key(cryptosuite: str) -> None:
    suite = {"jcs": {"cryptosuite": EDDSA_JCS_2022}, "rdfc": {}}[cryptosuite]
    credential = add_signature(unsigned_credential(key=ISSUER), OTHER, **suite)
    report = verify_document(credential, options())
    # the signature itself is fine; the key is not the issuer's
    assert outcome(report) == expected(key=NOT_BOUND)
    key = report.check("key")
    assert key is not None
    assert f"controlled by {OTHER.controller}, not by {ISSUER.controller}" in key.message


def test_a_vc_jwt_by_another_dids_key() -> None:
    token = sign_jwt(unsigned_credential(key=ISSUER), OTHER.key_pair, kid=OTHER.verification_method)
    report = verify_document(token, options())
    # a VC-JWT reports every problem with its signature or key in the proof check
    assert outcome(report) == {"format": ("passed", None), "proof": NOT_BOUND}
    assert report.verified is False


@pytest.mark.parametrize("suite", list(SignatureSuite))
def test_issuing_refuses_to_sign_with_a_key_of_another_did(suite: SignatureSuite) -> None:
    with pytest.raises(ProofError) as caught:
        sign(unsigned_credential(key=ISSUER), OTHER, suite=suite)
    assert caught.value.code is ErrorCode.KEY_NOT_BOUND_TO_ISSUER


# --- issuers that no key can belong to -----------------------------------------------------------

URN_ISSUER = "urn:uuid:4ca4a241-fc3b-4d92-978e-f56fa96ae795"


def _with_issuer(identifier: str) -> dict[str, object]:
    credential = unsigned_credential(key=ISSUER)
    credential["issuer"] = {**credential["issuer"], "id": identifier}
    return add_signature(credential, OTHER)


def test_a_urn_issuer_is_signed_for_but_not_authenticated() -> None:
    report = verify_document(_with_issuer(URN_ISSUER), options())
    assert outcome(report) == expected(key=("warning", "KEY_NOT_BOUND_TO_ISSUER"))
    assert report.verified is True
    key = report.check("key")
    assert key is not None
    assert f"signed by {OTHER.verification_method}" in key.message
    assert f"the issuer {URN_ISSUER} is not a DID or URL" in key.message


def test_a_strict_verifier_fails_a_urn_issuer() -> None:
    report = verify_document(_with_issuer(URN_ISSUER), options(strict=True))
    assert outcome(report) == expected(key=NOT_BOUND)
    assert report.verified is False


@pytest.mark.parametrize(
    "identifier", ["https://uni.example/issuers/1", "http://uni.example/issuers/1", "did:web:uni"]
)
def test_an_issuer_a_key_can_belong_to_always_fails(identifier: str) -> None:
    # a DID or URL issuer that did not sign is an impersonation, strict or not
    report = verify_document(_with_issuer(identifier), options())
    assert outcome(report) == expected(key=NOT_BOUND)
    assert report.verified is False


def test_a_urn_issuer_still_needs_a_key_valid_for_assertions() -> None:
    credential = unsigned_credential(key=ISSUER)
    credential["issuer"] = {**credential["issuer"], "id": URN_ISSUER}
    signed = add_signature(credential, OTHER, proof_purpose="authentication")
    report = verify_document(signed, options())
    assert outcome(report)["proof"] == ("failed", "PROOF_VERIFICATION_ERROR")
    assert report.verified is False
