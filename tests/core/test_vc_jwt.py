"""VC-JWT: round trips, interoperability with joserfc, key binding forms and VC 1.1 tokens.

The attacks (and every other error path) are in ``tests/core/errors/``; the helpers here
(``credential``, ``resolver``, ``forge`` …) are shared with them.
"""

from __future__ import annotations

import base64
import json
import warnings
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from joserfc import jws
from joserfc.errors import SecurityWarning
from joserfc.jwk import ECKey, OKPKey, RSAKey

from credstack.core.crypto.keys import (
    Ed25519KeyPair,
    KeyPair,
    P256KeyPair,
    PublicKey,
    RsaPublicKey,
    public_key_from_jwk,
)
from credstack.core.did.methods import KeyHistoryEntry, did_web_document, document_resolver
from credstack.core.did.methods import resolver as did_resolver
from credstack.core.did.verification_method import VerificationMethod, VerificationMethodResolver
from credstack.core.errors import ErrorCode, ProofError, ResolutionError
from credstack.core.proofs.vc_jwt import (
    REGISTERED_CLAIMS,
    JwtForm,
    KeyBinding,
    jwk_thumbprint,
    sign_jwt,
    verify_jwt,
)

SAMPLES = Path(__file__).resolve().parents[1] / "vectors" / "samples" / "ob-v3p0"
NOW = datetime(2026, 1, 1, tzinfo=UTC)
ISSUER = "https://example.edu/issuers/565049"
KID = f"{ISSUER}#key-1"
ED_PAIR = Ed25519KeyPair(bytes(range(32)))
P256_PAIR = P256KeyPair(bytes(range(1, 33)))
OTHER_PAIR = Ed25519KeyPair(b"\x07" * 32)


def credential(issuer: str = ISSUER, **members: Any) -> dict[str, Any]:
    """An OB 3.0 credential with every member a JWT claim repeats."""
    document: dict[str, Any] = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": "urn:uuid:0d9b4b3e-5f38-4d0e-9a51-8b1f0b6c7a10",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer, "type": ["Profile"], "name": "Example University"},
        "validFrom": "2025-06-01T00:00:00Z",
        "validUntil": "2030-06-01T00:00:00Z",
        "name": "Data Analysis with Python",
        "credentialSubject": {
            "id": "did:example:learner-7",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://example.edu/achievements/da-101",
                "type": ["Achievement"],
                "name": "Data Analysis with Python",
                "criteria": {"narrative": "Pass the final project."},
            },
        },
    }
    document.update(members)
    return document


def method(
    kid: str = KID, controller: str = ISSUER, key: PublicKey = ED_PAIR.public_key, **extra: Any
) -> VerificationMethod:
    return VerificationMethod(kid, controller, key, **extra)


def resolver(*methods: VerificationMethod) -> VerificationMethodResolver:
    """Resolves exactly the given methods; anything else is a ResolutionError."""
    known = {m.id: m for m in methods}

    def resolve(url: str) -> VerificationMethod:
        if url not in known:
            raise ResolutionError(f"unknown verification method {url}")
        return known[url]

    return resolve


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def forge(
    header: dict[str, Any],
    payload: dict[str, Any] | bytes,
    signer: KeyPair | Callable[[bytes], bytes] | None = ED_PAIR,
) -> str:
    """A compact JWS with any header and payload, signed by ``signer`` (or unsigned)."""
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(body)}"
    if signer is None:
        return f"{signing_input}."
    sign = signer if callable(signer) else signer.sign
    return f"{signing_input}.{b64(sign(signing_input.encode()))}"


def claims_of(token: str) -> dict[str, Any]:
    segment = token.split(".")[1]
    return dict(json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))))


def did_jwk(jwk: dict[str, str]) -> str:
    return "did:jwk:" + b64(json.dumps(jwk).encode())


@pytest.fixture(scope="module")
def rsa_private() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def rs256_signer(private: rsa.RSAPrivateKey) -> Callable[[bytes], bytes]:
    return lambda data: private.sign(data, padding.PKCS1v15(), hashes.SHA256())


