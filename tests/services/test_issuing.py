"""Issuing one credential: signed by the organisation, registered in its revocation list."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any
from uuid import uuid4

import pytest

from credstack.core.did.methods import resolver
from credstack.core.errors import ErrorCode
from credstack.core.issuing import SignatureSuite
from credstack.core.model import IdentityObject
from credstack.core.ob3 import extension_context_pin
from credstack.core.proofs.vc_jwt import verify_jwt
from credstack.services.config import ServiceConfig
from credstack.services.errors import (
    ConflictError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
)
from credstack.services.keys import did_document
from credstack.services.principal import Principal
from credstack.services.records import CredentialState, Permission
from credstack.services.urls import achievement_url, status_list_url
from tests.factories import NOW, expected, jws_parts, outcome
from tests.services.issuing_support import (
    CONFIG,
    CREATED,
    RESULT_ID,
    Platform,
    new_platform,
    principal,
)

EMAIL = "ada.lovelace@example.org"


def _credential(document: Any) -> dict[str, Any]:
    """The credential as JSON, whether it was signed with a proof or as a VC-JWT."""
    if isinstance(document, str):
        _header, payload, _signature = jws_parts(document)
        return payload
    assert isinstance(document, dict)
    return document


@pytest.mark.parametrize("suite", list(SignatureSuite))
def test_an_issued_credential_verifies_against_the_organisations_did(
    platform: Platform, suite: SignatureSuite
) -> None:
    record = platform.issue(suite=suite)
    assert record.suite == suite.value
    assert isinstance(record.document, str) is (suite is SignatureSuite.VC_JWT)
    report = platform.verify_with_core(record.document)
    assert outcome(report) == expected(status=("passed", None)), report.to_json()


def test_a_jwt_names_the_organisations_key(platform: Platform) -> None:
    record = platform.issue(suite=SignatureSuite.VC_JWT)
    assert isinstance(record.document, str)
    did = did_document(platform.uow, platform.organisation)
    result = verify_jwt(record.document, resolver({platform.organisation.did: did}), now=NOW)
    assert result.method.controller == platform.organisation.did


def test_the_record_describes_the_credential(platform: Platform) -> None:
    record = platform.issue()
    document = _credential(record.document)
    assert record.credential_id == document["id"]
    assert record.credential_id.startswith("urn:uuid:")
    assert record.organisation_id == platform.organisation.id
    assert record.achievement_version_id == platform.version.id
    assert record.recipient == "did:example:ada"
    assert record.state is CredentialState.ACTIVE
    assert record.state_reason is None
    assert record.issued_at == NOW
    assert (record.job_id, record.job_row) == (None, None)
    assert len(record.public_token) >= 43
    assert platform.uow.credentials.get(platform.organisation.id, record.id) == record


def test_the_credential_carries_the_organisation_achievement_and_status(
    platform: Platform,
) -> None:
    record = platform.issue()
    document = _credential(record.document)
    assert document["issuer"]["id"] == platform.organisation.did
    assert document["issuer"]["name"] == platform.organisation.name
    assert document["credentialSubject"]["id"] == "did:example:ada"
    assert document["credentialSubject"]["achievement"]["id"] == achievement_url(
        CONFIG.base_url, "tu-delta", platform.version.achievement_id, 1
    )
    url = status_list_url(CONFIG.base_url, record.status_list_id)
    assert document["credentialStatus"] == {
        "id": f"{url}#{record.status_index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(record.status_index),
        "statusListCredential": url,
    }
    assert document["validFrom"] == document["awardedDate"] == "2025-06-01T12:00:00Z"


def test_the_latest_version_of_the_achievement_is_issued(platform: Platform) -> None:
    second = platform.update()
    record = platform.issue()
    assert record.achievement_version_id == second.id
    achievement = _credential(record.document)["credentialSubject"]["achievement"]
    assert achievement["id"].endswith("?v=2")
    assert achievement["name"] == "Python 102"


def test_an_email_address_is_published_only_as_a_salted_hash(platform: Platform) -> None:
    first = platform.issue({"recipient": "Ada.Lovelace@Example.org"})
    second = platform.issue({"recipient": EMAIL})
    assert first.recipient == second.recipient == EMAIL
    identities = []
    for record in (first, second):
        text = json.dumps(record.document)
        assert "lovelace" not in text.lower()
        subject = _credential(record.document)["credentialSubject"]
        assert "id" not in subject
        (identity,) = subject["identifier"]
        assert identity["identityType"] == "emailAddress"
        assert identity["hashed"] is True
        parsed = IdentityObject(identity["identityHash"], salt=identity["salt"])
        assert parsed.matches(EMAIL)
        identities.append(identity)
    assert identities[0]["salt"] != identities[1]["salt"]
    assert identities[0]["identityHash"] != identities[1]["identityHash"]


def test_the_recipient_name_is_published_as_a_name(platform: Platform) -> None:
    record = platform.issue({"recipient": EMAIL, "recipient_name": "Ada Lovelace"})
    email, name = _credential(record.document)["credentialSubject"]["identifier"]
    assert email["identityType"] == "emailAddress"
    assert name == {
        "type": "IdentityObject",
        "identityHash": "Ada Lovelace",
        "identityType": "name",
        "hashed": False,
    }
    assert platform.verify_with_core(record.document).verified


def test_everything_a_request_may_carry_is_issued(platform: Platform) -> None:
    record = platform.issue(
        {
            "recipient": "did:example:ada",
            "valid_until": "2030-06-30T00:00:00Z",
            "credits_earned": "5",
            "activity_start_date": "2025-02-03T00:00:00Z",
            "activity_end_date": "2025-05-30T00:00:00Z",
            "results": [{"result_description": RESULT_ID, "value": "8.5", "status": "Completed"}],
            "evidence": [{"id": "https://portfolio.example/ada", "narrative": "A notebook."}],
        }
    )
    document = _credential(record.document)
    subject = document["credentialSubject"]
    assert document["validUntil"] == "2030-06-30T00:00:00Z"
    assert subject["creditsEarned"] == 5
    assert subject["activityStartDate"] == "2025-02-03T00:00:00Z"
    assert subject["activityEndDate"] == "2025-05-30T00:00:00Z"
    assert subject["result"] == [
        {
            "type": ["Result"],
            "resultDescription": RESULT_ID,
            "value": "8.5",
            "status": "Completed",
        }
    ]
    assert document["evidence"][0]["id"] == "https://portfolio.example/ada"
    assert platform.verify_with_core(record.document).verified


def test_a_result_must_name_one_of_the_achievements_result_descriptions(
    platform: Platform,
) -> None:
    with pytest.raises(InvalidRequestError, match="no result description") as raised:
        platform.issue(
            {
                "recipient": "did:example:ada",
                "results": [{"result_description": "urn:x:y", "value": "1"}],
            }
        )
    assert raised.value.detail["field"] == "results[0].result_description"


def test_a_result_value_must_be_one_of_the_allowed_values(platform: Platform) -> None:
    grades = {"id": "https://uni.example/grades", "name": "Grade", "allowed": ["A", "B", "C"]}
    platform.update(_with_grades(platform, grades))
    result = {"result_description": "https://uni.example/grades", "value": "B"}
    assert platform.issue({"recipient": "did:example:ada", "results": [result]})
    with pytest.raises(InvalidRequestError, match="allows 'A', 'B', 'C', not 'E'") as raised:
        platform.issue({"recipient": "did:example:ada", "results": [{**result, "value": "E"}]})
    assert raised.value.detail["field"] == "results[0].value"


def _with_grades(platform: Platform, grades: dict[str, Any]) -> dict[str, Any]:
    definition = dict(platform.version.definition)
    definition["grading"] = {"scheme": "A to C", "results": [grades]}
    return definition


def test_a_result_without_a_description_is_accepted(platform: Platform) -> None:
    record = platform.issue({"recipient": "did:example:ada", "results": [{"status": "Completed"}]})
    assert _credential(record.document)["credentialSubject"]["result"][0]["status"] == "Completed"


@pytest.mark.parametrize("until", ["2025-06-01T12:00:00Z", "2024-01-01T00:00:00Z"])
def test_an_expiry_not_after_the_issuance_is_refused(platform: Platform, until: str) -> None:
    with pytest.raises(InvalidRequestError, match="not after the time of issuance") as raised:
        platform.issue({"recipient": "did:example:ada", "valid_until": until})
    assert raised.value.detail["field"] == "valid_until"


@pytest.mark.parametrize("credits", [0, 2.5, 5, "5"])
def test_credits_up_to_the_achievements_are_issued(platform: Platform, credits: Any) -> None:
    record = platform.issue({"recipient": "did:example:ada", "credits_earned": credits})
    assert _credential(record.document)["credentialSubject"]["creditsEarned"] == float(credits)


def test_more_credits_than_the_achievement_offers_are_refused_and_nothing_is_stored(
    platform: Platform,
) -> None:
    before = {name: len(rows) for name, rows in platform.uow.state.items()}
    allocated = [s.allocated for s in platform.uow.state["status_lists"].values()]
    with pytest.raises(InvalidRequestError) as raised:
        platform.issue({"recipient": "did:example:ada", "credits_earned": 500})
    assert raised.value.code is ErrorCode.CREDITS_EXCEED_ACHIEVEMENT
    assert raised.value.detail == {"field": "credits_earned", "limit": 5}
    assert raised.value.message == (
        "credits_earned: 500 is more than the 5 ECTS credits the achievement offers"
    )
    assert {name: len(rows) for name, rows in platform.uow.state.items()} == before
    assert [s.allocated for s in platform.uow.state["status_lists"].values()] == allocated


def test_no_credits_are_issued_for_an_achievement_that_offers_none(platform: Platform) -> None:
    without = dict(platform.version.definition)
    del without["workload"]
    platform.update(without)
    with pytest.raises(InvalidRequestError, match="offers no credits") as raised:
        platform.issue({"recipient": "did:example:ada", "credits_earned": 1})
    assert raised.value.code is ErrorCode.CREDITS_EXCEED_ACHIEVEMENT


def test_the_default_suite_comes_from_the_configuration() -> None:
    config = ServiceConfig(base_url=CONFIG.base_url, default_suite=SignatureSuite.EDDSA_JCS_2022)
    platform = new_platform(config=config)
    record = platform.issue()
    assert record.suite == "eddsa-jcs-2022"
    proof = _credential(record.document)["proof"][0]
    assert proof["cryptosuite"] == "eddsa-jcs-2022"


@pytest.mark.parametrize("suite", list(SignatureSuite))
def test_the_extension_context_is_named_where_the_platform_serves_it(
    platform: Platform, suite: SignatureSuite
) -> None:
    credential = _credential(platform.issue(suite=suite).document)
    served = "https://credentials.uni.example/contexts/credstack/v1"
    assert credential["@context"][-1] == served
    assert credential["relatedResource"] == [extension_context_pin(served)]


def test_the_extension_context_follows_the_configured_contexts_url() -> None:
    config = ServiceConfig(base_url=CONFIG.base_url, contexts_url="https://ld.uni.example/v")
    platform = new_platform(config=config)
    record = platform.issue()
    credential = _credential(record.document)
    assert credential["@context"][-1] == "https://ld.uni.example/v/credstack/v1"
    assert credential["relatedResource"][0]["id"] == "https://ld.uni.example/v/credstack/v1"
    assert platform.verify_with_core(record.document).verified is True


def test_each_credential_gets_its_own_ids_and_status_index(platform: Platform) -> None:
    records = [platform.issue() for _ in range(30)]
    assert len({r.credential_id for r in records}) == 30
    assert len({r.public_token for r in records}) == 30
    assert len({(r.status_list_id, r.status_index) for r in records}) == 30
    indexes = [r.status_index for r in records]
    assert indexes != sorted(indexes)
    assert max(indexes) > 65_536 > min(indexes)  # spread over the list, not packed at its start


def test_a_full_list_spills_over_into_a_new_one() -> None:
    tiny = ServiceConfig(base_url=CONFIG.base_url, status_list_length=8)
    platform = new_platform(config=tiny)
    records = [platform.issue() for _ in range(10)]
    first, second = dict.fromkeys(r.status_list_id for r in records)
    assert sorted(r.status_index for r in records if r.status_list_id == first) == list(range(8))
    assert len([r for r in records if r.status_list_id == second]) == 2
    for record in (records[0], records[-1]):
        assert platform.verify_with_core(record.document).verified


def test_the_issuance_is_audited_without_personal_data(platform: Platform) -> None:
    record = platform.issue({"recipient": EMAIL, "recipient_name": "Ada Lovelace"})
    event = platform.uow.audit.recent(platform.organisation.id)[0]
    assert (event.action, event.object_type, event.object_id) == (
        "credential.issued",
        "credential",
        str(record.id),
    )
    assert event.details == {
        "achievement_id": str(platform.version.achievement_id),
        "version": 1,
        "suite": "eddsa-rdfc-2022",
    }
    assert "lovelace" not in repr(event).lower()


def test_another_organisations_achievement_is_not_found(platform: Platform) -> None:
    other = platform.other()
    with pytest.raises(NotFoundError):
        other.issue(principal=other.owner, achievement_id=platform.version.achievement_id)


def test_an_unknown_achievement_is_not_found(platform: Platform) -> None:
    with pytest.raises(NotFoundError):
        platform.issue(achievement_id=uuid4())


def test_an_unknown_organisation_is_not_found(platform: Platform) -> None:
    stranger = Principal(uuid4(), "user:x", frozenset(Permission))
    with pytest.raises(NotFoundError):
        platform.issue(principal=stranger)


@pytest.mark.parametrize("permissions", [(Permission.READ,), (Permission.READ, Permission.REVOKE)])
def test_issuing_needs_the_issue_permission(
    platform: Platform, permissions: tuple[Permission, ...]
) -> None:
    with pytest.raises(PermissionDeniedError):
        platform.issue(principal=principal(platform.organisation, *permissions))
    assert platform.uow.credentials.count(platform.organisation.id) == 0


def test_an_issuer_may_issue(platform: Platform) -> None:
    issuer = principal(platform.organisation, Permission.READ, Permission.ISSUE)
    assert platform.issue(principal=issuer).state is CredentialState.ACTIVE


def test_without_a_valid_key_nothing_is_issued(platform: Platform) -> None:
    with pytest.raises(ConflictError, match="no signing key"):
        platform.issue(now=CREATED - timedelta(days=1))
    assert platform.uow.credentials.count(platform.organisation.id) == 0
