"""DID_RESOLUTION_ERROR: the verification method cannot be resolved, so nothing is checked."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from credstack.core.did.methods import KeyHistoryEntry, did_web_document, resolver
from credstack.core.verify import VerificationReport, verify_document
from tests.factories import (
    VECTORS,
    did_web_signer,
    expected,
    fetcher,
    key_pair,
    options,
    outcome,
    sign,
    unsigned_credential,
)

DID = "did:web:uni.example"
PAIR = key_pair(41)
KEY = did_web_signer(PAIR, DID, "key-1")
UNRESOLVED = ("failed", "DID_RESOLUTION_ERROR")


def _verify(**resolver_arguments: Any) -> VerificationReport:
    credential = sign(unsigned_credential(key=KEY), KEY)
    return verify_document(credential, options(resolve=resolver(**resolver_arguments)))


def test_a_did_web_with_no_way_to_fetch_it() -> None:
    report = _verify()
    assert outcome(report) == expected(proof=UNRESOLVED, key=UNRESOLVED)
    proof = report.check("proof")
    assert proof is not None
    assert f"cannot resolve '{DID}#key-1' offline" in proof.message


def test_the_did_document_cannot_be_fetched() -> None:
    def fetch(url: str) -> Mapping[str, Any]:
        raise ConnectionRefusedError(f"{url}: connection refused")

    report = _verify(fetch=fetch)
    assert outcome(report) == expected(proof=UNRESOLVED, key=UNRESOLVED)
    proof = report.check("proof")
    assert proof is not None
    assert "https://uni.example/.well-known/did.json: connection refused" in proof.message


def test_the_fetched_document_is_another_dids() -> None:
    other = did_web_document("did:web:evil.example", [KeyHistoryEntry("key-1", PAIR.public_key)])
    report = _verify(fetch=lambda url: other)
    assert outcome(report) == expected(proof=UNRESOLVED, key=UNRESOLVED)


def test_the_right_document_resolves() -> None:
    document = did_web_document(DID, [KeyHistoryEntry("key-1", PAIR.public_key)])
    assert outcome(_verify(fetch=fetcher(document))) == expected()


def test_an_https_key_of_a_sample_that_was_not_supplied() -> None:
    sample = VECTORS / "samples" / "ob-v3p0" / "1edtech-validator" / "simple.json"
    report = verify_document(sample.read_bytes(), options())
    assert outcome(report)["proof"] == UNRESOLVED
    assert outcome(report)["key"] == UNRESOLVED
    assert report.verified is False
