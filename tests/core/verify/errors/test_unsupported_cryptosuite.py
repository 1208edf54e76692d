"""UNSUPPORTED_CRYPTOSUITE: a proof credstack cannot check is reported, never ignored."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from credstack.core.did.methods import resolver
from credstack.core.verify import VerifyOptions, verify_document
from tests.factories import (
    VECTORS,
    expected,
    issue,
    options,
    outcome,
)

UNSUPPORTED = ("failed", "UNSUPPORTED_CRYPTOSUITE")
NO_KEY_EXAMINED = ("skipped", None)


def _with_proof(**changes: Any) -> dict[str, Any]:
    credential = issue()
    credential["proof"] = [{**credential["proof"][0], **changes}]
    return credential


@pytest.mark.parametrize("name", ["ecdsa-rdfc-2019", "eddsa-2023", "EDDSA-RDFC-2022", ""])
def test_a_cryptosuite_we_do_not_know(name: str) -> None:
    report = verify_document(_with_proof(cryptosuite=name), options())
    assert outcome(report) == expected(proof=UNSUPPORTED, key=NO_KEY_EXAMINED)
    proof = report.check("proof")
    assert proof is not None
    assert "supported: eddsa-rdfc-2022, eddsa-jcs-2022" in proof.message


@pytest.mark.parametrize("name", [None, ["eddsa-rdfc-2022"], {"name": "eddsa-rdfc-2022"}, 2022])
def test_a_cryptosuite_that_is_not_a_string(name: Any) -> None:
    report = verify_document(_with_proof(cryptosuite=name), options())
    assert outcome(report)["proof"] == UNSUPPORTED


@pytest.mark.parametrize(
    "proof_type", ["BbsBlsSignature2020", "Ed25519Signature2018", "JsonWebSignature2020"]
)
def test_a_proof_type_we_do_not_know(proof_type: str) -> None:
    report = verify_document(_with_proof(type=proof_type), options())
    assert outcome(report)["proof"] == UNSUPPORTED
    assert outcome(report)["key"] == NO_KEY_EXAMINED
    assert report.verified is False


def test_an_unsupported_proof_beside_a_verified_one_is_a_warning() -> None:
    credential = issue()
    unknown = {**credential["proof"][0], "cryptosuite": "ecdsa-rdfc-2019"}
    credential["proof"] = [credential["proof"][0], unknown]
    report = verify_document(credential, options())
    assert outcome(report)["proof"] == ("warning", "UNSUPPORTED_CRYPTOSUITE")
    assert outcome(report)["key"] == ("passed", None)
    assert report.verified is True
    proof = report.check("proof")
    assert proof is not None
    assert proof.message.startswith("valid signature: proof 1 (eddsa-rdfc-2022); not checked")
    assert "proof 2 (ecdsa-rdfc-2019): cryptosuite 'ecdsa-rdfc-2019' is not supported" in (
        proof.message
    )


def test_a_strict_verifier_fails_an_unsupported_proof_beside_a_verified_one() -> None:
    credential = issue()
    unknown = {**credential["proof"][0], "cryptosuite": "ecdsa-rdfc-2019"}
    credential["proof"] = [credential["proof"][0], unknown]
    report = verify_document(credential, replace(options(), strict=True))
    assert outcome(report)["proof"] == UNSUPPORTED
    assert report.verified is False
    proof = report.check("proof")
    assert proof is not None
    assert proof.message.startswith("proof 2 (ecdsa-rdfc-2019)")
    assert proof.message.endswith("(1 of 2 proofs failed)")


def test_an_unsupported_proof_does_not_excuse_a_broken_one() -> None:
    credential = issue()
    unknown = {**credential["proof"][0], "type": "SomeProofType"}
    credential["proof"] = [unknown, credential["proof"][0]]
    credential["name"] = "Edited"
    report = verify_document(credential, options())
    assert outcome(report)["proof"] == ("failed", "PROOF_VERIFICATION_ERROR")
    proof = report.check("proof")
    assert proof is not None
    assert proof.message.startswith("proof 2 (eddsa-rdfc-2022)")
    assert proof.message.endswith("(2 of 2 proofs failed)")


def test_only_unsupported_proofs_do_not_verify() -> None:
    credential = issue()
    first = {**credential["proof"][0], "type": "SomeProofType"}
    second = {**credential["proof"][0], "cryptosuite": "ecdsa-rdfc-2019"}
    credential["proof"] = [first, second]
    report = verify_document(credential, options())
    assert outcome(report)["proof"] == UNSUPPORTED
    assert report.verified is False


def test_the_1edtech_sample_with_the_draft_suite_name_verifies() -> None:
    # "eddsa-2022" is the draft name of eddsa-rdfc-2022: same algorithm, verified, never issued
    sample = VECTORS / "samples" / "ob-v3p0" / "1edtech-validator" / "simple-eddsa-2022.json"
    issuer = "https://example.com/issuers/876543"
    key = "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"
    method = {"id": f"{issuer}#{key}", "type": "Multikey", "controller": issuer}
    offline = VerifyOptions(
        resolve=resolver({method["id"]: {**method, "publicKeyMultibase": key}}),
        now=datetime(2025, 1, 1, tzinfo=UTC),
    )
    report = verify_document(sample.read_bytes(), offline)
    assert report.verified is True
    assert outcome(report)["proof"] == ("passed", None)
    assert outcome(report)["schema"] == ("warning", "SCHEMA_VALIDATION_ERROR")
    edited = sample.read_text().replace('"Some name"', '"Another name"')
    assert edited != sample.read_text()
    assert verify_document(edited, offline).check("proof").status == "failed"  # type: ignore[union-attr]
