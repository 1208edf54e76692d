"""What an issuer may sign: every bound of credstack.core.ob3.limits, on both achievement shapes
and on the library's issue_credential."""

from __future__ import annotations

import copy
import dataclasses
import re
from pathlib import Path
from typing import Any

import pytest

from credstack.core import ob3
from credstack.core.errors import DocumentError, ErrorCode
from credstack.core.issuing import issue_credential
from credstack.core.model import Evidence, LearningOutcome, Result, Workload
from credstack.core.ob3.definition import parse_achievement_definition
from credstack.core.ob3.limits import (
    ACHIEVEMENT_CHARACTERS,
    IMAGE,
    LABEL,
    LIST_BOUNDS,
    LONG_TEXT,
    NAME,
    TEXT,
    TEXT_BOUNDS,
    URI,
    check_award,
    check_credits_earned,
    is_absolute_uri,
)
from tests.core.model.factories import example
from tests.factories import HOLDER, ISSUER, NOW, achievement, issuer_profile

ROOT = Path(__file__).resolve().parents[2]
_SKILL = ("learning_outcomes", 0, "skills", 0)
_RESULT = ("grading", "results", 0)
ESCO = "http://data.europa.eu/esco/skill/"


def _definition() -> dict[str, Any]:
    data = example("achievement.yaml")
    skill = data["learning_outcomes"][0]["skills"][0]
    skill.update(description="Writes Python programs.", framework="ESCO")
    data["grading"]["results"][0]["allowed"] = ["pass"]
    data["alignments"] = [
        {
            "name": "Data analysis",
            "url": "https://frameworks.example/data-analysis",
            "framework": "Example framework",
            "code": "DA",
            "type": "ceasn:Competency",
            "description": "Analysing data.",
        }
    ]
    data["identifiers"] = [{"type": "ext:CourseId", "value": "DAP-601"}]
    data["issuer"].update(
        description="A university.",
        phone="+31 15 000 0000",
        street_address="Main Street 1",
        postal_code="2600 AA",
    )
    return data


def _with(data: dict[str, Any], path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    node: Any = changed
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return changed


def _refused(data: dict[str, Any], code: ErrorCode) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        parse_achievement_definition(data)
    assert caught.value.code is code, caught.value
    return caught.value


def _where(path: tuple[str | int, ...]) -> str:
    text = ""
    for key in path:
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else key)
    return text


TEXT_FIELDS: list[tuple[tuple[str | int, ...], int]] = [
    (("title",), NAME),
    (("description",), LONG_TEXT),
    (("criteria", "narrative"), LONG_TEXT),
    (("achievement_type",), LABEL),
    (("learning_outcomes", 1), TEXT),
    ((*_SKILL, "name"), NAME),
    ((*_SKILL, "description"), TEXT),
    ((*_SKILL, "framework"), NAME),
    (("level", "nqf", "framework"), NAME),
    (("field", "name"), NAME),
    (("assessment", "type"), TEXT),
    (("quality_assurance",), TEXT),
    (("prerequisites",), TEXT),
    (("grading", "scheme"), TEXT),
    ((*_RESULT, "name"), NAME),
    ((*_RESULT, "type"), LABEL),
    ((*_RESULT, "allowed", 0), LABEL),
    ((*_RESULT, "required"), LABEL),
    ((*_RESULT, "max"), LABEL),
    (("stackability", "towards", 0, "name"), NAME),
    (("version",), LABEL),
    (("tags", 0), LABEL),
    (("image", "caption"), NAME),
    (("code",), LABEL),
    (("specialization",), NAME),
    (("alignments", 0, "name"), NAME),
    (("alignments", 0, "code"), LABEL),
    (("alignments", 0, "description"), TEXT),
    (("alignments", 0, "framework"), NAME),
    (("alignments", 0, "type"), LABEL),
    (("identifiers", 0, "type"), LABEL),
    (("identifiers", 0, "value"), NAME),
    (("issuer", "name"), NAME),
    (("issuer", "description"), LONG_TEXT),
    (("issuer", "email"), NAME),
    (("issuer", "phone"), LABEL),
    (("issuer", "country_name"), NAME),
    (("issuer", "region"), NAME),
    (("issuer", "locality"), NAME),
    (("issuer", "street_address"), NAME),
    (("issuer", "postal_code"), NAME),
    (("issuer", "identifiers", 0, "value"), NAME),
]


def test_the_definition_used_below_is_accepted() -> None:
    achievement, issuer = parse_achievement_definition(_definition())
    assert achievement.alignments
    assert achievement.other_identifiers
    assert issuer is not None


