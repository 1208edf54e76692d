"""INVALID_RELATIONSHIP_FOR_VERIFICATION_METHOD: the key is the controller's, but not for this.

A DID document says what each key may do: ``assertionMethod`` keys issue credentials,
``authentication`` keys prove who presents them. A key listed for one is refused for the other.
"""

from __future__ import annotations

from typing import Any

from credstack.core.did.methods import KeyHistoryEntry, did_web_document, resolver
from credstack.core.verify import verify_document
from tests.factories import (
    did_web_signer,
    expected,
    fetcher,
    issue,
    key_pair,
    options,
    outcome,
    presentation,
    sign,
    unsigned_credential,
)

DID = "did:web:uni.example"
PAIR = key_pair(31)
KEY = did_web_signer(PAIR, DID, "key-1")
WRONG = ("failed", "INVALID_RELATIONSHIP_FOR_VERIFICATION_METHOD")


def _document_listing_the_key_only_under(relationship: str) -> dict[str, Any]:
    document = did_web_document(DID, [KeyHistoryEntry("key-1", PAIR.public_key)])
    for other in ("assertionMethod", "authentication"):
        if other != relationship:
            del document[other]
    return document


def test_an_authentication_key_cannot_issue_a_credential() -> None:
    document = _document_listing_the_key_only_under("authentication")
    credential = sign(unsigned_credential(key=KEY), KEY)
    report = verify_document(credential, options(resolve=resolver(fetch=fetcher(document))))
    assert outcome(report) == expected(key=WRONG)
    key = report.check("key")
    assert key is not None
    assert key.message.endswith(f"the key {DID}#key-1 is not authorised for assertionMethod")


def test_an_assertion_key_cannot_sign_a_presentation() -> None:
    document = _document_listing_the_key_only_under("assertionMethod")
    signed = presentation([issue()], holder=KEY)
    report = verify_document(signed, options(resolve=resolver(fetch=fetcher(document))))
    assert outcome(report)["key"] == WRONG
    assert outcome(report)["proof"] == ("passed", None)
    assert report.verified is False


def test_a_key_listed_for_both_does_both() -> None:
    document = did_web_document(DID, [KeyHistoryEntry("key-1", PAIR.public_key)])
    opts = options(resolve=resolver(fetch=fetcher(document)))
    credential = sign(unsigned_credential(key=KEY, recipient=DID), KEY)  # about the signer
    assert verify_document(credential, opts).verified is True
    assert verify_document(presentation([credential], holder=KEY), opts).verified is True
