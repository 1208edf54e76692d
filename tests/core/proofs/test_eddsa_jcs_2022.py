"""eddsa-jcs-2022: the W3C VC-DI-EdDSA vector byte for byte, round trips and tampering."""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from credstack.core.crypto import jcs, multibase
from credstack.core.crypto.keys import (
    Ed25519KeyPair,
    Ed25519PublicKey,
    P256KeyPair,
    key_pair_from_multikey,
    public_key_from_multikey,
)
from credstack.core.errors import ErrorCode, ProofError
from credstack.core.proofs.data_integrity import ProofOptions, add_proof
from credstack.core.proofs.eddsa_jcs_2022 import EDDSA_JCS_2022

VECTORS = Path(__file__).resolve().parents[2] / "vectors" / "test-vectors" / "w3c-vc-di-eddsa"
JCS = VECTORS / "eddsa-jcs-2022"


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _text(name: str) -> str:
    return (JCS / name).read_text(encoding="utf-8")


KEYS = _json(VECTORS / "keyPair.json")
UNSIGNED = _json(VECTORS / "unsigned.json")
PROOF_CONFIG = _json(JCS / "proofConfigJCS.json")
SIGNED = _json(JCS / "signedJCS.json")
PUBLIC_KEY = public_key_from_multikey(KEYS["publicKeyMultibase"])
OPTIONS = ProofOptions(
    verification_method=PROOF_CONFIG["verificationMethod"], created=PROOF_CONFIG["created"]
)


def _key_pair() -> Ed25519KeyPair:
    pair = key_pair_from_multikey(KEYS["privateKeyMultibase"])
    assert isinstance(pair, Ed25519KeyPair)
    return pair


# -- the W3C vector ------------------------------------------------------------------------------


def test_canonical_document_matches_the_vector() -> None:
    assert EDDSA_JCS_2022.canonicalize(UNSIGNED) == _text("canonDocJCS.txt").encode()


def test_canonical_proof_config_matches_the_vector() -> None:
    config = EDDSA_JCS_2022.proof_config(UNSIGNED, PROOF_CONFIG)
    assert EDDSA_JCS_2022.canonicalize(config) == _text("proofCanonJCS.txt").encode()


def test_hashes_match_the_vector() -> None:
    config = EDDSA_JCS_2022.proof_config(UNSIGNED, PROOF_CONFIG)
    proof_hash = hashlib.sha256(jcs.canonicalize(config)).hexdigest()
    document_hash = hashlib.sha256(jcs.canonicalize(UNSIGNED)).hexdigest()
    assert proof_hash == _text("proofHashJCS.txt")
    assert document_hash == _text("docHashJCS.txt")
    assert EDDSA_JCS_2022.hash_data(UNSIGNED, config).hex() == _text("combinedHashJCS.txt")


def test_signature_and_proof_value_match_the_vector() -> None:
    config = EDDSA_JCS_2022.proof_config(UNSIGNED, PROOF_CONFIG)
    signature = _key_pair().sign(EDDSA_JCS_2022.hash_data(UNSIGNED, config))
    assert signature.hex() == _text("sigHexJCS.txt")
    assert multibase.encode_base58btc(signature) == _text("sigBTC58JCS.txt")


def test_create_proof_reproduces_the_signed_vector() -> None:
    pair = _key_pair()
    assert pair.public_key.multikey == KEYS["publicKeyMultibase"]
    proof = EDDSA_JCS_2022.create_proof(UNSIGNED, OPTIONS, pair)
    assert proof == SIGNED["proof"]
    assert add_proof(UNSIGNED, proof) == SIGNED


def test_the_signed_vector_verifies() -> None:
    EDDSA_JCS_2022.verify_proof(SIGNED, SIGNED["proof"], PUBLIC_KEY)


# -- tampering -----------------------------------------------------------------------------------


def _assert_rejected(document: dict[str, Any], code: ErrorCode) -> None:
    with pytest.raises(ProofError) as caught:
        EDDSA_JCS_2022.verify_proof(document, document["proof"], PUBLIC_KEY)
    assert caught.value.code is code


@settings(max_examples=100)
@given(st.integers(min_value=0, max_value=511))
def test_any_flipped_signature_bit_is_rejected(bit: int) -> None:
    signature = bytearray(multibase.decode_base58btc(SIGNED["proof"]["proofValue"]))
    signature[bit // 8] ^= 1 << (bit % 8)
    document = copy.deepcopy(SIGNED)
    document["proof"]["proofValue"] = multibase.encode_base58btc(bytes(signature))
    _assert_rejected(document, ErrorCode.PROOF_VERIFICATION_ERROR)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda d: d.update(name="Alumna Credential"),
        lambda d: d.update(validUntil="2030-01-01T00:00:00Z"),
        lambda d: d.pop("description"),
        lambda d: d["credentialSubject"].update(id="did:example:someone-else"),
        lambda d: d["type"].reverse(),
        lambda d: d["proof"].update(created="2023-02-24T23:36:39Z"),
        lambda d: d["proof"].update(proofPurpose="authentication"),
        lambda d: d["proof"].update(nonce="added"),
        lambda d: d["proof"].update(
            verificationMethod="did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#other"
        ),
    ],
    ids=[
        "edit-name",
        "add-validUntil",
        "remove-description",
        "edit-subject",
        "reorder-array",
        "edit-created",
        "edit-purpose",
        "add-proof-option",
        "edit-verification-method",
    ],
)
def test_edits_to_the_document_or_proof_are_rejected(tamper: Any) -> None:
    document = copy.deepcopy(SIGNED)
    tamper(document)
    _assert_rejected(document, ErrorCode.PROOF_VERIFICATION_ERROR)


