"""JSON Schema validation of Open Badges 3.0 credentials against the bundled 1EdTech schema.

The schema (Draft 2019-09) is loaded from package resources and registered with
``referencing`` under its canonical URL
(``https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json``)
as well as its internal ``$id``; the validator is compiled once.

The 1EdTech schemas require arrays for ``proof``, ``evidence``, ``credentialSchema``, every
``type``, ``result``, ``identifier``, ``alignment``… while the specification's own examples
sometimes use a single object (notably ``proof``). ``normalize=True`` wraps such single values
in arrays before validating and reports each wrap as a warning :class:`SchemaIssue`.

Two validators read the same schema: ``jsonschema-rs`` (compiled, ~100× faster) decides that a
document conforms, and ``jsonschema`` explains why one does not — it alone produces the
issues, so messages and paths do not depend on the fast path. Both use the same ``date`` and
``date-time`` format checks; a property test holds their verdicts equal.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

import jsonschema
import jsonschema_rs
from jsonschema.exceptions import ValidationError
from jsonschema.protocols import Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT201909

from credstack.core.errors import DocumentError, ErrorCode
from credstack.core.json.fields import describe
from credstack.core.ob3.terms import OB_ACHIEVEMENT_CREDENTIAL_SCHEMA


class IssueSeverity(StrEnum):
    """An issue fails validation (``error``) or only reports a normalization (``warning``)."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class SchemaIssue:
    """One schema finding: a JSON path into the document (``$.credentialSubject.type``) and why."""

    path: str
    message: str
    severity: IssueSeverity = IssueSeverity.ERROR

    @property
    def is_error(self) -> bool:
        """True for a real schema violation, false for a reported normalization."""
        return self.severity is IssueSeverity.ERROR


_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
_FORMATS = jsonschema.FormatChecker(formats=())


@_FORMATS.checks("date-time", raises=ValueError)
def _is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _DATE_TIME.match(value):
        return False
    datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    return True


@_FORMATS.checks("date", raises=ValueError)
def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    date.fromisoformat(value)
    return len(value) == 10


@cache
def _load(url: str) -> dict[str, Any]:
    folder = resources.files("credstack.core") / "resources" / "schemas"
    index = json.loads(folder.joinpath("index.json").read_text(encoding="utf-8"))
    text = folder.joinpath(index["schemas"][url]).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _validator() -> Validator:
    schema = _load(OB_ACHIEVEMENT_CREDENTIAL_SCHEMA)
    resource = Resource.from_contents(schema, default_specification=DRAFT201909)
    registry: Registry[Any] = Registry().with_resources(
        [(OB_ACHIEVEMENT_CREDENTIAL_SCHEMA, resource), (schema["$id"], resource)]
    )
    validator: Validator = jsonschema.Draft201909Validator(
        {"$ref": OB_ACHIEVEMENT_CREDENTIAL_SCHEMA}, registry=registry, format_checker=_FORMATS
    )
    return validator


def _format_check(check: Any) -> Any:
    def checked(value: object) -> bool:
        try:
            return bool(check(value))
        except ValueError:
            return False

    return checked


@cache
def _fast_validator() -> jsonschema_rs.Validator:
    return jsonschema_rs.Draft201909Validator(
        _load(OB_ACHIEVEMENT_CREDENTIAL_SCHEMA),
        formats={"date-time": _format_check(_is_date_time), "date": _format_check(_is_date)},
        validate_formats=True,
        offline=True,
    )


def conforms(document: Mapping[str, Any]) -> bool:
    """Whether ``document`` is valid against the schema as it stands (no normalization)."""
    return bool(_fast_validator().is_valid(document))


def _json_path(parts: Iterator[Any] | Any) -> str:
    path = "$"
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def _specific(errors: Iterable[ValidationError]) -> Iterator[ValidationError]:
    """Replace a failed ``oneOf`` / ``anyOf`` by the errors of the branch that fits the type.

    ``issuer`` is a URI *or* a Profile; when a Profile object is wrong, the useful errors are
    the Profile branch's, not "is not valid under any of the given schemas".
    """
    for error in errors:
        branch = [
            sub
            for sub in error.context or ()
            if not (sub.validator == "type" and sub.absolute_path == error.absolute_path)
        ]
        if error.validator in ("oneOf", "anyOf") and branch:
            yield from _specific(branch)
        else:
            yield error


