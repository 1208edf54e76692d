"""PROOF_GENERATION_ERROR in VC-JWTs: credentials that cannot be signed as a JWT payload."""

from __future__ import annotations

from typing import Any

import pytest

from credstack.core.errors import ErrorCode, ProofError
from credstack.core.proofs.vc_jwt import sign_jwt
from tests.core.test_vc_jwt import ED_PAIR, KID, credential


@pytest.mark.parametrize("claim", ["iss", "sub", "aud", "exp", "nbf", "iat", "jti"])
def test_a_credential_member_named_like_a_claim_is_refused(claim: str) -> None:
    # The claim would overwrite it, and the verified credential would differ from the signed one.
    with pytest.raises(ProofError) as caught:
        sign_jwt(credential(**{claim: "x"}), ED_PAIR, kid=KID)
    assert caught.value.code is ErrorCode.PROOF_GENERATION_ERROR
    assert claim in caught.value.message


@pytest.mark.parametrize("value", [{1, 2}, b"bytes", object()])
def test_a_credential_that_is_not_json_is_refused(value: Any) -> None:
    with pytest.raises(ProofError) as caught:
        sign_jwt(credential(extra=value), ED_PAIR, kid=KID)
    assert caught.value.code is ErrorCode.PROOF_GENERATION_ERROR