def _leaf_paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in _leaf_paths(item, (*path, key))]
    if isinstance(value, list):
        return [p for index, item in enumerate(value) for p in _leaf_paths(item, (*path, index))]
    return [path]


# Changing the proof's type, cryptosuite or proofValue is a different error (shape/encoding).
LEAVES = [
    p
    for p in _leaf_paths(SIGNED)
    if p not in {("proof", "type"), ("proof", "cryptosuite"), ("proof", "proofValue")}
]


@settings(max_examples=100)
@given(st.sampled_from(LEAVES), st.text(max_size=20))
def test_changing_any_signed_value_is_rejected(path: tuple[Any, ...], replacement: str) -> None:
    document = copy.deepcopy(SIGNED)
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    if parent[path[-1]] == replacement:
        replacement += "x"
    parent[path[-1]] = replacement
    _assert_rejected(document, ErrorCode.PROOF_VERIFICATION_ERROR)


def test_a_proof_context_that_is_not_the_documents_prefix_is_rejected() -> None:
    document = copy.deepcopy(SIGNED)
    document["@context"] = [*document["@context"][:1], "https://example.org/other/v1"]
    _assert_rejected(document, ErrorCode.PROOF_VERIFICATION_ERROR)


def test_another_key_does_not_verify() -> None:
    other = Ed25519KeyPair(bytes(32)).public_key
    with pytest.raises(ProofError) as caught:
        EDDSA_JCS_2022.verify_proof(SIGNED, SIGNED["proof"], other)
    assert caught.value.code is ErrorCode.PROOF_VERIFICATION_ERROR


def test_signing_with_a_p256_key_is_refused() -> None:
    with pytest.raises(ProofError) as caught:
        EDDSA_JCS_2022.create_proof(UNSIGNED, OPTIONS, P256KeyPair(bytes(range(1, 33))))
    assert caught.value.code is ErrorCode.PROOF_GENERATION_ERROR


def _shuffled(value: Any, draw: st.DrawFn) -> Any:
    if isinstance(value, dict):
        keys = draw(st.permutations(list(value)))
        return {key: _shuffled(value[key], draw) for key in keys}
    if isinstance(value, list):
        return [_shuffled(item, draw) for item in value]
    return value


@st.composite
def _reordered(draw: st.DrawFn, document: Any) -> Any:
    return _shuffled(document, draw)


@settings(max_examples=60)
@given(_reordered(SIGNED))
def test_reordering_object_members_still_verifies(document: dict[str, Any]) -> None:
    EDDSA_JCS_2022.verify_proof(document, document["proof"], PUBLIC_KEY)


# -- round trips ----------------------------------------------------------------------------------

CREDENTIAL: dict[str, Any] = {
    "@context": [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ],
    "id": "urn:uuid:0d9b4b3e-5f38-4d0e-9a51-8b1f0b6c7a10",
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "issuer": {"id": "did:example:issuer", "type": ["Profile"], "name": "Ősi Egyetem"},
    "validFrom": "2025-06-01T00:00:00Z",
    "name": "Statistik für Einsteiger 📊",
    "credentialSubject": {
        "type": ["AchievementSubject"],
        "achievement": {
            "id": "https://example.edu/achievements/stats",
            "type": ["Achievement"],
            "name": "Statistics",
            "criteria": {"narrative": "Score ≥ 60 %"},
        },
        "result": [{"type": ["Result"], "value": "A"}],
        "creditsEarned": 2.5,
    },
}


@pytest.mark.parametrize("seed", [bytes(32), bytes(range(32)), b"\xff" * 32])
def test_sign_then_verify_round_trips(seed: bytes) -> None:
    pair = Ed25519KeyPair(seed)
    options = ProofOptions(
        verification_method=f"did:key:{pair.public_key.multikey}#{pair.public_key.multikey}",
        created="2025-06-01T09:30:00Z",
    )
    proof = EDDSA_JCS_2022.create_proof(CREDENTIAL, options, pair)
    assert proof["@context"] == CREDENTIAL["@context"]
    secured = add_proof(CREDENTIAL, proof)
    EDDSA_JCS_2022.verify_proof(secured, proof, pair.public_key)
    assert isinstance(pair.public_key, Ed25519PublicKey)


def test_round_trip_survives_a_json_text_round_trip() -> None:
    pair = Ed25519KeyPair(bytes(range(32)))
    options = ProofOptions(verification_method="did:example:issuer#key-1")
    secured = add_proof(CREDENTIAL, EDDSA_JCS_2022.create_proof(CREDENTIAL, options, pair))
    reparsed = json.loads(json.dumps(secured, indent=2, ensure_ascii=True))
    EDDSA_JCS_2022.verify_proof(reparsed, reparsed["proof"], pair.public_key)
