"""The achievement: the specification of a micro-credential (OB 3.0 ``Achievement``).

It carries every element of Annex I of the EU Council Recommendation on micro-credentials
(2022) that belongs to the specification rather than to one learner:

========================================  =============================================
Annex I element                           field
========================================  =============================================
title                                     ``name``
learning outcomes                         ``learning_outcomes`` (text + ESCO skills)
notional workload                         ``workload`` (credits, credit system, hours)
level (EQF, national framework)           ``eqf_level``, ``nqf_level``
type of assessment                        ``assessment``
form of participation                     ``participation``
type of quality assurance                 ``quality_assurance``
prerequisites                             ``prerequisites``
supervision and identity verification     ``supervision``
grade (scheme)                            ``grading_scheme``, ``result_descriptions``
integration / stackability options        ``stackability``, ``stackable_towards``
further information                       ``further_information``
========================================  =============================================

The remaining mandatory elements come from elsewhere: the learner, the date of issuing and the
grade achieved from the :class:`~credstack.core.model.credential.Credential`; the awarding body
and its country / region from the :class:`~credstack.core.model.issuer.Issuer`.
"""

from __future__ import annotations

from dataclasses import dataclass

from credstack.core.model.descriptors import Alignment, IdentifierEntry, Image
from credstack.core.model.issuer import Issuer
from credstack.core.model.result import ResultDescription
from credstack.core.model.vocabularies import (
    MICRO_CREDENTIAL,
    CreditSystem,
    ParticipationForm,
    Stackability,
    SupervisionVerification,
)


@dataclass(frozen=True, slots=True)
class Criteria:
    """How the achievement is earned: a Markdown narrative and/or the URL of a criteria page."""

    narrative: str | None = None
    id: str | None = None


@dataclass(frozen=True, slots=True)
class LearningOutcome:
    """One learning outcome: what the learner knows or can do, and the skills it evidences."""

    text: str
    skills: tuple[Alignment, ...] = ()


@dataclass(frozen=True, slots=True)
class Workload:
    """Notional workload: a credit value in a credit system and/or the hours of learning."""

    credits: float | None = None
    system: CreditSystem | None = None
    hours: float | None = None


@dataclass(frozen=True, slots=True)
class NqfLevel:
    """A level in a national (or sectoral) qualifications framework, e.g. NZQCF level 5."""

    level: int
    framework: str


@dataclass(frozen=True, slots=True)
class FieldOfStudy:
    """The field of education and training: an ISCED-F 2013 code (``0613``) and/or its label."""

    isced_f: str | None = None
    label: str | None = None


@dataclass(frozen=True, slots=True)
class Assessment:
    """The type of assessment (Annex I): a description, and whether it is summative."""

    description: str
    summative: bool | None = None


@dataclass(frozen=True, slots=True)
class CredentialReference:
    """A larger credential a micro-credential stacks towards: its name and, if known, its URL."""

    name: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Achievement:
    """A micro-credential specification. See the module docstring for the Annex I mapping."""

    id: str
    name: str
    description: str
    criteria: Criteria
    achievement_type: str | None = MICRO_CREDENTIAL
    learning_outcomes: tuple[LearningOutcome, ...] = ()
    workload: Workload | None = None
    eqf_level: int | None = None
    nqf_level: NqfLevel | None = None
    field_of_study: FieldOfStudy | None = None
    assessment: Assessment | None = None
    supervision: SupervisionVerification | None = None
    participation: ParticipationForm | None = None
    quality_assurance: str | None = None
    prerequisites: str | None = None
    grading_scheme: str | None = None
    result_descriptions: tuple[ResultDescription, ...] = ()
    stackability: Stackability | None = None
    stackable_towards: tuple[CredentialReference, ...] = ()
    languages: tuple[str, ...] = ()
    further_information: str | None = None
    version: str | None = None
    tags: tuple[str, ...] = ()
    image: Image | None = None
    human_code: str | None = None
    specialization: str | None = None
    alignments: tuple[Alignment, ...] = ()
    other_identifiers: tuple[IdentifierEntry, ...] = ()
    creator: Issuer | None = None

    @property
    def skills(self) -> tuple[Alignment, ...]:
        """Every skill of every learning outcome, first occurrence of each URL kept."""
        seen: dict[str, Alignment] = {}
        for outcome in self.learning_outcomes:
            for skill in outcome.skills:
                seen.setdefault(skill.target_url, skill)
        return tuple(seen.values())


__all__ = [
    "Achievement",
    "Assessment",
    "CredentialReference",
    "Criteria",
    "FieldOfStudy",
    "LearningOutcome",
    "NqfLevel",
    "Workload",
]