def rsa_public(private: rsa.RSAPrivateKey) -> RsaPublicKey:
    numbers = private.public_key().public_numbers()
    return RsaPublicKey.from_numbers(numbers.n, numbers.e)


# -- signing and verifying -------------------------------------------------------------------------


def test_eddsa_token_has_the_ob_header_and_claims() -> None:
    token = sign_jwt(credential(), ED_PAIR, kid=KID)
    header_segment = token.split(".")[0]
    header = json.loads(base64.urlsafe_b64decode(header_segment + "=" * (-len(header_segment) % 4)))
    assert header == {"alg": "EdDSA", "kid": KID, "typ": "JWT"}
    claims = claims_of(token)
    assert {k: claims[k] for k in sorted(REGISTERED_CLAIMS & claims.keys())} == {
        "exp": 1906502400,
        "iss": ISSUER,
        "jti": "urn:uuid:0d9b4b3e-5f38-4d0e-9a51-8b1f0b6c7a10",
        "nbf": 1748736000,
        "sub": "did:example:learner-7",
    }
    assert {k: v for k, v in claims.items() if k not in REGISTERED_CLAIMS} == credential()
    assert "vc" not in claims  # the Open Badges 3.0 form: the credential is the payload
    assert verify_jwt(token, resolver(method()), now=NOW).form is JwtForm.CREDENTIAL


@pytest.mark.parametrize(("pair", "alg"), [(ED_PAIR, "EdDSA"), (P256_PAIR, "ES256")])
def test_round_trip(pair: KeyPair, alg: str) -> None:
    token = sign_jwt(credential(), pair, kid=KID)
    the_method = method(key=pair.public_key)
    result = verify_jwt(token, resolver(the_method), now=NOW)
    assert result.header["alg"] == alg
    assert result.credential == credential()
    assert result.method == the_method
    assert result.not_before == datetime(2025, 6, 1, tzinfo=UTC)
    assert result.expires == datetime(2030, 6, 1, tzinfo=UTC)
    assert result.issued_at is None
    assert result.claims["iss"] == ISSUER


def test_credential_without_optional_members_gets_only_iss() -> None:
    minimal = credential()
    for member in ("id", "validFrom", "validUntil"):
        del minimal[member]
    minimal["credentialSubject"] = [{"type": ["AchievementSubject"]}, {"id": "did:example:b"}]
    token = sign_jwt(minimal, ED_PAIR, kid=KID)
    assert REGISTERED_CLAIMS & claims_of(token).keys() == {"iss"}
    result = verify_jwt(token, resolver(method()), now=NOW)
    assert result.credential == minimal
    assert (result.not_before, result.expires) == (None, None)


def test_fractional_valid_from_is_floored_and_accepted() -> None:
    token = sign_jwt(credential(validFrom="2025-06-01T00:00:00.750+02:00"), ED_PAIR, kid=KID)
    assert claims_of(token)["nbf"] == 1748728800
    result = verify_jwt(token, resolver(method()), now=NOW)
    assert result.not_before == datetime(2025, 5, 31, 22, tzinfo=UTC)


def test_relative_kid_resolves_against_iss() -> None:
    token = sign_jwt(credential(), ED_PAIR, kid="#key-1")
    assert verify_jwt(token, resolver(method()), now=NOW).method.id == KID


def test_a_single_subject_in_an_array_gives_sub() -> None:
    document = credential(credentialSubject=[{"id": "did:example:learner-7"}])
    token = sign_jwt(document, ED_PAIR, kid=KID)
    assert claims_of(token)["sub"] == "did:example:learner-7"
    assert verify_jwt(token, resolver(method()), now=NOW).credential == document


def test_iat_is_exposed_and_key_history_is_honoured() -> None:
    payload = {**credential(), "iss": ISSUER, "iat": 1748736000}
    token = forge({"alg": "EdDSA", "kid": KID}, payload)
    rotated = method(
        valid_from=datetime(2025, 1, 1, tzinfo=UTC), valid_until=datetime(2025, 12, 31, tzinfo=UTC)
    )
    result = verify_jwt(token, resolver(rotated), now=NOW)
    assert result.issued_at == datetime(2025, 6, 1, tzinfo=UTC)


