"""INVALID_RELATIONSHIP_FOR_VERIFICATION_METHOD: a VC-JWT signed with a non-assertion key."""

from __future__ import annotations

import pytest

from credstack.core.did.verification_method import AUTHENTICATION
from credstack.core.errors import ErrorCode, ProofError
from credstack.core.proofs.vc_jwt import sign_jwt, verify_jwt
from tests.core.test_vc_jwt import ED_PAIR, KID, NOW, credential, method, resolver


def test_an_authentication_key_cannot_issue_credentials() -> None:
    token = sign_jwt(credential(), ED_PAIR, kid=KID)
    login_key = method(relationships=frozenset({AUTHENTICATION}))
    with pytest.raises(ProofError) as caught:
        verify_jwt(token, resolver(login_key), now=NOW)
    assert caught.value.code is ErrorCode.INVALID_RELATIONSHIP_FOR_VERIFICATION_METHOD
