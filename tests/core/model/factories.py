"""Builders shared by the model, OB 3.0, schema and profile tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from pyld import jsonld

from credstack.core.jsonld import contexts
from credstack.core.model import (
    Achievement,
    Address,
    Alignment,
    Assessment,
    CredentialReference,
    CreditSystem,
    Criteria,
    FieldOfStudy,
    IdentifierEntry,
    Image,
    Issuer,
    IssuerKind,
    LearningOutcome,
    NqfLevel,
    ParticipationForm,
    ResultDescription,
    RubricCriterionLevel,
    Stackability,
    SupervisionVerification,
    Workload,
)
from credstack.core.ob3.definition import parse_achievement_definition

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"
SAMPLES = ROOT / "tests" / "vectors" / "samples" / "ob-v3p0"
UNDEFINED_TERMS_CONTEXT = "https://www.w3.org/ns/credentials/undefined-terms/v2"
PYTHON_SKILL = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"
SQL_SKILL = "http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742"


def example(name: str) -> dict[str, Any]:
    """An example achievement definition file, parsed as the command line parses it."""
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text) if name.endswith(".yaml") else json.loads(text)
    return data


def eu_example() -> tuple[Achievement, Issuer]:
    """The complete EU micro-credential of ``examples/achievement.yaml`` and its issuer."""
    achievement, issuer = parse_achievement_definition(example("achievement.yaml"))
    assert issuer is not None
    return achievement, issuer


def sample(name: str) -> dict[str, Any]:
    """An OB 3.0 sample credential from ``tests/vectors/samples/ob-v3p0``."""
    data: dict[str, Any] = json.loads((SAMPLES / name).read_text(encoding="utf-8"))
    return data


def issuer() -> Issuer:
    """An issuer with every field set."""
    return Issuer(
        id="did:web:university.example",
        name="Example University",
        url="https://university.example",
        email="registrar@university.example",
        phone="+31 20 555 0100",
        description="A research university.",
        address=Address(
            country_code="NL",
            country="Netherlands",
            region="Noord-Holland",
            locality="Amsterdam",
            street_address="Main Street 1",
            postal_code="1000 AA",
        ),
        kind=IssuerKind.HEI,
        image=Image("https://university.example/logo.png", "Logo"),
        other_identifiers=(IdentifierEntry("NL AMSTERD01", "ext:ErasmusCode"),),
    )


def full_achievement() -> Achievement:
    """An achievement with every field of the model set."""
    python = Alignment.esco_skill(PYTHON_SKILL, "Python (computer programming)", "A language.")
    sql = Alignment.esco_skill(SQL_SKILL, "SQL")
    grade = ResultDescription(
        id="urn:uuid:7f0c1a52-2c43-4d8e-9a59-1d3c2b5e9e01",
        name="Final grade",
        result_type="LetterGrade",
        allowed_values=("D", "C", "B", "A"),
        required_value="C",
        alignments=(Alignment("Project", "https://university.example/catalog/project"),),
    )
    rubric = ResultDescription(
        id="urn:uuid:7f0c1a52-2c43-4d8e-9a59-1d3c2b5e9e02",
        name="Project rubric",
        result_type="RubricCriterionLevel",
        required_level="urn:uuid:7f0c1a52-2c43-4d8e-9a59-1d3c2b5e9e03",
        value_min="0",
        value_max="4",
        rubric_criterion_levels=(
            RubricCriterionLevel(
                id="urn:uuid:7f0c1a52-2c43-4d8e-9a59-1d3c2b5e9e03",
                name="Mastery",
                description="Demonstrated mastery.",
                level="Mastered",
                points="4",
                alignments=(Alignment("Level", "https://university.example/levels/4"),),
            ),
        ),
    )
    return Achievement(
        id="https://university.example/achievements/data-analysis",
        name="Data Analysis with Python",
        description="Practical data analysis.",
        criteria=Criteria("Pass the exam and the project.", "https://university.example/criteria"),
        learning_outcomes=(
            LearningOutcome("Clean data with pandas.", (python,)),
            LearningOutcome("Query data with SQL.", (sql, python)),
            LearningOutcome("Report an analysis."),
        ),
        workload=Workload(5, CreditSystem.ECTS, 125),
        eqf_level=6,
        nqf_level=NqfLevel(6, "NLQF"),
        field_of_study=FieldOfStudy("0613", "Software and applications development and analysis"),
        assessment=Assessment("Written exam and project", summative=True),
        supervision=SupervisionVerification.SUPERVISED_ONSITE_WITH_ID,
        participation=ParticipationForm.BLENDED,
        quality_assurance="Institutional accreditation by NVAO.",
        prerequisites="Basic programming.",
        grading_scheme="Letter grades A–D; C or better passes.",
        result_descriptions=(grade, rubric),
        stackability=Stackability.STACKABLE,
        stackable_towards=(
            CredentialReference("MSc Data Science", "https://university.example/msc"),
            CredentialReference("Graduate certificate in analytics"),
        ),
        languages=("en", "nl", "de"),
        further_information="https://university.example/data-analysis",
        version="2.1",
        tags=("data", "python"),
        image=Image("https://university.example/badge.png", "Badge"),
        human_code="DA-101",
        specialization="Applied statistics",
        alignments=(
            Alignment("Data", "https://framework.example/data", "D1", "Data.", "F", "CFItem"),
        ),
        other_identifiers=(IdentifierEntry("DA-101-2025", "identifier"),),
        creator=issuer(),
    )


def undefined_terms(document: dict[str, Any]) -> list[str]:
    """Terms of ``document`` that its contexts do not define, found by expanding with pyld.

    The W3C undefined-terms context is appended: it maps every otherwise undefined term into
    ``https://www.w3.org/ns/credentials/undefined-term#`` instead of letting pyld drop it.
    """
    probe = dict(document)
    context = document["@context"]
    probe["@context"] = [*context, UNDEFINED_TERMS_CONTEXT]
    expanded = json.dumps(jsonld.expand(probe, {"documentLoader": contexts.pyld_document_loader}))
    found: set[str] = set()
    for prefix in (
        "https://www.w3.org/ns/credentials/undefined-term#",
        "https://www.w3.org/ns/credentials/issuer-dependent#",
    ):
        for part in expanded.split(prefix)[1:]:
            found.add(part.split('"')[0])
    return sorted(found)


def nquads(document: dict[str, Any]) -> str:
    """RDFC-1.0 canonical N-Quads of ``document`` (pyld, bundled contexts only)."""
    result: str = jsonld.normalize(
        document,
        {
            "algorithm": "URDNA2015",
            "format": "application/n-quads",
            "documentLoader": contexts.pyld_document_loader,
        },
    )
    return result
