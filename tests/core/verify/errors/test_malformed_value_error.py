"""MALFORMED_VALUE_ERROR: JSON, but not the shape or the values a credential must have."""

from __future__ import annotations

from typing import Any

import pytest

from credstack.core.verify import verify_document
from tests.factories import (
    add_signature,
    expected,
    issue,
    lists,
    options,
    outcome,
    presentation,
    signed_status_list,
    unsigned_credential,
)

MALFORMED = ("failed", "MALFORMED_VALUE_ERROR")


def _without(member: str) -> dict[str, Any]:
    return {k: v for k, v in issue().items() if k != member}


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (_without("issuer"), "the credential has no issuer (a URL, or an object with an id)"),
        ({**issue(), "issuer": {"name": "TU Delta"}}, "the credential has no issuer"),
        ({**issue(), "issuer": ""}, "the credential has no issuer"),
        (_without("credentialSubject"), "the credential has no credentialSubject"),
        (
            {**issue(), "credentialSubject": "did:example:bob"},
            "the credential has no credentialSubject",
        ),
        ({**issue(), "type": ["OpenBadgeCredential"]}, "type must include 'VerifiableCredential'"),
        (_without("type"), "type must include 'VerifiableCredential'"),
        (_without("@context"), "the credential has no @context"),
    ],
    ids=[
        "no-issuer",
        "issuer-without-id",
        "empty-issuer",
        "no-credentialSubject",
        "credentialSubject-not-an-object",
        "type-without-VerifiableCredential",
        "no-type",
        "no-context",
    ],
)
def test_a_credential_without_what_every_credential_has(
    document: dict[str, Any], message: str
) -> None:
    report = verify_document(document, options())
    assert outcome(report) == {"format": MALFORMED}
    check = report.check("format")
    assert check is not None
    assert message in check.message
    assert report.verified is False


@pytest.mark.parametrize("valid_from", ["yesterday", "2025-06-01", "2025-06-01T12:00:00", 20250601])
def test_a_validfrom_that_is_not_a_date_time_with_a_zone(valid_from: Any) -> None:
    # signed as it is: the signature holds, the date does not parse
    credential = add_signature({**unsigned_credential(), "validFrom": valid_from})
    report = verify_document(credential, options())
    checks = outcome(report)
    assert checks["proof"] == ("passed", None)
    assert checks["dates"] == MALFORMED
    assert checks["schema"] == ("failed", "SCHEMA_VALIDATION_ERROR")
    assert report.verified is False


@pytest.mark.parametrize("proof", ["z3ab", 42, ["nested"]], ids=["string", "number", "list"])
def test_a_proof_that_is_not_an_object(proof: Any) -> None:
    report = verify_document({**issue(), "proof": [proof]}, options())
    assert outcome(report)["proof"] == MALFORMED


@pytest.mark.parametrize("proof_value", ["not-multibase", "u" + "A" * 86, "z0OIl"])
def test_a_proof_value_that_is_not_base58btc(proof_value: str) -> None:
    credential = issue()
    credential["proof"][0]["proofValue"] = proof_value
    report = verify_document(credential, options())
    assert outcome(report) == expected(proof=MALFORMED)


def test_a_presentation_with_no_credentials() -> None:
    report = verify_document(presentation([]), options(challenge="c0ffee"))
    assert outcome(report)["presentation"] == ("warning", "MALFORMED_VALUE_ERROR")
    assert outcome(report)["proof"] == ("passed", None)


def test_a_status_entry_of_a_kind_nobody_can_check_is_a_warning_not_a_pass() -> None:
    entry = {"id": "https://uni.example/revocations", "type": "1EdTechRevocationList"}
    credential = add_signature({**unsigned_credential(), "credentialStatus": entry})
    report = verify_document(credential, options())
    assert outcome(report)["status"] == ("warning", "MALFORMED_VALUE_ERROR")
    status = report.check("status")
    assert status is not None
    assert (
        status.message
        == "unsupported status type '1EdTechRevocationList'; this status was not checked"
    )
    assert report.verified is True


def test_a_status_index_given_as_a_number_is_read_with_a_warning() -> None:
    entry = {
        "id": "https://uni.example/status/1#7",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": 7,
        "statusListCredential": "https://uni.example/status/1",
    }
    credential = add_signature({**unsigned_credential(), "credentialStatus": entry})
    report = verify_document(credential, options(fetch_status_list=lists(signed_status_list())))
    assert outcome(report)["status"] == ("warning", "MALFORMED_VALUE_ERROR")
    status = report.check("status")
    assert status is not None
    assert status.message.startswith(
        "not revoked (status list https://uni.example/status/1, index 7)"
    )
    assert status.message.endswith("the specification requires a base-10 string")


@pytest.mark.parametrize("holder", [{"name": "Ada"}, 42, ["did:example:ada"]])
def test_a_presentation_holder_that_is_neither_a_url_nor_an_object_with_an_id(
    holder: object,
) -> None:
    document = {**presentation([issue()], holder=None), "holder": holder}
    report = verify_document(document, options(challenge="c0ffee"))
    assert outcome(report) == {"format": MALFORMED}
    check = report.check("format")
    assert check is not None
    assert check.message == "holder must be a URL or an object with an id (VC 2.0 §4.12)"
    assert report.verified is False
