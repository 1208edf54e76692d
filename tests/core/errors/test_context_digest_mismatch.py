"""CONTEXT_DIGEST_MISMATCH: a credential pins a context to bytes credstack's copy does not have.

VC 2.0 §5.3: a verifier that uses a resource the credential pins must compute its digest and
produce an error when it differs. credstack uses its bundled copy of every context, so a pin
of a bundled URL is checked against the bundled file.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from credstack.core.errors import CredstackError, ErrorCode
from credstack.core.issuing import SignatureSuite, check_issuable
from credstack.core.jsonld.pins import sri_digest
from credstack.core.ob3 import CREDSTACK_CONTEXT
from credstack.core.verify import verify_document
from tests.factories import issue, options, outcome, unsigned_credential

OTHER_BYTES = sri_digest(b'{"@context": {"creditSystem": "https://attacker.example/credits"}}')


def _repinned(document: dict[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    assert changed["relatedResource"][0]["id"] == CREDSTACK_CONTEXT
    changed["relatedResource"][0]["digestSRI"] = OTHER_BYTES
    return changed


@pytest.mark.parametrize("suite", [SignatureSuite.EDDSA_RDFC_2022, SignatureSuite.EDDSA_JCS_2022])
def test_a_credential_pinning_other_bytes_fails_the_contexts_check(suite: SignatureSuite) -> None:
    report = verify_document(_repinned(issue(suite=suite)), options())
    assert report.verified is False
    assert outcome(report)["contexts"] == ("failed", "CONTEXT_DIGEST_MISMATCH")
    assert CREDSTACK_CONTEXT in report.checks[1].message


def test_a_credential_pinning_other_bytes_is_not_issued() -> None:
    with pytest.raises(CredstackError) as caught:
        check_issuable(_repinned(unsigned_credential()))
    assert caught.value.code is ErrorCode.CONTEXT_DIGEST_MISMATCH
    assert caught.value.to_dict()["context"] == CREDSTACK_CONTEXT


def test_the_pin_credstack_writes_matches_its_copy() -> None:
    credential = unsigned_credential()
    assert credential["relatedResource"][0]["id"] == CREDSTACK_CONTEXT
    check_issuable(credential)
    assert verify_document(issue(), options()).verified is True
