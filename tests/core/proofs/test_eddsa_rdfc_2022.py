"""eddsa-rdfc-2022: W3C and 1EdTech vectors byte for byte, proof sets and chains, tampering."""

from __future__ import annotations

import copy
import hashlib
import json
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from credstack.core.crypto import multibase
from credstack.core.crypto.keys import (
    Ed25519KeyPair,
    PublicKey,
    key_pair_from_multikey,
    public_key_from_multikey,
)
from credstack.core.errors import CredstackError, ErrorCode, ProofError
from credstack.core.jsonld.rdfc import canonicalize
from credstack.core.jsonld.template import clear_templates, template_stats
from credstack.core.proofs.data_integrity import ProofOptions, add_proof, proofs_of
from credstack.core.proofs.eddsa_rdfc_2022 import EDDSA_2022, EDDSA_RDFC_2022, sign_many
from tests.strategies import rdfc_credential_pairs

TESTS = Path(__file__).resolve().parents[2]
VECTORS = TESTS / "vectors" / "test-vectors"
W3C = VECTORS / "w3c-vc-di-eddsa"
SAMPLES = TESTS / "vectors" / "samples"
OB_VECTOR_KEY = "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8").strip()


def _ed25519(secret_multikey: str) -> Ed25519KeyPair:
    pair = key_pair_from_multikey(secret_multikey)
    assert isinstance(pair, Ed25519KeyPair)
    return pair


def _options(config: dict[str, Any]) -> ProofOptions:
    return ProofOptions(
        verification_method=config["verificationMethod"],
        created=config.get("created"),
        proof_purpose=config["proofPurpose"],
        id=config.get("id"),
        previous_proof=config.get("previousProof"),
    )


# -- W3C VC-DI-EdDSA eddsa-rdfc-2022 -------------------------------------------------------------

W3C_KEY = _json(W3C / "keyPair.json")


@pytest.mark.parametrize("folder", ["eddsa-rdfc-2022", "eddsa-rdfc-2022/employ"])
def test_w3c_hashes_and_signature_reproduce_from_the_canonical_files(folder: str) -> None:
    vector = W3C / folder
    proof_canon = (vector / "proofCanonDataInt.txt").read_bytes()
    document_canon = (vector / "canonDocDataInt.txt").read_bytes()
    proof_hash = hashlib.sha256(proof_canon).hexdigest()
    document_hash = hashlib.sha256(document_canon).hexdigest()
    assert proof_hash == _text(vector / "proofHashDataInt.txt")
    assert document_hash == _text(vector / "docHashDataInt.txt")
    assert proof_hash + document_hash == _text(vector / "combinedHashDataInt.txt")
    signature = _ed25519(W3C_KEY["privateKeyMultibase"]).sign(
        bytes.fromhex(proof_hash + document_hash)
    )
    assert signature.hex() == _text(vector / "sigHexDataInt.txt")
    assert multibase.encode_base58btc(signature) == _text(vector / "sigBTC58DataInt.txt")


def test_w3c_vector_canonical_forms_and_proof_value_reproduce() -> None:
    vector = W3C / "eddsa-rdfc-2022"
    unsigned = _json(W3C / "unsigned.json")
    config = _json(vector / "proofConfigDataInt.json")
    assert canonicalize(unsigned) == (vector / "canonDocDataInt.txt").read_bytes()
    assert canonicalize(config) == (vector / "proofCanonDataInt.txt").read_bytes()
    assert EDDSA_RDFC_2022.hash_data(unsigned, config).hex() == _text(
        vector / "combinedHashDataInt.txt"
    )
    proof = EDDSA_RDFC_2022.create_proof(
        unsigned, _options(config), _ed25519(W3C_KEY["privateKeyMultibase"])
    )
    assert add_proof(unsigned, proof) == _json(vector / "signedDataInt.json")


@pytest.mark.parametrize("folder", ["eddsa-rdfc-2022", "eddsa-rdfc-2022/employ"])
def test_w3c_signed_vectors_verify(folder: str) -> None:
    signed = _json(W3C / folder / "signedDataInt.json")
    if folder.endswith("employ"):
        # its citizenship context is not bundled (nor fetched): refused, not mis-verified
        with pytest.raises(CredstackError) as caught:
            EDDSA_RDFC_2022.verify_proof(signed, signed["proof"], _w3c_public_key())
        assert caught.value.code is ErrorCode.UNKNOWN_CONTEXT
        return
    EDDSA_RDFC_2022.verify_proof(signed, signed["proof"], _w3c_public_key())


