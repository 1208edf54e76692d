"""Achievement definition files: the format people write to describe a micro-credential.

``credstack issue --achievement FILE`` and ``credstack achievement check FILE`` read a JSON or
YAML file; the command line parses it and hands the mapping to
:func:`parse_achievement_definition`. Two shapes are accepted:

* the human-friendly format documented field by field in ``examples/README.md`` (``title``,
  ``learning_outcomes``, ``workload: {credits, system, hours}``, ``level: {eqf}``, …, and an
  optional ``issuer``);
* an Open Badges 3.0 ``Achievement`` object as-is (recognised by its ``type``); its ``creator``
  profile, if any, is returned as the issuer.

Every problem raises :class:`~credstack.core.errors.DocumentError` with the exact field path
(``workload.credits``) in the message and in ``detail["path"]``, and what was expected; unknown
keys are errors with a did-you-mean hint. The code is ``INVALID_ACHIEVEMENT``, or that of the
rule broken: ``NOT_ABSOLUTE_URI`` (a URI field holding a relative reference),
``INVALID_COUNTRY_CODE``, and the bounds of :mod:`credstack.core.ob3.limits` (``FIELD_TOO_LONG``,
``TOO_MANY_ITEMS``, ``ACHIEVEMENT_TOO_LARGE``), which both shapes must keep.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import replace
from enum import StrEnum
from typing import Any, TypeVar

from credstack.core.errors import ErrorCode
from credstack.core.json.fields import FieldReader, join_path
from credstack.core.model import (
    MICRO_CREDENTIAL,
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
    Stackability,
    SupervisionVerification,
    Workload,
)
from credstack.core.model.countries import parse_country_code
from credstack.core.ob3.achievement import read_achievement
from credstack.core.ob3.limits import check_achievement, check_issuer, check_uri

E = TypeVar("E", bound=StrEnum)

_TOP_LEVEL = frozenset(
    {
        "id", "title", "description", "criteria", "achievement_type", "learning_outcomes",
        "workload", "level", "field", "assessment", "supervision", "participation",
        "quality_assurance", "prerequisites", "grading", "stackability", "language",
        "further_information", "version", "tags", "image", "code", "specialization",
        "alignments", "identifiers", "issuer",
    }
)  # fmt: skip
_ISSUER_KEYS = frozenset(
    {
        "id", "name", "url", "email", "phone", "description", "kind", "country", "country_name",
        "region", "locality", "street_address", "postal_code", "identifiers", "image",
    }
)  # fmt: skip
_LANGUAGE = re.compile(r"^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$")
_ISCED_F = re.compile(r"^\d{2,4}$")


def parse_achievement_definition(data: Mapping[str, Any]) -> tuple[Achievement, Issuer | None]:
    """Read an achievement definition; returns the achievement and the issuer, if given."""
    achievement, issuer = _read(data)
    check_achievement(achievement)
    if issuer is not None and issuer is not achievement.creator:
        check_issuer(issuer)
    return achievement, issuer


def _read(data: Mapping[str, Any]) -> tuple[Achievement, Issuer | None]:
    reader = FieldReader(data, "", code=ErrorCode.INVALID_ACHIEVEMENT)
    if "type" in reader.data:
        ob_reader = FieldReader(data, "", code=ErrorCode.INVALID_ACHIEVEMENT, wrap_single=True)
        achievement = read_achievement(ob_reader)
        return achievement, achievement.creator
    reader.reject_unknown(_TOP_LEVEL)
    stackability, towards = _stackability(reader)
    scheme, results = _grading(reader)
    achievement = Achievement(
        id=_uri(reader, "id", required=True) or "",
        name=reader.required_text("title"),
        description=reader.required_text("description"),
        criteria=_criteria(reader),
        achievement_type=_achievement_type(reader),
        learning_outcomes=tuple(
            _outcome(reader, i, x) for i, x in _items(reader, "learning_outcomes")
        ),
        workload=_workload(reader),
        eqf_level=_eqf(reader),
        nqf_level=_nqf(reader),
        field_of_study=_field(reader),
        assessment=_assessment(reader),
        supervision=_enum(reader, "supervision", SupervisionVerification),
        participation=_enum(reader, "participation", ParticipationForm),
        quality_assurance=_optional_text(reader, "quality_assurance"),
        prerequisites=_optional_text(reader, "prerequisites"),
        grading_scheme=scheme,
        result_descriptions=results,
        stackability=stackability,
        stackable_towards=towards,
        languages=_languages(reader),
        further_information=_uri(reader, "further_information"),
        version=_optional_text(reader, "version"),
        tags=reader.texts("tags"),
        image=_image(reader),
        human_code=_optional_text(reader, "code"),
        specialization=_optional_text(reader, "specialization"),
        alignments=tuple(_alignment(x) for x in reader.children("alignments")),
        other_identifiers=_identifiers(reader),
    )
    issuer = reader.child("issuer")
    return achievement, _issuer(issuer) if issuer is not None else None


def _items(reader: FieldReader, key: str) -> list[tuple[int, Any]]:
    return list(enumerate(reader.items(key)))


def _optional_text(reader: FieldReader, key: str) -> str | None:
    value = reader.data.get(key)
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise reader.error(key, f"text; write {value!r} in quotes so it stays text")
    text = reader.text(key)
    if text is not None and not text.strip():
        raise reader.error(key, "non-empty text")
    return text


def _uri(reader: FieldReader, key: str, *, required: bool = False) -> str | None:
    value = reader.required_text(key) if required else reader.text(key)
    check_uri(value, join_path(reader.path, key))
    return value


def _enum(reader: FieldReader, key: str, enum: type[E]) -> E | None:
    value = reader.text(key)
    if value is None:
        return None
    wanted = _normalize(value)
    for member in enum:
        if wanted in (_normalize(member.value), _normalize(member.name)):
            return member
    values = [str(member.value) for member in enum]
    close = difflib.get_close_matches(value, values, n=1, cutoff=0.5)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    allowed = ", ".join(repr(v) for v in values)
    raise reader.error(key, f"one of {allowed}, not {value!r}{hint}")


def _normalize(value: str) -> str:
    return re.sub(r"[\s_-]+", "-", value.strip().lower())


def _criteria(reader: FieldReader) -> Criteria:
    if isinstance(reader.data.get("criteria"), str):
        return Criteria(narrative=reader.required_text("criteria"))
    criteria = reader.child("criteria")
    if criteria is None:
        raise reader.error("criteria", "text, or {narrative, url} (this field is required)")
    criteria.reject_unknown({"narrative", "url"})
    result = Criteria(_optional_text(criteria, "narrative"), _uri(criteria, "url"))
    if result.narrative is None and result.id is None:
        raise criteria.error(None, "a narrative, a url, or both")
    return result


def _achievement_type(reader: FieldReader) -> str:
    return _optional_text(reader, "achievement_type") or MICRO_CREDENTIAL


def _outcome(reader: FieldReader, index: int, value: Any) -> LearningOutcome:
    path = f"learning_outcomes[{index}]"
    if isinstance(value, str):
        if not value.strip():
            raise reader.error(path, "a non-empty learning outcome")
        return LearningOutcome(value)
    item = FieldReader(value, path, code=reader.code)
    item.reject_unknown({"text", "skills"})
    skills = []
    for skill_index, skill in enumerate(item.items("skills")):
        skills.append(_skill(item, skill_index, skill))
    return LearningOutcome(item.required_text("text"), tuple(skills))


def _skill(item: FieldReader, index: int, value: Any) -> Alignment:
    key = f"skills[{index}]"
    if isinstance(value, str):
        check_uri(value, join_path(item.path, key))
        return Alignment.esco_skill(value, value)
    skill = FieldReader(value, f"{item.path}.{key}", code=item.code)
    skill.reject_unknown({"uri", "name", "description", "framework"})
    uri = _uri(skill, "uri", required=True) or ""
    alignment = Alignment.esco_skill(
        uri, _optional_text(skill, "name") or uri, _optional_text(skill, "description")
    )
    framework = _optional_text(skill, "framework")
    if framework is not None:
        alignment = replace(alignment, target_framework=framework)
    return alignment


def _positive(reader: FieldReader, key: str) -> float | None:
    value = reader.number(key)
    if value is not None and value <= 0:
        raise reader.error(key, f"a positive number, not {value:g}")
    return value


def _workload(reader: FieldReader) -> Workload | None:
    workload = reader.child("workload")
    if workload is None:
        return None
    workload.reject_unknown({"credits", "system", "hours"})
    result = Workload(
        _positive(workload, "credits"),
        _enum(workload, "system", CreditSystem),
        _positive(workload, "hours"),
    )
    if result == Workload():
        raise workload.error(None, "at least one of credits, system, hours")
    if result.credits is not None and result.system is None:
        raise workload.error("system", "the credit system of the credits (e.g. ECTS)")
    return result


def _level(reader: FieldReader) -> FieldReader | None:
    level = reader.child("level")
    if level is not None:
        level.reject_unknown({"eqf", "nqf"})
    return level


def _eqf(reader: FieldReader) -> int | None:
    level = _level(reader)
    eqf = level.integer("eqf") if level is not None else None
    if level is not None and eqf is not None and not 1 <= eqf <= 8:
        raise level.error("eqf", f"an EQF level from 1 to 8, not {eqf}")
    return eqf


def _nqf(reader: FieldReader) -> NqfLevel | None:
    level = _level(reader)
    nqf = level.child("nqf") if level is not None else None
    if nqf is None:
        return None
    nqf.reject_unknown({"level", "framework"})
    value = nqf.integer("level")
    if value is None or value < 0:
        raise nqf.error("level", "a level number (this field is required)")
    return NqfLevel(value, nqf.required_text("framework"))


def _field(reader: FieldReader) -> FieldOfStudy | None:
    field = reader.child("field")
    if field is None:
        return None
    field.reject_unknown({"isced_f", "name"})
    code = field.data.get("isced_f")
    if isinstance(code, int) and not isinstance(code, bool):
        raise field.error("isced_f", f'an ISCED-F code in quotes ("0613"), not the number {code}')
    isced = field.text("isced_f")
    if isced is not None and not _ISCED_F.match(isced):
        raise field.error("isced_f", f"an ISCED-F 2013 code of 2 to 4 digits, not {isced!r}")
    result = FieldOfStudy(isced, _optional_text(field, "name"))
    if result == FieldOfStudy():
        raise field.error(None, "isced_f, name or both")
    return result


def _assessment(reader: FieldReader) -> Assessment | None:
    if isinstance(reader.data.get("assessment"), str):
        return Assessment(reader.required_text("assessment"))
    assessment = reader.child("assessment")
    if assessment is None:
        return None
    assessment.reject_unknown({"type", "summative"})
    return Assessment(assessment.required_text("type"), assessment.boolean("summative"))


def _grading(reader: FieldReader) -> tuple[str | None, tuple[ResultDescription, ...]]:
    if isinstance(reader.data.get("grading"), str):
        return reader.required_text("grading"), ()
    grading = reader.child("grading")
    if grading is None:
        return None, ()
    grading.reject_unknown({"scheme", "results"})
    results = []
    for item in grading.children("results"):
        item.reject_unknown({"id", "name", "type", "allowed", "required", "min", "max"})
        results.append(
            ResultDescription(
                id=_uri(item, "id", required=True) or "",
                name=item.required_text("name"),
                result_type=_optional_text(item, "type") or "Result",
                allowed_values=item.texts("allowed"),
                required_value=_optional_text(item, "required"),
                value_min=_optional_text(item, "min"),
                value_max=_optional_text(item, "max"),
            )
        )
    return _optional_text(grading, "scheme"), tuple(results)


def _stackability(
    reader: FieldReader,
) -> tuple[Stackability | None, tuple[CredentialReference, ...]]:
    if not isinstance(reader.data.get("stackability"), Mapping):
        return _enum(reader, "stackability", Stackability), ()
    stack = reader.child("stackability")
    assert stack is not None
    stack.reject_unknown({"option", "towards"})
    towards = []
    for index, value in _items(stack, "towards"):
        if isinstance(value, str):
            towards.append(CredentialReference(value))
            continue
        target = FieldReader(value, f"stackability.towards[{index}]", code=stack.code)
        target.reject_unknown({"name", "url"})
        towards.append(CredentialReference(target.required_text("name"), _uri(target, "url")))
    option = _enum(stack, "option", Stackability) or (Stackability.STACKABLE if towards else None)
    if option is Stackability.STAND_ALONE and towards:
        raise stack.error("towards", "no targets for a stand-alone micro-credential")
    return option, tuple(towards)


def _languages(reader: FieldReader) -> tuple[str, ...]:
    value = reader.data.get("language")
    languages = (
        (reader.required_text("language"),) if isinstance(value, str) else reader.texts("language")
    )
    for index, language in enumerate(languages):
        if not _LANGUAGE.match(language):
            where = "language" if isinstance(value, str) else f"language[{index}]"
            raise reader.error(
                where, f"a BCP 47 language code such as 'en' or 'nl-BE', not {language!r}"
            )
    return languages


def _image(reader: FieldReader) -> Image | None:
    if isinstance(reader.data.get("image"), str):
        return Image(_uri(reader, "image") or "")
    image = reader.child("image")
    if image is None:
        return None
    image.reject_unknown({"url", "caption"})
    return Image(_uri(image, "url", required=True) or "", _optional_text(image, "caption"))


def _alignment(reader: FieldReader) -> Alignment:
    reader.reject_unknown({"name", "url", "framework", "code", "type", "description"})
    return Alignment(
        target_name=reader.required_text("name"),
        target_url=_uri(reader, "url", required=True) or "",
        target_code=_optional_text(reader, "code"),
        target_description=_optional_text(reader, "description"),
        target_framework=_optional_text(reader, "framework"),
        target_type=_optional_text(reader, "type"),
    )


def _identifiers(reader: FieldReader) -> tuple[IdentifierEntry, ...]:
    entries = []
    for item in reader.children("identifiers"):
        item.reject_unknown({"type", "value"})
        entries.append(IdentifierEntry(item.required_text("value"), item.required_text("type")))
    return tuple(entries)


def _issuer(reader: FieldReader) -> Issuer:
    reader.reject_unknown(_ISSUER_KEYS)
    country = reader.text("country")
    address = Address(
        country_code=(
            parse_country_code(country, path=join_path(reader.path, "country"))
            if country is not None
            else None
        ),
        country=_optional_text(reader, "country_name"),
        region=_optional_text(reader, "region"),
        locality=_optional_text(reader, "locality"),
        street_address=_optional_text(reader, "street_address"),
        postal_code=_optional_text(reader, "postal_code"),
    )
    return Issuer(
        id=_uri(reader, "id", required=True) or "",
        name=reader.required_text("name"),
        url=_uri(reader, "url"),
        email=_optional_text(reader, "email"),
        phone=_optional_text(reader, "phone"),
        description=_optional_text(reader, "description"),
        address=address if address != Address() else None,
        kind=_enum(reader, "kind", IssuerKind),
        image=_image(reader),
        other_identifiers=_identifiers(reader),
    )


__all__ = ["parse_achievement_definition"]