@pytest.mark.parametrize(("path", "bound"), TEXT_FIELDS, ids=lambda x: str(x))
def test_every_text_field_is_bounded(path: tuple[str | int, ...], bound: int) -> None:
    parse_achievement_definition(_with(_definition(), path, "x" * bound))
    error = _refused(_with(_definition(), path, "x" * (bound + 1)), ErrorCode.FIELD_TOO_LONG)
    where = _where(path)
    assert error.detail == {"path": where, "limit": bound}
    assert error.message == f"{where}: at most {bound:,} characters, not {bound + 1:,}"


def test_a_million_character_title_is_refused() -> None:
    error = _refused(_with(_definition(), ("title",), "T" * 1_000_000), ErrorCode.FIELD_TOO_LONG)
    assert error.detail["path"] == "title"


URI_FIELDS: list[tuple[str | int, ...]] = [
    ("id",),
    ("criteria", "url"),
    ((*_SKILL, "uri")),
    ((*_RESULT, "id")),
    ("stackability", "towards", 0, "url"),
    ("further_information",),
    ("image", "url"),
    ("alignments", 0, "url"),
    ("issuer", "id"),
    ("issuer", "url"),
]


@pytest.mark.parametrize("path", URI_FIELDS, ids=lambda x: str(x))
def test_every_uri_field_is_absolute(path: tuple[str | int, ...]) -> None:
    error = _refused(_with(_definition(), path, "relative/id"), ErrorCode.NOT_ABSOLUTE_URI)
    assert error.detail == {"path": _where(path)}
    assert "an absolute URI" in error.message


@pytest.mark.parametrize("path", URI_FIELDS, ids=lambda x: str(x))
def test_every_uri_field_is_bounded(path: tuple[str | int, ...]) -> None:
    long_uri = "https://uni.example/" + "a" * (URI - 19)
    assert len(long_uri) == URI + 1
    error = _refused(_with(_definition(), path, long_uri), ErrorCode.FIELD_TOO_LONG)
    assert error.detail == {"path": _where(path), "limit": URI}


def test_an_inline_image_may_be_larger_than_a_uri_up_to_its_own_bound() -> None:
    prefix = "data:image/png;base64,"
    fits = prefix + "A" * (IMAGE - len(prefix))
    parse_achievement_definition(_with(_definition(), ("image", "url"), fits))
    error = _refused(_with(_definition(), ("image", "url"), fits + "A"), ErrorCode.FIELD_TOO_LONG)
    assert error.detail == {"path": "image.url", "limit": IMAGE}


def _entries(element: str, count: int) -> tuple[tuple[str | int, ...], list[Any]]:
    skill = {"uri": "http://data.europa.eu/esco/skill/x", "name": "X"}
    result = {"id": "https://uni.example/results/x", "name": "X"}
    alignment = {"name": "X", "url": "https://frameworks.example/x"}
    return {
        "learning_outcomes": (("learning_outcomes",), ["An outcome."] * count),
        "learning_outcomes[].skills": ((*_SKILL[:-1],), [skill] * count),
        "alignments": (("alignments",), [alignment] * count),
        "tags": (("tags",), ["t"] * count),
        "identifiers": (("identifiers",), [{"type": "ext:X", "value": "x"}] * count),
        "language": (("language",), ["en"] * count),
        "grading.results": (("grading", "results"), [result] * count),
        "grading.results[].allowed": ((*_RESULT, "allowed"), ["pass"] * count),
        "stackability.towards": (("stackability", "towards"), ["MSc"] * count),
    }[element]


LISTS = [e for e in LIST_BOUNDS if e not in ("results", "evidence", "grading.results[].levels")]


@pytest.mark.parametrize("element", LISTS)
def test_every_list_is_bounded(element: str) -> None:
    bound = LIST_BOUNDS[element]
    path, entries = _entries(element, bound)
    parse_achievement_definition(_with(_definition(), path, entries))
    path, entries = _entries(element, bound + 1)
    error = _refused(_with(_definition(), path, entries), ErrorCode.TOO_MANY_ITEMS)
    assert error.detail == {"path": _where(path), "limit": bound}


def test_the_issuer_identifiers_are_bounded_like_the_achievement_s() -> None:
    entries = [{"type": "ext:X", "value": "x"}] * (LIST_BOUNDS["identifiers"] + 1)
    error = _refused(
        _with(_definition(), ("issuer", "identifiers"), entries), ErrorCode.TOO_MANY_ITEMS
    )
    assert error.detail["path"] == "issuer.identifiers"


