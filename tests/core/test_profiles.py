"""Policy profiles: the bundled profiles, the rule kinds and institution-defined profiles."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from credstack.core.model import (
    Assessment,
    CreditSystem,
    Issuer,
    SupervisionVerification,
    Workload,
)
from credstack.core.ob3.definition import parse_achievement_definition
from credstack.core.profiles.catalogue import (
    ELEMENTS,
    PolicyProfile,
    Severity,
    Violation,
    available_profiles,
    check_achievement,
    load_profile,
)
from tests.core.model.factories import EXAMPLES, eu_example, example


def _rules(violations: list[Violation]) -> list[str]:
    return [v.rule for v in violations]


def test_the_bundled_profiles() -> None:
    assert available_profiles() == ["emc-cmf", "eu-annex1", "nzqa"]
    for name in available_profiles():
        profile = load_profile(name)
        assert profile.name == name
        assert profile.title
        assert profile.rules


def test_load_profile_returns_a_loaded_profile_unchanged() -> None:
    profile = load_profile("nzqa")
    assert load_profile(profile) is profile


@pytest.mark.parametrize("profile", ["eu-annex1", "emc-cmf"])
def test_the_eu_example_passes_eu_annex1_and_emc_cmf(profile: str) -> None:
    achievement, issuer = eu_example()
    assert check_achievement(achievement, issuer, profile) == []


def test_the_nzqa_example_passes_nzqa() -> None:
    achievement, issuer = parse_achievement_definition(example("achievement-nzqa.yaml"))
    assert check_achievement(achievement, issuer, "nzqa") == []


def test_the_minimal_example_lists_every_missing_annex1_element() -> None:
    achievement, issuer = parse_achievement_definition(example("achievement-minimal.json"))
    violations = check_achievement(achievement, issuer, "eu-annex1")
    assert [(v.element, v.severity) for v in violations] == [
        ("issuer.country", Severity.ERROR),
        ("awarding_body", Severity.ERROR),
        ("learning_outcomes", Severity.ERROR),
        ("workload", Severity.ERROR),
        ("level.eqf", Severity.ERROR),
        ("assessment.type", Severity.ERROR),
        ("participation", Severity.ERROR),
        ("quality_assurance", Severity.ERROR),
    ]
    assert violations[0] == Violation(
        "eu-annex1",
        "issuer.country",
        "annex1-issuer-country",
        "Annex I (3): the country of the issuer is mandatory (give the issuer's country code) "
        "(issuer.country is required but missing)",
    )
    assert all(v.is_error for v in violations)


def test_eu_annex1_warns_but_does_not_fail_for_other_credit_systems() -> None:
    achievement, issuer = eu_example()
    cats = replace(achievement, workload=Workload(10, CreditSystem.UK_CATS, 100))
    violations = check_achievement(cats, issuer, "eu-annex1")
    assert _rules(violations) == ["annex1-workload-ects"]
    assert violations[0].severity is Severity.WARNING
    assert not violations[0].is_error
    assert "'UK-CATS'; expected 'ECTS'" in violations[0].message


def test_eu_annex1_warns_on_hours_outside_25_to_30_per_ects_credit() -> None:
    achievement, issuer = eu_example()
    heavy = replace(achievement, workload=Workload(5, CreditSystem.ECTS, 200))
    violations = check_achievement(heavy, issuer, "eu-annex1")
    assert _rules(violations) == ["annex1-ects-hours-per-credit"]
    assert violations[0].element == "workload.hours"
    assert (
        "workload.hours per workload.credits is 40, above the maximum 30" in violations[0].message
    )


def test_eu_annex1_takes_the_awarding_body_from_the_creator_without_an_issuer() -> None:
    achievement, issuer = eu_example()
    violations = check_achievement(replace(achievement, creator=issuer), None, "eu-annex1")
    assert _rules(violations) == ["annex1-issuer-country"]


def test_eu_annex1_requires_a_country_even_when_the_issuer_has_a_name() -> None:
    achievement, _ = eu_example()
    violations = check_achievement(achievement, Issuer("did:web:x.example", "X"), "eu-annex1")
    assert _rules(violations) == ["annex1-issuer-country"]


@pytest.mark.parametrize(
    ("workload", "eqf", "expected"),
    [
        (Workload(8, CreditSystem.ECTS, 125), 6, ["cmf-ects-4-6"]),
        (Workload(5, CreditSystem.ECTS, 90), 6, ["cmf-hours-100-150"]),
        (Workload(5, CreditSystem.ECTS, None), 6, ["cmf-hours"]),
        (Workload(12, CreditSystem.UK_CATS, 120), 6, []),
        (Workload(20, CreditSystem.UK_CATS, 120), 6, ["cmf-cats-10-15"]),
        (Workload(3, CreditSystem.US_CREDIT_HOURS, 120), 7, []),
        (Workload(4, CreditSystem.US_CREDIT_HOURS, 120), 7, ["cmf-us-2-3"]),
        (Workload(15, CreditSystem.NZQA, 150), 6, ["cmf-credit-system"]),
        (Workload(5, CreditSystem.ECTS, 125), 8, ["cmf-eqf-4-7"]),
        (Workload(5, CreditSystem.ECTS, 125), 4, []),
        (Workload(12, CreditSystem.UK_CATS, 120), 5, ["cmf-eqf-4-5-ects", "cmf-eqf-4-5-ects-size"]),
        (Workload(5, CreditSystem.ECTS, 125), None, ["cmf-eqf"]),
        (None, 6, ["cmf-credits", "cmf-hours"]),
    ],
)
def test_emc_cmf_size_and_level(
    workload: Workload | None, eqf: int | None, expected: list[str]
) -> None:
    achievement, issuer = eu_example()
    changed = replace(achievement, workload=workload, eqf_level=eqf)
    assert _rules(check_achievement(changed, issuer, "emc-cmf")) == expected


@pytest.mark.parametrize(
    ("assessment", "supervision", "expected"),
    [
        (Assessment("Exam", summative=False), None, ["cmf-summative-true", "cmf-identity"]),
        (Assessment("Exam"), SupervisionVerification.SUPERVISED_ONLINE_WITH_ID, ["cmf-summative"]),
        (
            Assessment("Exam", summative=True),
            SupervisionVerification.SUPERVISED_NO_ID,
            ["cmf-identity-verified"],
        ),
        (
            None,
            SupervisionVerification.UNSUPERVISED_NO_ID,
            ["cmf-summative", "cmf-identity-verified"],
        ),
    ],
)
def test_emc_cmf_assessment_and_identity(
    assessment: Assessment | None, supervision: SupervisionVerification | None, expected: list[str]
) -> None:
    achievement, issuer = eu_example()
    changed = replace(achievement, assessment=assessment, supervision=supervision)
    assert _rules(check_achievement(changed, issuer, "emc-cmf")) == expected


@pytest.mark.parametrize(
    ("workload", "expected", "severities"),
    [
        (Workload(15, CreditSystem.NZQA, 150), [], []),
        (Workload(40, CreditSystem.NZQA, None), [], []),
        (Workload(45, CreditSystem.NZQA, 450), ["nzqa-at-most-40"], [Severity.ERROR]),
        (Workload(3, CreditSystem.NZQA, 30), ["nzqa-at-least-5"], [Severity.WARNING]),
        (Workload(15, CreditSystem.NZQA, 120), ["nzqa-hours-per-credit"], [Severity.ERROR]),
        (Workload(5, CreditSystem.ECTS, 50), ["nzqa-credit-system"], [Severity.ERROR]),
        (Workload(None, None, 100), ["nzqa-credits"], [Severity.ERROR]),
    ],
)
def test_nzqa_size_rules(
    workload: Workload, expected: list[str], severities: list[Severity]
) -> None:
    achievement, issuer = parse_achievement_definition(example("achievement-nzqa.yaml"))
    violations = check_achievement(replace(achievement, workload=workload), issuer, "nzqa")
    assert _rules(violations) == expected
    assert [v.severity for v in violations] == severities


def test_nzqa_requires_a_framework_level() -> None:
    achievement, issuer = parse_achievement_definition(example("achievement-nzqa.yaml"))
    violations = check_achievement(replace(achievement, nqf_level=None), issuer, "nzqa")
    assert [(v.rule, v.element) for v in violations] == [("nzqa-level", "level.nqf")]


# --- institution-defined profiles --------------------------------------------------------


def _profile(*rules: dict[str, Any]) -> dict[str, Any]:
    return {"name": "my-university", "rules": list(rules)}


def test_an_institution_profile_from_a_mapping() -> None:
    achievement, issuer = eu_example()
    mapping = _profile(
        {"id": "english", "kind": "one-of", "element": "language", "values": ["en"]},
        {"id": "tags", "kind": "required", "element": "prerequisites"},
        {"id": "hei", "kind": "equals", "element": "issuer.kind", "value": "hei"},
        {"id": "region", "kind": "equals", "element": "issuer.region", "value": "Utrecht",
         "message": "we only award in Utrecht"},
    )  # fmt: skip
    profile = load_profile(mapping)
    assert isinstance(profile, PolicyProfile)
    violations = check_achievement(achievement, issuer, mapping)
    assert [(v.profile, v.rule, v.message) for v in violations] == [
        ("my-university", "english", "language is ('en', 'nl'); expected 'en'"),
        (
            "my-university",
            "region",
            "we only award in Utrecht (issuer.region is 'Zuid-Holland'; expected 'Utrecht')",
        ),
    ]


def test_rules_other_than_required_skip_missing_elements() -> None:
    achievement, issuer = parse_achievement_definition(example("achievement-minimal.json"))
    mapping = _profile(
        {"id": "eqf", "kind": "range", "element": "level.eqf", "min": 5},
        {"id": "ratio", "kind": "ratio", "element": "workload.hours", "per": "workload.credits",
         "max": 30},
        {"id": "mode", "kind": "one-of", "element": "participation", "values": ["online"]},
        {"id": "if", "kind": "conditional",
         "if": {"kind": "required", "element": "level.eqf"},
         "then": [{"id": "then", "kind": "required", "element": "level.nqf"}]},
    )  # fmt: skip
    assert check_achievement(achievement, issuer, mapping) == []


def test_a_conditional_applies_when_its_condition_holds() -> None:
    achievement, issuer = eu_example()
    mapping = _profile(
        {"id": "if-ects", "kind": "conditional",
         "if": {"kind": "one-of", "element": "workload.system", "values": ["ECTS", "UK-CATS"]},
         "then": [{"id": "online-only", "kind": "equals", "element": "participation",
                   "value": "online", "severity": "warning"}]},
    )  # fmt: skip
    violations = check_achievement(achievement, issuer, mapping)
    assert violations == [
        Violation(
            "my-university",
            "participation",
            "online-only",
            "participation is 'blended'; expected 'online'",
            Severity.WARNING,
        )
    ]


def test_every_element_can_be_read() -> None:
    achievement, issuer = eu_example()
    mapping = _profile(
        *({"id": f"r{n}", "kind": "required", "element": e} for n, e in enumerate(ELEMENTS))
    )
    assert check_achievement(achievement, issuer, mapping) == []


def test_the_documented_example_profile_loads_and_every_element_is_documented() -> None:
    text = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    block = text.split("```json\n", 1)[1].split("```", 1)[0]
    profile = load_profile(json.loads(block))
    assert profile.name == "my-university"
    assert len(profile.rules) == 5
    assert [e for e in ELEMENTS if f"`{e}`" not in text] == []


def test_equals_compares_numbers_as_numbers() -> None:
    achievement, issuer = eu_example()
    mapping = _profile(
        {"id": "eqf-6", "kind": "equals", "element": "level.eqf", "value": 6},
        {"id": "eqf-7", "kind": "equals", "element": "level.eqf", "value": 7.0},
        {"id": "summative", "kind": "equals", "element": "assessment.summative", "value": 1},
    )
    violations = check_achievement(achievement, issuer, mapping)
    assert [(v.rule, v.message) for v in violations] == [
        ("eqf-7", "level.eqf is 6; expected 7"),
        ("summative", "assessment.summative is true; expected 1"),
    ]
