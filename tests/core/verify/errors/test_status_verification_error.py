"""STATUS_VERIFICATION_ERROR: a status list was found but its own proofs do not hold.

A list must carry a valid proof by a key of its own issuer's. A list that does not, whatever it
says, gives no status. (Whether that issuer may speak for the credential's issuer at all is the
signer policy: ``test_status_list_signer_not_accepted.py``.)
"""

from __future__ import annotations

import copy
from typing import Any

from credstack.core.status.bitstring import StatusList
from credstack.core.verify import VerificationReport, verify_document
from tests.factories import (
    OTHER,
    add_signature,
    expected,
    issue,
    lists,
    options,
    outcome,
    signed_status_list,
    status_entry,
)

UNVERIFIED = ("failed", "STATUS_VERIFICATION_ERROR")


def _verify_against(status_list: Any) -> VerificationReport:
    credential = issue(status=[status_entry(7)])
    return verify_document(credential, options(fetch_status_list=lists(status_list)))


def _status_message(report: VerificationReport) -> str:
    status = report.check("status")
    assert status is not None
    return status.message


def test_a_list_in_the_issuers_name_signed_by_another_key() -> None:
    unsigned = {k: v for k, v in signed_status_list().items() if k != "proof"}
    report = _verify_against(add_signature(unsigned, OTHER))
    assert outcome(report) == expected(status=UNVERIFIED)
    assert "the status list credential's key check failed" in _status_message(report)


def test_a_list_changed_after_signing() -> None:
    tampered = copy.deepcopy(signed_status_list())
    changed = StatusList()
    changed.set(7)
    tampered["credentialSubject"]["encodedList"] = changed.encode()
    report = _verify_against(tampered)
    assert outcome(report) == expected(status=UNVERIFIED)
    assert "the status list credential's proof check failed" in _status_message(report)


def test_an_unsigned_list() -> None:
    unsigned = {k: v for k, v in signed_status_list().items() if k != "proof"}
    report = _verify_against(unsigned)
    assert outcome(report) == expected(status=UNVERIFIED)
    assert "carries no proof" in _status_message(report)


def test_the_issuers_own_signed_list_verifies() -> None:
    report = _verify_against(signed_status_list())
    assert outcome(report) == expected(status=("passed", None))


def test_a_urn_issuers_list_signed_by_any_key_gives_no_status() -> None:
    # a verifier may accept a urn:uuid issuer's credential with a warning, but a status list
    # must be signed by a key of its issuer's: for a urn:uuid issuer none can be
    urn = "urn:uuid:4ca4a241-fc3b-4d92-978e-f56fa96ae795"
    unsigned = {k: v for k, v in signed_status_list().items() if k != "proof"}
    status_list = add_signature({**unsigned, "issuer": urn}, OTHER)
    credential = issue(status=[status_entry(7)])
    credential = {k: v for k, v in credential.items() if k != "proof"}
    credential = add_signature({**credential, "issuer": {**credential["issuer"], "id": urn}}, OTHER)
    report = verify_document(credential, options(fetch_status_list=lists(status_list)))
    assert outcome(report) == expected(
        key=("warning", "KEY_NOT_BOUND_TO_ISSUER"), status=UNVERIFIED
    )
    assert "the status list credential's key check failed" in _status_message(report)


def test_a_list_without_an_issuer() -> None:
    anonymous = {k: v for k, v in signed_status_list().items() if k != "issuer"}
    report = _verify_against(anonymous)
    assert outcome(report) == expected(status=UNVERIFIED)
    assert "the status list credential has no issuer" in _status_message(report)