@pytest.mark.parametrize("typ", ["JWT", "jwt", "vc+jwt", "application/vc+jwt", "vc+ld+json+jwt"])
def test_credential_token_types_are_accepted(typ: str) -> None:
    token = forge({"alg": "EdDSA", "kid": KID, "typ": typ}, credential())
    assert verify_jwt(token, resolver(method()), now=NOW).header["typ"] == typ


def test_vc_jose_cose_form_without_claims_verifies() -> None:
    token = forge({"alg": "Ed25519", "kid": KID, "typ": "vc+jwt", "cty": "vc"}, credential())
    result = verify_jwt(token, resolver(method()), now=NOW)
    assert result.credential == credential()
    assert result.not_before is None


def test_resolution_failures_reach_the_caller() -> None:
    token = sign_jwt(credential(), ED_PAIR, kid=f"{ISSUER}#unknown")
    with pytest.raises(ResolutionError):
        verify_jwt(token, resolver(method()), now=NOW)


# -- keys embedded in the header ------------------------------------------------------------------


@pytest.mark.parametrize("pair", [ED_PAIR, P256_PAIR], ids=["Ed25519", "P-256"])
def test_embedded_jwk_of_a_did_key_issuer_verifies(pair: KeyPair) -> None:
    issuer = f"did:key:{pair.public_key.multikey}"
    alg = "EdDSA" if pair is ED_PAIR else "ES256"
    token = forge({"alg": alg, "jwk": pair.public_key.to_jwk()}, credential(issuer), pair)
    result = verify_jwt(token, resolver(), now=NOW)
    assert result.method.id == f"{issuer}#{pair.public_key.multikey}"
    assert result.method.controller == issuer


def test_embedded_rsa_jwk_of_a_did_jwk_issuer_verifies(rsa_private: rsa.RSAPrivateKey) -> None:
    public = rsa_public(rsa_private)
    issuer = did_jwk(public.to_jwk())
    token = forge(
        {"alg": "RS256", "typ": "JWT", "jwk": public.to_jwk()},
        credential(issuer),
        rs256_signer(rsa_private),
    )
    result = verify_jwt(token, resolver(), now=NOW)
    assert result.method.id == f"{issuer}#0"
    assert result.method.public_key == public


def test_embedded_jwk_that_matches_the_kid_verifies() -> None:
    token = forge({"alg": "EdDSA", "kid": KID, "jwk": ED_PAIR.public_key.to_jwk()}, credential())
    result = verify_jwt(token, resolver(method()), now=NOW)
    assert (result.method.id, result.binding) == (KID, KeyBinding.VERIFICATION_METHOD)


WEB_DID = "did:web:uni.example"


def test_embedded_jwk_named_by_the_did_web_issuers_document_verifies() -> None:
    document = did_web_document(WEB_DID, [KeyHistoryEntry("key-1", ED_PAIR.public_key)])
    token = forge({"alg": "EdDSA", "jwk": ED_PAIR.public_key.to_jwk()}, credential(WEB_DID))
    result = verify_jwt(
        token, resolver(), now=NOW, resolve_document=document_resolver({WEB_DID: document})
    )
    assert result.binding is KeyBinding.ISSUER_DOCUMENT
    assert (result.method.id, result.method.controller) == (f"{WEB_DID}#key-1", WEB_DID)


def test_embedded_jwk_the_issuers_document_references_on_another_did_verifies() -> None:
    referenced = f"did:key:{ED_PAIR.public_key.multikey}#{ED_PAIR.public_key.multikey}"
    document = {"id": WEB_DID, "assertionMethod": [referenced]}
    token = forge({"alg": "EdDSA", "jwk": ED_PAIR.public_key.to_jwk()}, credential(WEB_DID))
    # the reference is resolved like any verification method (a did:key: offline)
    resolve_document = document_resolver({WEB_DID: document})
    result = verify_jwt(token, did_resolver(), now=NOW, resolve_document=resolve_document)
    assert (result.binding, result.method.id) == (KeyBinding.ISSUER_DOCUMENT, referenced)


