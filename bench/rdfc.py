"""eddsa-rdfc-2022 signing and verification throughput, against a naive pyld baseline.

Every figure is credentials per second on one core (this process), for realistic Open Badges
3.0 micro-credentials: issuer profile, achievement with criteria, alignments, a result
description with allowed values, a result, evidence, an identity object, status, schema and
validity dates.

* ``eddsa-rdfc-2022 sign`` / ``verify`` — credentials that share their shape, as an issuer's
  credentials do: after the first one, the shape template cache serves them (warm cache).
* ``eddsa-rdfc-2022 sign bulk`` — one achievement issued to 10,000 recipients with different
  ids, names, e-mail addresses and dates, through ``sign_many`` (which re-verifies one
  credential in a thousand with the full conversion).
* ``… (distinct shapes)`` — the template cache is emptied before every credential, so each
  one pays for the full JSON-LD conversion plus building its template: the cold-cache figure.
* ``baseline …`` — pyld ``normalize`` (URDNA2015) of the document and of the proof
  configuration, SHA-256 and Ed25519, as a straightforward implementation does it. Fewer
  iterations: it is slow.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from typing import Any

from credstack.core.crypto import multibase
from credstack.core.crypto.keys import Ed25519KeyPair
from credstack.core.jsonld.rdfc import canonicalize_reference
from credstack.core.jsonld.template import clear_templates
from credstack.core.proofs.data_integrity import ProofOptions, add_proof
from credstack.core.proofs.eddsa_rdfc_2022 import EDDSA_RDFC_2022, sign_many

Emit = Callable[[str, float, str], None]
UNIT = "credentials/s"
VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_EXTENSIONS = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
ISSUER = "https://university.example/issuers/1"
ACHIEVEMENT = "https://university.example/achievements/data-protection-basics"
KEY = Ed25519KeyPair(hashlib.sha256(b"credstack bench issuer").digest())
METHOD = f"{ISSUER}#{KEY.public_key.multikey}"
FIRST_NAMES = ("Ada", "Björn", "Chidi", "Dana", "Élise", "Farah", "Gül", "Hiro", "Ines", "Jun")
LAST_NAMES = ("Okafor", "Müller", "Nakamura", "Silva", "Kowalski", "O'Brien", "Rossi", "Zhang")


def micro_credential(index: int) -> dict[str, Any]:
    """The OB 3.0 micro-credential of recipient ``index`` (same achievement for everyone)."""
    name = f"{FIRST_NAMES[index % 10]} {LAST_NAMES[index % 8]} {index}"
    day = f"2025-{1 + index % 12:02d}-{1 + index % 28:02d}"
    return {
        "@context": [VC_V2, OB_V3, OB_EXTENSIONS],
        "id": f"urn:uuid:5e3c1a42-7d1f-4c1e-9a8b-{index:012d}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"Data Protection Basics — {name}",
        "description": "Awarded for completing the Data Protection Basics micro-credential.",
        "image": {"id": f"{ACHIEVEMENT}/badge.png", "type": "Image", "caption": "Badge"},
        "issuer": {
            "id": ISSUER,
            "type": ["Profile"],
            "name": "Example University — Continuing Education",
            "url": "https://university.example",
            "email": "badges@university.example",
            "image": {"id": "https://university.example/logo.png", "type": "Image"},
        },
        "validFrom": f"{day}T09:30:00Z",
        "validUntil": "2035-01-01T00:00:00Z",
        "awardedDate": f"{day}T09:30:00Z",
        "credentialSubject": {
            "id": f"did:example:learner-{index}",
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": f"learner{index}@example.org",
                    "identityType": "emailAddress",
                    "hashed": False,
                }
            ],
            "activityStartDate": "2025-01-13",
            "activityEndDate": "2025-03-07",
            "creditsEarned": 2.5,
            "result": [
                {
                    "type": ["Result"],
                    "resultDescription": f"{ACHIEVEMENT}/results/grade",
                    "value": "ABC"[index % 3],
                }
            ],
            "achievement": {
                "id": ACHIEVEMENT,
                "type": ["Achievement"],
                "achievementType": "MicroCredential",
                "name": "Data Protection Basics",
                "description": "Applies the GDPR principles to everyday data handling.",
                "criteria": {"narrative": "Pass the final assessment with at least 70 %."},
                "image": {"id": f"{ACHIEVEMENT}/badge.png", "type": "Image"},
                "creditsAvailable": 2.5,
                "fieldOfStudy": "Law",
                "humanCode": "DPB-101",
                "inLanguage": "en",
                "tag": ["GDPR", "privacy"],
                "alignment": [
                    {
                        "type": ["Alignment"],
                        "targetName": "EQF level 5",
                        "targetUrl": "https://europa.eu/europass/en/description-eight-eqf-levels",
                        "targetType": "ext:EQF",
                        "targetCode": "5",
                    },
                    {
                        "type": ["Alignment"],
                        "targetName": "Data protection",
                        "targetUrl": "https://esco.example/skills/data-protection",
                        "targetType": "CTDL",
                    },
                ],
                "resultDescription": [
                    {
                        "id": f"{ACHIEVEMENT}/results/grade",
                        "type": ["ResultDescription"],
                        "name": "Final grade",
                        "resultType": "LetterGrade",
                        "allowedValue": ["A", "B", "C"],
                    }
                ],
            },
        },
        "evidence": [
            {
                "id": f"https://university.example/evidence/{index}",
                "type": ["Evidence"],
                "name": "Final assessment",
                "narrative": "Scored 85 % in the proctored final assessment.",
            }
        ],
        "credentialSchema": [
            {
                "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
                "ob_v3p0_achievementcredential_schema.json",
                "type": "1EdTechJsonSchemaValidator2019",
            }
        ],
        "credentialStatus": {
            "id": f"https://university.example/status/1#{index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(index),
            "statusListCredential": "https://university.example/status/1",
        },
    }


def options_for(index: int) -> ProofOptions:
    """Proof options with a distinct creation time per credential."""
    return ProofOptions(
        verification_method=METHOD,
        created=f"2025-03-14T{index // 3600 % 24:02d}:{index // 60 % 60:02d}:{index % 60:02d}Z",
    )


def _rate(work: Callable[[int], object], count: int, *, runs: int = 3) -> float:
    """Best of ``runs`` passes over ``count`` items (the machine may be busy in between)."""
    best = 0.0
    for _ in range(runs):
        started = time.perf_counter()
        for index in range(count):
            work(index)
        best = max(best, count / (time.perf_counter() - started))
    return best


def _baseline_hash(document: dict[str, Any], proof: dict[str, Any]) -> bytes:
    config = {"@context": document["@context"], **proof}
    return (
        hashlib.sha256(canonicalize_reference(config)).digest()
        + hashlib.sha256(canonicalize_reference(document)).digest()
    )


def _baseline_sign(document: dict[str, Any], options: ProofOptions) -> dict[str, Any]:
    proof = options.to_json("eddsa-rdfc-2022")
    proof["proofValue"] = multibase.encode_base58btc(KEY.sign(_baseline_hash(document, proof)))
    return proof


def _baseline_verify(secured: dict[str, Any]) -> None:
    document = {k: v for k, v in secured.items() if k != "proof"}
    proof = {k: v for k, v in secured["proof"].items() if k != "proofValue"}
    signature = multibase.decode_base58btc(secured["proof"]["proofValue"])
    if not KEY.public_key.verify(signature, _baseline_hash(document, proof)):
        raise AssertionError("baseline verification failed")


def run(emit: Emit) -> None:
    """Measure and emit every figure (a few seconds each)."""
    documents = [micro_credential(index) for index in range(10_000)]
    options = [options_for(index) for index in range(len(documents))]
    secured = [
        add_proof(documents[i], EDDSA_RDFC_2022.create_proof(documents[i], options[i], KEY))
        for i in range(1_000)
    ]
    _fast(emit, documents, options, secured)
    _cold(emit, documents, options, secured)
    _baseline(emit, documents, options, secured)


def _fast(
    emit: Emit,
    documents: Sequence[dict[str, Any]],
    options: Sequence[ProofOptions],
    secured: Sequence[dict[str, Any]],
) -> None:
    emit(
        "eddsa-rdfc-2022 sign",
        _rate(lambda i: EDDSA_RDFC_2022.create_proof(documents[i], options[i], KEY), 1_000),
        UNIT,
    )
    emit(
        "eddsa-rdfc-2022 verify",
        _rate(
            lambda i: EDDSA_RDFC_2022.verify_proof(secured[i], secured[i]["proof"], KEY.public_key),
            1_000,
        ),
        UNIT,
    )
    clear_templates()  # the bulk figure includes building its templates
    each = iter(options)  # sign_many asks for the options of each document in turn
    started = time.perf_counter()
    signed = list(sign_many(documents, lambda _: next(each), KEY))
    elapsed = time.perf_counter() - started
    emit("eddsa-rdfc-2022 sign bulk", len(signed) / elapsed, UNIT)


def _cold(
    emit: Emit,
    documents: Sequence[dict[str, Any]],
    options: Sequence[ProofOptions],
    secured: Sequence[dict[str, Any]],
) -> None:
    def sign_cold(index: int) -> None:
        clear_templates()
        EDDSA_RDFC_2022.create_proof(documents[index], options[index], KEY)

    def verify_cold(index: int) -> None:
        clear_templates()
        EDDSA_RDFC_2022.verify_proof(secured[index], secured[index]["proof"], KEY.public_key)

    emit("eddsa-rdfc-2022 sign (distinct shapes)", _rate(sign_cold, 100, runs=2), UNIT)
    emit("eddsa-rdfc-2022 verify (distinct shapes)", _rate(verify_cold, 100, runs=2), UNIT)


def _baseline(
    emit: Emit,
    documents: Sequence[dict[str, Any]],
    options: Sequence[ProofOptions],
    secured: Sequence[dict[str, Any]],
) -> None:
    emit(
        "baseline eddsa-rdfc-2022 sign",
        _rate(lambda i: _baseline_sign(documents[i], options[i]), 40, runs=1),
        UNIT,
    )
    emit(
        "baseline eddsa-rdfc-2022 sign bulk",
        _rate(lambda i: _baseline_sign(documents[i * 97], options[i * 97]), 60, runs=1),
        UNIT,
    )
    emit(
        "baseline eddsa-rdfc-2022 verify",
        _rate(lambda i: _baseline_verify(secured[i]), 40, runs=1),
        UNIT,
    )
