"""Policy profiles: data-driven rules an achievement must meet at definition time.

Bundled profiles (``resources/profiles/*.json``): ``eu-annex1`` (the mandatory elements of
Annex I of the EU Council Recommendation on micro-credentials, 2022), ``emc-cmf`` (the European
MOOC Consortium's Common Microcredential Framework) and ``nzqa`` (New Zealand micro-credential
rules). An institution adds its own by passing a mapping (or a parsed JSON / YAML file) of the
same shape to :func:`load_profile`.

Profile format::

    {
      "name": "my-university",                    # required, lowercase letters, digits, "-"
      "title": "…", "description": "…",           # optional
      "rules": [                                  # required, at least one
        {"id": "title", "kind": "required", "element": "title"},
        {"id": "ects", "kind": "one-of", "element": "workload.system", "values": ["ECTS"],
         "severity": "warning", "message": "Annex I: workload in ECTS wherever possible"},
        {"id": "size", "kind": "range", "element": "workload.credits", "min": 4, "max": 6},
        {"id": "hours", "kind": "ratio", "element": "workload.hours",
         "per": "workload.credits", "min": 25, "max": 30},
        {"id": "eqf-4-5", "kind": "conditional",
         "if": {"kind": "range", "element": "level.eqf", "max": 5},
         "then": [{"id": "eqf-4-5-ects", "kind": "equals", "element": "workload.system",
                   "value": "ECTS"}]}
      ]
    }

Rule kinds: ``required`` (the element has a value), ``range`` (``min`` and/or ``max``, numbers
only), ``one-of`` (``values``) and ``equals`` (``value``), ``ratio`` (``element`` divided by the
element ``per`` lies within ``min`` / ``max``; skipped unless both have values) and
``conditional`` (the ``then`` rules apply only when the ``if`` rule holds, and an ``if`` rule
holds only when its element has a value). Rules other than ``required`` do not apply to a
missing element. Every rule has a unique ``id``, an optional ``severity`` (``error``, the
default, or ``warning``) and an optional ``message`` that replaces the generated one. Elements
are named after the fields of the achievement definition file; :data:`ELEMENTS` lists them.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from credstack.core.errors import DocumentError, ErrorCode, PolicyError
from credstack.core.json.fields import FieldReader
from credstack.core.model import Achievement, Issuer
from credstack.core.profiles.rules import ELEMENTS, ElementType, Rule, Severity

_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_KINDS = frozenset({"required", "range", "one-of", "equals", "ratio", "conditional"})


@dataclass(frozen=True, slots=True)
class Violation:
    """One failed rule: which profile, which element, which rule, why, and how serious."""

    profile: str
    element: str
    rule: str
    message: str
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        """True when the achievement does not conform (not just a warning)."""
        return self.severity is Severity.ERROR


@dataclass(frozen=True, slots=True)
class PolicyProfile:
    """A named list of rules."""

    name: str
    rules: tuple[Rule, ...]
    title: str | None = None
    description: str | None = None


def _folder() -> Any:
    return resources.files("credstack.core") / "resources" / "profiles"


def available_profiles() -> list[str]:
    """The names of the bundled profiles, sorted."""
    return sorted(
        entry.name.removesuffix(".json")
        for entry in _folder().iterdir()
        if entry.name.endswith(".json")
    )


def load_profile(profile: str | Mapping[str, Any] | PolicyProfile) -> PolicyProfile:
    """A bundled profile by name, or a profile given as a mapping (or already loaded).

    Raises :class:`~credstack.core.errors.PolicyError` with ``UNKNOWN_POLICY_PROFILE`` for an
    unknown name and ``INVALID_POLICY_PROFILE`` (naming the field) for a malformed profile.
    """
    if isinstance(profile, PolicyProfile):
        return profile
    if isinstance(profile, str):
        return _bundled(profile)
    return parse_policy_profile(profile)


@cache
def _bundled(name: str) -> PolicyProfile:
    names = available_profiles()
    if name not in names:
        raise PolicyError(
            f"unknown policy profile {name!r}; available: {', '.join(names)}",
            code=ErrorCode.UNKNOWN_POLICY_PROFILE,
            profile=name,
            available=names,
        )
    text = (_folder() / f"{name}.json").read_text(encoding="utf-8")
    return parse_policy_profile(json.loads(text))


def parse_policy_profile(data: Mapping[str, Any]) -> PolicyProfile:
    """Read a profile mapping (the format in the module docstring)."""
    try:
        reader = FieldReader(data, "", code=ErrorCode.INVALID_POLICY_PROFILE)
        reader.reject_unknown({"name", "title", "description", "rules"})
        name = reader.required_text("name")
        if not _NAME.match(name):
            raise reader.error("name", f"lowercase letters, digits and '-', not {name!r}")
        rules = tuple(_rule(item) for item in reader.children("rules"))
        if not rules:
            raise reader.error("rules", "at least one rule")
        ids = [rule_id for rule in rules for rule_id in _ids(rule)]
        duplicates = sorted({x for x in ids if ids.count(x) > 1})
        if duplicates:
            raise reader.error("rules", f"unique rule ids; repeated: {', '.join(duplicates)}")
        return PolicyProfile(name, rules, reader.text("title"), reader.text("description"))
    except DocumentError as exc:
        raise PolicyError(
            f"invalid policy profile: {exc.message}",
            code=ErrorCode.INVALID_POLICY_PROFILE,
            **exc.detail,
        ) from exc


def _ids(rule: Rule) -> list[str]:
    return [rule.id] + [x for inner in rule.then for x in _ids(inner)]


def _rule(reader: FieldReader, *, condition: bool = False) -> Rule:
    keys = {"kind", "element", "min", "max", "values", "value", "per", "if", "then"}
    reader.reject_unknown(keys if condition else keys | {"id", "severity", "message"})
    kind = reader.required_text("kind")
    allowed = _KINDS - {"ratio", "conditional"} if condition else _KINDS
    if kind not in allowed:
        raise reader.error("kind", f"one of {', '.join(sorted(allowed))}, not {kind!r}")
    rule_id = "if" if condition else reader.required_text("id")
    severity = Severity(_choice(reader, "severity", [s.value for s in Severity]) or "error")
    if kind == "conditional":
        test = reader.child("if")
        if test is None:
            raise reader.error("if", "a condition (a required, range, one-of or equals rule)")
        then = tuple(_rule(item) for item in reader.children("then"))
        if not then:
            raise reader.error("then", "at least one rule")
        return Rule(rule_id, kind, "", severity, condition=_rule(test, condition=True), then=then)
    element = _element(reader, "element")
    rule = Rule(rule_id, kind, element, severity, reader.text("message"))
    if kind in ("range", "ratio"):
        return _bounded(reader, rule)
    if kind in ("one-of", "equals"):
        values = _values(reader, kind)
        return Rule(rule_id, "one-of", element, severity, rule.message, values=values)
    return rule


def _element(reader: FieldReader, key: str) -> str:
    element = reader.required_text(key)
    if element not in ELEMENTS:
        close = difflib.get_close_matches(element, list(ELEMENTS), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise reader.error(key, f"a known element, not {element!r}{hint}")
    return element


def _choice(reader: FieldReader, key: str, allowed: list[str]) -> str | None:
    value = reader.text(key)
    if value is not None and value not in allowed:
        raise reader.error(key, f"one of {', '.join(allowed)}, not {value!r}")
    return value


def _bounded(reader: FieldReader, rule: Rule) -> Rule:
    if ELEMENTS[rule.element][0] is not ElementType.NUMBER:
        raise reader.error("element", f"a numeric element for a {rule.kind} rule")
    per = _element(reader, "per") if rule.kind == "ratio" else None
    if per is not None and ELEMENTS[per][0] is not ElementType.NUMBER:
        raise reader.error("per", "a numeric element")
    minimum, maximum = reader.number("min"), reader.number("max")
    if minimum is None and maximum is None:
        raise reader.error(None, f"min, max or both for a {rule.kind} rule")
    if minimum is not None and maximum is not None and minimum > maximum:
        raise reader.error("max", f"a maximum of at least the minimum {minimum:g}")
    return Rule(
        rule.id, rule.kind, rule.element, rule.severity, rule.message, minimum, maximum, per=per
    )


def _values(reader: FieldReader, kind: str) -> tuple[str | float | bool, ...]:
    key = "value" if kind == "equals" else "values"
    raw = [reader.data.get("value")] if kind == "equals" else reader.items("values")
    values: list[str | float | bool] = []
    for value in raw:
        if isinstance(value, str | bool):
            values.append(value)
        elif isinstance(value, int | float):
            values.append(float(value))
        else:
            raise reader.error(key, "strings, numbers or booleans", value)
    if not values:
        raise reader.error(key, "at least one value")
    return tuple(values)


def check_achievement(
    achievement: Achievement,
    issuer: Issuer | None,
    profile: str | Mapping[str, Any] | PolicyProfile,
) -> list[Violation]:
    """Every violation of ``profile`` by ``achievement`` (with its issuer), in rule order."""
    loaded = load_profile(profile)
    violations: list[Violation] = []
    for rule in loaded.rules:
        _evaluate(rule, achievement, issuer, loaded.name, violations)
    return violations


def _evaluate(
    rule: Rule, a: Achievement, i: Issuer | None, profile: str, out: list[Violation]
) -> None:
    if rule.kind == "conditional":
        assert rule.condition is not None
        if rule.condition.holds(a, i):
            for inner in rule.then:
                _evaluate(inner, a, i, profile, out)
        return
    reason = rule.check(a, i)
    if reason is not None:
        message = f"{rule.message} ({reason})" if rule.message else reason
        out.append(Violation(profile, rule.element, rule.id, message, rule.severity))


def enforce_profile(
    achievement: Achievement,
    issuer: Issuer | None,
    profile: str | Mapping[str, Any] | PolicyProfile,
) -> list[Violation]:
    """Check and raise on errors; returns the warnings when there are no errors.

    Raises :class:`~credstack.core.errors.PolicyError` (``POLICY_VIOLATION``) whose
    ``detail["violations"]`` lists every violation as ``{profile, element, rule, message,
    severity}``.
    """
    violations = check_achievement(achievement, issuer, profile)
    errors = [v for v in violations if v.is_error]
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise PolicyError(
            f"{first.profile}: {first.element}: {first.message}{more}",
            code=ErrorCode.POLICY_VIOLATION,
            violations=[
                {
                    "profile": v.profile,
                    "element": v.element,
                    "rule": v.rule,
                    "message": v.message,
                    "severity": str(v.severity),
                }
                for v in violations
            ],
        )
    return violations


__all__ = [
    "ELEMENTS",
    "PolicyProfile",
    "Severity",
    "Violation",
    "available_profiles",
    "check_achievement",
    "enforce_profile",
    "load_profile",
    "parse_policy_profile",
]
