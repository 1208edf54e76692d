"""Ed25519Signature2020 (legacy): the W3C vector byte for byte, and other platforms' credentials."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from credstack.core.crypto import multibase
from credstack.core.crypto.keys import (
    Ed25519KeyPair,
    key_pair_from_multikey,
    public_key_from_multikey,
)
from credstack.core.errors import ErrorCode, ProofError
from credstack.core.jsonld.rdfc import canonicalize
from credstack.core.proofs.data_integrity import proofs_of
from credstack.core.proofs.ed25519_signature_2020 import (
    ED25519_2020_CONTEXT,
    ed25519_signature_2020_hash,
    verify_ed25519_signature_2020,
)

TESTS = Path(__file__).resolve().parents[2]
W3C = TESTS / "vectors" / "test-vectors" / "w3c-vc-di-eddsa"
VECTOR = W3C / "Ed25519Signature2020"
SAMPLES = TESTS / "vectors" / "samples"


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _text(name: str) -> str:
    return (VECTOR / name).read_text(encoding="utf-8").strip()


SIGNED = _json(VECTOR / "signedEdSig.json")
KEYS = _json(W3C / "keyPair.json")


def _key_pair() -> Ed25519KeyPair:
    pair = key_pair_from_multikey(KEYS["privateKeyMultibase"])
    assert isinstance(pair, Ed25519KeyPair)
    return pair


# -- the W3C vector ------------------------------------------------------------------------------


def test_the_proof_options_are_the_proof_under_the_document_context() -> None:
    options = {k: v for k, v in SIGNED["proof"].items() if k != "proofValue"}
    assert {"@context": SIGNED["@context"], **options} == _json(VECTOR / "proofConfigEdSig.json")
    config = _json(VECTOR / "proofConfigEdSig.json")
    assert canonicalize(config) == (VECTOR / "proofCanonEdSig.txt").read_bytes()


def test_the_document_canonicalizes_like_the_vector() -> None:
    unsigned = {k: v for k, v in SIGNED.items() if k != "proof"}
    assert canonicalize(unsigned) == (VECTOR / "canonDocEdSig.txt").read_bytes()


def test_hashes_and_signature_reproduce() -> None:
    data = ed25519_signature_2020_hash(SIGNED, SIGNED["proof"])
    assert data[:32].hex() == _text("proofHashEdSig.txt")
    assert data[32:].hex() == _text("docHashEdSig.txt")
    assert data.hex() == _text("combinedHashEdSig.txt")
    signature = _key_pair().sign(data)
    assert signature.hex() == _text("sigHexEdSig.txt")
    assert multibase.encode_base58btc(signature) == _text("sigBTC58EdSig.txt")
    assert SIGNED["proof"]["proofValue"] == _text("sigBTC58EdSig.txt")


def test_the_signed_vector_verifies() -> None:
    key = public_key_from_multikey(KEYS["publicKeyMultibase"])
    assert verify_ed25519_signature_2020(SIGNED, SIGNED["proof"], key) is None


def test_older_signature_members_are_not_part_of_the_proof_options() -> None:
    proof = {**SIGNED["proof"], "jws": "ignored", "signatureValue": "ignored"}
    assert ed25519_signature_2020_hash(SIGNED, proof) == ed25519_signature_2020_hash(
        SIGNED, SIGNED["proof"]
    )


def test_a_changed_document_does_not_verify() -> None:
    key = public_key_from_multikey(KEYS["publicKeyMultibase"])
    changed = {**SIGNED, "name": "Another Credential"}
    with pytest.raises(ProofError) as caught:
        verify_ed25519_signature_2020(changed, changed["proof"], key)
    assert caught.value.code is ErrorCode.PROOF_VERIFICATION_ERROR


# -- Open Badges 3.0 / CLR 2.0 on VC 1.1 (1EdTech validator samples) ----------------------------

PURL = "https://purl.imsglobal.org/spec"
CURRENT = {
    f"{PURL}/ob/v3p0/context.json": f"{PURL}/ob/v3p0/context-3.0.3.json",
    f"{PURL}/clr/v2p0/context.json": f"{PURL}/clr/v2p0/context-2.0.1.json",
}
VC11_SAMPLES = [
    ("ob-v3p0/1edtech-validator/simple_v1.json", "fragment"),
    ("clr-v2p0/1edtech-validator/simple_v1.json", "fragment"),
    ("clr-v2p0/1edtech-validator/complex.json", "did:key"),
]


def _sample(name: str) -> tuple[dict[str, Any], dict[str, Any], Any]:
    document = _json(SAMPLES / name)
    proof = proofs_of(document)[0]
    method = proof["verificationMethod"]
    multikey = method.split("#")[-1] if "#" in method else method.removeprefix("did:key:")
    return document, proof, public_key_from_multikey(multikey)


def _with_current_contexts(value: Any) -> Any:
    """``value`` with the unversioned 1EdTech URLs replaced by the versioned URLs of their
    current content, everywhere (the CLR samples embed OB credentials that name them again)."""
    if isinstance(value, list):
        return [_with_current_contexts(item) for item in value]
    if not isinstance(value, dict):
        return value
    replaced = {key: _with_current_contexts(item) for key, item in value.items()}
    if isinstance(value.get("@context"), list):
        replaced["@context"] = [CURRENT.get(entry, entry) for entry in value["@context"]]
    return replaced


@pytest.mark.parametrize(("name", "key_from"), VC11_SAMPLES)
def test_vc11_samples_verify_with_the_legacy_unversioned_contexts(name: str, key_from: str) -> None:
    # signed when the unversioned URLs served what the bundle keeps as the
    # *-legacy-unversioned.json files, which VC 1.1 documents resolve them to
    document, proof, key = _sample(name)
    assert ED25519_2020_CONTEXT in document["@context"]
    assert verify_ed25519_signature_2020(document, proof, key) is None


@pytest.mark.parametrize(("name", "key_from"), VC11_SAMPLES)
def test_vc11_samples_do_not_verify_with_the_current_content(name: str, key_from: str) -> None:
    document, proof, key = _sample(name)
    current = _with_current_contexts(document)
    assert current != document
    with pytest.raises(ProofError) as caught:
        verify_ed25519_signature_2020(current, proof, key)
    assert caught.value.code is ErrorCode.PROOF_VERIFICATION_ERROR


def test_the_did_key_sample_is_bound_to_its_did() -> None:
    _, proof, key = _sample("clr-v2p0/1edtech-validator/complex.json")
    assert proof["verificationMethod"].startswith(f"did:key:{key.multikey}")


def test_the_hash_is_sha256_of_proof_options_then_document() -> None:
    unsigned = {k: v for k, v in SIGNED.items() if k != "proof"}
    options = {
        "@context": SIGNED["@context"],
        **{k: v for k, v in SIGNED["proof"].items() if k != "proofValue"},
    }
    expected = (
        hashlib.sha256(canonicalize(options)).digest()
        + hashlib.sha256(canonicalize(unsigned)).digest()
    )
    assert ed25519_signature_2020_hash(SIGNED, SIGNED["proof"]) == expected
