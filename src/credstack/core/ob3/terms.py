"""Names the Open Badges 3.0 mapping writes: contexts, types, the schema and extension terms."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_V3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_V3_EXTENSIONS_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
"""1EdTech's context defining ``1EdTechJsonSchemaValidator2019`` (and the other 1EdTech types)."""
CREDSTACK_CONTEXT = "https://w3id.org/credstack/v1"
"""The credstack extension context (``resources/contexts/credstack/credstack-v1.jsonld``)."""
CREDSTACK_VOCAB = "https://w3id.org/credstack/vocab#"

OB_ACHIEVEMENT_CREDENTIAL_SCHEMA = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
)
JSON_SCHEMA_VALIDATOR_TYPE = "1EdTechJsonSchemaValidator2019"

CREDENTIAL_TYPES = ("VerifiableCredential", "OpenBadgeCredential")
OB_CREDENTIAL_TYPES = frozenset({"OpenBadgeCredential", "AchievementCredential"})

EXTENSION_TERMS = frozenset(
    {
        "CredentialReference",
        "LearningOutcome",
        "additionalLanguage",
        "assessmentType",
        "creditSystem",
        "furtherInformation",
        "gradingScheme",
        "iscedfCode",
        "issuerKind",
        "learningOutcome",
        "nqfFramework",
        "nqfLevel",
        "participationForm",
        "prerequisites",
        "qualityAssurance",
        "relatedSkill",
        "stackability",
        "stackableTowards",
        "summativeAssessment",
        "supervisionVerification",
        "workloadHours",
    }
)
"""Every term the credstack extension context defines (properties and the two classes)."""


def json_number(value: float) -> int | float:
    """Whole numbers as JSON integers (``5``, not ``5.0``), others unchanged."""
    return int(value) if float(value).is_integer() else float(value)


def uses_extension(document: object) -> bool:
    """True when any object key (or ``type`` value) in ``document`` is an extension term."""
    if isinstance(document, Mapping):
        for key, value in document.items():
            if key in EXTENSION_TERMS:
                return True
            if key == "type" and _has_extension_type(value):
                return True
            if uses_extension(value):
                return True
        return False
    if isinstance(document, list):
        return any(uses_extension(item) for item in document)
    return False


def _has_extension_type(value: Any) -> bool:
    values = value if isinstance(value, list) else [value]
    return any(isinstance(v, str) and v in EXTENSION_TERMS for v in values)


__all__ = [
    "CREDENTIAL_TYPES",
    "CREDSTACK_CONTEXT",
    "CREDSTACK_VOCAB",
    "EXTENSION_TERMS",
    "JSON_SCHEMA_VALIDATOR_TYPE",
    "OB_ACHIEVEMENT_CREDENTIAL_SCHEMA",
    "OB_CREDENTIAL_TYPES",
    "OB_V3_CONTEXT",
    "OB_V3_EXTENSIONS_CONTEXT",
    "VC_V2_CONTEXT",
    "json_number",
    "uses_extension",
]
