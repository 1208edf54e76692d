"""JWT_CLAIMS_MISMATCH: a VC-JWT whose claims say something else than its credential."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from credstack.core.issuing import SignatureSuite
from credstack.core.verify import verify_document
from tests.factories import ISSUER, OTHER, b64url, issue, jws_parts, options, outcome


def _signed(header: dict[str, Any], payload: dict[str, Any]) -> str:
    """A VC-JWT with these parts, correctly signed by the issuer's key."""
    signing_input = f"{b64url(orjson.dumps(header))}.{b64url(orjson.dumps(payload))}"
    return f"{signing_input}.{b64url(ISSUER.key_pair.sign(signing_input.encode()))}"


@pytest.mark.parametrize(
    ("claim", "value"),
    [
        ("jti", "urn:uuid:00000000-0000-4000-8000-00000000ffff"),
        ("sub", OTHER.controller),
        ("nbf", 946_684_800),  # 2000-01-01, not the credential's validFrom
    ],
)
def test_a_claim_that_contradicts_the_credential(claim: str, value: Any) -> None:
    header, payload, _ = jws_parts(issue(suite=SignatureSuite.VC_JWT))
    report = verify_document(_signed(header, {**payload, claim: value}), options())
    assert outcome(report) == {
        "format": ("passed", None),
        "proof": ("failed", "JWT_CLAIMS_MISMATCH"),
    }


def test_the_same_claims_re_signed_verify() -> None:
    header, payload, _ = jws_parts(issue(suite=SignatureSuite.VC_JWT))
    assert verify_document(_signed(header, payload), options()).verified is True