def test_rubric_levels_of_an_open_badges_achievement_are_bounded() -> None:
    data = ob3.to_achievement_json(achievement())
    level = {"id": "https://uni.example/levels/x", "type": ["RubricCriterionLevel"], "name": "X"}
    bound = LIST_BOUNDS["grading.results[].levels"]
    data["resultDescription"][0]["rubricCriterionLevel"] = [level] * (bound + 1)
    error = _refused(data, ErrorCode.TOO_MANY_ITEMS)
    assert error.detail == {"path": "grading.results[0].levels", "limit": bound}
    data["resultDescription"][0]["rubricCriterionLevel"] = [{**level, "id": "levels/x"}]
    error = _refused(data, ErrorCode.NOT_ABSOLUTE_URI)
    assert error.detail == {"path": "grading.results[0].levels[0].id"}


def test_the_whole_achievement_is_bounded() -> None:
    # every text within its own bound, but together more than a credential should repeat
    outcomes = [
        {
            "text": "o" * TEXT,
            "skills": [
                {
                    "uri": f"http://data.europa.eu/esco/skill/{i}",
                    "name": "X",
                    "description": "d" * TEXT,
                }
            ],
        }
        for i in range(LIST_BOUNDS["learning_outcomes"])
    ]
    error = _refused(
        _with(_definition(), ("learning_outcomes",), outcomes), ErrorCode.ACHIEVEMENT_TOO_LARGE
    )
    assert error.detail == {"path": "", "limit": ACHIEVEMENT_CHARACTERS}
    assert f"{ACHIEVEMENT_CHARACTERS:,}" in error.message


# --- the Open Badges shape ------------------------------------------------------------------


def test_an_open_badges_achievement_with_a_relative_id_is_refused() -> None:
    data = ob3.to_achievement_json(achievement())
    data["id"] = "relative/id"
    error = _refused(data, ErrorCode.NOT_ABSOLUTE_URI)
    assert error.detail == {"path": "id"}


@pytest.mark.parametrize(
    ("member", "value", "where"),
    [
        ("name", "T" * (NAME + 1), "title"),
        ("description", "D" * (LONG_TEXT + 1), "description"),
        ("tag", ["t" * (LABEL + 1)], "tags[0]"),
    ],
)
def test_an_open_badges_achievement_keeps_the_same_bounds(
    member: str, value: Any, where: str
) -> None:
    data = ob3.to_achievement_json(achievement())
    data[member] = value
    assert _refused(data, ErrorCode.FIELD_TOO_LONG).detail["path"] == where


def test_the_creator_of_an_open_badges_achievement_is_bounded() -> None:
    data = ob3.to_achievement_json(dataclasses.replace(achievement(), creator=issuer_profile()))
    data["creator"]["name"] = "N" * (NAME + 1)
    assert _refused(data, ErrorCode.FIELD_TOO_LONG).detail["path"] == "issuer.name"


# --- absolute URIs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "absolute"),
    [
        ("https://uni.example/a?b=c#d", True),
        ("http://data.europa.eu/esco/skill/x", True),
        ("urn:uuid:7d3c5bd0-0e3e-4c3b-9c6e-5d1d2b1a0c3e", True),
        ("did:web:uni.example", True),
        ("mailto:registrar@uni.example", True),
        ("data:image/png;base64,iVBORw0KGgo=", True),
        ("relative/id", False),
        ("/absolute/path", False),
        ("//uni.example/a", False),
        ("#fragment", False),
        ("https://", False),
        ("https:///path", False),
        ("https://uni.example/a b", False),
        ("https://uni.example/\x00", False),
        ("1https://uni.example", False),
        ("urn:", False),
        ("", False),
        (None, False),
        (42, False),
    ],
)
def test_what_an_absolute_uri_is(value: object, absolute: bool) -> None:
    assert is_absolute_uri(value) is absolute


# --- credits earned and the award --------------------------------------------------------------


def test_credits_up_to_the_achievement_s_are_accepted() -> None:
    five_ects = achievement()
    assert five_ects.workload == Workload(5, five_ects.workload.system, 125)  # type: ignore[union-attr]
    for credits in (None, 0, 2.5, 5):
        check_credits_earned(five_ects, credits)


def test_credits_beyond_the_achievement_s_are_refused() -> None:
    with pytest.raises(DocumentError) as caught:
        check_credits_earned(achievement(), 500)
    assert caught.value.code is ErrorCode.CREDITS_EXCEED_ACHIEVEMENT
    assert caught.value.detail == {"path": "credits_earned", "limit": 5}
    assert caught.value.message == (
        "credits_earned: 500 is more than the 5 ECTS credits the achievement offers"
    )


