"""What an issuer may sign: the bounds on every field of an achievement and of an award.

Everything an achievement says is copied into every credential issued from it, so a
1,000,000-character title would make every credential 2 MB, and a relative ``id`` would be
resolved differently by every JSON-LD processor (or dropped). The bounds here are the one
place where credstack says how long each kind of text may be, how many entries each list may
hold, which values must be absolute URIs, and how many credits a learner can earn. They are
documented in ``examples/README.md`` (*Limits*) and in decision 0013.

================  ==========  ====================================================================
bound             characters  applies to
================  ==========  ====================================================================
``LABEL``         128         codes and short values: achievement type, version, code, tags,
                              identifier types and values, result types and values, languages,
                              phone numbers
``NAME``          256         names: title, names of skills, alignments, results, stacking
                              targets and the issuer, captions, frameworks, field of study,
                              specialization, e-mail addresses, the recipient's name, evidence
                              name / genre / audience
``TEXT``          2,000       a paragraph: each learning outcome, type of assessment, quality
                              assurance, prerequisites, grading scheme, descriptions of skills,
                              alignments and rubric levels
``LONG_TEXT``     10,000      Markdown text: description, criteria narrative, the issuer's
                              description, evidence description and narrative
``URI``           2,048       every URI and URL (an image's ``data:`` URI: ``IMAGE``)
``IMAGE``         65,536      an image given inline as a ``data:`` URI
================  ==========  ====================================================================

The lists are bounded by :data:`LIST_BOUNDS`, and the achievement as a whole (its Open Badges
JSON) by :data:`ACHIEVEMENT_CHARACTERS`.

Errors are :class:`~credstack.core.errors.DocumentError` with a stable code —
``FIELD_TOO_LONG``, ``TOO_MANY_ITEMS``, ``ACHIEVEMENT_TOO_LARGE``, ``NOT_ABSOLUTE_URI``,
``CREDITS_EXCEED_ACHIEVEMENT`` — and ``detail["path"]``, the element as the achievement
definition format names it (``title``, ``learning_outcomes[3]``, ``grading.results[0].id``),
whichever shape the achievement was read from.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Final
from urllib.parse import urlsplit

from credstack.core.errors import DocumentError, ErrorCode
from credstack.core.model import (
    Achievement,
    Alignment,
    Evidence,
    IdentifierEntry,
    Image,
    Issuer,
    Result,
)
from credstack.core.ob3.achievement import to_achievement_json
from credstack.core.ob3.terms import json_number

LABEL: Final = 128
NAME: Final = 256
TEXT: Final = 2_000
LONG_TEXT: Final = 10_000
URI: Final = 2_048
IMAGE: Final = 65_536

TEXT_BOUNDS: Final[Mapping[str, int]] = {
    "LABEL": LABEL,
    "NAME": NAME,
    "TEXT": TEXT,
    "LONG_TEXT": LONG_TEXT,
    "URI": URI,
    "IMAGE": IMAGE,
}
"""Characters per kind of text (the table of the module docstring)."""

LIST_BOUNDS: Final[Mapping[str, int]] = {
    "learning_outcomes": 100,
    "learning_outcomes[].skills": 50,
    "alignments": 100,
    "tags": 50,
    "identifiers": 20,
    "language": 25,
    "grading.results": 20,
    "grading.results[].allowed": 100,
    "grading.results[].levels": 20,
    "stackability.towards": 50,
    "results": 100,
    "evidence": 100,
}
"""Entries per list, by element (``[]`` stands for every entry of the list before it)."""

ACHIEVEMENT_CHARACTERS: Final = 262_144
"""Characters of the achievement's Open Badges JSON (the part every credential repeats)."""

_ABSOLUTE_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s\x00-\x1f\x7f<>\"{}|\\^`]+$")
_WEB_SCHEMES = frozenset({"http", "https"})


def is_absolute_uri(value: object) -> bool:
    """True for an absolute URI (RFC 3986 ``scheme:…``, no spaces or control characters);
    an ``http``/``https`` URL needs a host as well."""
    if not isinstance(value, str) or not _ABSOLUTE_URI.match(value):
        return False
    scheme = value.split(":", 1)[0].lower()
    return scheme not in _WEB_SCHEMES or bool(urlsplit(value).hostname)


def check_text(value: str | None, bound: int, path: str) -> None:
    """``FIELD_TOO_LONG`` when ``value`` has more than ``bound`` characters."""
    if value is not None and len(value) > bound:
        raise DocumentError(
            f"{path}: at most {bound:,} characters, not {len(value):,}",
            code=ErrorCode.FIELD_TOO_LONG,
            path=path,
            limit=bound,
        )


def check_items(items: Sequence[object], element: str, path: str | None = None) -> None:
    """``TOO_MANY_ITEMS`` when the list ``element`` (a key of :data:`LIST_BOUNDS`) is longer
    than its bound; ``path`` is where it is (``learning_outcomes[2].skills``)."""
    bound = LIST_BOUNDS[element]
    if len(items) > bound:
        where = path or element
        raise DocumentError(
            f"{where}: at most {bound:,} entries, not {len(items):,}",
            code=ErrorCode.TOO_MANY_ITEMS,
            path=where,
            limit=bound,
        )


