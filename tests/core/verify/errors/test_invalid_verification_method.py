"""INVALID_VERIFICATION_METHOD: the proof names a key that is not there, or not usable."""

from __future__ import annotations

from typing import Any

import pytest

from credstack.core.crypto.keys import P256KeyPair
from credstack.core.did.methods import KeyHistoryEntry, did_web_document, resolver
from credstack.core.issuing import SigningKey
from credstack.core.verify import verify_document
from tests.factories import (
    ISSUER,
    OTHER,
    add_signature,
    did_web_signer,
    expected,
    fetcher,
    key_pair,
    options,
    outcome,
    sign,
    unsigned_credential,
)

INVALID = ("failed", "INVALID_VERIFICATION_METHOD")


@pytest.mark.parametrize(
    "method",
    [
        f"{ISSUER.controller}#{OTHER.key_pair.public_key.multikey}",
        f"{ISSUER.controller}#key-1",
        "",
    ],
    ids=["did-key-other-fragment", "did-key-named-fragment", "empty"],
)
def test_a_method_a_did_key_does_not_have(method: Any) -> None:
    credential = add_signature(unsigned_credential())
    credential["proof"][0]["verificationMethod"] = method
    report = verify_document(credential, options())
    assert outcome(report) == expected(proof=INVALID, key=INVALID)
    assert report.verified is False


def test_a_method_that_is_not_a_url_at_all() -> None:
    credential = add_signature(unsigned_credential())
    credential["proof"][0]["verificationMethod"] = 42
    report = verify_document(credential, options())
    # the Open Badges schema wants a string there too
    assert outcome(report) == expected(
        schema=("failed", "SCHEMA_VALIDATION_ERROR"), proof=INVALID, key=INVALID
    )


def test_a_key_the_did_web_document_does_not_list() -> None:
    did = "did:web:uni.example"
    key = did_web_signer(key_pair(51), did, "key-2")
    document = did_web_document(did, [KeyHistoryEntry("key-1", key_pair(52).public_key)])
    credential = sign(unsigned_credential(key=key), key)
    report = verify_document(credential, options(resolve=resolver(fetch=fetcher(document))))
    assert outcome(report) == expected(proof=INVALID, key=INVALID)


def test_an_eddsa_proof_checked_with_a_p256_key() -> None:
    # the issuer publishes a P-256 key under the name its Ed25519 proof uses
    issuer = "https://uni.example/issuers/1"
    key = SigningKey(key_pair(53), f"{issuer}#key-1", issuer)
    published = {
        key.verification_method: {
            "id": key.verification_method,
            "type": "Multikey",
            "controller": issuer,
            "publicKeyMultibase": P256KeyPair(b"\x05" * 32).public_key.multikey,
        }
    }
    credential = sign(unsigned_credential(key=key), key)
    report = verify_document(credential, options(resolve=resolver(published)))
    assert outcome(report) == expected(proof=INVALID)
    proof = report.check("proof")
    assert proof is not None
    assert "needs an Ed25519 key; the verification method holds a P-256 key" in proof.message
