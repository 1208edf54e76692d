"""The credentials the interoperability tests sign and verify, and the issuer key they use.

Both implementations are given :data:`ISSUER_KEY`; its did:key is the issuer unless a test
names another one.
"""

from __future__ import annotations

import hashlib
from typing import Any

from credstack.core.crypto.keys import Ed25519KeyPair

JsonObject = dict[str, Any]

VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_EXTENSIONS = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
LEARNER = "did:example:ebfeb1f712ebc6f1c276e12ec21"

ISSUER_KEY = Ed25519KeyPair.generate(hashlib.sha256(b"credstack interop issuer").digest())
ISSUER_DID = f"did:key:{ISSUER_KEY.public_key.multikey}"
ISSUER_METHOD = f"{ISSUER_DID}#{ISSUER_KEY.public_key.multikey}"


def micro_credential(issuer_id: str = ISSUER_DID) -> JsonObject:
    """A minimal OB 3.0 micro-credential."""
    return {
        "@context": [VC_V2, OB_V3],
        "id": "urn:uuid:2f3f7c5e-6a55-4d0e-9c55-0f2a4c7d1b11",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer_id, "type": ["Profile"], "name": "Example University"},
        "validFrom": "2025-01-01T00:00:00Z",
        "name": "Data Protection Basics",
        "credentialSubject": {
            "id": LEARNER,
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://badges.example.edu/achievements/data-protection-basics",
                "type": ["Achievement"],
                "name": "Data Protection Basics",
                "description": "Applies the GDPR principles to everyday data handling.",
                "criteria": {"narrative": "Passed the final assessment with at least 70%."},
            },
        },
    }


def realistic_credential(issuer_id: str = ISSUER_DID) -> JsonObject:
    """An OB 3.0 micro-credential as a university would issue it.

    Achievement with alignments and result descriptions (one with an ``@list``), results,
    evidence, a credential schema (its type is defined by the OB extensions context), fractional
    credits, and text in several scripts: combining characters (NFD), right-to-left text,
    CJK, an emoji outside the BMP, quotes, a backslash, tabs and newlines.
    """
    achievement_id = "https://badges.example.edu/achievements/dpb-2025"
    return {
        "@context": [VC_V2, OB_V3, OB_EXTENSIONS],
        "id": "https://badges.example.edu/credentials/7c1f0f2e-6f36-4f0b-a5d2-4d1b4c4d6e01",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {
            "id": issuer_id,
            "type": ["Profile"],
            "name": "Universität Zürich — Weiterbildung",
            "url": "https://badges.example.edu",
            "email": "badges@example.edu",
            "image": {"id": "https://badges.example.edu/logo.png", "type": "Image"},
        },
        "validFrom": "2025-03-14T09:30:00Z",
        "validUntil": "2035-03-14T09:30:00Z",
        "awardedDate": "2025-03-14T09:30:00Z",
        "name": "Datenschutz-Grundlagen für Fachkräfte 🎓",
        "description": 'Micro-credential "DPB-2025" (2 ECTS)\nBewertung: sehr gut\t✓',
        "image": {
            "id": "https://badges.example.edu/achievements/dpb-2025/badge.png",
            "type": "Image",
            "caption": "Abzeichen: Datenschutz-Grundlagen",
        },
        "credentialSubject": {
            "id": LEARNER,
            "type": ["AchievementSubject"],
            "activityStartDate": "2025-01-13",
            "activityEndDate": "2025-03-07",
            "creditsEarned": 2.5,
            "term": "Frühjahr 2025",
            "achievement": {
                "id": achievement_id,
                "type": ["Achievement"],
                "achievementType": "MicroCredential",
                "name": "Datenschutz-Grundlagen",
                "description": (
                    "Rechtliche Grundlagen (DSGVO), Betroffenenrechte und Datenpannen. "
                    "データ保護の基礎. حماية البيانات. Cafe\u0301 & Re\u0301sume\u0301."
                ),
                "criteria": {
                    "id": f"{achievement_id}/criteria",
                    "narrative": (
                        "# Anforderungen\n\n"
                        "1. Abschlussprüfung mit mindestens 70 %\n"
                        "2. Fallstudie \u201eDatenpanne\u201c eingereicht\n"
                        "\tPfad: C:\\Kurse\\DPB\n"
                    ),
                },
                "creditsAvailable": 2.5,
                "fieldOfStudy": "Recht / Informationssicherheit",
                "humanCode": "DPB-2025",
                "inLanguage": "de",
                "tag": ["DSGVO", "GDPR", "Datenschutz", "プライバシー"],
                "version": "2025.1",
                "image": {"id": f"{achievement_id}/badge.png", "type": "Image"},
                "alignment": [
                    {
                        "type": ["Alignment"],
                        "targetName": "EQF level 6",
                        "targetDescription": "European Qualifications Framework, level 6",
                        "targetFramework": "European Qualifications Framework",
                        "targetType": "ext:EQF",
                        "targetCode": "6",
                        "targetUrl": "https://europa.eu/europass/en/description-eight-eqf-levels",
                    },
                    {
                        "type": ["Alignment"],
                        "targetName": "Data protection legislation",
                        "targetFramework": "ESCO",
                        "targetType": "ext:ESCOSkill",
                        "targetUrl": (
                            "http://data.europa.eu/esco/skill/7e1f2b1d-2c5e-4a3b-9f4d-2b6c1a0e8d33"
                        ),
                    },
                ],
                "resultDescription": [
                    {
                        "id": f"{achievement_id}/results/grade",
                        "type": ["ResultDescription"],
                        "name": "Note (Schweizer Skala)",
                        "resultType": "GradePointAverage",
                        "allowedValue": ["6", "5.5", "5", "4.5", "4"],
                        "requiredValue": "4",
                        "valueMin": "1",
                        "valueMax": "6",
                    },
                    {
                        "id": f"{achievement_id}/results/case-study",
                        "type": ["ResultDescription"],
                        "name": "Fallstudie",
                        "resultType": "Status",
                    },
                ],
            },
            "result": [
                {
                    "type": ["Result"],
                    "resultDescription": f"{achievement_id}/results/grade",
                    "value": "5.5",
                },
                {
                    "type": ["Result"],
                    "resultDescription": f"{achievement_id}/results/case-study",
                    "status": "Completed",
                },
            ],
        },
        "evidence": [
            {
                "id": "https://portfolio.example.edu/learner-1234/dpb-case-study",
                "type": ["Evidence"],
                "name": "Fallstudie „Datenpanne im Sekretariat“",
                "narrative": "Eingereicht am 2025-03-01; bewertet von Prof. Dr. Ümit Çelik.",
                "description": "PDF, 12 Seiten",
                "genre": "Fallstudie",
                "audience": "Öffentlichkeit",
            }
        ],
        "credentialSchema": [
            {
                "id": (
                    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
                    "ob_v3p0_achievementcredential_schema.json"
                ),
                "type": "1EdTechJsonSchemaValidator2019",
            }
        ],
    }