def check_uri(value: str | None, path: str) -> None:
    """``NOT_ABSOLUTE_URI`` for a value that is not an absolute URI; ``FIELD_TOO_LONG`` past
    :data:`URI` characters (:data:`IMAGE` for a ``data:`` URI)."""
    if value is None:
        return
    check_text(value, IMAGE if value.startswith("data:") else URI, path)
    if not is_absolute_uri(value):
        raise DocumentError(
            f"{path}: an absolute URI such as https://example.org/…, not {value!r}",
            code=ErrorCode.NOT_ABSOLUTE_URI,
            path=path,
        )


def check_achievement(achievement: Achievement) -> None:
    """Refuse an achievement that breaks a bound (see the module docstring)."""
    a = achievement
    check_uri(a.id, "id")
    check_text(a.name, NAME, "title")
    check_text(a.description, LONG_TEXT, "description")
    check_text(a.criteria.narrative, LONG_TEXT, "criteria.narrative")
    check_uri(a.criteria.id, "criteria.url")
    check_text(a.achievement_type, LABEL, "achievement_type")
    check_items(a.learning_outcomes, "learning_outcomes")
    for i, outcome in enumerate(a.learning_outcomes):
        path = f"learning_outcomes[{i}]"
        check_text(outcome.text, TEXT, path)
        check_items(outcome.skills, "learning_outcomes[].skills", f"{path}.skills")
        for j, skill in enumerate(outcome.skills):
            _check_alignment(skill, f"{path}.skills[{j}]", url="uri")
    if a.nqf_level is not None:
        check_text(a.nqf_level.framework, NAME, "level.nqf.framework")
    if a.field_of_study is not None:
        check_text(a.field_of_study.isced_f, LABEL, "field.isced_f")
        check_text(a.field_of_study.label, NAME, "field.name")
    if a.assessment is not None:
        check_text(a.assessment.description, TEXT, "assessment.type")
    for value, path in (
        (a.quality_assurance, "quality_assurance"),
        (a.prerequisites, "prerequisites"),
        (a.grading_scheme, "grading.scheme"),
    ):
        check_text(value, TEXT, path)
    _check_results(a)
    check_items(a.stackable_towards, "stackability.towards")
    for i, target in enumerate(a.stackable_towards):
        check_text(target.name, NAME, f"stackability.towards[{i}].name")
        check_uri(target.url, f"stackability.towards[{i}].url")
    _check_labels(a.languages, "language")
    check_uri(a.further_information, "further_information")
    check_text(a.version, LABEL, "version")
    _check_labels(a.tags, "tags")
    _check_image(a.image, "image")
    check_text(a.human_code, LABEL, "code")
    check_text(a.specialization, NAME, "specialization")
    check_items(a.alignments, "alignments")
    for i, alignment in enumerate(a.alignments):
        _check_alignment(alignment, f"alignments[{i}]", url="url")
    _check_identifiers(a.other_identifiers, "identifiers")
    if a.creator is not None:
        check_issuer(a.creator)
    size = len(json.dumps(to_achievement_json(a), ensure_ascii=False))
    if size > ACHIEVEMENT_CHARACTERS:
        raise DocumentError(
            f"the achievement's Open Badges JSON has {size:,} characters, more than the "
            f"{ACHIEVEMENT_CHARACTERS:,} every credential may repeat",
            code=ErrorCode.ACHIEVEMENT_TOO_LARGE,
            path="",
            limit=ACHIEVEMENT_CHARACTERS,
        )


def check_issuer(issuer: Issuer, path: str = "issuer") -> None:
    """Refuse an issuer profile that breaks a bound (its ``id`` and ``url`` are URIs)."""
    check_uri(issuer.id, f"{path}.id")
    check_text(issuer.name, NAME, f"{path}.name")
    check_uri(issuer.url, f"{path}.url")
    check_text(issuer.email, NAME, f"{path}.email")
    check_text(issuer.phone, LABEL, f"{path}.phone")
    check_text(issuer.description, LONG_TEXT, f"{path}.description")
    if issuer.address is not None:
        address = issuer.address
        for value, key in (
            (address.country, "country_name"),
            (address.region, "region"),
            (address.locality, "locality"),
            (address.street_address, "street_address"),
            (address.postal_code, "postal_code"),
        ):
            check_text(value, NAME, f"{path}.{key}")
    _check_image(issuer.image, f"{path}.image")
    _check_identifiers(issuer.other_identifiers, f"{path}.identifiers")