def test_a_retired_document_key_does_not_verify_a_later_token() -> None:
    retired = KeyHistoryEntry(
        "key-1", ED_PAIR.public_key, valid_until=datetime(2025, 1, 1, tzinfo=UTC)
    )
    document = did_web_document(WEB_DID, [retired])
    token = forge({"alg": "EdDSA", "jwk": ED_PAIR.public_key.to_jwk()}, credential(WEB_DID))
    with pytest.raises(ProofError) as caught:
        verify_jwt(
            token, resolver(), now=NOW, resolve_document=document_resolver({WEB_DID: document})
        )
    assert caught.value.code is ErrorCode.KEY_OUTSIDE_VALIDITY_PERIOD


def test_an_unbound_embedded_jwk_is_named_by_its_thumbprint_when_accepted() -> None:
    token = forge({"alg": "EdDSA", "jwk": OTHER_PAIR.public_key.to_jwk()}, credential(), OTHER_PAIR)
    result = verify_jwt(token, resolver(), now=NOW, allow_unbound_jwk=True)
    assert result.binding is KeyBinding.NONE
    urn = f"urn:ietf:params:oauth:jwk-thumbprint:sha-256:{jwk_thumbprint(OTHER_PAIR.public_key)}"
    assert (result.method.id, result.method.controller) == (urn, urn)
    assert result.credential == credential()


def test_jwk_thumbprint_of_the_rfc_8037_example() -> None:
    # RFC 8037 appendix A.3: the thumbprint of the Ed25519 key of appendix A.2
    key = public_key_from_jwk(
        {"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}
    )
    assert jwk_thumbprint(key) == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"


# -- the two forms -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "payload", "form"),
    [
        ({"typ": "JWT"}, {**credential(), "iss": ISSUER}, JwtForm.CREDENTIAL),
        ({"typ": "vc+jwt", "cty": "vc"}, credential(), JwtForm.CREDENTIAL),
        ({"typ": "JWT"}, {"vc": credential(), "iss": ISSUER}, JwtForm.VC_CLAIM),
        ({}, {"vc": credential(), "iss": ISSUER, "jti": credential()["id"]}, JwtForm.VC_CLAIM),
    ],
    ids=["open-badges", "vc-jose-cose", "vc-claim", "vc-claim-untyped"],
)
def test_both_forms_verify_and_say_which_they_are(
    header: dict[str, Any], payload: dict[str, Any], form: JwtForm
) -> None:
    token = forge({"alg": "EdDSA", "kid": KID, **header}, payload)
    result = verify_jwt(token, resolver(method()), now=NOW)
    assert result.form is form
    assert result.credential == credential()


# -- the 1EdTech CLR 2.0 sample: RS256, its key only in the header --------------------------------

CLR_SAMPLE = SAMPLES.parent / "clr-v2p0" / "1edtech-validator" / "simple.jwt"


def test_the_clr_sample_verifies_with_its_embedded_key_but_binds_it_to_nobody() -> None:
    token = CLR_SAMPLE.read_text().strip()
    header_segment = token.split(".")[0]
    header = json.loads(base64.urlsafe_b64decode(header_segment + "=" * (-len(header_segment) % 4)))
    assert set(header) == {"alg", "typ", "jwk"}  # no kid
    result = verify_jwt(token, resolver(), now=NOW, allow_unbound_jwk=True)
    assert (result.header["alg"], result.form, result.binding) == (
        "RS256",
        JwtForm.VC_CLAIM,
        KeyBinding.NONE,
    )
    assert result.credential["type"] == ["VerifiableCredential", "ClrCredential"]
    assert result.claims["iss"] == result.credential["issuer"]["id"]
    assert result.claims["sub"] == result.credential["credentialSubject"]["id"]
    assert result.claims["jti"] == result.credential["id"]
    assert result.not_before == datetime(2010, 1, 1, tzinfo=UTC)
    assert result.method.public_key.to_jwk() == header["jwk"]


