"""Verification on the platform: own keys and lists from the database, suspension overlaid."""

from __future__ import annotations

import copy
import json
from datetime import timedelta
from typing import Any
from uuid import uuid4

import pytest

from credstack.core.did.methods import KeyHistoryEntry, did_web_document
from credstack.core.errors import ErrorCode, ResolutionError
from credstack.core.issuing import SignatureSuite, sign_credential
from credstack.core.verify import StatusListSigners, VerificationReport
from credstack.services import verification
from credstack.services.config import ServiceConfig
from credstack.services.credentials import change_status
from credstack.services.keys import rotate_signing_key, signing_key
from credstack.services.records import CredentialRecord
from credstack.services.verification import (
    platform_documents,
    platform_resolver,
    platform_status_lists,
    verify_credential,
    verify_presentation,
)
from tests.factories import (
    HOLDER,
    ISSUER,
    NOW,
    did_web_signer,
    expected,
    fetcher,
    issue,
    key_pair,
    outcome,
    presentation,
    sign,
    signed_status_list,
    status_entry,
    unsigned_credential,
)
from tests.services.issuing_support import CONFIG, LATER, Platform, new_platform

FOREIGN_DID = "did:web:other-university.example"
FOREIGN = did_web_signer(key_pair(9), FOREIGN_DID, "key-1")


def _verify(platform: Platform, document: Any, **options: Any) -> VerificationReport:
    return verify_credential(
        platform.uow,
        platform.key_store,
        platform.config,
        document,
        now=options.pop("now", LATER),
        **options,
    )


REASON = "Ada Lovelace asked for a hold"


def _change(platform: Platform, record: CredentialRecord, action: Any) -> None:
    change_status(platform.uow, platform.owner, record.id, action=action, reason=REASON, now=NOW)


def _foreign_did_document() -> dict[str, Any]:
    entry = KeyHistoryEntry("key-1", FOREIGN.key_pair.public_key)
    return did_web_document(FOREIGN_DID, [entry])


@pytest.mark.parametrize("suite", list(SignatureSuite))
def test_a_platform_credential_verifies(platform: Platform, suite: SignatureSuite) -> None:
    record = platform.issue(suite=suite)
    report = _verify(platform, record.document)
    assert outcome(report) == expected(status=("passed", None)), report.to_json()


def test_json_text_is_verified_too(platform: Platform) -> None:
    record = platform.issue()
    assert _verify(platform, json.dumps(record.document)).verified


def test_a_revoked_credential_fails_its_status(platform: Platform) -> None:
    record = platform.issue()
    _change(platform, record, "revoke")
    report = _verify(platform, record.document)
    assert outcome(report)["status"] == ("failed", "CREDENTIAL_REVOKED")
    assert not report.verified


@pytest.mark.parametrize("suite", list(SignatureSuite))
def test_a_suspended_credential_fails_with_credential_suspended(
    platform: Platform, suite: SignatureSuite
) -> None:
    record = platform.issue(suite=suite)
    _change(platform, record, "suspend")
    report = _verify(platform, record.document)
    assert outcome(report) == expected(status=("failed", "CREDENTIAL_SUSPENDED"))
    status = report.check("status")
    assert status is not None
    assert "since 2025-06-01T12:00:00Z" in status.message
    assert "Lovelace" not in status.message  # the reason may name the learner


def test_a_reinstated_credential_verifies_again(platform: Platform) -> None:
    record = platform.issue()
    _change(platform, record, "suspend")
    _change(platform, record, "reinstate")
    assert _verify(platform, record.document).verified


def test_suspension_is_invisible_to_verifiers_elsewhere(platform: Platform) -> None:
    record = platform.issue()
    _change(platform, record, "suspend")
    assert platform.verify_with_core(record.document).verified


def test_a_suspended_and_then_revoked_credential_is_reported_revoked(platform: Platform) -> None:
    record = platform.issue()
    _change(platform, record, "suspend")
    _change(platform, record, "revoke")
    assert outcome(_verify(platform, record.document))["status"] == (
        "failed",
        "CREDENTIAL_REVOKED",
    )


