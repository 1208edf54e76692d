"""The rule kinds of policy profiles, and the achievement elements rules talk about.

An *element* is a named value of an achievement (or its issuer), named like the field of the
achievement definition file that sets it (``workload.credits``, ``level.eqf``, ``issuer.country``).
A *rule* checks one element; see :mod:`credstack.core.profiles.catalogue` for the JSON format.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from credstack.core.model import Achievement, Issuer

Value = str | float | bool | tuple[object, ...] | None


class ElementType(StrEnum):
    """What kind of value an element holds; decides which rule kinds may check it."""

    TEXT = "text"
    NUMBER = "number"
    BOOLEAN = "boolean"
    LIST = "list"


def _str(value: object) -> str | None:
    return None if value is None else str(value)


def _num(value: float | int | None) -> float | None:
    return None if value is None else float(value)


def _awarding_body(a: Achievement, i: Issuer | None) -> str | None:
    if i is not None and i.name:
        return i.name
    return a.creator.name if a.creator is not None else None


def _workload(a: Achievement, i: Issuer | None) -> float | None:
    if a.workload is None:
        return None
    return _num(a.workload.credits if a.workload.credits is not None else a.workload.hours)


_Getter = Callable[[Achievement, Issuer | None], Value]
_T, _N, _B, _L = ElementType.TEXT, ElementType.NUMBER, ElementType.BOOLEAN, ElementType.LIST

ELEMENTS: Mapping[str, tuple[ElementType, _Getter]] = {
    "title": (_T, lambda a, i: a.name),
    "description": (_T, lambda a, i: a.description),
    "criteria": (_T, lambda a, i: a.criteria.narrative or a.criteria.id),
    "achievement_type": (_T, lambda a, i: a.achievement_type),
    "learning_outcomes": (_L, lambda a, i: a.learning_outcomes),
    "skills": (_L, lambda a, i: a.skills),
    "workload": (_N, _workload),
    "workload.credits": (_N, lambda a, i: None if a.workload is None else _num(a.workload.credits)),
    "workload.system": (_T, lambda a, i: None if a.workload is None else _str(a.workload.system)),
    "workload.hours": (_N, lambda a, i: None if a.workload is None else _num(a.workload.hours)),
    "level.eqf": (_N, lambda a, i: _num(a.eqf_level)),
    "level.nqf": (_N, lambda a, i: None if a.nqf_level is None else _num(a.nqf_level.level)),
    "level.nqf_framework": (
        _T,
        lambda a, i: None if a.nqf_level is None else a.nqf_level.framework,
    ),
    "field.isced_f": (
        _T,
        lambda a, i: None if a.field_of_study is None else a.field_of_study.isced_f,
    ),
    "field.name": (_T, lambda a, i: None if a.field_of_study is None else a.field_of_study.label),
    "assessment.type": (
        _T,
        lambda a, i: None if a.assessment is None else a.assessment.description,
    ),
    "assessment.summative": (
        _B,
        lambda a, i: None if a.assessment is None else a.assessment.summative,
    ),
    "supervision": (_T, lambda a, i: _str(a.supervision)),
    "supervision.identity_verified": (
        _B,
        lambda a, i: None if a.supervision is None else a.supervision.verifies_identity,
    ),
    "participation": (_T, lambda a, i: _str(a.participation)),
    "quality_assurance": (_T, lambda a, i: a.quality_assurance),
    "prerequisites": (_T, lambda a, i: a.prerequisites),
    "grading": (_T, lambda a, i: a.grading_scheme),
    "stackability": (_T, lambda a, i: _str(a.stackability)),
    "language": (_L, lambda a, i: a.languages),
    "further_information": (_T, lambda a, i: a.further_information),
    "awarding_body": (_T, _awarding_body),
    "issuer.country": (_T, lambda a, i: None if i is None else i.country_code),
    "issuer.region": (_T, lambda a, i: None if i is None else i.region),
    "issuer.kind": (_T, lambda a, i: None if i is None else _str(i.kind)),
}
"""Element name → (type, how to read it from an achievement and its issuer)."""


def element_value(element: str, achievement: Achievement, issuer: Issuer | None) -> Value:
    """The value of ``element``; ``None`` (or an empty text / list) when it is not given."""
    value = ELEMENTS[element][1](achievement, issuer)
    if value == "" or value == ():
        return None
    return value


def show(value: Value) -> str:
    """A value as a profile message shows it (``5`` rather than ``5.0``)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, str) else str(value)


class Severity(StrEnum):
    """A rule's failure is an ``error`` (the achievement does not conform) or a ``warning``."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of a profile. Which fields matter depends on ``kind``; see the profiles module.

    ``check`` returns the reason the rule fails, or ``None`` when it holds (or does not apply).
    """

    id: str
    kind: str
    element: str
    severity: Severity = Severity.ERROR
    message: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    values: tuple[str | float | bool, ...] = ()
    per: str | None = None
    condition: Rule | None = None
    then: tuple[Rule, ...] = ()

    def check(self, a: Achievement, i: Issuer | None) -> str | None:
        """Why the rule fails for this achievement, or ``None``."""
        value = element_value(self.element, a, i)
        if self.kind == "required":
            return None if value is not None else f"{self.element} is required but missing"
        if value is None:
            return None
        if self.kind == "range":
            return self._range(self.element, value)
        if self.kind == "one-of":
            return self._one_of(value)
        assert self.kind == "ratio"
        assert self.per is not None
        per = element_value(self.per, a, i)
        if not isinstance(per, float) or not isinstance(value, float) or per == 0:
            return None
        return self._range(f"{self.element} per {self.per}", value / per)

    def holds(self, a: Achievement, i: Issuer | None) -> bool:
        """As a condition: true when the element has a value and the rule passes."""
        return element_value(self.element, a, i) is not None and self.check(a, i) is None

    def _range(self, what: str, value: Value) -> str | None:
        assert isinstance(value, float)
        if self.minimum is not None and value < self.minimum:
            return f"{what} is {show(value)}, below the minimum {show(self.minimum)}"
        if self.maximum is not None and value > self.maximum:
            return f"{what} is {show(value)}, above the maximum {show(self.maximum)}"
        return None

    def _one_of(self, value: Value) -> str | None:
        if any(_same(value, allowed) for allowed in self.values):
            return None
        if len(self.values) == 1:
            return f"{self.element} is {show(value)}; expected {show(self.values[0])}"
        allowed = ", ".join(show(v) for v in self.values)
        return f"{self.element} is {show(value)}; expected one of {allowed}"


def _same(value: Value, allowed: str | float | bool) -> bool:
    if isinstance(value, bool) or isinstance(allowed, bool):
        return value is allowed
    if isinstance(value, float) and isinstance(allowed, int | float):
        return value == float(allowed)
    return value == allowed


__all__ = ["ELEMENTS", "ElementType", "Rule", "Severity", "Value", "element_value", "show"]