def test_the_clr_sample_is_refused_by_a_verifier_that_wants_the_issuers_key() -> None:
    token = CLR_SAMPLE.read_text().strip()
    with pytest.raises(ProofError) as caught:
        verify_jwt(token, resolver(), now=NOW)
    assert caught.value.code is ErrorCode.KEY_NOT_BOUND_TO_ISSUER


def test_the_clr_sample_changed_after_signing_does_not_verify() -> None:
    header, payload, signature = CLR_SAMPLE.read_text().strip().split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["vc"]["name"] = "Forged Transcript"
    tampered = f"{header}.{b64(json.dumps(claims).encode())}.{signature}"
    with pytest.raises(ProofError) as caught:
        verify_jwt(tampered, resolver(), now=NOW, allow_unbound_jwk=True)
    assert caught.value.code is ErrorCode.PROOF_VERIFICATION_ERROR


# -- interoperability with joserfc ----------------------------------------------------------------


def _okp(pair: Ed25519KeyPair) -> OKPKey:
    jwk: dict[str, str | list[str]] = {**pair.public_key.to_jwk(), "d": b64(pair.seed)}
    return OKPKey.import_key(jwk)


def _ec(pair: P256KeyPair) -> ECKey:
    jwk: dict[str, str | list[str]] = {**pair.public_key.to_jwk(), "d": b64(pair.private_value)}
    return ECKey.import_key(jwk)


def test_joserfc_verifies_our_eddsa_tokens() -> None:
    token = sign_jwt(credential(), ED_PAIR, kid=KID)
    public = OKPKey.import_key(dict[str, str | list[str]](ED_PAIR.public_key.to_jwk()))
    # joserfc accepts "EdDSA" with a warning: RFC 9864 prefers the fully-specified "Ed25519".
    with pytest.warns(SecurityWarning, match="RFC 9864"):
        decoded = jws.deserialize_compact(token, public, algorithms=["EdDSA"])
    assert json.loads(decoded.payload)["iss"] == ISSUER


def test_joserfc_verifies_our_es256_tokens() -> None:
    token = sign_jwt(credential(), P256_PAIR, kid=KID)
    public = ECKey.import_key(dict[str, str | list[str]](P256_PAIR.public_key.to_jwk()))
    decoded = jws.deserialize_compact(token, public, algorithms=["ES256"])
    assert json.loads(decoded.payload)["jti"] == credential()["id"]


@pytest.mark.parametrize("alg", ["EdDSA", "Ed25519", "ES256"])
def test_we_verify_joserfc_tokens(alg: str) -> None:
    pair: KeyPair = P256_PAIR if alg == "ES256" else ED_PAIR
    key = _ec(P256_PAIR) if alg == "ES256" else _okp(ED_PAIR)
    payload = json.dumps({**credential(), "iss": ISSUER, "nbf": 1748736000})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SecurityWarning)  # "EdDSA" is deprecated by RFC 9864
        token = jws.serialize_compact(
            {"alg": alg, "kid": KID, "typ": "JWT"}, payload, key, algorithms=[alg]
        )
    result = verify_jwt(token, resolver(method(key=pair.public_key)), now=NOW)
    assert result.credential == credential()


def test_we_verify_joserfc_rs256_tokens(rsa_private: rsa.RSAPrivateKey) -> None:
    pem = rsa_private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    payload = json.dumps({**credential(), "iss": ISSUER, "exp": 1906502400})
    token = jws.serialize_compact(
        {"alg": "RS256", "kid": KID, "typ": "JWT"}, payload, RSAKey.import_key(pem)
    )
    result = verify_jwt(token, resolver(method(key=rsa_public(rsa_private))), now=NOW)
    assert result.header["alg"] == "RS256"
    assert result.expires == datetime(2030, 6, 1, tzinfo=UTC)


# -- VC Data Model 1.1 tokens ----------------------------------------------------------------------


