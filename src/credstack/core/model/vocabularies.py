"""Controlled values of the micro-credential model.

The EU Council Recommendation (2022) names several Annex I elements whose values come from a
short list (supervision and identity verification, form of participation, stackability). Their
wire values are the strings below; the credstack extension context documents them
(``docs/extension-context.md``). Open Badges 3.0 vocabularies that are *extensible* (achievement
type, identity type, result type, alignment target type) stay plain strings in the model.
"""

from __future__ import annotations

from enum import StrEnum


class IssuerKind(StrEnum):
    """What kind of organisation issues (awards) a micro-credential."""

    HEI = "hei"
    MOOC = "mooc"
    EMPLOYER = "employer"
    TRAINING_PROVIDER = "training-provider"
    VET_PROVIDER = "vet-provider"
    PROFESSIONAL_BODY = "professional-body"
    QA_BODY = "qa-body"
    PUBLIC_AUTHORITY = "public-authority"
    OTHER = "other"


class CreditSystem(StrEnum):
    """The unit a notional workload's credit value is expressed in."""

    ECTS = "ECTS"
    NZQA = "NZQA"
    US_CREDIT_HOURS = "US-CH"
    UK_CATS = "UK-CATS"
    SCQF = "SCQF"
    CEU = "CEU"


class SupervisionVerification(StrEnum):
    """Supervision and identity verification during assessment (Annex I, optional element).

    The Recommendation lists three options; the third is split by where it happens.
    """

    UNSUPERVISED_NO_ID = "unsupervised-no-identity-verification"
    SUPERVISED_NO_ID = "supervised-no-identity-verification"
    SUPERVISED_ONLINE_WITH_ID = "supervised-online-identity-verification"
    SUPERVISED_ONSITE_WITH_ID = "supervised-onsite-identity-verification"

    @property
    def verifies_identity(self) -> bool:
        """True when the learner's identity is checked at the point of assessment."""
        return self in (
            SupervisionVerification.SUPERVISED_ONLINE_WITH_ID,
            SupervisionVerification.SUPERVISED_ONSITE_WITH_ID,
        )


class ParticipationForm(StrEnum):
    """Form of participation in the learning activity (Annex I, mandatory element)."""

    ONLINE = "online"
    ONSITE = "onsite"
    BLENDED = "blended"


class Stackability(StrEnum):
    """Integration / stackability options (Annex I, optional element)."""

    STAND_ALONE = "stand-alone"
    STACKABLE = "stackable"


class ResultStatus(StrEnum):
    """Open Badges 3.0 ``Result.status`` values."""

    COMPLETED = "Completed"
    ENROLLED = "Enrolled"
    FAILED = "Failed"
    IN_PROGRESS = "InProgress"
    ON_HOLD = "OnHold"
    PROVISIONAL = "Provisional"
    WITHDREW = "Withdrew"


MICRO_CREDENTIAL = "MicroCredential"
"""The default Open Badges 3.0 ``achievementType`` of an achievement."""

__all__ = [
    "MICRO_CREDENTIAL",
    "CreditSystem",
    "IssuerKind",
    "ParticipationForm",
    "ResultStatus",
    "Stackability",
    "SupervisionVerification",
]
