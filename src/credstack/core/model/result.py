"""Grades: what results an achievement can have, and the result a learner achieved."""

from __future__ import annotations

from dataclasses import dataclass

from credstack.core.model.descriptors import Alignment
from credstack.core.model.vocabularies import ResultStatus


@dataclass(frozen=True, slots=True)
class RubricCriterionLevel:
    """One level of a rubric criterion (OB 3.0 ``RubricCriterionLevel``)."""

    id: str
    name: str
    description: str | None = None
    level: str | None = None
    points: str | None = None
    alignments: tuple[Alignment, ...] = ()


@dataclass(frozen=True, slots=True)
class ResultDescription:
    """A possible result of an achievement (OB 3.0 ``ResultDescription``): the grade scheme.

    ``result_type`` is an OB 3.0 result type (``LetterGrade``, ``Percent``, ``ScaledScore``, …)
    or an ``ext:`` extension. ``allowed_values`` are ordered from low to high.
    """

    id: str
    name: str
    result_type: str
    allowed_values: tuple[str, ...] = ()
    required_value: str | None = None
    required_level: str | None = None
    value_min: str | None = None
    value_max: str | None = None
    rubric_criterion_levels: tuple[RubricCriterionLevel, ...] = ()
    alignments: tuple[Alignment, ...] = ()


@dataclass(frozen=True, slots=True)
class Result:
    """A result the learner achieved (OB 3.0 ``Result``), e.g. the grade (Annex I, optional).

    ``result_description`` is the ``id`` of a :class:`ResultDescription` of the achievement.
    """

    result_description: str | None = None
    value: str | None = None
    status: ResultStatus | None = None
    achieved_level: str | None = None
    alignments: tuple[Alignment, ...] = ()


__all__ = ["Result", "ResultDescription", "RubricCriterionLevel"]