def test_the_1edtech_sample_names_no_key_so_it_cannot_be_verified() -> None:
    token = (SAMPLES / "1edtech-validator" / "simple.jwt").read_text().strip()
    header_segment = token.split(".")[0]
    header = json.loads(base64.urlsafe_b64decode(header_segment + "=" * (-len(header_segment) % 4)))
    assert header == {"alg": "RS256", "typ": "JWT"}  # no jwk and no kid: no key to check with
    with pytest.raises(ProofError) as caught:
        verify_jwt(token, resolver(), now=NOW)
    assert caught.value.code is ErrorCode.INVALID_VERIFICATION_METHOD


def test_the_1edtech_sample_payload_verifies_when_signed_with_a_known_key(
    rsa_private: rsa.RSAPrivateKey,
) -> None:
    sample = (SAMPLES / "1edtech-validator" / "simple.jwt").read_text().strip()
    payload_segment = sample.split(".")[1]
    payload = base64.urlsafe_b64decode(payload_segment + "=" * (-len(payload_segment) % 4))
    issuer = json.loads(payload)["iss"]
    token = forge({"alg": "RS256", "kid": "#key-1"}, payload, rs256_signer(rsa_private))
    vm = method(f"{issuer}#key-1", issuer, rsa_public(rsa_private))
    result = verify_jwt(token, resolver(vm), now=NOW)
    assert result.credential == json.loads(payload)["vc"]
    assert result.credential["issuanceDate"] == "2010-01-01T00:00:00Z"
    assert result.not_before == datetime(2010, 1, 1, tzinfo=UTC)


def test_vc_11_properties_left_to_the_claims_are_restored() -> None:
    vc = credential()
    vc["@context"] = ["https://www.w3.org/2018/credentials/v1"]
    for member in ("id", "issuer", "validFrom", "validUntil"):
        del vc[member]
    vc["credentialSubject"] = {"type": ["AchievementSubject"]}
    claims = {
        "vc": vc,
        "iss": ISSUER,
        "jti": "urn:uuid:1",
        "sub": "did:example:learner-7",
        "nbf": 1748736000,
        "exp": 1906502400,
    }
    result = verify_jwt(forge({"alg": "EdDSA", "kid": KID}, claims), resolver(method()), now=NOW)
    restored = result.credential
    assert restored["issuer"] == ISSUER
    assert restored["id"] == "urn:uuid:1"
    assert restored["credentialSubject"] == {
        "id": "did:example:learner-7",
        "type": ["AchievementSubject"],
    }
    assert restored["issuanceDate"] == "2025-06-01T00:00:00Z"
    assert restored["expirationDate"] == "2030-06-01T00:00:00Z"


def test_a_v2_credential_in_a_vc_claim_gets_v2_date_names() -> None:
    vc = credential()
    del vc["validFrom"], vc["validUntil"]
    claims = {"vc": vc, "nbf": 1748736000, "exp": 1906502400}
    result = verify_jwt(forge({"alg": "EdDSA", "kid": KID}, claims), resolver(method()), now=NOW)
    assert result.credential["validFrom"] == "2025-06-01T00:00:00Z"
    assert result.credential["validUntil"] == "2030-06-01T00:00:00Z"


def test_a_signature_spelled_with_unused_bits_set_is_refused() -> None:
    token = sign_jwt(credential(), ED_PAIR, kid=KID)
    head, _, signature = token.rpartition(".")
    # 64 bytes → 86 characters; the last one carries 4 unused bits
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    last = alphabet.index(signature[-1])
    respelled = f"{head}.{signature[:-1]}{alphabet[last ^ 0b0001]}"
    assert base64.urlsafe_b64decode(signature + "==") == base64.urlsafe_b64decode(
        respelled.rpartition(".")[2] + "=="
    )
    verify_jwt(token, resolver(method()), now=NOW)
    with pytest.raises(ProofError) as info:
        verify_jwt(respelled, resolver(method()), now=NOW)
    assert info.value.code is ErrorCode.PARSING_ERROR
    assert "not canonical" in info.value.message
