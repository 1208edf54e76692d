"""JSON Schema validation against the bundled 1EdTech OB 3.0 AchievementCredential schema."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from credstack.core.ob3.schema import (
    IssueSeverity,
    SchemaIssue,
    normalize_arrays,
    validate_credential_schema,
)
from tests.core.model.factories import sample

VALID_SAMPLES = [
    "1edtech-validator/complete.json",
    "1edtech-validator/simple.json",
    "1edtech-validator/simple-did-key-method.json",
    "1edtech-validator/simple-multiple-proofs.json",
    "third-party/edubadges-microcredential-full.json",
]


@pytest.mark.parametrize("name", VALID_SAMPLES)
def test_conforming_samples_have_no_issues(name: str) -> None:
    assert validate_credential_schema(sample(name)) == []


def test_a_single_proof_object_fails_strict_validation() -> None:
    document = sample("1edtech-validator/simple-did-web-method.json")
    assert isinstance(document["proof"], dict)
    issues = validate_credential_schema(document)
    assert [i.path for i in issues] == ["$.proof"]
    assert issues[0].is_error
    assert "array" in issues[0].message


def test_normalization_wraps_and_reports_instead_of_failing() -> None:
    document = sample("1edtech-validator/simple-did-web-method.json")
    issues = validate_credential_schema(document, normalize=True)
    assert issues == [
        SchemaIssue("$.proof", "a single value was wrapped in an array", IssueSeverity.WARNING)
    ]
    assert not issues[0].is_error
    assert isinstance(document["proof"], dict)  # the caller's document is untouched


def test_normalization_follows_the_schema_classes() -> None:
    document = copy.deepcopy(sample("1edtech-validator/complete.json"))
    subject = document["credentialSubject"]
    subject["type"] = "AchievementSubject"
    subject["achievement"]["alignment"] = subject["achievement"]["alignment"][0]
    subject["achievement"]["alignment"]["type"] = "Alignment"
    document["evidence"] = document["evidence"][0]
    normalized, wrapped = normalize_arrays(document)
    assert wrapped == [
        "$.credentialSubject.type",
        "$.credentialSubject.achievement.alignment",
        "$.credentialSubject.achievement.alignment[0].type",
        "$.evidence",
    ]
    # ``type`` of Image, IdentityObject, IdentifierEntry and status entries stays a string.
    assert normalized["image"]["type"] == "Image"
    assert normalized["credentialStatus"]["type"] == "1EdTechRevocationList"
    assert normalized["credentialSubject"]["identifier"][0]["type"] == "IdentityObject"
    assert validate_credential_schema(normalized) == []


@pytest.mark.parametrize(
    ("change", "path", "fragment"),
    [
        (lambda d: d.pop("validFrom"), "$", "'validFrom' is a required property"),
        (lambda d: d.update(validFrom="2025-01-01"), "$.validFrom", "is not a 'date-time'"),
        (lambda d: d.update(validFrom="2025-13-01T00:00:00Z"), "$.validFrom", "date-time"),
        (lambda d: d.update(type=["VerifiableCredential"]), "$.type", "does not contain"),
        (
            lambda d: d["@context"].__setitem__(1, "https://example.org/context.json"),
            "$.@context[1]",
            "does not match",
        ),
        (
            lambda d: d["credentialSubject"]["achievement"].pop("criteria"),
            "$.credentialSubject.achievement",
            "'criteria' is a required property",
        ),
        (
            lambda d: d["credentialSubject"]["achievement"].update(achievementType="Nanodegree"),
            "$.credentialSubject.achievement.achievementType",
            "does not match '(ext:)",
        ),
        (
            lambda d: d["credentialSubject"]["achievement"].update(inLanguage="English"),
            "$.credentialSubject.achievement.inLanguage",
            "does not match",
        ),
    ],
)
def test_violations_name_the_path(change: Any, path: str, fragment: str) -> None:
    document = copy.deepcopy(sample("1edtech-validator/simple.json"))
    change(document)
    issues = validate_credential_schema(document)
    assert any(i.path == path and fragment in i.message for i in issues), issues
    assert all(i.severity is IssueSeverity.ERROR for i in issues)


def test_issues_are_sorted_by_path() -> None:
    document = copy.deepcopy(sample("1edtech-validator/simple.json"))
    document["type"] = ["VerifiableCredential"]
    document["validFrom"] = "yesterday"
    paths = [i.path for i in validate_credential_schema(document)]
    assert paths == sorted(paths)
    assert len(paths) >= 2


def test_a_valid_date_is_not_confused_with_a_date_time() -> None:
    document = copy.deepcopy(sample("1edtech-validator/complete.json"))
    document["issuer"]["dateOfBirth"] = "2000-02-29"
    assert validate_credential_schema(document) == []
    document["issuer"]["dateOfBirth"] = "2001-02-29"
    assert [i.path for i in validate_credential_schema(document)] == ["$.issuer.dateOfBirth"]


def test_a_wrong_profile_reports_the_profile_error_briefly() -> None:
    document = copy.deepcopy(sample("1edtech-validator/complete.json"))
    document["issuer"]["dateOfBirth"] = "2001-02-29"
    document["issuer"]["type"] = "Profile"
    issues = validate_credential_schema(document)
    assert {(i.path, i.message) for i in issues} == {
        ("$.issuer.dateOfBirth", "'2001-02-29' is not a 'date'"),
        ("$.issuer.type", "'Profile' is not of type 'array'"),
    }


def test_format_checks_leave_wrong_types_to_the_type_check() -> None:
    document = copy.deepcopy(sample("1edtech-validator/complete.json"))
    document["validFrom"] = 20250101
    document["issuer"]["dateOfBirth"] = 20000229
    issues = validate_credential_schema(document)
    assert [(i.path, i.message) for i in issues] == [
        ("$.issuer.dateOfBirth", "20000229 is not of type 'string'"),
        ("$.validFrom", "20250101 is not of type 'string'"),
    ]
