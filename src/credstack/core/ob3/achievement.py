"""Open Badges 3.0 JSON for achievements (micro-credential specifications).

Open Badges 3.0 terms are used wherever OB 3.0 has one: ``name``, ``description``,
``criteria.narrative``, ``achievementType``, ``creditsAvailable``, ``fieldOfStudy``,
``inLanguage``, ``resultDescription``, ``humanCode``, ``specialization``, ``tag``, ``version``,
``image``, ``creator``, ``otherIdentifier`` and ``alignment`` — the EQF level is an alignment to
``http://data.europa.eu/snb/eqf/<n>`` and each ESCO skill of a learning outcome an alignment with
``targetFramework`` ``ESCO``. The other Annex I elements use the credstack extension context
(``https://w3id.org/credstack/v1``, documented in ``docs/extension-context.md``).
"""

from __future__ import annotations

import re
from dataclasses import replace

from credstack.core.errors import ErrorCode
from credstack.core.json.fields import FieldReader
from credstack.core.model import (
    EQF_URI_PREFIX,
    Achievement,
    Alignment,
    Assessment,
    CredentialReference,
    CreditSystem,
    Criteria,
    FieldOfStudy,
    LearningOutcome,
    NqfLevel,
    ParticipationForm,
    ResultDescription,
    RubricCriterionLevel,
    Stackability,
    SupervisionVerification,
    Workload,
)
from credstack.core.ob3.profile import (
    E,
    JsonObject,
    put,
    read_alignments,
    read_enum,
    read_identifier_entries,
    read_image,
    read_profile,
    to_alignment_json,
    to_identifier_entry_json,
    to_image_json,
    to_profile_json,
)
from credstack.core.ob3.terms import json_number

_EQF_URI = re.compile(r"^" + re.escape(EQF_URI_PREFIX) + r"([1-8])$")


def to_achievement_json(achievement: Achievement) -> JsonObject:
    """The OB 3.0 ``Achievement`` object (with credstack extension terms where needed)."""
    a = achievement
    data: JsonObject = {"id": a.id, "type": ["Achievement"]}
    put(data, "achievementType", a.achievement_type)
    data["name"] = a.name
    data["description"] = a.description
    criteria: JsonObject = {}
    put(criteria, "id", a.criteria.id)
    put(criteria, "narrative", a.criteria.narrative)
    data["criteria"] = criteria
    if a.image is not None:
        data["image"] = to_image_json(a.image)
    if a.workload is not None and a.workload.credits is not None:
        data["creditsAvailable"] = json_number(a.workload.credits)
    if a.field_of_study is not None:
        put(data, "fieldOfStudy", a.field_of_study.label)
    put(data, "humanCode", a.human_code)
    put(data, "specialization", a.specialization)
    if a.languages:
        data["inLanguage"] = a.languages[0]
    put(data, "version", a.version)
    put(data, "tag", list(a.tags))
    put(data, "alignment", [to_alignment_json(x) for x in _all_alignments(a)])
    put(data, "resultDescription", [_result_description_json(r) for r in a.result_descriptions])
    put(data, "otherIdentifier", [to_identifier_entry_json(e) for e in a.other_identifiers])
    if a.creator is not None:
        data["creator"] = to_profile_json(a.creator)
    _put_extension_terms(data, a)
    return data


def _all_alignments(a: Achievement) -> list[Alignment]:
    alignments: list[Alignment] = []
    urls = {x.target_url for x in a.alignments}
    if a.eqf_level is not None:
        eqf = Alignment.eqf_level(a.eqf_level)
        if eqf.target_url not in urls:
            alignments.append(eqf)
    alignments.extend(skill for skill in a.skills if skill.target_url not in urls)
    alignments.extend(a.alignments)
    return alignments