def _w3c_public_key() -> PublicKey:
    return public_key_from_multikey(W3C_KEY["publicKeyMultibase"])


# -- W3C proof sets and proof chains ---------------------------------------------------------------

SET_CHAIN = W3C / "proof-set-chain"
KEY_PAIRS = _json(SET_CHAIN / "multiKeyPairs.json")


def _pair(number: int) -> Ed25519KeyPair:
    return _ed25519(KEY_PAIRS[f"keyPair{number}"]["privateKeyMultibase"])


def test_the_proof_set_and_chain_vectors_use_eddsa_rdfc_2022() -> None:
    for name in ("signedProofSet2.json", "signedProofChain2.json"):
        assert {p["cryptosuite"] for p in proofs_of(_json(SET_CHAIN / name))} == {"eddsa-rdfc-2022"}


def test_proof_set_reproduces_both_proofs() -> None:
    unsigned = _json(SET_CHAIN / "unsigned.json")
    first = EDDSA_RDFC_2022.create_proof(
        unsigned, _options(_json(SET_CHAIN / "proofSetConfig1.json")), _pair(1)
    )
    assert first == _json(SET_CHAIN / "proofSetConfigSigned1.json")
    assert add_proof(unsigned, first) == _json(SET_CHAIN / "signedProofSet1.json")
    with_first = add_proof(unsigned, first)
    second = EDDSA_RDFC_2022.create_proof(
        with_first, _options(_json(SET_CHAIN / "proofSetConfig2.json")), _pair(2)
    )
    assert second == _json(SET_CHAIN / "proofSetConfigSigned2.json")
    assert add_proof(with_first, second) == _json(SET_CHAIN / "signedProofSet2.json")


def test_proof_chain_reproduces_both_chained_proofs() -> None:
    set_document = _json(SET_CHAIN / "signedProofSet2.json")
    first = EDDSA_RDFC_2022.create_proof(
        set_document, _options(_json(SET_CHAIN / "proofChainConfig1.json")), _pair(3)
    )
    assert first == _json(SET_CHAIN / "proofChainConfigSigned1.json")
    chain_one = add_proof(set_document, first)
    assert chain_one == _json(SET_CHAIN / "signedProofChain1.json")
    second = EDDSA_RDFC_2022.create_proof(
        chain_one, _options(_json(SET_CHAIN / "proofChainConfig2.json")), _pair(4)
    )
    assert second == _json(SET_CHAIN / "proofChainConfigSigned2.json")
    assert add_proof(chain_one, second) == _json(SET_CHAIN / "signedProofChain2.json")


@pytest.mark.parametrize(
    "name",
    [
        "signedProofSet1.json",
        "signedProofSet2.json",
        "signedProofChain1.json",
        "signedProofChain2.json",
    ],
)
def test_every_proof_of_the_set_and_chain_vectors_verifies(name: str) -> None:
    document = _json(SET_CHAIN / name)
    keys = {
        pair["publicKeyMultibase"]: public_key_from_multikey(pair["publicKeyMultibase"])
        for pair in KEY_PAIRS.values()
    }
    for proof in proofs_of(document):
        key = keys[proof["verificationMethod"].split("#")[1]]
        EDDSA_RDFC_2022.verify_proof(document, proof, key)


# -- 1EdTech OB 3.0 and CLR 2.0 ------------------------------------------------------------------


@pytest.mark.parametrize(
    "folder", ["1edtech-ob-v3p0-eddsa-rdfc-2022", "1edtech-clr-v2p0-eddsa-rdfc-2022"]
)
def test_1edtech_vectors_reproduce_byte_for_byte(folder: str) -> None:
    vector = VECTORS / folder
    keys = _json(vector / "keypair.json")
    hashes = _json(vector / "hashes.json")
    unsigned = _json(vector / "unsigned.json")
    config = _json(vector / "proof-config.json")
    pair = Ed25519KeyPair(bytes.fromhex(keys["privateKeyHex(seed||public)"])[:32])
    assert pair.public_key.raw.hex() == keys["publicKeyHex"]
    assert canonicalize(unsigned) == (vector / "document-canon.nq").read_bytes()
    assert canonicalize(config) == (vector / "proof-canon.nq").read_bytes()
    assert hashlib.sha256(canonicalize(unsigned)).hexdigest() == hashes["documentHashHex"]
    assert hashlib.sha256(canonicalize(config)).hexdigest() == hashes["proofHashHex"]
    data = EDDSA_RDFC_2022.hash_data(unsigned, config)
    assert data.hex() == hashes["dataToSignHex(proofHash||documentHash)"]
    assert pair.sign(data).hex() == hashes["signatureHex"]
    proof = EDDSA_RDFC_2022.create_proof(unsigned, _options(config), pair)
    assert proof["proofValue"] == hashes["proofValue(multibase z base58btc)"]
    signed = _json(vector / "signed.json")
    assert proofs_of(signed) == [proof]  # the CLR vector writes its proof set as a list
    EDDSA_RDFC_2022.verify_proof(signed, proof, pair.public_key)


