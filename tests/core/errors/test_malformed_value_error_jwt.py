"""MALFORMED_VALUE_ERROR in VC-JWTs: headers and claims with values of the wrong shape."""

from __future__ import annotations

from typing import Any

import pytest

from credstack.core.errors import ErrorCode, ProofError
from credstack.core.proofs.vc_jwt import sign_jwt, verify_jwt
from tests.core.test_vc_jwt import (
    ED_PAIR,
    ISSUER,
    KID,
    NOW,
    credential,
    forge,
    method,
    resolver,
)


def _assert_malformed(header: dict[str, Any], payload: dict[str, Any]) -> ProofError:
    with pytest.raises(ProofError) as caught:
        verify_jwt(forge(header, payload), resolver(method()), now=NOW)
    assert caught.value.code is ErrorCode.MALFORMED_VALUE_ERROR
    return caught.value


@pytest.mark.parametrize(
    "extra",
    [
        {"crit": ["exp"]},
        {"crit": ["b64"], "b64": False},
        {"typ": "at+jwt"},
        {"typ": "vp+jwt"},
        {"typ": 1},
        {"kid": 7},
        {"kid": None, "jwk": "not an object"},
        {"kid": None, "jwk": {"kty": "OKP", "crv": "Ed25519"}},
        {"kid": None, "jwk": {"kty": "RSA", "n": "AQAB", "e": "AQAB"}},
        {"cty": "vp"},
        {"cty": "json"},
        {"cty": ["vc"]},
    ],
    ids=[
        "crit",
        "unencoded-payload",
        "access-token-typ",
        "presentation-typ",
        "typ-not-a-string",
        "kid-not-a-string",
        "jwk-not-an-object",
        "jwk-without-x",
        "rsa-jwk-without-a-key",
        "presentation-cty",
        "json-cty",
        "cty-not-a-string",
    ],
)
def test_malformed_headers_are_refused(extra: dict[str, Any]) -> None:
    header = {"alg": "EdDSA", "kid": KID, **extra}
    _assert_malformed({k: v for k, v in header.items() if v is not None}, credential())


@pytest.mark.parametrize(
    ("claims", "fragment"),
    [
        ({"nbf": "2025-06-01T00:00:00Z"}, "nbf is not a NumericDate"),
        ({"exp": True}, "exp is not a NumericDate"),
        ({"iat": [1]}, "iat is not a NumericDate"),
        ({"exp": 10**20}, "exp is out of range"),
    ],
)
def test_claims_that_are_not_numeric_dates_are_refused(
    claims: dict[str, Any], fragment: str
) -> None:
    error = _assert_malformed({"alg": "EdDSA", "kid": KID}, {**credential(), **claims})
    assert fragment in error.message


def test_a_vc_claim_that_is_not_an_object_is_refused() -> None:
    _assert_malformed({"alg": "EdDSA", "kid": KID}, {"vc": "a credential", "iss": ISSUER})


@pytest.mark.parametrize("issuer", [None, "", {"name": "no id"}, 42])
def test_a_credential_without_an_issuer_id_is_refused(issuer: Any) -> None:
    payload = credential()
    payload["issuer"] = issuer
    _assert_malformed({"alg": "EdDSA", "kid": KID}, payload)


def test_a_credential_date_that_is_not_a_date_time_stamp_is_refused() -> None:
    payload = {**credential(validFrom="2025-06-01"), "nbf": 1748736000}
    _assert_malformed({"alg": "EdDSA", "kid": KID}, payload)


@pytest.mark.parametrize(
    "members",
    [{"validFrom": "yesterday"}, {"validUntil": "2030-06-01T00:00:00"}, {"issuer": None}],
)
def test_signing_a_credential_with_malformed_members_is_refused(members: dict[str, Any]) -> None:
    with pytest.raises(ProofError) as caught:
        sign_jwt(credential(**members), ED_PAIR, kid=KID)
    assert caught.value.code is ErrorCode.MALFORMED_VALUE_ERROR


def test_a_payload_that_is_a_credential_and_carries_a_vc_claim_is_refused() -> None:
    # a verifier that reads the vc claim (the 1EdTech validator) and one that reads the payload
    # would see two different credentials under one signature
    impostor = credential(name="Another Credential")
    error = _assert_malformed({"alg": "EdDSA", "kid": KID}, {**credential(), "vc": impostor})
    assert "also carries a vc claim" in error.message


@pytest.mark.parametrize("typ", ["vc+jwt", "application/vc+jwt", "vc+ld+json+jwt"])
def test_a_vc_claim_in_a_vc_jose_cose_token_is_refused(typ: str) -> None:
    payload = {"vc": credential(), "iss": ISSUER}
    error = _assert_malformed({"alg": "EdDSA", "kid": KID, "typ": typ}, payload)
    assert "carries the credential as its payload, not in a vc claim" in error.message