def test_another_credential_in_the_list_is_not_suspended(platform: Platform) -> None:
    suspended, other = platform.issue(), platform.issue()
    _change(platform, suspended, "suspend")
    assert _verify(platform, other.document).verified


def test_only_the_suspended_credentials_are_reported_suspended(platform: Platform) -> None:
    records = [platform.issue() for _ in range(3)]
    for record in records[:2]:
        _change(platform, record, "suspend")
    statuses = [outcome(_verify(platform, r.document))["status"][1] for r in records]
    assert statuses == ["CREDENTIAL_SUSPENDED", "CREDENTIAL_SUSPENDED", None]


def test_a_tampered_credential_fails_its_proof(platform: Platform) -> None:
    record = platform.issue()
    tampered = copy.deepcopy(record.document)
    assert isinstance(tampered, dict)
    tampered["credentialSubject"]["achievement"]["name"] = "Data Analysis (Honours)"
    report = _verify(platform, tampered)
    assert outcome(report)["proof"] == ("failed", "PROOF_VERIFICATION_ERROR")


def test_a_credential_signed_before_a_key_rotation_still_verifies(platform: Platform) -> None:
    record = platform.issue()
    rotate_signing_key(platform.uow, platform.key_store, platform.organisation, now=LATER)
    later = platform.issue(now=LATER + timedelta(minutes=1))
    now = LATER + timedelta(hours=1)
    assert _verify(platform, record.document, now=now).verified
    assert _verify(platform, later.document, now=now).verified
    assert (
        later.document["proof"][0]["verificationMethod"]
        != (  # type: ignore[index]
            record.document["proof"][0]["verificationMethod"]  # type: ignore[index]
        )
    )


def test_the_old_key_cannot_sign_after_the_rotation(platform: Platform) -> None:
    old = signing_key(platform.uow, platform.key_store, platform.organisation, now=NOW)
    record = platform.issue()
    rotate_signing_key(platform.uow, platform.key_store, platform.organisation, now=LATER)
    unsigned = {k: v for k, v in record.document.items() if k != "proof"}  # type: ignore[union-attr]
    forged = sign_credential(unsigned, old, created=LATER + timedelta(hours=1))
    report = _verify(platform, forged, now=LATER + timedelta(hours=2))
    assert outcome(report)["key"] == ("failed", "KEY_OUTSIDE_VALIDITY_PERIOD")


def test_a_foreign_did_web_without_fetch_is_refused(platform: Platform) -> None:
    report = _verify(platform, issue(key=FOREIGN))
    assert not report.verified
    key = report.check("key")
    assert key is not None
    assert key.code == "DID_RESOLUTION_ERROR"
    assert "not an organisation of this platform" in key.message


def test_a_foreign_did_web_is_resolved_through_an_injected_fetch(platform: Platform) -> None:
    report = _verify(platform, issue(key=FOREIGN), fetch=fetcher(_foreign_did_document()))
    assert outcome(report) == expected(), report.to_json()


def test_a_did_key_credential_verifies_offline(platform: Platform) -> None:
    assert outcome(_verify(platform, issue(key=ISSUER))) == expected()


def test_an_unknown_organisation_of_this_platform_is_refused(platform: Platform) -> None:
    resolve = platform_resolver(platform.uow, CONFIG)
    ghost = "did:web:credentials.uni.example:orgs:ghost#key-1"
    with pytest.raises(ResolutionError) as raised:
        resolve(ghost)
    assert raised.value.code is ErrorCode.DID_RESOLUTION_ERROR
    with pytest.raises(ResolutionError):
        resolve("did:web:credentials.uni.example:orgs:a:b#key-1")