def check_award(
    achievement: Achievement,
    *,
    results: Sequence[Result] = (),
    evidence: Sequence[Evidence] = (),
    credits_earned: float | None = None,
) -> None:
    """Refuse what one learner's credential adds to the achievement when it breaks a bound,
    or credits beyond what the achievement offers (:func:`check_credits_earned`)."""
    check_credits_earned(achievement, credits_earned)
    check_items(results, "results")
    for i, result in enumerate(results):
        path = f"results[{i}]"
        check_uri(result.result_description, f"{path}.result_description")
        check_text(result.value, LABEL, f"{path}.value")
        check_uri(result.achieved_level, f"{path}.achieved_level")
    check_items(evidence, "evidence")
    for i, item in enumerate(evidence):
        path = f"evidence[{i}]"
        check_uri(item.id, f"{path}.id")
        check_text(item.name, NAME, f"{path}.name")
        check_text(item.description, LONG_TEXT, f"{path}.description")
        check_text(item.narrative, LONG_TEXT, f"{path}.narrative")
        check_text(item.genre, NAME, f"{path}.genre")
        check_text(item.audience, NAME, f"{path}.audience")


def check_credits_earned(
    achievement: Achievement, credits_earned: float | None, path: str = "credits_earned"
) -> None:
    """``CREDITS_EXCEED_ACHIEVEMENT`` when a learner would earn more credits than the
    achievement offers (its ``workload.credits``, Open Badges ``creditsAvailable``), or any
    credits of an achievement that offers none."""
    if credits_earned is None:
        return
    workload = achievement.workload
    available = workload.credits if workload is not None else None
    if available is None:
        raise DocumentError(
            f"{path}: the achievement offers no credits (its workload names none), so a "
            f"learner cannot earn {json_number(credits_earned)}",
            code=ErrorCode.CREDITS_EXCEED_ACHIEVEMENT,
            path=path,
        )
    if credits_earned > available:
        system = f" {workload.system}" if workload is not None and workload.system else ""
        raise DocumentError(
            f"{path}: {json_number(credits_earned)} is more than the "
            f"{json_number(available)}{system} credits the achievement offers",
            code=ErrorCode.CREDITS_EXCEED_ACHIEVEMENT,
            path=path,
            limit=available,
        )


def _check_results(a: Achievement) -> None:
    check_items(a.result_descriptions, "grading.results")
    for i, description in enumerate(a.result_descriptions):
        path = f"grading.results[{i}]"
        check_uri(description.id, f"{path}.id")
        check_text(description.name, NAME, f"{path}.name")
        check_text(description.result_type, LABEL, f"{path}.type")
        _check_labels(description.allowed_values, "grading.results[].allowed", f"{path}.allowed")
        for value, key in (
            (description.required_value, "required"),
            (description.value_min, "min"),
            (description.value_max, "max"),
        ):
            check_text(value, LABEL, f"{path}.{key}")
        check_text(description.required_level, URI, f"{path}.required_level")
        levels = description.rubric_criterion_levels
        check_items(levels, "grading.results[].levels", f"{path}.levels")
        for j, level in enumerate(levels):
            where = f"{path}.levels[{j}]"
            check_uri(level.id, f"{where}.id")
            check_text(level.name, NAME, f"{where}.name")
            check_text(level.description, TEXT, f"{where}.description")
            check_text(level.level, LABEL, f"{where}.level")
            check_text(level.points, LABEL, f"{where}.points")
            for k, alignment in enumerate(level.alignments):
                _check_alignment(alignment, f"{where}.alignments[{k}]", url="url")
        for k, alignment in enumerate(description.alignments):
            _check_alignment(alignment, f"{path}.alignments[{k}]", url="url")


def _check_alignment(alignment: Alignment, path: str, *, url: str) -> None:
    check_text(alignment.target_name, NAME, f"{path}.name")
    check_uri(alignment.target_url, f"{path}.{url}")
    check_text(alignment.target_code, LABEL, f"{path}.code")
    check_text(alignment.target_description, TEXT, f"{path}.description")
    check_text(alignment.target_framework, NAME, f"{path}.framework")
    check_text(alignment.target_type, LABEL, f"{path}.type")


def _check_labels(values: Sequence[str], element: str, path: str | None = None) -> None:
    where = path or element
    check_items(values, element, where)
    for i, value in enumerate(values):
        check_text(value, LABEL, f"{where}[{i}]")


def _check_image(image: Image | None, path: str) -> None:
    if image is not None:
        check_uri(image.id, f"{path}.url")
        check_text(image.caption, NAME, f"{path}.caption")


def _check_identifiers(entries: Iterable[IdentifierEntry], path: str) -> None:
    items = tuple(entries)
    check_items(items, "identifiers", path)
    for i, entry in enumerate(items):
        check_text(entry.identifier, NAME, f"{path}[{i}].value")
        check_text(entry.identifier_type, LABEL, f"{path}[{i}].type")


__all__ = [
    "ACHIEVEMENT_CHARACTERS",
    "IMAGE",
    "LABEL",
    "LIST_BOUNDS",
    "LONG_TEXT",
    "NAME",
    "TEXT",
    "TEXT_BOUNDS",
    "URI",
    "check_achievement",
    "check_award",
    "check_credits_earned",
    "check_issuer",
    "check_items",
    "check_text",
    "check_uri",
    "is_absolute_uri",
]
