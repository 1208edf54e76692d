"""KEY_NOT_BOUND_TO_ISSUER: a valid signature by a key the issuer does not control.

Each token below is correctly signed by the attacker's own key; what fails is the binding
between that key and the credential's issuer.
"""

from __future__ import annotations

import pytest

from credstack.core.did.methods import KeyHistoryEntry, did_web_document, document_resolver
from credstack.core.did.verification_method import VerificationMethod
from credstack.core.errors import ErrorCode, ProofError
from credstack.core.proofs.vc_jwt import verify_jwt
from tests.core.test_vc_jwt import (
    ED_PAIR,
    KID,
    NOW,
    OTHER_PAIR,
    b64,
    credential,
    did_jwk,
    forge,
    method,
    resolver,
)

ATTACKER = "did:example:attacker"
ATTACKER_JWK = OTHER_PAIR.public_key.to_jwk()


def _assert_not_bound(token: str, *methods: VerificationMethod) -> None:
    with pytest.raises(ProofError) as caught:
        verify_jwt(token, resolver(*methods), now=NOW)
    assert caught.value.code is ErrorCode.KEY_NOT_BOUND_TO_ISSUER


def test_an_embedded_jwk_cannot_speak_for_a_web_issuer() -> None:
    token = forge({"alg": "EdDSA", "jwk": ATTACKER_JWK}, credential(), OTHER_PAIR)
    _assert_not_bound(token)


def test_an_embedded_jwk_is_not_another_did_keys_key() -> None:
    issuer = f"did:key:{ED_PAIR.public_key.multikey}"
    token = forge({"alg": "EdDSA", "jwk": ATTACKER_JWK}, credential(issuer), OTHER_PAIR)
    _assert_not_bound(token)


def test_an_embedded_jwk_is_not_another_did_jwks_key() -> None:
    issuer = did_jwk(ED_PAIR.public_key.to_jwk())
    token = forge({"alg": "EdDSA", "jwk": ATTACKER_JWK}, credential(issuer), OTHER_PAIR)
    _assert_not_bound(token)


@pytest.mark.parametrize(
    "issuer",
    ["did:jwk:!!!", "did:jwk:é", "did:jwk:" + b64(b"[1, 2]"), "did:jwk:" + b64(b'{"kty": "OKP"}')],
)
def test_a_malformed_did_jwk_issuer_binds_no_key(issuer: str) -> None:
    token = forge({"alg": "EdDSA", "jwk": ATTACKER_JWK}, credential(issuer), OTHER_PAIR)
    _assert_not_bound(token)


def test_a_kid_controlled_by_someone_else_is_refused() -> None:
    kid = f"{ATTACKER}#key-1"
    token = forge({"alg": "EdDSA", "kid": kid}, credential(), OTHER_PAIR)
    _assert_not_bound(token, method(kid, ATTACKER, OTHER_PAIR.public_key))


def test_a_forged_iss_does_not_redirect_a_relative_kid() -> None:
    payload = {**credential(), "iss": ATTACKER}
    token = forge({"alg": "EdDSA", "kid": "#key-1"}, payload, OTHER_PAIR)
    _assert_not_bound(token, method(f"{ATTACKER}#key-1", ATTACKER, OTHER_PAIR.public_key))


def test_an_embedded_jwk_must_be_the_key_the_kid_names() -> None:
    token = forge({"alg": "EdDSA", "kid": KID, "jwk": ATTACKER_JWK}, credential(), ED_PAIR)
    _assert_not_bound(token, method())


def test_the_issuers_own_did_key_does_not_bind_a_key_named_by_another_kid() -> None:
    issuer = f"did:key:{ED_PAIR.public_key.multikey}"
    kid = f"{ATTACKER}#key-1"
    token = forge({"alg": "EdDSA", "kid": kid}, credential(issuer), OTHER_PAIR)
    _assert_not_bound(token, method(kid, ATTACKER, OTHER_PAIR.public_key))


WEB_DID = "did:web:uni.example"


def test_an_embedded_jwk_the_did_web_issuers_document_does_not_name_is_refused() -> None:
    document = did_web_document(WEB_DID, [KeyHistoryEntry("key-1", ED_PAIR.public_key)])
    token = forge({"alg": "EdDSA", "jwk": ATTACKER_JWK}, credential(WEB_DID), OTHER_PAIR)
    with pytest.raises(ProofError) as caught:
        verify_jwt(
            token,
            resolver(),
            now=NOW,
            resolve_document=document_resolver({WEB_DID: document}),
            allow_unbound_jwk=True,  # a DID issuer's document decides: no leniency applies
        )
    assert caught.value.code is ErrorCode.KEY_NOT_BOUND_TO_ISSUER
    assert f"not among the keys the DID document of {WEB_DID} names" in caught.value.message


def test_an_embedded_jwk_the_document_names_only_for_authentication_is_refused() -> None:
    document = did_web_document(WEB_DID, [KeyHistoryEntry("key-1", OTHER_PAIR.public_key)])
    document["assertionMethod"] = []
    token = forge({"alg": "EdDSA", "jwk": ATTACKER_JWK}, credential(WEB_DID), OTHER_PAIR)
    with pytest.raises(ProofError) as caught:
        verify_jwt(
            token, resolver(), now=NOW, resolve_document=document_resolver({WEB_DID: document})
        )
    assert caught.value.code is ErrorCode.KEY_NOT_BOUND_TO_ISSUER


def test_an_unbound_embedded_jwk_is_refused_unless_the_caller_accepts_it() -> None:
    token = forge({"alg": "EdDSA", "jwk": ATTACKER_JWK}, credential(), OTHER_PAIR)
    with pytest.raises(ProofError) as caught:
        verify_jwt(token, resolver(), now=NOW)
    assert caught.value.code is ErrorCode.KEY_NOT_BOUND_TO_ISSUER
    assert "nothing binds that key to the issuer https://example.edu/issuers/565049" in (
        caught.value.message
    )
