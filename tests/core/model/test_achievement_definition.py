"""Achievement definition files: the human-friendly format and OB 3.0 Achievement JSON."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from credstack.core import ob3
from credstack.core.errors import DocumentError, ErrorCode
from credstack.core.model import (
    Address,
    Alignment,
    Assessment,
    CredentialReference,
    CreditSystem,
    Criteria,
    FieldOfStudy,
    IdentifierEntry,
    Image,
    IssuerKind,
    NqfLevel,
    ParticipationForm,
    ResultDescription,
    Stackability,
    SupervisionVerification,
    Workload,
)
from credstack.core.ob3.definition import parse_achievement_definition
from tests.core.model.factories import PYTHON_SKILL, SQL_SKILL, example, full_achievement

MINIMAL: dict[str, Any] = {
    "id": "https://badges.example/a/1",
    "title": "T",
    "description": "D",
    "criteria": "C",
}


def test_the_complete_eu_example() -> None:
    achievement, issuer = parse_achievement_definition(example("achievement.yaml"))
    assert achievement.name == "Data Analysis with Python"
    assert achievement.achievement_type == "MicroCredential"
    assert achievement.workload == Workload(5, CreditSystem.ECTS, 125)
    assert achievement.eqf_level == 6
    assert achievement.nqf_level == NqfLevel(6, "Dutch Qualifications Framework (NLQF)")
    assert achievement.field_of_study == FieldOfStudy(
        "0613", "Software and applications development and analysis"
    )
    assert achievement.assessment == Assessment(
        "Proctored written exam and graded individual project", summative=True
    )
    assert achievement.supervision is SupervisionVerification.SUPERVISED_ONSITE_WITH_ID
    assert achievement.participation is ParticipationForm.BLENDED
    assert achievement.stackability is Stackability.STACKABLE
    assert achievement.stackable_towards == (
        CredentialReference(
            "MSc Data Science and Artificial Intelligence",
            "https://www.tu-delta.example/education/msc-data-science",
        ),
    )
    assert achievement.languages == ("en", "nl")
    assert [s.target_url for s in achievement.skills] == [PYTHON_SKILL, SQL_SKILL]
    assert len(achievement.learning_outcomes) == 4
    assert achievement.learning_outcomes[3].skills == ()
    assert achievement.result_descriptions[0].required_value == "5.5"
    assert achievement.image == Image(
        "https://credentials.tu-delta.example/achievements/data-analysis-python/badge.png",
        "Data Analysis with Python badge",
    )
    assert achievement.criteria.id is not None
    assert achievement.quality_assurance is not None
    assert achievement.prerequisites is not None
    assert achievement.grading_scheme is not None
    assert achievement.further_information is not None
    assert issuer is not None
    assert issuer.kind is IssuerKind.HEI
    assert issuer.address == Address(
        country_code="NL", country="Netherlands", region="Zuid-Holland", locality="Delta"
    )
    assert issuer.other_identifiers == (IdentifierEntry("NL DELTA01", "ext:ErasmusCode"),)


def test_the_minimal_example_and_its_defaults() -> None:
    achievement, issuer = parse_achievement_definition(example("achievement-minimal.json"))
    assert issuer is None
    assert achievement.achievement_type == "MicroCredential"
    assert achievement.criteria == Criteria(
        "Complete the four hands-on exercises and the final quiz with a score of at least 80 %."
    )
    assert achievement.workload is None
    assert achievement.learning_outcomes == ()


def test_short_forms() -> None:
    data = MINIMAL | {
        "learning_outcomes": ["Explain X.", {"text": "Do Y.", "skills": [PYTHON_SKILL]}],
        "assessment": "Oral exam",
        "grading": "Pass / fail",
        "stackability": "stand-alone",
        "language": "nl-BE",
        "image": "https://badges.example/a/1.png",
        "field": {"name": "Education"},
        "workload": {"hours": 30},
        "supervision": "Supervised_Online_Identity_Verification",
    }
    achievement, _ = parse_achievement_definition(data)
    assert achievement.learning_outcomes[1].skills == (
        Alignment.esco_skill(PYTHON_SKILL, PYTHON_SKILL),
    )
    assert achievement.assessment == Assessment("Oral exam")
    assert achievement.grading_scheme == "Pass / fail"
    assert achievement.stackability is Stackability.STAND_ALONE
    assert achievement.languages == ("nl-BE",)
    assert achievement.image == Image("https://badges.example/a/1.png")
    assert achievement.field_of_study == FieldOfStudy(None, "Education")
    assert achievement.workload == Workload(hours=30)
    assert achievement.supervision is SupervisionVerification.SUPERVISED_ONLINE_WITH_ID


def test_long_forms() -> None:
    data = MINIMAL | {
        "criteria": {"url": "https://badges.example/criteria"},
        "learning_outcomes": [
            {"text": "Do Y.", "skills": [{"uri": SQL_SKILL, "framework": "ESCO v1.2"}]}
        ],
        "stackability": {"towards": ["Diploma X", {"name": "Degree Y"}]},
        "grading": {"results": [{"id": "urn:uuid:1", "name": "Grade", "allowed": ["F", "P"]}]},
        "alignments": [{"name": "N", "url": "https://f.example/n", "type": "CFItem"}],
        "identifiers": [{"type": "sourcedId", "value": "42"}],
        "version": "3",
        "tags": ["x"],
        "code": "X1",
        "specialization": "S",
        "achievement_type": "Certificate",
        "level": {"eqf": 4},
    }
    achievement, _ = parse_achievement_definition(data)
    assert achievement.criteria == Criteria(None, "https://badges.example/criteria")
    assert achievement.learning_outcomes[0].skills[0].target_framework == "ESCO v1.2"
    assert achievement.learning_outcomes[0].skills[0].target_name == SQL_SKILL
    assert achievement.stackability is Stackability.STACKABLE
    assert achievement.stackable_towards == (
        CredentialReference("Diploma X"),
        CredentialReference("Degree Y"),
    )
    assert achievement.result_descriptions == (
        ResultDescription("urn:uuid:1", "Grade", "Result", allowed_values=("F", "P")),
    )
    assert achievement.alignments == (Alignment("N", "https://f.example/n", target_type="CFItem"),)
    assert achievement.other_identifiers == (IdentifierEntry("42", "sourcedId"),)
    assert (achievement.version, achievement.tags, achievement.human_code) == ("3", ("x",), "X1")
    assert achievement.achievement_type == "Certificate"
    assert achievement.eqf_level == 4


def test_an_open_badges_achievement_is_accepted_as_is() -> None:
    data = ob3.to_achievement_json(full_achievement())
    achievement, issuer = parse_achievement_definition(data)
    assert achievement == full_achievement()
    assert issuer == full_achievement().creator


def test_an_open_badges_achievement_without_creator_has_no_issuer() -> None:
    data = ob3.to_achievement_json(full_achievement())
    del data["creator"]
    assert parse_achievement_definition(data)[1] is None


_OWN_CODES = {
    "an absolute URI": ErrorCode.NOT_ABSOLUTE_URI,
    "ISO 3166-1 alpha-2": ErrorCode.INVALID_COUNTRY_CODE,
}
"""Errors of a rule with a code of its own (by what the message expects)."""


def _error(data: dict[str, Any], code: ErrorCode = ErrorCode.INVALID_ACHIEVEMENT) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        parse_achievement_definition(data)
    assert caught.value.code is code
    return caught.value


def _with(
    path: tuple[str | int, ...], value: Any, base: dict[str, Any] | None = None
) -> dict[str, Any]:
    data = copy.deepcopy(base if base is not None else example("achievement.yaml"))
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
    ("path", "value", "where", "expected"),
    [
        (("title",), _DELETE, "title", "a non-empty string (this field is required)"),
        (("title",), "  ", "title", "non-empty"),
        (("id",), "data-analysis", "id", "an absolute URI"),
        (("id",), "relative/id", "id", "an absolute URI"),
        (("id",), "https://", "id", "an absolute URI"),
        (("description",), 42, "description", "a string, got a number"),
        (("criteria",), _DELETE, "criteria", "text, or {narrative, url}"),
        (("criteria",), {}, "criteria", "a narrative, a url, or both"),
        (("criteria", "url"), "criteria.html", "criteria.url", "an absolute URI"),
        (("workload", "credits"), "five", "workload.credits", "a number, got a string"),
        (("workload", "credits"), -5, "workload.credits", "a positive number"),
        (("workload", "credits"), True, "workload.credits", "a number, got a boolean"),
        (("workload", "system"), "ECTZ", "workload.system", "did you mean 'ECTS'?"),
        (("workload", "system"), _DELETE, "workload.system", "the credit system"),
        (("workload",), {}, "workload", "at least one of credits, system, hours"),
        (("level", "eqf"), 9, "level.eqf", "an EQF level from 1 to 8"),
        (("level", "eqf"), 6.5, "level.eqf", "a whole number, not 6.5"),
        (("level", "nqf", "framework"), _DELETE, "level.nqf.framework", "required"),
        (("level", "nqf", "level"), _DELETE, "level.nqf.level", "a level number"),
        (("field", "isced_f"), 613, "field.isced_f", "in quotes"),
        (("field", "isced_f"), "61x", "field.isced_f", "2 to 4 digits"),
        (("field",), {}, "field", "isced_f, name or both"),
        (("supervision",), "proctored", "supervision", "one of 'unsupervised-no-identity"),
        (("participation",), "remote", "participation", "one of 'online', 'onsite', 'blended'"),
        (("participation",), "onsight", "participation", "did you mean 'onsite'?"),
        (("assessment", "type"), _DELETE, "assessment.type", "required"),
        (("assessment", "summative"), "yes", "assessment.summative", "true or false"),
        (("learning_outcomes", 0, "text"), _DELETE, "learning_outcomes[0].text", "required"),
        (("learning_outcomes", 0), 7, "learning_outcomes[0]", "an object"),
        (("learning_outcomes", 0), "", "learning_outcomes[0]", "a non-empty learning outcome"),
        (("learning_outcomes",), "Do X.", "learning_outcomes", "an array, got a string"),
        (
            ("learning_outcomes", 0, "skills", 0),
            "Python",
            "learning_outcomes[0].skills[0]",
            "an absolute URI",
        ),
        (
            ("learning_outcomes", 0, "skills", 0, "uri"),
            _DELETE,
            "learning_outcomes[0].skills[0].uri",
            "required",
        ),
        (("language",), ["en", "English"], "language[1]", "a BCP 47 language code"),
        (("language",), "EN", "language", "a BCP 47 language code"),
        (("further_information",), "www.example.org", "further_information", "an absolute URI"),
        (("version",), 2.0, "version", "in quotes"),
        (("prerequisites",), "   ", "prerequisites", "non-empty text"),
        (("tags",), ["a", 1], "tags[1]", "a string"),
        (("stackability", "option"), "stand-alone", "stackability.towards", "no targets"),
        (("stackability", "option"), "stackible", "stackability.option", "did you mean"),
        (("stackability", "towards", 0, "url"), "msc", "towards[0].url", "an absolute URI"),
        (("grading", "results", 0, "id"), _DELETE, "grading.results[0].id", "required"),
        (("image",), {"caption": "c"}, "image.url", "required"),
        (("alignments",), [{"name": "N"}], "alignments[0].url", "required"),
        (("identifiers",), [{"type": "x"}], "identifiers[0].value", "required"),
        (("issuer", "country"), "Netherlands", "issuer.country", "ISO 3166-1 alpha-2"),
        (("issuer", "kind"), "university", "issuer.kind", "one of 'hei'"),
        (("issuer", "name"), _DELETE, "issuer.name", "required"),
        (("issuer", "id"), _DELETE, "issuer.id", "required"),
        (("issuer",), "TU Delta", "issuer", "an object, got a string"),
    ],
)
def test_errors_name_the_field_and_what_was_expected(
    path: tuple[str | int, ...], value: Any, where: str, expected: str
) -> None:
    code = next((c for text, c in _OWN_CODES.items() if text in expected), None)
    error = _error(_with(path, value), code or ErrorCode.INVALID_ACHIEVEMENT)
    assert where in error.message
    assert expected in error.message


@pytest.mark.parametrize(
    ("path", "key", "where", "suggestion"),
    [
        ((), "titel", "titel", "title"),
        ((), "learning_outcome", "learning_outcome", "learning_outcomes"),
        (("workload",), "credit", "workload.credit", "credits"),
        (("level",), "eqf_level", "level.eqf_level", None),
        (("issuer",), "contry", "issuer.contry", "country"),
        (("learning_outcomes", 0), "skill", "learning_outcomes[0].skill", "skills"),
        (("stackability",), "toward", "stackability.toward", "towards"),
    ],
)
def test_unknown_keys_are_errors_with_a_suggestion(
    path: tuple[str | int, ...], key: str, where: str, suggestion: str | None
) -> None:
    data = example("achievement.yaml")
    node: Any = data
    for part in path:
        node = node[part]
    node[key] = "x"
    error = _error(data)
    assert error.message.startswith(f"{where}: unknown field {key!r}")
    assert error.detail["path"] == where
    if suggestion is None:
        assert "did you mean" not in error.message
        assert "suggestion" not in error.detail
    else:
        assert f"did you mean {suggestion!r}?" in error.message
        assert error.detail["suggestion"] == suggestion


def test_an_open_badges_achievement_with_errors_is_invalid_achievement() -> None:
    data = ob3.to_achievement_json(full_achievement())
    data["creditsAvailable"] = "5 ECTS"
    error = _error(data)
    assert error.detail["path"] == "creditsAvailable"


def test_a_definition_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(DocumentError) as caught:
        parse_achievement_definition(["title"])  # type: ignore[arg-type]
    assert caught.value.code is ErrorCode.INVALID_ACHIEVEMENT
    assert "the document: expected an object" in caught.value.message
