"""Key rotation: a ``did:web`` issuer keeps its retired keys in its DID document.

The issuer signed with ``key-1`` until :data:`ROTATED`, then with ``key-2``. Credentials keep
verifying long after the rotation as long as the proof was made while its key was valid.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from credstack.core.did.methods import KeyHistoryEntry, did_web_document, resolver
from credstack.core.issuing import SignatureSuite
from credstack.core.verify import VerificationReport, verify_document
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

DID = "did:web:credentials.tu-delta.example"
OLD_PAIR, NEW_PAIR = key_pair(61), key_pair(62)
OLD = did_web_signer(OLD_PAIR, DID, "key-1")
NEW = did_web_signer(NEW_PAIR, DID, "key-2")
ROTATED = NOW - timedelta(days=90)
HISTORY = did_web_document(
    DID,
    [
        KeyHistoryEntry("key-1", OLD_PAIR.public_key, valid_until=ROTATED),
        KeyHistoryEntry("key-2", NEW_PAIR.public_key, valid_from=ROTATED),
    ],
)
DATA_INTEGRITY = [SignatureSuite.EDDSA_RDFC_2022, SignatureSuite.EDDSA_JCS_2022]


def _verify(key: Any, signed_at: Any, suite: SignatureSuite) -> VerificationReport:
    credential = unsigned_credential(key=key, valid_from=signed_at)
    signed = sign(credential, key, suite=suite, created=signed_at)
    return verify_document(signed, options(resolve=resolver(fetch=fetcher(HISTORY))))


def test_the_document_keeps_the_retired_key_with_its_end() -> None:
    methods = {m["id"]: m for m in HISTORY["verificationMethod"]}
    assert methods[OLD.verification_method]["expires"] == "2025-03-03T12:00:00Z"
    assert "expires" not in methods[NEW.verification_method]
    assert HISTORY["assertionMethod"] == [OLD.verification_method, NEW.verification_method]


@pytest.mark.parametrize("suite", DATA_INTEGRITY)
def test_signed_by_the_old_key_before_its_end_still_verifies(suite: SignatureSuite) -> None:
    report = _verify(OLD, ROTATED - timedelta(days=200), suite)
    assert outcome(report) == expected()
    assert report.verified is True


@pytest.mark.parametrize("suite", DATA_INTEGRITY)
def test_signed_by_the_old_key_after_its_end_does_not(suite: SignatureSuite) -> None:
    report = _verify(OLD, ROTATED + timedelta(days=1), suite)
    assert outcome(report) == expected(key=("failed", "KEY_OUTSIDE_VALIDITY_PERIOD"))
    assert report.verified is False


@pytest.mark.parametrize("suite", DATA_INTEGRITY)
def test_signed_by_the_new_key_verifies(suite: SignatureSuite) -> None:
    report = _verify(NEW, ROTATED + timedelta(days=1), suite)
    assert outcome(report) == expected()
    key = report.check("key")
    assert key is not None
    assert key.message.startswith(f"signed with {NEW.verification_method}")


def test_a_vc_jwt_of_the_old_key_issued_before_the_rotation_verifies() -> None:
    report = _verify(OLD, ROTATED - timedelta(days=1), SignatureSuite.VC_JWT)
    assert outcome(report) == expected()


def test_a_compromised_key_is_revoked_from_the_moment_of_compromise() -> None:
    compromised = NOW - timedelta(days=10)
    document = did_web_document(
        DID, [KeyHistoryEntry("key-1", OLD_PAIR.public_key, revoked=compromised)]
    )
    opts = options(resolve=resolver(fetch=fetcher(document)))
    before = sign(unsigned_credential(key=OLD), OLD, created=compromised - timedelta(days=1))
    after = sign(unsigned_credential(key=OLD), OLD, created=compromised + timedelta(days=1))
    assert outcome(verify_document(before, opts)) == expected()
    assert outcome(verify_document(after, opts))["key"] == ("failed", "KEY_OUTSIDE_VALIDITY_PERIOD")
