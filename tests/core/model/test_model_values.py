"""The domain model's value objects: identity hashes, vocabularies, derived values, exports."""

from __future__ import annotations

import dataclasses

import pytest

import credstack.core.model as model
from credstack.core.model import (
    Address,
    Alignment,
    IdentityObject,
    Issuer,
    SupervisionVerification,
    hash_identity,
)
from tests.core.model.factories import PYTHON_SKILL, SQL_SKILL, full_achievement


def test_hash_identity_matches_the_open_badges_example() -> None:
    # Open Badges 2.0 example: SHA-256("nobody@example.org" + "deadsea").
    assert hash_identity("nobody@example.org", "deadsea").startswith("sha256$ecf5409f")
    assert hash_identity("nobody@example.org", "deadsea") == (
        "sha256$ecf5409f3f4b91ab60cc5ef4c02aef7032354375e70cf4d8e43f6a1d29891942"
    )


def test_hashed_identity_matches_only_its_value() -> None:
    identity = IdentityObject.hashed_value("nobody@example.org", "deadsea")
    assert identity.identity_type == "emailAddress"
    assert identity.hashed
    assert identity.salt == "deadsea"
    assert identity.matches("nobody@example.org")
    assert not identity.matches("somebody@example.org")


def test_md5_and_unsalted_and_plaintext_identities() -> None:
    md5 = IdentityObject("md5$" + "7d9ba1c5e4c4bde8d5e7c50b4c4bd4e2", hashed=True)
    assert not md5.matches("nobody@example.org")
    unsalted = IdentityObject(hash_identity("a@example.org", ""), hashed=True)
    assert unsalted.matches("a@example.org")
    plain = IdentityObject("a@example.org", hashed=False)
    assert plain.matches("a@example.org")
    assert not plain.matches("b@example.org")


@pytest.mark.parametrize("identity_hash", ["sha1$abc", "sha256$", "plain-text"])
def test_unknown_hash_algorithms_never_match(identity_hash: str) -> None:
    assert not IdentityObject(identity_hash, hashed=True).matches("")


def test_supervision_options_say_whether_identity_is_verified() -> None:
    verified = {s for s in SupervisionVerification if s.verifies_identity}
    assert verified == {
        SupervisionVerification.SUPERVISED_ONLINE_WITH_ID,
        SupervisionVerification.SUPERVISED_ONSITE_WITH_ID,
    }


def test_skills_are_deduplicated_in_order() -> None:
    assert [s.target_url for s in full_achievement().skills] == [PYTHON_SKILL, SQL_SKILL]


def test_alignment_factories() -> None:
    assert Alignment.eqf_level(7) == Alignment(
        "EQF level 7",
        "http://data.europa.eu/snb/eqf/7",
        target_code="7",
        target_framework="European Qualifications Framework",
    )
    skill = Alignment.esco_skill(PYTHON_SKILL, "Python")
    assert (skill.target_framework, skill.target_type) == ("ESCO", "ceasn:Competency")


def test_issuer_country_and_region() -> None:
    assert Issuer("did:web:x.example").country_code is None
    assert Issuer("did:web:x.example").region is None
    located = Issuer("did:web:x.example", address=Address(country_code="NZ", region="Otago"))
    assert (located.country_code, located.region) == ("NZ", "Otago")


def test_value_objects_are_frozen() -> None:
    achievement = full_achievement()
    with pytest.raises(dataclasses.FrozenInstanceError):
        achievement.name = "Other"  # type: ignore[misc]
    assert hash(Alignment.eqf_level(6)) == hash(Alignment.eqf_level(6))


def test_the_public_api_is_pinned() -> None:
    assert model.__all__ == [
        "COMPETENCY_TARGET_TYPE",
        "EMAIL_ADDRESS",
        "EQF_FRAMEWORK",
        "EQF_URI_PREFIX",
        "ESCO_FRAMEWORK",
        "MICRO_CREDENTIAL",
        "Achievement",
        "Address",
        "Alignment",
        "Assessment",
        "Credential",
        "CredentialReference",
        "CreditSystem",
        "Criteria",
        "Evidence",
        "FieldOfStudy",
        "IdentifierEntry",
        "IdentityObject",
        "Image",
        "Issuer",
        "IssuerKind",
        "LearningOutcome",
        "NqfLevel",
        "ParticipationForm",
        "Recipient",
        "Result",
        "ResultDescription",
        "ResultStatus",
        "RubricCriterionLevel",
        "Stackability",
        "StatusEntry",
        "SupervisionVerification",
        "Workload",
        "hash_identity",
    ]
    for name in model.__all__:
        assert getattr(model, name) is not None
