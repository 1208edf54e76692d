"""INVALID_POLICY_PROFILE: an institution's profile that cannot be read."""

from __future__ import annotations

from typing import Any

import pytest

from credstack.core.errors import ErrorCode, PolicyError
from credstack.core.profiles.catalogue import load_profile

REQUIRED_TITLE = {"id": "title", "kind": "required", "element": "title"}


def _profile(*rules: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"name": "mine", "rules": list(rules)} | extra


@pytest.mark.parametrize(
    ("profile", "fragment"),
    [
        ({"rules": [REQUIRED_TITLE]}, "name: expected a non-empty string"),
        (_profile(REQUIRED_TITLE, name="My Profile"), "name: expected lowercase letters"),
        (_profile(), "rules: expected at least one rule"),
        (_profile(REQUIRED_TITLE, rulez=[]), "rulez: unknown field 'rulez'; did you mean 'rules'?"),
        (_profile(REQUIRED_TITLE, REQUIRED_TITLE), "unique rule ids; repeated: title"),
        (_profile({"id": "x", "kind": "max", "element": "title"}), "rules[0].kind: expected one"),
        (_profile({"id": "x", "kind": "required", "element": "titel"}), "did you mean 'title'?"),
        (_profile({"kind": "required", "element": "title"}), "rules[0].id"),
        (
            _profile({"id": "x", "kind": "required", "element": "title", "severity": "fatal"}),
            "rules[0].severity: expected one of error, warning",
        ),
        (_profile({"id": "x", "kind": "range", "element": "title", "max": 3}), "a numeric element"),
        (_profile({"id": "x", "kind": "range", "element": "level.eqf"}), "min, max or both"),
        (
            _profile({"id": "x", "kind": "range", "element": "level.eqf", "min": 7, "max": 6}),
            "rules[0].max: expected a maximum of at least the minimum 7",
        ),
        (
            _profile({"id": "x", "kind": "ratio", "element": "workload.hours", "per": "title",
                      "min": 1}),
            "rules[0].per: expected a numeric element",
        ),
        (_profile({"id": "x", "kind": "one-of", "element": "title", "values": []}), "at least one"),
        (
            _profile({"id": "x", "kind": "one-of", "element": "title", "values": [["a"]]}),
            "strings, numbers or booleans",
        ),
        (_profile({"id": "x", "kind": "conditional", "then": [REQUIRED_TITLE]}), "rules[0].if"),
        (
            _profile({"id": "x", "kind": "conditional", "if": REQUIRED_TITLE | {"id": "y"},
                      "then": [REQUIRED_TITLE]}),
            "rules[0].if.id: unknown field",
        ),
        (
            _profile({"id": "x", "kind": "conditional",
                      "if": {"kind": "required", "element": "title"}, "then": []}),
            "rules[0].then: expected at least one rule",
        ),
        (
            _profile({"id": "x", "kind": "conditional",
                      "if": {"kind": "conditional", "element": "title"}, "then": [REQUIRED_TITLE]}),
            "rules[0].if.kind: expected one of equals, one-of, range, required",
        ),
        (
            _profile({"id": "x", "kind": "conditional",
                      "if": {"kind": "required", "element": "title"},
                      "then": [REQUIRED_TITLE | {"id": "x"}]}),
            "repeated: x",
        ),
    ],
)  # fmt: skip
def test_malformed_profiles_name_the_field(profile: dict[str, Any], fragment: str) -> None:
    with pytest.raises(PolicyError) as caught:
        load_profile(profile)
    assert caught.value.code is ErrorCode.INVALID_POLICY_PROFILE
    assert caught.value.message.startswith("invalid policy profile: ")
    assert fragment in caught.value.message
    assert "path" in caught.value.detail
