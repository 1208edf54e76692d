"""The micro-credential domain model: issuers, achievements and credentials.

Plain, frozen value objects. They know nothing of JSON: :mod:`credstack.core.ob3` maps them to
and from Open Badges 3.0, :mod:`credstack.core.ob3.definition` reads the definition files
people write, and :mod:`credstack.core.profiles.catalogue` checks them against policy
profiles.
"""

from __future__ import annotations

from credstack.core.model.achievement import (
    Achievement,
    Assessment,
    CredentialReference,
    Criteria,
    FieldOfStudy,
    LearningOutcome,
    NqfLevel,
    Workload,
)
from credstack.core.model.credential import (
    EMAIL_ADDRESS,
    Credential,
    Evidence,
    IdentityObject,
    Recipient,
    StatusEntry,
    hash_identity,
)
from credstack.core.model.descriptors import (
    COMPETENCY_TARGET_TYPE,
    EQF_FRAMEWORK,
    EQF_URI_PREFIX,
    ESCO_FRAMEWORK,
    Alignment,
    IdentifierEntry,
    Image,
)
from credstack.core.model.issuer import Address, Issuer
from credstack.core.model.result import Result, ResultDescription, RubricCriterionLevel
from credstack.core.model.vocabularies import (
    MICRO_CREDENTIAL,
    CreditSystem,
    IssuerKind,
    ParticipationForm,
    ResultStatus,
    Stackability,
    SupervisionVerification,
)

__all__ = [
    "COMPETENCY_TARGET_TYPE",
    "EMAIL_ADDRESS",
    "EQF_FRAMEWORK",
    "EQF_URI_PREFIX",
    "ESCO_FRAMEWORK",
    "MICRO_CREDENTIAL",
    "Achievement",
    "Address",
    "Alignment",
    "Assessment",
    "Credential",
    "CredentialReference",
    "CreditSystem",
    "Criteria",
    "Evidence",
    "FieldOfStudy",
    "IdentifierEntry",
    "IdentityObject",
    "Image",
    "Issuer",
    "IssuerKind",
    "LearningOutcome",
    "NqfLevel",
    "ParticipationForm",
    "Recipient",
    "Result",
    "ResultDescription",
    "ResultStatus",
    "RubricCriterionLevel",
    "Stackability",
    "StatusEntry",
    "SupervisionVerification",
    "Workload",
    "hash_identity",
]
