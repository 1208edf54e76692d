"""Open Badges 3.0 mapping: round trips, schema validity, JSON-LD terms, third-party input."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from credstack.core import ob3
from credstack.core.errors import DocumentError, ErrorCode
from credstack.core.jsonld import rdfc
from credstack.core.model import (
    Achievement,
    Alignment,
    Criteria,
    Evidence,
    IdentityObject,
    Issuer,
    IssuerKind,
    Recipient,
    Result,
    ResultStatus,
    StatusEntry,
    Workload,
)
from credstack.core.ob3.schema import validate_credential_schema
from credstack.core.ob3.terms import uses_extension
from tests.core.model.factories import (
    eu_example,
    full_achievement,
    issuer,
    nquads,
    sample,
    undefined_terms,
)

VALID_FROM = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
MINIMAL = Achievement(
    id="https://badges.example/achievements/git",
    name="Introduction to Git",
    description="Version control with Git.",
    criteria=Criteria("Complete the exercises."),
)
PLAIN_ISSUER = Issuer(id="https://badges.example/issuer", name="Badges Example")


def _credential(**overrides: Any) -> dict[str, Any]:
    arguments: dict[str, Any] = {
        "id": "urn:uuid:2f3a1c52-0000-4000-8000-000000000001",
        "issuer": issuer(),
        "achievement": full_achievement(),
        "recipient": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
        "valid_from": VALID_FROM,
    }
    arguments.update(overrides)
    return ob3.build_credential(**arguments)


def _rich_credential() -> dict[str, Any]:
    achievement = full_achievement()
    return _credential(
        achievement=achievement,
        recipient=Recipient(
            id="did:example:learner",
            identifiers=(IdentityObject.hashed_value("learner@example.org", "pepper"),),
        ),
        valid_until=VALID_FROM + timedelta(days=3650),
        awarded_date=VALID_FROM - timedelta(days=2),
        results=(
            Result(achievement.result_descriptions[0].id, "B", ResultStatus.COMPLETED),
            Result(
                achievement.result_descriptions[1].id,
                achieved_level=achievement.result_descriptions[1].rubric_criterion_levels[0].id,
                alignments=(Alignment("Project", "https://university.example/catalog/p"),),
            ),
        ),
        evidence=(
            Evidence(
                id="https://university.example/evidence/1",
                name="Project report",
                description="The final report.",
                narrative="Graded by two examiners.",
                genre="Report",
                audience="Examiners",
            ),
        ),
        credits_earned=5,
        status=(
            StatusEntry(
                id="https://university.example/status/1#94567",
                status_purpose="revocation",
                status_list_index="94567",
                status_list_credential="https://university.example/status/1",
            ),
        ),
        name="Data Analysis with Python — Jane Doe",
        activity_start_date=datetime(2024, 9, 2, tzinfo=UTC),
        activity_end_date=datetime(2025, 1, 31, tzinfo=UTC),
    )


# --- achievements and profiles ------------------------------------------------------------


@pytest.mark.parametrize(
    "achievement",
    [
        full_achievement(),
        MINIMAL,
        eu_example()[0],
        replace(MINIMAL, achievement_type=None),
        replace(MINIMAL, workload=Workload(hours=30)),
        replace(MINIMAL, workload=Workload(credits=3)),
    ],
    ids=["full", "minimal", "eu-example", "no-type", "hours-only", "credits-only"],
)
def test_achievement_round_trip_is_exact(achievement: Achievement) -> None:
    data = ob3.to_achievement_json(achievement)
    assert ob3.parse_achievement(json.loads(json.dumps(data))) == achievement


def test_achievement_json_uses_open_badges_terms_first() -> None:
    data = ob3.to_achievement_json(full_achievement())
    assert data["type"] == ["Achievement"]
    assert data["achievementType"] == "MicroCredential"
    assert data["creditsAvailable"] == 5
    assert data["fieldOfStudy"] == "Software and applications development and analysis"
    assert data["inLanguage"] == "en"
    assert data["additionalLanguage"] == ["nl", "de"]
    assert data["criteria"] == {
        "id": "https://university.example/criteria",
        "narrative": "Pass the exam and the project.",
    }
    eqf, python, sql, other = data["alignment"]
    assert eqf == {
        "type": ["Alignment"],
        "targetCode": "6",
        "targetName": "EQF level 6",
        "targetFramework": "European Qualifications Framework",
        "targetUrl": "http://data.europa.eu/snb/eqf/6",
    }
    assert python["targetFramework"] == sql["targetFramework"] == "ESCO"
    assert python["targetType"] == "ceasn:Competency"
    assert other["targetUrl"] == "https://framework.example/data"
    assert data["learningOutcome"][1] == {
        "type": "LearningOutcome",
        "description": "Query data with SQL.",
        "relatedSkill": [sql["targetUrl"], python["targetUrl"]],
    }
    assert data["workloadHours"] == 125
    assert data["creditSystem"] == "ECTS"
    assert data["supervisionVerification"] == "supervised-onsite-identity-verification"


def test_fractional_numbers_stay_fractional() -> None:
    achievement = replace(MINIMAL, workload=replace(full_achievement().workload, credits=2.5))  # type: ignore[type-var]
    data = ob3.to_achievement_json(achievement)
    assert data["creditsAvailable"] == 2.5
    assert ob3.parse_achievement(data).workload == achievement.workload


def test_a_non_canonical_eqf_alignment_sets_the_level_and_is_kept_once() -> None:
    own = Alignment("Level 5 (EQF)", "http://data.europa.eu/snb/eqf/5", target_code="5")
    data = ob3.to_achievement_json(replace(MINIMAL, alignments=(own,)))
    parsed = ob3.parse_achievement(data)
    assert parsed.eqf_level == 5
    assert parsed.alignments == (own,)
    assert len(ob3.to_achievement_json(parsed)["alignment"]) == 1


def test_extension_terms_can_be_ignored() -> None:
    data = ob3.to_achievement_json(full_achievement())
    parsed = ob3.parse_achievement(data, extensions=False)
    assert parsed.assessment is None
    assert parsed.learning_outcomes == ()
    assert parsed.workload is not None
    assert parsed.workload.system is None
    assert parsed.languages == ("en",)
    skill_urls = {a.target_url for a in parsed.alignments}
    assert {s.target_url for s in full_achievement().skills} <= skill_urls


def test_profile_round_trip_is_exact() -> None:
    data = ob3.to_profile_json(issuer())
    assert data["type"] == ["Profile"]
    assert data["address"]["addressCountryCode"] == "NL"
    assert data["issuerKind"] == "hei"
    assert ob3.parse_profile(data) == issuer()
    assert ob3.parse_profile(data, extensions=False) == replace(issuer(), kind=None)


def test_profile_without_profile_type_is_refused() -> None:
    with pytest.raises(DocumentError) as caught:
        ob3.parse_profile({"id": "did:web:x.example", "type": ["Organization"]})
    assert caught.value.code is ErrorCode.MALFORMED_VALUE_ERROR
    assert "type" in caught.value.message


def test_profile_with_an_unknown_issuer_kind_is_refused() -> None:
    data = ob3.to_profile_json(issuer()) | {"issuerKind": "university"}
    with pytest.raises(DocumentError, match="issuerKind: expected one of 'hei'"):
        ob3.parse_profile(data)


# --- credentials -------------------------------------------------------------------------


def test_credential_has_the_open_badges_shape() -> None:
    data = _credential()
    assert data["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
        "https://w3id.org/credstack/v1",
    ]
    assert data["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert data["credentialSchema"] == [
        {
            "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
            "ob_v3p0_achievementcredential_schema.json",
            "type": "1EdTechJsonSchemaValidator2019",
        }
    ]
    assert data["validFrom"] == "2025-03-01T09:30:00Z"
    assert data["name"] == "Data Analysis with Python"
    assert data["credentialSubject"]["type"] == ["AchievementSubject"]
    assert "proof" not in data


def test_extension_context_only_when_an_extension_term_is_used() -> None:
    plain = _credential(issuer=PLAIN_ISSUER, achievement=MINIMAL)
    assert "https://w3id.org/credstack/v1" not in plain["@context"]
    assert "relatedResource" not in plain
    kind_only = _credential(issuer=replace(PLAIN_ISSUER, kind=IssuerKind.MOOC), achievement=MINIMAL)
    assert kind_only["@context"][-1] == "https://w3id.org/credstack/v1"
    assert kind_only["relatedResource"] == [ob3.extension_context_pin(ob3.CREDSTACK_CONTEXT)]


@pytest.mark.parametrize(
    "build",
    [
        lambda: _credential(issuer=PLAIN_ISSUER, achievement=MINIMAL),
        lambda: _credential(),
        _rich_credential,
        lambda: _credential(achievement=eu_example()[0], issuer=eu_example()[1]),
    ],
    ids=["minimal", "full", "rich", "eu-example"],
)
def test_built_credentials_validate_against_the_1edtech_schema(build: Any) -> None:
    assert validate_credential_schema(build()) == []


@pytest.mark.parametrize(
    "build",
    [
        lambda: _credential(issuer=PLAIN_ISSUER, achievement=MINIMAL),
        _rich_credential,
        lambda: _credential(achievement=eu_example()[0], issuer=eu_example()[1]),
    ],
    ids=["minimal", "rich", "eu-example"],
)
def test_built_credentials_use_no_undefined_terms(build: Any) -> None:
    document = build()
    assert undefined_terms(document) == []
    assert rdfc.find_undefined_terms(document) == []


def test_both_canonicalization_paths_agree_on_extension_terms() -> None:
    document = _rich_credential()
    assert rdfc.canonicalize(document) == rdfc.canonicalize_reference(document)


def _leaf_strings(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [
            s for k, v in node.items() if k not in ("@context", "type") for s in _leaf_strings(v)
        ]
    if isinstance(node, list):
        return [s for item in node for s in _leaf_strings(item)]
    return [node] if isinstance(node, str) else []


def _nquads_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def test_canonicalization_drops_nothing() -> None:
    data = _rich_credential()
    canonical = nquads(data)
    missing = [s for s in _leaf_strings(data) if _nquads_escape(s) not in canonical]
    assert missing == []
    for term in ("LearningOutcome", "CredentialReference", "workloadHours", "issuerKind"):
        assert f"https://w3id.org/credstack/vocab#{term}" in canonical


def test_parse_credential_reads_back_what_build_credential_wrote() -> None:
    data = _rich_credential()
    credential = ob3.parse_credential(json.loads(json.dumps(data)))
    assert ob3.to_credential_json(credential) == data
    assert credential.credits_earned == 5
    assert credential.recipient.identifiers[0].matches("learner@example.org")


def test_make_credential_is_what_parse_credential_returns() -> None:
    arguments: dict[str, Any] = {
        "id": "urn:uuid:1",
        "issuer": issuer(),
        "achievement": full_achievement(),
        "recipient": IdentityObject.hashed_value("a@example.org", "salt"),
        "valid_from": datetime(2025, 1, 1, 12, 0, 0, 123456, tzinfo=timezone(timedelta(hours=2))),
    }
    built = ob3.make_credential(**arguments)
    assert ob3.parse_credential(ob3.build_credential(**arguments)) == built
    assert built.valid_from == datetime(2025, 1, 1, 10, 0, tzinfo=UTC)


def test_recipient_by_identity_object_has_no_subject_id() -> None:
    identity = IdentityObject.hashed_value("nobody@example.org", "deadsea")
    subject = _credential(recipient=identity)["credentialSubject"]
    assert "id" not in subject
    assert subject["identifier"] == [
        {
            "type": "IdentityObject",
            "identityHash": "sha256$ecf5409f3f4b91ab60cc5ef4c02aef70"
            "32354375e70cf4d8e43f6a1d29891942",
            "identityType": "emailAddress",
            "hashed": True,
            "salt": "deadsea",
        }
    ]


def test_a_recipient_needs_an_id_or_an_identifier() -> None:
    with pytest.raises(DocumentError) as caught:
        _credential(recipient=Recipient())
    assert caught.value.code is ErrorCode.MALFORMED_VALUE_ERROR
    assert "credentialSubject" in caught.value.message


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(DocumentError) as caught:
        _credential(valid_from=datetime(2025, 1, 1))
    assert caught.value.code is ErrorCode.MALFORMED_VALUE_ERROR


def test_one_status_entry_is_an_object_several_are_an_array() -> None:
    entry = StatusEntry("https://s.example/1#1", status_purpose="revocation")
    suspension = StatusEntry("https://s.example/2#1", status_purpose="suspension")
    assert _credential(status=[entry])["credentialStatus"]["id"] == "https://s.example/1#1"
    both = _credential(status=[entry, suspension])
    assert [s["statusPurpose"] for s in both["credentialStatus"]] == ["revocation", "suspension"]
    assert ob3.parse_credential(both).status == (entry, suspension)


# --- other issuers' credentials ----------------------------------------------------------


def test_parse_the_1edtech_complete_sample() -> None:
    credential = ob3.parse_credential(sample("1edtech-validator/complete.json"))
    assert credential.issuer.name == "1EdTech University"
    assert credential.issuer.country_code == "US"
    assert credential.achievement.achievement_type == "Degree"
    assert credential.achievement.workload is not None
    assert credential.achievement.workload.credits == 36
    assert credential.achievement.workload.system is None
    assert len(credential.achievement.alignments) == 2
    assert [r.result_type for r in credential.achievement.result_descriptions] == [
        "LetterGrade",
        "RubricCriterionLevel",
        "Status",
    ]
    assert credential.achievement.creator is not None
    assert credential.credits_earned == 42
    assert [r.status for r in credential.results] == [None, None, ResultStatus.COMPLETED]
    assert len(credential.evidence) == 2
    assert not credential.recipient.identifiers[0].hashed
    assert credential.recipient.identifiers[0].matches("student@1edtech.edu")
    assert credential.status == (
        StatusEntry("https://1edtech.edu/credentials/3732/revocations", "1EdTechRevocationList"),
    )
    assert credential.activity_start_date == datetime(2010, 1, 1, tzinfo=UTC)


def test_parse_the_vc_1_1_era_sample_uses_issuance_date() -> None:
    credential = ob3.parse_credential(sample("1edtech-validator/simple_v1.json"))
    assert credential.valid_from.tzinfo is not None
    assert credential.achievement.name


def test_parse_the_edubadges_sample_without_reading_its_own_extension_terms() -> None:
    credential = ob3.parse_credential(sample("third-party/edubadges-microcredential-full.json"))
    achievement = credential.achievement
    assert achievement.name.startswith("Minor: Jedi Mind Control")
    assert achievement.assessment is None  # its "assessmentType" is not our term
    assert achievement.eqf_level is None  # its EQF alignment does not use the EU vocabulary
    assert [a.target_type for a in achievement.alignments] == ["ext:QualityAssurance", "ext:EQF"]
    assert achievement.languages == ("en-EN",)
    assert credential.results[0].value == "8.5"
    assert credential.issuer.other_identifiers[0].identifier_type == "ext:BRIN"


def test_credstack_terms_are_ignored_without_the_credstack_context() -> None:
    data = _credential()
    data["@context"] = data["@context"][:3]
    credential = ob3.parse_credential(data)
    assert credential.achievement.assessment is None
    assert credential.issuer.kind is None


# --- errors ------------------------------------------------------------------------------


def _broken(path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(_credential())
    node: Any = data
    for key in path[:-1]:
        node = node[key]
    if value is _DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return data


_DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "where"),
    [
        (("type",), ["VerifiableCredential"], "type"),
        (("credentialSubject", "achievement"), _DELETE, "credentialSubject.achievement"),
        (("credentialSubject",), [{}, {}], "credentialSubject: expected exactly one"),
        (("credentialSubject",), _DELETE, "credentialSubject: expected an AchievementSubject"),
        (("validFrom",), "2025-03-01", "validFrom"),
        (("validFrom",), _DELETE, "validFrom"),
        (("issuer",), 42, "issuer"),
        (("issuer",), "", "issuer"),
        (("credentialSubject", "creditsEarned"), "five", "credentialSubject.creditsEarned"),
        (
            ("credentialSubject", "achievement", "participationForm"),
            "remote",
            "credentialSubject.achievement.participationForm",
        ),
        (
            ("credentialSubject", "achievement", "alignment", 0, "targetUrl"),
            _DELETE,
            "credentialSubject.achievement.alignment[0].targetUrl",
        ),
        (("credentialSubject", "achievement", "criteria"), _DELETE, "achievement.criteria"),
        (("credentialSubject", "achievement", "type"), ["Badge"], "achievement.type"),
        (("credentialSubject", "achievement", "nqfLevel"), _DELETE, "achievement.nqfLevel"),
        (("credentialSubject", "achievement", "nqfLevel"), 6.5, "achievement.nqfLevel"),
        (("credentialSubject", "achievement", "assessmentType"), _DELETE, "assessmentType"),
        (("credentialSubject", "achievement", "tag"), ["ok", 3], "achievement.tag[1]"),
    ],
)
def test_parse_credential_names_the_bad_field(
    path: tuple[str | int, ...], value: Any, where: str
) -> None:
    with pytest.raises(DocumentError) as caught:
        ob3.parse_credential(_broken(path, value))
    assert caught.value.code is ErrorCode.MALFORMED_VALUE_ERROR
    assert where in caught.value.message


def test_parse_credential_refuses_a_bad_identity_object_and_status_index() -> None:
    identity = _broken(("credentialSubject", "identifier"), [{"type": "IdentityObject"}])
    with pytest.raises(DocumentError, match=r"identifier\[0\]\.hashed"):
        ob3.parse_credential(identity)
    entry = {"id": "https://s.example/1#1", "type": "BitstringStatusListEntry"}
    status = _broken(("credentialStatus",), entry | {"statusListIndex": [1]})
    with pytest.raises(DocumentError, match="statusListIndex"):
        ob3.parse_credential(status)
    numeric = _broken(("credentialStatus",), entry | {"statusListIndex": 7})
    assert ob3.parse_credential(numeric).status[0].status_list_index == "7"


def test_parse_credential_refuses_a_non_object() -> None:
    with pytest.raises(DocumentError, match="expected an object, got an array"):
        ob3.parse_credential([])


def test_parse_achievement_errors_are_invalid_achievement() -> None:
    data = ob3.to_achievement_json(full_achievement())
    data["supervisionVerification"] = "proctored"
    with pytest.raises(DocumentError) as caught:
        ob3.parse_achievement(data)
    assert caught.value.code is ErrorCode.INVALID_ACHIEVEMENT
    assert caught.value.detail["path"] == "supervisionVerification"


def test_a_credential_subject_array_of_one_is_accepted() -> None:
    data = _credential()
    data["credentialSubject"] = [data["credentialSubject"]]
    assert ob3.parse_credential(data).achievement == full_achievement()


def test_an_issuer_given_as_a_uri_and_a_plain_image_url() -> None:
    data = _credential(issuer=PLAIN_ISSUER, achievement=MINIMAL)
    data["issuer"] = "https://badges.example/issuer"
    data["credentialSubject"]["achievement"]["image"] = "https://badges.example/badge.png"
    credential = ob3.parse_credential(data)
    assert credential.issuer == Issuer(id="https://badges.example/issuer")
    assert credential.achievement.image is not None
    assert credential.achievement.image.id == "https://badges.example/badge.png"
    del data["issuer"]
    with pytest.raises(DocumentError, match="issuer: expected a URI or a Profile object"):
        ob3.parse_credential(data)


def test_uses_extension_sees_extension_types_and_nested_terms() -> None:
    assert uses_extension({"stackableTowards": []})
    assert uses_extension({"type": ["LearningOutcome"]})
    assert uses_extension([{"a": {"type": "CredentialReference"}}])
    assert not uses_extension({"type": "Achievement", "name": "creditSystem"})
