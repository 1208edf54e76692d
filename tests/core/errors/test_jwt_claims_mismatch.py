"""JWT_CLAIMS_MISMATCH: a claim that a JWT library would trust contradicts the credential.

Every token here is validly signed by the issuer's key, so only the claims check stands
between a relying party that reads ``iss``/``sub``/``exp`` and a credential that says otherwise.
"""

from __future__ import annotations

from typing import Any

import pytest

from credstack.core.errors import ErrorCode, ProofError
from credstack.core.proofs.vc_jwt import sign_jwt, verify_jwt
from tests.core.test_vc_jwt import ED_PAIR, KID, NOW, claims_of, credential, forge, method, resolver


def _signed_claims(**changes: Any) -> dict[str, Any]:
    claims = claims_of(sign_jwt(credential(), ED_PAIR, kid=KID))
    claims.update(changes)
    return claims


def _assert_mismatch(payload: dict[str, Any], claim: str) -> None:
    token = forge({"alg": "EdDSA", "kid": KID}, payload)
    with pytest.raises(ProofError) as caught:
        verify_jwt(token, resolver(method()), now=NOW)
    assert caught.value.code is ErrorCode.JWT_CLAIMS_MISMATCH
    assert caught.value.detail["claim"] == claim


@pytest.mark.parametrize(
    ("claim", "value"),
    [
        ("iss", "https://other.example/issuer"),
        ("jti", "urn:uuid:another-credential"),
        ("sub", "did:example:someone-else"),
        ("nbf", 1748736000 - 86400),
        ("exp", 1906502400 + 86400),
        ("exp", 1906502401.5),
    ],
)
def test_a_claim_that_contradicts_the_credential_is_refused(claim: str, value: Any) -> None:
    _assert_mismatch(_signed_claims(**{claim: value}), claim)


@pytest.mark.parametrize(
    ("claim", "value"),
    [
        ("iss", "https://other.example/issuer"),
        ("jti", "urn:uuid:another-credential"),
        ("sub", "did:example:someone-else"),
        ("nbf", 1748736000 + 1),
    ],
)
def test_a_claim_that_contradicts_the_vc_claim_is_refused(claim: str, value: Any) -> None:
    # the VC Data Model 1.1 form: the same checks against the unwrapped credential
    claims = {k: v for k, v in _signed_claims().items() if k in ("iss", "jti", "sub", "nbf")}
    _assert_mismatch({"vc": credential(), **claims, claim: value}, claim)


def test_a_longer_exp_than_valid_until_is_refused_for_a_vc_11_token() -> None:
    vc = credential(expirationDate="2030-06-01T00:00:00Z")
    del vc["validUntil"]
    _assert_mismatch({"vc": vc, "iss": vc["issuer"]["id"], "exp": 1906502400 + 1}, "exp")


@pytest.mark.parametrize(("claim", "member"), [("nbf", "validFrom"), ("exp", "validUntil")])
def test_a_date_claim_for_a_date_the_credential_does_not_have_is_refused(
    claim: str, member: str
) -> None:
    payload = _signed_claims()
    del payload[member]
    _assert_mismatch(payload, claim)


def test_jti_for_a_credential_without_id_is_refused() -> None:
    payload = _signed_claims()
    del payload["id"]
    _assert_mismatch(payload, "jti")


def test_sub_for_a_credential_with_several_subjects_is_refused() -> None:
    payload = _signed_claims(credentialSubject=[{"id": "did:example:a"}, {"id": "did:example:b"}])
    payload["sub"] = "did:example:a"
    _assert_mismatch(payload, "sub")