# -- samples --------------------------------------------------------------------------------------


def _sample_key(proof: dict[str, Any]) -> PublicKey:
    fragment = proof["verificationMethod"].split("#")[-1]
    if fragment.startswith("z6Mk"):
        return public_key_from_multikey(fragment)
    return public_key_from_multikey(proof["verificationMethod"].removeprefix("did:key:"))


VALID_SAMPLES = [
    "ob-v3p0/1edtech-validator/simple.json",
    "ob-v3p0/1edtech-validator/simple-did-key-method.json",
    "ob-v3p0/1edtech-validator/simple-did-web-method.json",
    "ob-v3p0/1edtech-validator/simple-multiple-proofs.json",
    "ob-v3p0/1edtech-validator/complete.json",
    "ob-v3p0/1edtech-validator/endorsement-valid.json",
    # their errors are the dates (expired; valid only from 2040), not the signature
    "ob-v3p0/1edtech-validator/simple-err-expired.json",
    "ob-v3p0/1edtech-validator/simple-err-issued.json",
    "clr-v2p0/1edtech-validator/simple.json",
]


@pytest.mark.parametrize("name", VALID_SAMPLES)
def test_eddsa_rdfc_2022_samples_verify(name: str) -> None:
    document = _json(SAMPLES / name)
    proofs = [p for p in proofs_of(document) if p.get("cryptosuite") == "eddsa-rdfc-2022"]
    assert len(proofs) == 1
    assert EDDSA_RDFC_2022.verify_proof(document, proofs[0], _sample_key(proofs[0])) is None


def test_the_proof_value_error_sample_fails_for_its_proof_value() -> None:
    document = _json(SAMPLES / "ob-v3p0/1edtech-validator/simple-err-proof-value.json")
    proof = proofs_of(document)[0]
    for key in (_sample_key(proof), public_key_from_multikey(OB_VECTOR_KEY)):
        with pytest.raises(ProofError) as caught:
            EDDSA_RDFC_2022.verify_proof(document, proof, key)
        assert caught.value.code is ErrorCode.PROOF_VERIFICATION_ERROR


def test_the_draft_eddsa_2022_sample_verifies_with_the_draft_name_only() -> None:
    document = _json(SAMPLES / "ob-v3p0/1edtech-validator/simple-eddsa-2022.json")
    proof = proofs_of(document)[0]
    EDDSA_2022.verify_proof(document, proof, _sample_key(proof))
    with pytest.raises(ProofError) as caught:
        EDDSA_RDFC_2022.verify_proof(document, proof, _sample_key(proof))
    assert caught.value.code is ErrorCode.PROOF_TRANSFORMATION_ERROR


# -- bulk signing ---------------------------------------------------------------------------------

ISSUER_KEY = Ed25519KeyPair(hashlib.sha256(b"credstack rdfc tests").digest())
METHOD = f"did:key:{ISSUER_KEY.public_key.multikey}#{ISSUER_KEY.public_key.multikey}"


def _recipient_credential(index: int) -> dict[str, Any]:
    unsigned = _json(VECTORS / "1edtech-ob-v3p0-eddsa-rdfc-2022" / "unsigned.json")
    unsigned["id"] = f"urn:uuid:00000000-0000-4000-8000-{index:012d}"
    unsigned["validFrom"] = f"2025-01-{1 + index % 28:02d}T00:00:00Z"
    unsigned["credentialSubject"]["id"] = f"did:example:learner-{index}"
    unsigned["name"] = f"Teamwork Badge for learner {index}"
    return unsigned


def test_sign_many_signs_each_document_as_create_proof_does() -> None:
    documents = [_recipient_credential(index) for index in range(5)]
    options = ProofOptions(verification_method=METHOD, created="2025-01-01T00:00:00Z")
    signed = list(sign_many(documents, lambda _: options, ISSUER_KEY, recheck_every=2))
    assert len(signed) == 5
    for document, secured in zip(documents, signed, strict=True):
        assert secured["proof"] == EDDSA_RDFC_2022.create_proof(document, options, ISSUER_KEY)
        EDDSA_RDFC_2022.verify_proof(secured, secured["proof"], ISSUER_KEY.public_key)


