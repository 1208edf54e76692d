"""DID_RESOLUTION_ERROR in VC-JWTs: an embedded key whose DID issuer's document cannot be read.

A ``jwk`` in the header is the issuer's only if the issuer's DID document names it; when the
document cannot be read, nothing is shown either way, and the token does not verify.
"""

from __future__ import annotations

import pytest

from credstack.core.did.methods import document_resolver
from credstack.core.errors import ErrorCode, ResolutionError
from credstack.core.proofs.vc_jwt import verify_jwt
from tests.core.test_vc_jwt import ED_PAIR, NOW, credential, forge, resolver

WEB_DID = "did:web:uni.example"
JWK = ED_PAIR.public_key.to_jwk()


def test_without_a_document_resolver_a_did_web_issuers_jwk_cannot_be_bound() -> None:
    token = forge({"alg": "EdDSA", "jwk": JWK}, credential(WEB_DID))
    with pytest.raises(ResolutionError) as caught:
        verify_jwt(token, resolver(), now=NOW, allow_unbound_jwk=True)
    assert caught.value.code is ErrorCode.DID_RESOLUTION_ERROR
    assert "needs the issuer's DID document" in caught.value.message


def test_a_did_document_that_cannot_be_fetched() -> None:
    def unreachable(url: str) -> dict[str, object]:
        raise OSError(f"connection refused: {url}")

    token = forge({"alg": "EdDSA", "jwk": JWK}, credential(WEB_DID))
    with pytest.raises(ResolutionError) as caught:
        verify_jwt(
            token, resolver(), now=NOW, resolve_document=document_resolver(fetch=unreachable)
        )
    assert caught.value.code is ErrorCode.DID_RESOLUTION_ERROR
    assert "connection refused: https://uni.example/.well-known/did.json" in caught.value.message