def _put_extension_terms(data: JsonObject, a: Achievement) -> None:
    outcomes = []
    for outcome in a.learning_outcomes:
        item: JsonObject = {"type": "LearningOutcome", "description": outcome.text}
        put(item, "relatedSkill", [skill.target_url for skill in outcome.skills])
        outcomes.append(item)
    put(data, "learningOutcome", outcomes)
    if a.workload is not None:
        if a.workload.system is not None:
            data["creditSystem"] = str(a.workload.system)
        if a.workload.hours is not None:
            data["workloadHours"] = json_number(a.workload.hours)
    if a.nqf_level is not None:
        data["nqfLevel"] = a.nqf_level.level
        data["nqfFramework"] = a.nqf_level.framework
    if a.field_of_study is not None:
        put(data, "iscedfCode", a.field_of_study.isced_f)
    if a.assessment is not None:
        data["assessmentType"] = a.assessment.description
        put(data, "summativeAssessment", a.assessment.summative)
    for key, value in (
        ("supervisionVerification", a.supervision),
        ("participationForm", a.participation),
        ("stackability", a.stackability),
    ):
        put(data, key, None if value is None else str(value))
    put(data, "qualityAssurance", a.quality_assurance)
    put(data, "prerequisites", a.prerequisites)
    put(data, "gradingScheme", a.grading_scheme)
    put(data, "stackableTowards", [_reference_json(r) for r in a.stackable_towards])
    put(data, "additionalLanguage", list(a.languages[1:]))
    put(data, "furtherInformation", a.further_information)


def _reference_json(reference: CredentialReference) -> JsonObject:
    data: JsonObject = {"type": "CredentialReference"}
    put(data, "id", reference.url)
    data["name"] = reference.name
    return data


def _result_description_json(r: ResultDescription) -> JsonObject:
    data: JsonObject = {"id": r.id, "type": ["ResultDescription"], "name": r.name}
    data["resultType"] = r.result_type
    put(data, "allowedValue", list(r.allowed_values))
    put(data, "requiredValue", r.required_value)
    put(data, "requiredLevel", r.required_level)
    put(data, "valueMin", r.value_min)
    put(data, "valueMax", r.value_max)
    put(data, "rubricCriterionLevel", [_rubric_level_json(x) for x in r.rubric_criterion_levels])
    put(data, "alignment", [to_alignment_json(x) for x in r.alignments])
    return data


def _rubric_level_json(level: RubricCriterionLevel) -> JsonObject:
    data: JsonObject = {"id": level.id, "type": ["RubricCriterionLevel"], "name": level.name}
    put(data, "description", level.description)
    put(data, "level", level.level)
    put(data, "points", level.points)
    put(data, "alignment", [to_alignment_json(x) for x in level.alignments])
    return data


def parse_achievement(data: object, *, extensions: bool = True) -> Achievement:
    """Read an OB 3.0 ``Achievement``; the inverse of :func:`to_achievement_json`.

    ``extensions=False`` ignores credstack extension terms (for documents that do not use the
    credstack context). Errors are :class:`~credstack.core.errors.DocumentError` with code
    ``INVALID_ACHIEVEMENT`` and the path of the offending field.
    """
    reader = FieldReader(data, "", code=ErrorCode.INVALID_ACHIEVEMENT, wrap_single=True)
    return read_achievement(reader, extensions=extensions)


def read_achievement(reader: FieldReader, *, extensions: bool = True) -> Achievement:
    """Read an achievement from a reader (errors carry the reader's path and code)."""
    if "Achievement" not in reader.types():
        raise reader.error(
            "type", "a type list that contains 'Achievement'", reader.data.get("type")
        )
    criteria = reader.child("criteria")
    if criteria is None:
        raise reader.error("criteria", "a Criteria object (this field is required)")
    alignments = read_alignments(reader)
    eqf_level = next((_eqf_level(x) for x in alignments if _eqf_level(x) is not None), None)
    outcomes = _read_outcomes(reader, alignments) if extensions else ()
    skill_urls = {s.target_url for o in outcomes for s in o.skills}
    others = tuple(
        x for x in alignments if x.target_url not in skill_urls and x != _canonical_eqf(x)
    )
    creator = reader.child("creator")
    languages = (reader.text("inLanguage"),) if reader.has("inLanguage") else ()
    field_label = reader.text("fieldOfStudy")
    base = Achievement(
        id=reader.required_text("id"),
        name=reader.required_text("name"),
        description=reader.text("description") or "",
        criteria=Criteria(criteria.text("narrative"), criteria.text("id")),
        achievement_type=reader.text("achievementType"),
        learning_outcomes=outcomes,
        workload=_read_workload(reader, extensions),
        eqf_level=eqf_level,
        field_of_study=FieldOfStudy(None, field_label) if field_label is not None else None,
        result_descriptions=tuple(
            _read_result_description(r) for r in reader.children("resultDescription")
        ),
        languages=tuple(x for x in languages if x is not None),
        version=reader.text("version"),
        tags=reader.texts("tag"),
        image=read_image(reader, "image"),
        human_code=reader.text("humanCode"),
        specialization=reader.text("specialization"),
        alignments=others,
        other_identifiers=read_identifier_entries(reader, "otherIdentifier"),
        creator=read_profile(creator, extensions=extensions) if creator is not None else None,
    )
    return _with_extension_terms(reader, base) if extensions else base