def test_sign_many_uses_the_template_after_the_first_document() -> None:
    clear_templates()
    documents = [_recipient_credential(index) for index in range(20)]
    options = ProofOptions(verification_method=METHOD, created="2025-01-01T00:00:00Z")
    assert len(list(sign_many(documents, lambda _: options, ISSUER_KEY))) == 20
    stats = template_stats()
    assert stats.misses == 2  # the credential shape and the proof configuration shape
    assert stats.fallbacks == 0
    assert stats.hits >= 38


# -- tampering ------------------------------------------------------------------------------------

TAMPERING = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [leaf for key, item in value.items() for leaf in _leaves(item, (*path, key))]
    if isinstance(value, list):
        return [leaf for index, item in enumerate(value) for leaf in _leaves(item, (*path, index))]
    return [path]


def _members(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Paths of object members that carry data (so that removing one changes the graph).

    An embedded ``@context`` is not one: it repeats the contexts its node inherits.
    """
    found: list[tuple[Any, ...]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if item not in ([], {}) and not (path and key == "@context"):
                found.append((*path, key))
            found += _members(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _members(item, (*path, index))
    return found


def _at(document: Any, path: tuple[Any, ...]) -> Any:
    for step in path[:-1]:
        document = document[step]
    return document


def _changed(value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, float) and abs(value) >= 2**52:
        return value * 2  # adding 1 would change nothing, or not the 16 digits JSON-LD signs
    if isinstance(value, int | float):
        return value + 1
    return f"{value}x"


def _signed(document: dict[str, Any]) -> dict[str, Any]:
    options = ProofOptions(verification_method=METHOD, created="2025-01-01T00:00:00Z")
    return add_proof(document, EDDSA_RDFC_2022.create_proof(document, options, ISSUER_KEY))


def _fails(secured: dict[str, Any], proof: dict[str, Any]) -> bool:
    try:
        EDDSA_RDFC_2022.verify_proof(secured, proof, ISSUER_KEY.public_key)
    except CredstackError:
        return True
    return False


@TAMPERING
@given(rdfc_credential_pairs(), st.data())
def test_editing_any_value_breaks_the_signature(pair: Any, data: st.DataObject) -> None:
    secured = _signed(pair[0])
    proof = secured["proof"]
    assert not _fails(secured, proof)
    path = data.draw(st.sampled_from(_leaves(pair[0])))
    tampered = copy.deepcopy(secured)
    _at(tampered, path)[path[-1]] = _changed(_at(tampered, path)[path[-1]])
    assert _fails(tampered, proof)


@TAMPERING
@given(rdfc_credential_pairs(), st.data())
def test_removing_or_adding_a_member_breaks_the_signature(pair: Any, data: st.DataObject) -> None:
    secured = _signed(pair[0])
    proof = secured["proof"]
    path = data.draw(st.sampled_from(_members(pair[0])))
    removed = copy.deepcopy(secured)
    del _at(removed, path)[path[-1]]
    assert _fails(removed, proof)
    added = copy.deepcopy(secured)
    added["awardedDate" if "awardedDate" not in added else "description"] = "added"
    assert _fails(added, proof)


@TAMPERING
@given(rdfc_credential_pairs(), st.integers(0, 511))
def test_flipping_any_bit_of_the_proof_value_breaks_the_signature(pair: Any, bit: int) -> None:
    secured = _signed(pair[0])
    signature = bytearray(multibase.decode_base58btc(secured["proof"]["proofValue"]))
    signature[bit // 8] ^= 1 << (bit % 8)
    proof = {**secured["proof"], "proofValue": multibase.encode_base58btc(bytes(signature))}
    assert _fails({**secured, "proof": proof}, proof)


@TAMPERING
@given(rdfc_credential_pairs(), st.randoms(use_true_random=False))
def test_reordering_keys_keeps_the_signature(pair: Any, rng: random.Random) -> None:
    secured = _signed(pair[0])

    def shuffled(value: Any) -> Any:
        if isinstance(value, dict):
            keys = list(value)
            rng.shuffle(keys)
            return {key: shuffled(value[key]) for key in keys}
        if isinstance(value, list):
            return [shuffled(item) for item in value]
        return value

    reordered = shuffled(secured)
    EDDSA_RDFC_2022.verify_proof(reordered, reordered["proof"], ISSUER_KEY.public_key)
