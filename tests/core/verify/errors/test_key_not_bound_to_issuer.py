"""KEY_NOT_BOUND_TO_ISSUER: a valid signature by a key the issuer does not control."""

from __future__ import annotations

import pytest

from credstack.core.errors import ErrorCode, ProofError
from credstack.core.issuing import SignatureSuite
from credstack.core.proofs.eddsa_jcs_2022 import EDDSA_JCS_2022
from credstack.core.vc_jwt import sign_jwt
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