def _eqf_level(alignment: Alignment) -> int | None:
    match = _EQF_URI.match(alignment.target_url)
    return int(match.group(1)) if match else None


def _canonical_eqf(alignment: Alignment) -> Alignment | None:
    level = _eqf_level(alignment)
    return Alignment.eqf_level(level) if level is not None else None


def _read_outcomes(
    reader: FieldReader, alignments: tuple[Alignment, ...]
) -> tuple[LearningOutcome, ...]:
    by_url = {x.target_url: x for x in alignments}
    outcomes = []
    for item in reader.children("learningOutcome"):
        skills = tuple(
            by_url.get(url, Alignment(target_name=url, target_url=url))
            for url in item.texts("relatedSkill")
        )
        outcomes.append(LearningOutcome(item.required_text("description"), skills))
    return tuple(outcomes)


def _read_workload(reader: FieldReader, extensions: bool) -> Workload | None:
    credits = reader.number("creditsAvailable")
    system = hours = None
    if extensions:
        if reader.has("creditSystem"):
            system = read_enum(reader, "creditSystem", CreditSystem)
        hours = reader.number("workloadHours")
    if credits is None and system is None and hours is None:
        return None
    return Workload(credits, system, hours)


def _with_extension_terms(reader: FieldReader, a: Achievement) -> Achievement:
    nqf = None
    if reader.has("nqfLevel") or reader.has("nqfFramework"):
        level = reader.integer("nqfLevel")
        if level is None:
            raise reader.error("nqfLevel", "an integer level next to nqfFramework")
        nqf = NqfLevel(level, reader.required_text("nqfFramework"))
    isced = reader.text("iscedfCode")
    field = a.field_of_study
    if isced is not None:
        field = FieldOfStudy(isced, field.label if field else None)
    assessment = None
    if reader.has("assessmentType") or reader.has("summativeAssessment"):
        assessment = Assessment(
            reader.required_text("assessmentType"), reader.boolean("summativeAssessment")
        )
    return replace(
        a,
        nqf_level=nqf,
        field_of_study=field,
        assessment=assessment,
        supervision=_optional_enum(reader, "supervisionVerification", SupervisionVerification),
        participation=_optional_enum(reader, "participationForm", ParticipationForm),
        quality_assurance=reader.text("qualityAssurance"),
        prerequisites=reader.text("prerequisites"),
        grading_scheme=reader.text("gradingScheme"),
        stackability=_optional_enum(reader, "stackability", Stackability),
        stackable_towards=tuple(
            CredentialReference(item.required_text("name"), item.text("id"))
            for item in reader.children("stackableTowards")
        ),
        languages=a.languages + reader.texts("additionalLanguage"),
        further_information=reader.text("furtherInformation"),
    )


def _optional_enum(reader: FieldReader, key: str, enum: type[E]) -> E | None:
    return read_enum(reader, key, enum) if reader.has(key) else None


def _read_result_description(reader: FieldReader) -> ResultDescription:
    return ResultDescription(
        id=reader.required_text("id"),
        name=reader.required_text("name"),
        result_type=reader.required_text("resultType"),
        allowed_values=reader.texts("allowedValue"),
        required_value=reader.text("requiredValue"),
        required_level=reader.text("requiredLevel"),
        value_min=reader.text("valueMin"),
        value_max=reader.text("valueMax"),
        rubric_criterion_levels=tuple(
            RubricCriterionLevel(
                id=level.required_text("id"),
                name=level.required_text("name"),
                description=level.text("description"),
                level=level.text("level"),
                points=level.text("points"),
                alignments=read_alignments(level),
            )
            for level in reader.children("rubricCriterionLevel")
        ),
        alignments=read_alignments(reader),
    )


__all__ = ["parse_achievement", "read_achievement", "to_achievement_json"]
