"""INVALID_ACHIEVEMENT: an achievement definition (or OB 3.0 Achievement) that cannot be read."""

from __future__ import annotations

import pytest

from credstack.core import ob3
from credstack.core.errors import CredstackError, DocumentError, ErrorCode
from credstack.core.ob3.definition import parse_achievement_definition


def test_a_definition_error_carries_code_path_and_expectation() -> None:
    with pytest.raises(DocumentError) as caught:
        parse_achievement_definition(
            {
                "id": "https://badges.example/a/1",
                "title": "T",
                "description": "D",
                "criteria": "C",
                "workload": {"credits": 5, "system": "ECTS", "hours": "125 hours"},
            }
        )
    error = caught.value
    assert isinstance(error, CredstackError)
    assert error.code is ErrorCode.INVALID_ACHIEVEMENT
    assert error.to_dict() == {
        "code": "INVALID_ACHIEVEMENT",
        "message": "workload.hours: expected a number, got a string",
        "path": "workload.hours",
    }
    assert str(error) == "INVALID_ACHIEVEMENT: workload.hours: expected a number, got a string"


def test_an_unknown_key_suggests_the_closest_field() -> None:
    with pytest.raises(DocumentError) as caught:
        parse_achievement_definition({"titel": "T"})
    assert caught.value.code is ErrorCode.INVALID_ACHIEVEMENT
    assert caught.value.detail == {"path": "titel", "suggestion": "title"}


def test_parse_achievement_uses_the_same_code() -> None:
    with pytest.raises(DocumentError) as caught:
        ob3.parse_achievement({"id": "x", "type": ["Achievement"], "name": "N", "criteria": []})
    assert caught.value.code is ErrorCode.INVALID_ACHIEVEMENT
    assert caught.value.detail["path"] == "criteria"