def test_the_resolver_reads_each_did_document_once(
    platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Any] = []
    original = verification.did_document
    monkeypatch.setattr(
        verification, "did_document", lambda uow, org: calls.append(org) or original(uow, org)
    )
    resolve = platform_resolver(platform.uow, CONFIG)
    (key,) = platform.uow.keys.history(platform.organisation.id)
    method = f"{platform.organisation.did}#{key.fragment}"
    assert resolve(method).controller == resolve(method).controller == platform.organisation.did
    assert len(calls) == 1


def test_a_development_platform_verifies_its_own_credentials() -> None:
    local = ServiceConfig(base_url="http://127.0.0.1:8000")
    platform = new_platform(config=local)
    record = platform.issue()
    report = _verify(platform, record.document)
    assert report.verified, report.to_json()


def test_an_unknown_list_of_this_platform_cannot_be_retrieved(platform: Platform) -> None:
    key = signing_key(platform.uow, platform.key_store, platform.organisation, now=NOW)
    record = platform.issue()
    for url in (f"{CONFIG.base_url}/status/{uuid4()}", f"{CONFIG.base_url}/status/nonsense"):
        unsigned = {k: v for k, v in record.document.items() if k != "proof"}  # type: ignore[union-attr]
        unsigned["credentialStatus"] = {**unsigned["credentialStatus"], "statusListCredential": url}
        report = _verify(platform, sign_credential(unsigned, key, created=NOW))
        assert outcome(report)["status"] == ("failed", "STATUS_RETRIEVAL_ERROR")


def test_foreign_status_lists_come_from_an_injected_fetcher(platform: Platform) -> None:
    url = "https://other-university.example/status/1"
    credential = issue(key=ISSUER, status=[status_entry(3, url=url)])
    lists = {url: signed_status_list(key=ISSUER, set_indexes=[3], url=url)}
    report = _verify(platform, credential, fetch_status_list=lists.get)
    assert outcome(report)["status"] == ("failed", "CREDENTIAL_REVOKED")
    fetch = platform_status_lists(platform.uow, platform.key_store, CONFIG, now=LATER)
    assert fetch(url) is None  # without a fetcher, nothing outside the platform


def test_a_foreign_list_signed_by_another_party_needs_the_configuration(
    platform: Platform,
) -> None:
    url = "https://status.example/lists/1"
    credential = issue(key=ISSUER, status=[status_entry(3, url=url)])
    lists = {url: signed_status_list(key=HOLDER, set_indexes=[3], url=url)}
    report = _verify(platform, credential, fetch_status_list=lists.get)
    assert outcome(report)["status"] == ("failed", "STATUS_LIST_SIGNER_NOT_ACCEPTED")
    trusting = new_platform(
        config=ServiceConfig(
            base_url=CONFIG.base_url,
            status_list_signers=StatusListSigners.from_json(
                {ISSUER.controller: [HOLDER.controller]}
            ),
        )
    )
    report = _verify(trusting, credential, fetch_status_list=lists.get)
    assert outcome(report)["status"] == ("failed", "CREDENTIAL_REVOKED")


def test_platform_documents_serve_own_organisations_and_refuse_strangers(
    platform: Platform,
) -> None:
    resolve_document = platform_documents(platform.uow, CONFIG)
    own = resolve_document(platform.organisation.did)
    assert own["id"] == platform.organisation.did
    assert resolve_document(platform.organisation.did) is own  # read once per verification
    assert resolve_document(ISSUER.controller)["id"] == ISSUER.controller  # did:key: offline
    for stranger in ("did:web:credentials.uni.example:orgs:ghost", FOREIGN_DID):
        with pytest.raises(ResolutionError) as raised:
            resolve_document(stranger)
        assert raised.value.code is ErrorCode.DID_RESOLUTION_ERROR
    fetched = platform_documents(platform.uow, CONFIG, fetch=fetcher(_foreign_did_document()))
    assert fetched(FOREIGN_DID)["id"] == FOREIGN_DID


def _verify_presentation(platform: Platform, document: Any, **options: Any) -> VerificationReport:
    return verify_presentation(
        platform.uow, platform.key_store, platform.config, document, now=LATER, **options
    )