@pytest.mark.parametrize("workload", [None, Workload(hours=40)])
def test_no_credits_can_be_earned_from_an_achievement_that_offers_none(
    workload: Workload | None,
) -> None:
    with pytest.raises(DocumentError) as caught:
        check_credits_earned(achievement(workload=workload), 1)
    assert caught.value.code is ErrorCode.CREDITS_EXCEED_ACHIEVEMENT
    assert "offers no credits" in caught.value.message
    check_credits_earned(achievement(workload=workload), None)


@pytest.mark.parametrize(
    ("results", "evidence", "code", "path"),
    [
        ([Result(value="v" * (LABEL + 1))], [], ErrorCode.FIELD_TOO_LONG, "results[0].value"),
        (
            [Result(result_description="final-grade", value="8")],
            [],
            ErrorCode.NOT_ABSOLUTE_URI,
            "results[0].result_description",
        ),
        (
            [Result(achieved_level="distinction")],
            [],
            ErrorCode.NOT_ABSOLUTE_URI,
            "results[0].achieved_level",
        ),
        ([Result(value="8")] * 101, [], ErrorCode.TOO_MANY_ITEMS, "results"),
        ([], [Evidence(id="project")], ErrorCode.NOT_ABSOLUTE_URI, "evidence[0].id"),
        ([], [Evidence(name="n" * (NAME + 1))], ErrorCode.FIELD_TOO_LONG, "evidence[0].name"),
        (
            [],
            [Evidence(narrative="n" * (LONG_TEXT + 1))],
            ErrorCode.FIELD_TOO_LONG,
            "evidence[0].narrative",
        ),
        (
            [],
            [Evidence(description="d" * (LONG_TEXT + 1))],
            ErrorCode.FIELD_TOO_LONG,
            "evidence[0].description",
        ),
        ([], [Evidence(genre="g" * (NAME + 1))], ErrorCode.FIELD_TOO_LONG, "evidence[0].genre"),
        (
            [],
            [Evidence(audience="a" * (NAME + 1))],
            ErrorCode.FIELD_TOO_LONG,
            "evidence[0].audience",
        ),
        ([], [Evidence(name="x")] * 101, ErrorCode.TOO_MANY_ITEMS, "evidence"),
    ],
)
def test_what_an_award_adds_is_bounded(
    results: list[Result], evidence: list[Evidence], code: ErrorCode, path: str
) -> None:
    with pytest.raises(DocumentError) as caught:
        check_award(achievement(), results=results, evidence=evidence)
    assert caught.value.code is code
    assert caught.value.detail["path"] == path


def _issue(**changes: Any) -> Any:
    arguments: dict[str, Any] = {
        "achievement": achievement(),
        "issuer": issuer_profile(),
        "recipient": HOLDER.controller,
        "key": ISSUER,
        "credential_id": "urn:uuid:00000000-0000-4000-8000-000000000001",
        "now": NOW,
        **changes,
    }
    return issue_credential(**arguments)


def test_the_library_issues_within_the_bounds() -> None:
    credential = _issue(credits_earned=5)
    assert credential["credentialSubject"]["creditsEarned"] == 5


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"credits_earned": 500}, ErrorCode.CREDITS_EXCEED_ACHIEVEMENT),
        ({"achievement": achievement(name="T" * 1_000_000)}, ErrorCode.FIELD_TOO_LONG),
        ({"achievement": achievement(id="relative/id")}, ErrorCode.NOT_ABSOLUTE_URI),
        (
            {"achievement": achievement(learning_outcomes=(LearningOutcome("o"),) * 101)},
            ErrorCode.TOO_MANY_ITEMS,
        ),
        (
            {"issuer": dataclasses.replace(issuer_profile(), description="d" * (LONG_TEXT + 1))},
            ErrorCode.FIELD_TOO_LONG,
        ),
        ({"evidence": [Evidence(id="relative/evidence")]}, ErrorCode.NOT_ABSOLUTE_URI),
    ],
)
def test_the_library_refuses_what_is_beyond_the_bounds(
    changes: dict[str, Any], code: ErrorCode
) -> None:
    with pytest.raises(DocumentError) as caught:
        _issue(**changes)
    assert caught.value.code is code


# --- the documentation ----------------------------------------------------------------------


def test_the_bounds_are_documented_with_their_values() -> None:
    docs = (ROOT / "examples" / "README.md").read_text(encoding="utf-8")
    section = docs.split("## Limits", 1)[1].split("\n## ", 1)[0]
    for name, value in TEXT_BOUNDS.items():
        assert re.search(rf"\| `{name}` \| {value:,} \|", section), name
    for element, value in LIST_BOUNDS.items():
        assert re.search(rf"\| `{re.escape(element)}` \| {value} \|", section), element
    assert f"{ACHIEVEMENT_CHARACTERS:,}" in section