def _message(error: ValidationError) -> str:
    """The validator's message, without a long repr of the offending value."""
    shown = repr(error.instance)
    if len(shown) > 60 and error.message.startswith(shown):
        return describe(error.instance) + error.message[len(shown) :]
    return error.message


def validate_credential_schema(
    document: Mapping[str, Any], *, normalize: bool = False
) -> list[SchemaIssue]:
    """Validate an OB 3.0 AchievementCredential; returns the issues, sorted by path.

    With ``normalize=True`` single values where the schema wants an array are wrapped first and
    every wrap is reported as a :attr:`IssueSeverity.WARNING` issue; the errors that remain are
    :attr:`IssueSeverity.ERROR` issues. An empty list means the document conforms.
    """
    if conforms(document):
        # a conforming document has nothing to wrap: every array the schema wants is one
        return []
    warnings: list[SchemaIssue] = []
    if normalize:
        document, wrapped = normalize_arrays(document)
        warnings = [
            SchemaIssue(path, "a single value was wrapped in an array", IssueSeverity.WARNING)
            for path in wrapped
        ]
    errors = (
        []
        if conforms(document)
        else [
            SchemaIssue(_json_path(error.absolute_path), _message(error))
            for error in _specific(_validator().iter_errors(document))
        ]
    )
    return sorted(warnings, key=lambda i: i.path) + sorted(errors, key=lambda i: i.path)


def require_valid_credential_schema(
    document: Mapping[str, Any], *, normalize: bool = False
) -> list[SchemaIssue]:
    """Like :func:`validate_credential_schema`, but raise on errors; returns the warnings.

    Raises :class:`~credstack.core.errors.DocumentError` with code ``SCHEMA_VALIDATION_ERROR``;
    its ``detail["issues"]`` lists every error as ``{"path", "message"}``.
    """
    issues = validate_credential_schema(document, normalize=normalize)
    errors = [i for i in issues if i.is_error]
    if errors:
        shown = "; ".join(f"{i.path}: {i.message}" for i in errors[:3])
        more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
        raise DocumentError(
            f"the credential does not conform to the Open Badges 3.0 JSON Schema: {shown}{more}",
            code=ErrorCode.SCHEMA_VALIDATION_ERROR,
            issues=[{"path": i.path, "message": i.message} for i in errors],
        )
    return issues


def normalize_arrays(document: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """A copy of ``document`` with single values wrapped where the schema wants arrays.

    Returns the copy and the JSON paths that were wrapped. The walk follows the schema itself,
    so only properties the schema declares as arrays (in the class where they appear) change.
    """
    copied: dict[str, Any] = copy.deepcopy(dict(document))
    wrapped: list[str] = []
    schema = _load(OB_ACHIEVEMENT_CREDENTIAL_SCHEMA)
    _wrap(copied, schema, schema["$defs"], "$", wrapped)
    return copied, wrapped


def _resolve(node: Mapping[str, Any], defs: Mapping[str, Any]) -> Mapping[str, Any]:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return _resolve(defs[ref.removeprefix("#/$defs/")], defs)
    for alternative in node.get("oneOf", ()):
        if "$ref" in alternative:
            return _resolve(alternative, defs)
    return node


def _is_array(prop: Mapping[str, Any]) -> bool:
    if prop.get("type") == "array":
        return True
    parts = prop.get("allOf", ())
    return bool(parts) and all(part.get("type") == "array" for part in parts)


def _wrap(
    node: dict[str, Any],
    schema: Mapping[str, Any],
    defs: Mapping[str, Any],
    path: str,
    out: list[str],
) -> None:
    properties: Mapping[str, Any] = schema.get("properties", {})
    for key, value in list(node.items()):
        prop = properties.get(key)
        if prop is None or value is None:
            continue
        child_path = f"{path}.{key}"
        if _is_array(prop) and not isinstance(value, list):
            value = node[key] = [value]
            out.append(child_path)
        items = prop.get("items") if isinstance(value, list) else prop
        target = _resolve(items, defs) if isinstance(items, Mapping) else {}
        values = value if isinstance(value, list) else [value]
        for index, item in enumerate(values):
            if isinstance(item, dict) and "properties" in target:
                item_path = f"{child_path}[{index}]" if isinstance(value, list) else child_path
                _wrap(item, target, defs, item_path, out)


__all__ = [
    "IssueSeverity",
    "SchemaIssue",
    "normalize_arrays",
    "require_valid_credential_schema",
    "validate_credential_schema",
]
