"""KEY_OUTSIDE_VALIDITY_PERIOD: the proof claims a time at which its key was not valid.

The issuer is a ``did:web``; its DID document (served by a fake fetcher) lists a key retired
at :data:`RETIRED`. What counts is the time the proof claims (``created``), not today.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from credstack.core.did.methods import KeyHistoryEntry, did_web_document, resolver
from credstack.core.issuing import SignatureSuite
from credstack.core.verify import verify_document
from tests.factories import (
    NOW,
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
PAIR = key_pair(21)
KEY = did_web_signer(PAIR, DID, "key-1")
RETIRED = NOW - timedelta(days=30)
OUTSIDE = ("failed", "KEY_OUTSIDE_VALIDITY_PERIOD")


def _verify(credential: Any, **entry: Any) -> Any:
    document = did_web_document(DID, [KeyHistoryEntry("key-1", PAIR.public_key, **entry)])
    return verify_document(credential, options(resolve=resolver(fetch=fetcher(document))))


def _signed_at(created: Any, suite: SignatureSuite = SignatureSuite.EDDSA_RDFC_2022) -> Any:
    credential = unsigned_credential(key=KEY, valid_from=RETIRED - timedelta(days=1))
    return sign(credential, KEY, suite=suite, created=created)


@pytest.mark.parametrize("suite", [SignatureSuite.EDDSA_RDFC_2022, SignatureSuite.EDDSA_JCS_2022])
def test_a_proof_made_after_the_key_was_retired(suite: SignatureSuite) -> None:
    report = _verify(_signed_at(RETIRED + timedelta(days=1), suite), valid_until=RETIRED)
    assert outcome(report) == expected(key=OUTSIDE)
    key = report.check("key")
    assert key is not None
    assert "was valid from (open) to 2025-05-02T12:00:00+00:00" in key.message
    assert report.verified is False


def test_a_proof_made_at_the_moment_of_retirement() -> None:
    report = _verify(_signed_at(RETIRED), valid_until=RETIRED)
    assert outcome(report)["key"] == OUTSIDE


def test_a_proof_made_after_the_key_was_revoked() -> None:
    report = _verify(_signed_at(RETIRED + timedelta(seconds=1)), revoked=RETIRED)
    assert outcome(report)["key"] == OUTSIDE


@pytest.mark.parametrize("end", ["valid_until", "revoked"])
def test_a_proof_made_before_retirement_still_verifies(end: str) -> None:
    report = _verify(_signed_at(RETIRED - timedelta(seconds=1)), **{end: RETIRED})
    assert outcome(report) == expected()
    assert report.verified is True


@pytest.mark.parametrize(
    ("valid_from", "checks"),
    [
        # a VC-JWT reports every problem with its signature or key in the proof check
        (RETIRED + timedelta(days=1), {"format": ("passed", None), "proof": OUTSIDE}),
        (RETIRED - timedelta(days=1), expected()),
    ],
    ids=["issued-after-retirement", "issued-before-retirement"],
)
def test_a_vc_jwt_is_judged_by_when_it_was_issued(valid_from: Any, checks: Any) -> None:
    # a VC-JWT says when it was issued with nbf (= validFrom); its key must be valid then
    token = sign(
        unsigned_credential(key=KEY, valid_from=valid_from), KEY, suite=SignatureSuite.VC_JWT
    )
    assert outcome(_verify(token, valid_until=RETIRED)) == checks
