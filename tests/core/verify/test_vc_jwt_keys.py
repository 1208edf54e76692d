"""VC-JWTs through the pipeline: which form carried the credential, and whose key signed it.

The ``key`` check says what binds the signing key to the issuer: a ``kid`` the issuer controls,
an embedded ``jwk`` that is the issuer's ``did:key``, or one its DID document names. Open Badges
3.0's verification steps check the signature with an embedded ``jwk`` and stop; when nothing
can bind that key (the issuer is an https URL), the report says the credential is intact but
its issuer is not authenticated: a warning, or a failure for a strict verifier.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa

from credstack.core.did.methods import (
    KeyHistoryEntry,
    did_web_document,
    document_resolver,
    resolver,
)
from credstack.core.proofs.vc_jwt import jwk_thumbprint
from credstack.core.verify import VerificationReport, VerifyOptions, verify_document
from tests.core.test_vc_jwt import ED_PAIR, ISSUER, NOW, forge, rs256_signer, rsa_public
from tests.core.test_vc_jwt import credential as jwt_credential
from tests.factories import VECTORS, expected, outcome

CLR_SAMPLE = VECTORS / "samples" / "clr-v2p0" / "1edtech-validator" / "simple.jwt"
NOT_AUTHENTICATED = ("warning", "KEY_NOT_BOUND_TO_ISSUER")
WEB_DID = "did:web:uni.example"


def credential(issuer: str) -> dict[str, Any]:
    """The VC-JWT tests' credential, complete enough for the Open Badges 3.0 JSON Schema."""
    document = jwt_credential(issuer)
    document["credentialSubject"]["achievement"]["description"] = "Analyse data with Python."
    return document


def _options(**changes: Any) -> VerifyOptions:
    return replace(VerifyOptions(resolve=resolver(), now=NOW), **changes)


def _message(report: VerificationReport, check_id: str) -> str:
    check = report.check(check_id)
    assert check is not None
    return check.message


def _rsa_token(issuer: str = ISSUER) -> tuple[str, Any]:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = rsa_public(private)
    payload = {**credential(issuer), "iss": issuer, "nbf": 1748736000, "exp": 1906502400}
    header = {"alg": "RS256", "typ": "JWT", "jwk": public.to_jwk()}
    return forge(header, payload, rs256_signer(private)), public


def test_the_clr_sample_has_a_valid_signature_by_a_key_bound_to_nobody() -> None:
    # its draft contexts (dc.imsglobal.org, imsglobal.github.io) are not bundled, so it does not
    # verify; the report still shows what the signature proves and what it does not
    token = CLR_SAMPLE.read_text().strip()
    report = verify_document(token, _options())
    assert outcome(report) == {
        "format": ("passed", None),
        "contexts": ("failed", "UNKNOWN_CONTEXT"),
        "proof": ("passed", None),
        "key": NOT_AUTHENTICATED,
    }
    assert _message(report, "proof") == (
        "valid VC-JWT signature (RS256), the credential in its vc claim, the VC Data Model 1.1 "
        "encoding"
    )
    key = _message(report, "key")
    assert "nothing binds that key to the issuer https://example.edu/issuers/565049" in key
    assert "intact but its issuer is not authenticated" in key
    strict = verify_document(token, _options(strict=True))
    assert outcome(strict)["key"] == ("failed", "KEY_NOT_BOUND_TO_ISSUER")


def test_an_open_badges_jwt_with_only_an_embedded_key_verifies_with_a_warning() -> None:
    token, public = _rsa_token()
    report = verify_document(token, _options())
    assert outcome(report) == expected(key=NOT_AUTHENTICATED)
    assert report.verified is True
    assert f"thumbprint urn:ietf:params:oauth:jwk-thumbprint:sha-256:{jwk_thumbprint(public)}" in (
        _message(report, "key")
    )
    assert _message(report, "proof").endswith("the credential as its payload")


def test_a_strict_verifier_refuses_an_unbound_embedded_key() -> None:
    token, _ = _rsa_token()
    report = verify_document(token, _options(strict=True))
    assert outcome(report) == expected(key=("failed", "KEY_NOT_BOUND_TO_ISSUER"))
    assert report.verified is False


def test_an_embedded_key_the_did_web_issuers_document_names_is_the_issuers() -> None:
    document = did_web_document(WEB_DID, [KeyHistoryEntry("key-1", ED_PAIR.public_key)])
    token = forge({"alg": "EdDSA", "jwk": ED_PAIR.public_key.to_jwk()}, credential(WEB_DID))
    report = verify_document(
        token, _options(resolve_document=document_resolver({WEB_DID: document}))
    )
    assert outcome(report) == expected()
    assert _message(report, "key") == (
        f"signed with the key the token carries (jwk), which the DID document of {WEB_DID} names "
        f"for assertions ({WEB_DID}#key-1)"
    )


def test_an_embedded_key_a_did_web_issuers_document_does_not_name_fails() -> None:
    document = did_web_document(WEB_DID, [KeyHistoryEntry("key-1", ED_PAIR.public_key)])
    token, _ = _rsa_token(WEB_DID)
    report = verify_document(
        token, _options(resolve_document=document_resolver({WEB_DID: document}))
    )
    assert outcome(report) == {
        "format": ("passed", None),
        "proof": ("failed", "KEY_NOT_BOUND_TO_ISSUER"),
    }


def test_an_embedded_key_of_a_did_web_issuer_without_its_document_fails() -> None:
    token = forge({"alg": "EdDSA", "jwk": ED_PAIR.public_key.to_jwk()}, credential(WEB_DID))
    report = verify_document(token, _options())
    assert outcome(report)["proof"] == ("failed", "DID_RESOLUTION_ERROR")


def test_an_embedded_key_that_is_the_issuers_did_key() -> None:
    issuer = f"did:key:{ED_PAIR.public_key.multikey}"
    token = forge({"alg": "EdDSA", "jwk": ED_PAIR.public_key.to_jwk()}, credential(issuer))
    report = verify_document(token, _options())
    assert outcome(report) == expected()
    assert _message(report, "key") == (
        f"signed with the key the token carries (jwk), which is the key of the issuer {issuer} "
        "itself"
    )


def test_a_vc_claim_token_names_its_form() -> None:
    issuer = f"did:key:{ED_PAIR.public_key.multikey}"
    payload = {"vc": credential(issuer), "iss": issuer, "nbf": 1748736000}
    token = forge({"alg": "EdDSA", "jwk": ED_PAIR.public_key.to_jwk(), "typ": "JWT"}, payload)
    report = verify_document(token, _options())
    assert outcome(report) == expected()
    assert _message(report, "proof") == (
        "valid VC-JWT signature (EdDSA), the credential in its vc claim, the VC Data Model 1.1 "
        "encoding"
    )