def _issue_to_holder(platform: Platform, **options: Any) -> CredentialRecord:
    return platform.issue({"recipient": HOLDER.controller}, **options)


def test_a_presentation_of_platform_credentials_verifies(platform: Platform) -> None:
    records = [_issue_to_holder(platform), _issue_to_holder(platform, suite=SignatureSuite.VC_JWT)]
    document = presentation([r.document for r in records], challenge="n-1")
    report = _verify_presentation(platform, document, challenge="n-1", domain="verifier.example")
    assert report.verified is True, report.to_json()
    assert [c.id for c in report.checks] == [
        "format", "contexts", "proof", "key", "challenge", "holder", "presentation",
    ]  # fmt: skip


def test_a_presentation_reports_a_suspended_credential(platform: Platform) -> None:
    good, suspended = (
        _issue_to_holder(platform),
        _issue_to_holder(platform, suite=SignatureSuite.VC_JWT),
    )
    _change(platform, suspended, "suspend")
    document = presentation([good.document, suspended.document], challenge="n-1")
    report = _verify_presentation(platform, document, challenge="n-1", domain="verifier.example")
    assert report.kind == "presentation"
    assert not report.verified
    assert outcome(report)["holder"] == ("passed", None)
    assert [n.verified for n in report.nested] == [True, False]
    assert outcome(report.nested[1])["status"] == ("failed", "CREDENTIAL_SUSPENDED")


def test_a_presentation_with_the_wrong_challenge_fails(platform: Platform) -> None:
    document = presentation([_issue_to_holder(platform).document], challenge="n-1")
    report = _verify_presentation(platform, document, challenge="n-2")
    assert outcome(report)["challenge"] == ("failed", "INVALID_CHALLENGE_ERROR")
    assert all(n.verified for n in report.nested)
    assert HOLDER.controller in str(document["holder"])


def test_the_platform_requires_a_challenge(platform: Platform) -> None:
    document = presentation([_issue_to_holder(platform).document], challenge="n-1")
    report = _verify_presentation(platform, document)
    assert outcome(report)["challenge"] == ("failed", "NO_CHALLENGE")
    assert report.verified is False


def test_an_unsigned_presentation_fails_on_the_platform(platform: Platform) -> None:
    document = presentation([_issue_to_holder(platform).document], holder=None)
    report = _verify_presentation(platform, document, challenge="n-1")
    assert outcome(report)["proof"] == ("failed", "NO_PROOF")
    assert report.verified is False


def test_a_presentation_by_someone_other_than_the_subject(platform: Platform) -> None:
    document = presentation([platform.issue().document], challenge="n-1")  # to did:example:ada
    report = _verify_presentation(platform, document, challenge="n-1")
    assert outcome(report)["holder"] == ("failed", "HOLDER_NOT_SUBJECT")
    assert report.verified is False
    allowed = _verify_presentation(
        platform, document, challenge="n-1", allow_holder_not_subject=True
    )
    assert outcome(allowed)["holder"] == ("warning", "HOLDER_NOT_SUBJECT")
    assert allowed.verified is True


def test_a_credential_without_an_id_is_reported_like_any_other(platform: Platform) -> None:
    unsigned = unsigned_credential()
    del unsigned["id"]  # nothing to look a suspension up by
    report = _verify(platform, sign(unsigned))
    assert outcome(report) == expected(schema=("failed", "SCHEMA_VALIDATION_ERROR"))


def test_a_credential_of_an_organisation_the_platform_lacks_fails_its_key(
    platform: Platform,
) -> None:
    ghost = did_web_signer(key_pair(5), "did:web:credentials.uni.example:orgs:ghost", "key-1")
    report = _verify(platform, issue(key=ghost))
    assert outcome(report)["key"] == ("failed", "DID_RESOLUTION_ERROR")
    assert outcome(report)["status"] == ("skipped", None)


def test_unreadable_input_is_a_report_not_an_exception(platform: Platform) -> None:
    report = _verify(platform, "{not json")
    assert not report.verified
    assert report.credential is None
