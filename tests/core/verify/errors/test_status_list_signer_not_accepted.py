"""STATUS_LIST_SIGNER_NOT_ACCEPTED: a status list signed by someone the verifier does not accept.

By default only the credential's issuer may say whether it is revoked. A verifier accepts other
signers explicitly: those its trust configuration names, and (when it asks for it) keys the
issuer's DID document names for assertions. The list's own proof must hold in every case.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from credstack.core.did.methods import (
    KeyHistoryEntry,
    did_web_document,
    document_resolver,
    resolver,
)
from credstack.core.verify import StatusListSigners, VerificationReport, verify_document
from tests.factories import (
    ISSUER,
    NOW,
    OTHER,
    STATUS_LIST_URL,
    add_signature,
    did_web_signer,
    expected,
    fetcher,
    issue,
    key_pair,
    lists,
    options,
    outcome,
    signed_status_list,
    status_entry,
)

NOT_ACCEPTED = ("failed", "STATUS_LIST_SIGNER_NOT_ACCEPTED")
REVOKED = ("failed", "CREDENTIAL_REVOKED")
WEB_DID = "did:web:uni.example:issuers:7"
WEB_ISSUER = did_web_signer(key_pair(4), WEB_DID, "key-1")


def _status_message(report: VerificationReport) -> str:
    status = report.check("status")
    assert status is not None
    return status.message


def _verify(status_list: Any, **changes: Any) -> VerificationReport:
    credential = issue(status=[status_entry(7)])
    return verify_document(credential, options(fetch_status_list=lists(status_list), **changes))


def _trusting(trusted: dict[str, list[str]]) -> StatusListSigners:
    return StatusListSigners.from_json(trusted)


# --- the default: the issuer only -------------------------------------------------------------


@pytest.mark.parametrize("set_indexes", [[], [7]], ids=["clear", "revoked"])
def test_a_list_issued_and_signed_by_someone_else(set_indexes: list[int]) -> None:
    # a perfectly valid list of another issuer, served at the URL the credential names: whether
    # it marks the credential or not, it is not the issuer's word
    report = _verify(signed_status_list(key=OTHER, set_indexes=set_indexes))
    assert outcome(report) == expected(status=NOT_ACCEPTED)
    message = _status_message(report)
    assert message.startswith(
        f"could not check revocation status (status list {STATUS_LIST_URL}, index 7): "
        f"the status list is signed by {OTHER.controller} ({OTHER.verification_method}), "
        f"not by the credential's issuer {ISSUER.controller}"
    )
    assert "the trust configuration does not name it" in message
    assert "this verifier does not read signers from DID documents" in message
    assert report.verified is False


def test_a_signer_trusted_for_another_issuer_is_not_accepted_for_this_one() -> None:
    signers = _trusting({"did:example:someone-else": [OTHER.controller]})
    report = _verify(signed_status_list(key=OTHER), status_list_signers=signers)
    assert outcome(report) == expected(status=NOT_ACCEPTED)


def test_a_trusted_signer_does_not_make_a_list_in_the_issuers_name_valid() -> None:
    # the list claims to be the issuer's but is signed by the trusted signer's key: its own
    # proof does not hold, and trust in the signer does not change that
    unsigned = {k: v for k, v in signed_status_list(set_indexes=[7]).items() if k != "proof"}
    report = _verify(
        add_signature(unsigned, OTHER), status_list_signers=_trusting({"*": [OTHER.controller]})
    )
    assert outcome(report) == expected(status=("failed", "STATUS_VERIFICATION_ERROR"))


# --- signers the trust configuration names -----------------------------------------------------


@pytest.mark.parametrize(
    "trusted",
    [
        {ISSUER.controller: [OTHER.controller]},
        {"*": [OTHER.controller]},
        {ISSUER.controller: [OTHER.verification_method]},
    ],
    ids=["for-the-issuer", "for-every-issuer", "by-verification-method"],
)
def test_a_trusted_signer_is_accepted_and_its_list_is_read(trusted: dict[str, list[str]]) -> None:
    signers = _trusting(trusted)
    clear = _verify(signed_status_list(key=OTHER), status_list_signers=signers)
    assert outcome(clear) == expected(status=("passed", None))
    assert f"signed by {OTHER.controller}, a status list signer the trust configuration" in (
        _status_message(clear)
    )
    scope = "every issuer" if "*" in trusted else ISSUER.controller
    assert f"the trust configuration accepts for {scope}" in _status_message(clear)
    revoked = _verify(signed_status_list(key=OTHER, set_indexes=[7]), status_list_signers=signers)
    assert outcome(revoked) == expected(status=REVOKED)
    assert _status_message(revoked).startswith(
        f"revoked by the issuer (status list {STATUS_LIST_URL}, index 7; signed by "
        f"{OTHER.controller}"
    )


# --- keys the issuer's DID document names ------------------------------------------------------


def _web_document(*extra_methods: dict[str, Any], references: tuple[str, ...] = ()) -> Any:
    document = did_web_document(WEB_DID, [KeyHistoryEntry("key-1", key_pair(4).public_key)])
    document["verificationMethod"].extend(extra_methods)
    document["assertionMethod"] = [
        *document["assertionMethod"],
        *(m["id"] for m in extra_methods),
        *references,
    ]
    return document


def _verify_web(document: Any, status_list: Any, *, issuer_document: bool = True) -> Any:
    credential = issue(key=WEB_ISSUER, status=[status_entry(7)])
    fetch = fetcher(document)
    return verify_document(
        credential,
        options(
            resolve=resolver(fetch=fetch),
            resolve_document=document_resolver(fetch=fetch),
            fetch_status_list=lists(status_list),
            status_list_signers=StatusListSigners(issuer_document=issuer_document),
        ),
    )


def _same_key_as(signer: Any, fragment: str = "status", **members: Any) -> dict[str, Any]:
    return {
        "id": f"{WEB_DID}#{fragment}",
        "type": "Multikey",
        "controller": WEB_DID,
        "publicKeyMultibase": signer.key_pair.public_key.multikey,
        **members,
    }


def test_a_key_the_issuers_document_names_as_its_own_is_accepted() -> None:
    # the Digital Credentials Consortium's arrangement: the status service signs as
    # did:key:z6Mk…, and the issuer's did:web document lists the same key for assertions
    document = _web_document(_same_key_as(OTHER))
    report = _verify_web(document, signed_status_list(key=OTHER, set_indexes=[7]))
    assert outcome(report) == expected(status=REVOKED)
    assert (
        f"signed with {OTHER.verification_method} (= {WEB_DID}#status), a key the DID document "
        f"of {WEB_DID} names for assertions" in _status_message(report)
    )


def test_a_verification_method_the_issuers_document_references_is_accepted() -> None:
    document = _web_document(references=(OTHER.verification_method,))
    report = _verify_web(document, signed_status_list(key=OTHER))
    assert outcome(report) == expected(status=("passed", None))
    assert f"signed with {OTHER.verification_method}, a key the DID document" in (
        _status_message(report)
    )


def test_the_document_rule_applies_only_when_the_verifier_asks_for_it() -> None:
    document = _web_document(_same_key_as(OTHER))
    report = _verify_web(document, signed_status_list(key=OTHER), issuer_document=False)
    assert outcome(report) == expected(status=NOT_ACCEPTED)


def test_a_key_the_issuers_document_does_not_name_is_not_accepted() -> None:
    report = _verify_web(_web_document(), signed_status_list(key=OTHER))
    assert outcome(report) == expected(status=NOT_ACCEPTED)
    assert f"the DID document of {WEB_DID} names no such key for assertions" in (
        _status_message(report)
    )


def test_a_key_the_issuers_document_names_only_for_authentication_is_not_accepted() -> None:
    document = _web_document()
    document["verificationMethod"].append(_same_key_as(OTHER))
    document["authentication"] = [*document["authentication"], f"{WEB_DID}#status"]
    report = _verify_web(document, signed_status_list(key=OTHER))
    assert outcome(report) == expected(status=NOT_ACCEPTED)


def test_a_key_the_issuers_document_has_retired_is_not_accepted() -> None:
    retired = _same_key_as(OTHER, expires=(NOW - timedelta(days=1)).isoformat())
    report = _verify_web(_web_document(retired), signed_status_list(key=OTHER))
    assert outcome(report) == expected(status=NOT_ACCEPTED)


def test_an_issuer_document_that_cannot_be_read_accepts_no_other_signer() -> None:
    credential = issue(key=WEB_ISSUER, status=[status_entry(7)])
    document = _web_document(_same_key_as(OTHER))
    report = verify_document(
        credential,
        options(
            resolve=resolver(fetch=fetcher(document)),  # keys resolve; documents do not
            fetch_status_list=lists(signed_status_list(key=OTHER)),
            status_list_signers=StatusListSigners(issuer_document=True),
        ),
    )
    assert outcome(report) == expected(status=NOT_ACCEPTED)
    assert f"the DID document of {WEB_DID} could not be read" in _status_message(report)
