"""PROOF_GENERATION_ERROR from bulk signing: the sampled full-path check must agree."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from credstack.core.crypto.keys import Ed25519KeyPair, KeyType
from credstack.core.errors import ErrorCode, ProofError
from credstack.core.jsonld.rdfc import canonicalize
from credstack.core.proofs import eddsa_rdfc_2022
from credstack.core.proofs.data_integrity import Cryptosuite, ProofOptions
from credstack.core.proofs.eddsa_rdfc_2022 import sign_many

VECTOR = Path(__file__).resolve().parents[2] / "vectors" / "test-vectors"
UNSIGNED = VECTOR / "1edtech-ob-v3p0-eddsa-rdfc-2022" / "unsigned.json"
KEY = Ed25519KeyPair(hashlib.sha256(b"credstack sign_many").digest())
OPTIONS = ProofOptions(verification_method="https://example.edu/issuers/565049#key-1")


def _documents(count: int) -> list[dict[str, Any]]:
    documents = []
    for index in range(count):
        document = json.loads(UNSIGNED.read_text(encoding="utf-8"))
        document["id"] = f"urn:uuid:00000000-0000-4000-8000-{index:012d}"
        documents.append(document)
    return documents


def test_a_fast_path_that_disagrees_with_the_full_path_stops_the_batch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def drifting(document: Any) -> bytes:
        # a stand-in for a fast path gone wrong: correct, except for one credential
        canonical = canonicalize(document)
        return canonical + b"#drift\n" if document.get("id", "").endswith("0003") else canonical

    broken = Cryptosuite(name="eddsa-rdfc-2022", key_type=KeyType.ED25519, canonicalize=drifting)
    monkeypatch.setattr(eddsa_rdfc_2022, "EDDSA_RDFC_2022", broken)
    signed = sign_many(_documents(8), lambda _: OPTIONS, KEY, recheck_every=3)
    assert len([next(signed) for _ in range(3)]) == 3  # documents 0..2 (0 was rechecked)
    with pytest.raises(ProofError) as caught:
        next(signed)  # document 3 is rechecked and disagrees
    assert caught.value.code is ErrorCode.PROOF_GENERATION_ERROR
    assert caught.value.detail["index"] == 3
