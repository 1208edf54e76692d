"""Typed, path-aware reading of JSON objects.

Parsers of credentials and achievement definitions read nested JSON objects field by field.
:class:`FieldReader` does the type checks once and, on a bad value, raises a
:class:`~credstack.core.errors.DocumentError` that names the exact field path
(``credentialSubject.achievement.alignment[1].targetUrl``) and what was expected.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Collection, Mapping
from typing import Any

from credstack.core.errors import DocumentError, ErrorCode


def join_path(path: str, key: str | int) -> str:
    """``join_path("a", "b") == "a.b"``, ``join_path("a", 2) == "a[2]"``."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def describe(value: object) -> str:
    """A short name of a JSON value's type for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list | tuple):
        return "an array"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__


class FieldReader:
    """Reads the fields of one JSON object; every failure names ``path`` and the field.

    ``wrap_single`` lets array fields hold one bare value (common in third-party JSON-LD);
    without it an array field must be an array.
    """

    __slots__ = ("code", "data", "path", "wrap_single")

    def __init__(
        self,
        data: object,
        path: str,
        *,
        code: ErrorCode = ErrorCode.MALFORMED_VALUE_ERROR,
        wrap_single: bool = False,
    ) -> None:
        if not isinstance(data, Mapping):
            raise DocumentError(
                f"{path or 'the document'}: expected an object, got {describe(data)}",
                code=code,
                path=path,
            )
        self.data: Mapping[str, Any] = data
        self.path = path
        self.code = code
        self.wrap_single = wrap_single

    def error(self, key: str | int | None, expected: str, got: object = None) -> DocumentError:
        """The reader's error for ``key``: ``path.key: expected …, got …`` (to be raised)."""
        where = self.path if key is None else join_path(self.path, key)
        got_text = f", got {describe(got)}" if got is not None else ""
        return DocumentError(
            f"{where or 'the document'}: expected {expected}{got_text}", code=self.code, path=where
        )

    def has(self, key: str) -> bool:
        """True when ``key`` is present and not null."""
        return self.data.get(key) is not None

    def text(self, key: str) -> str | None:
        """An optional string field."""
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.error(key, "a string", value)
        return value

    def required_text(self, key: str) -> str:
        """A string field that must be present and not blank."""
        value = self.text(key)
        if value is None or not value.strip():
            raise self.error(key, "a non-empty string (this field is required)")
        return value

    def number(self, key: str) -> float | None:
        """An optional finite number (booleans are not numbers)."""
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(key, "a number", value)
        if not math.isfinite(value):
            raise self.error(key, "a finite number")
        return float(value)

    def integer(self, key: str) -> int | None:
        """An optional integer; ``6`` and ``6.0`` are accepted, ``6.5`` is not."""
        value = self.number(key)
        if value is None:
            return None
        if not value.is_integer():
            raise self.error(key, f"a whole number, not {value:g}")
        return int(value)

    def boolean(self, key: str) -> bool | None:
        """An optional boolean."""
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, bool):
            raise self.error(key, "true or false", value)
        return value

    def items(self, key: str) -> list[Any]:
        """An optional array field (an absent field is an empty list)."""
        value = self.data.get(key)
        if value is None:
            return []
        if isinstance(value, list):
            return value
        if self.wrap_single:
            return [value]
        raise self.error(key, "an array", value)

    def texts(self, key: str) -> tuple[str, ...]:
        """An optional array of strings."""
        values = self.items(key)
        for index, value in enumerate(values):
            if not isinstance(value, str):
                raise self.error(f"{key}[{index}]", "a string", value)
        return tuple(values)

    def child(self, key: str) -> FieldReader | None:
        """An optional nested object, as a reader of its own."""
        value = self.data.get(key)
        if value is None:
            return None
        return self._reader(value, join_path(self.path, key))

    def children(self, key: str) -> list[FieldReader]:
        """An optional array of objects, one reader per item."""
        base = join_path(self.path, key)
        return [self._reader(item, join_path(base, i)) for i, item in enumerate(self.items(key))]

    def types(self) -> tuple[str, ...]:
        """The ``type`` field as a tuple of strings (a single string is accepted)."""
        value = self.data.get("type")
        if isinstance(value, str):
            return (value,)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(value)
        raise self.error("type", "a string or an array of strings", value)

    def reject_unknown(self, allowed: Collection[str]) -> None:
        """Fail on the first key not in ``allowed``, suggesting the closest allowed key."""
        for key in self.data:
            if key in allowed:
                continue
            suggestion = difflib.get_close_matches(key, list(allowed), n=1, cutoff=0.6)
            hint = f"; did you mean {suggestion[0]!r}?" if suggestion else ""
            where = join_path(self.path, key)
            raise DocumentError(
                f"{where}: unknown field {key!r}{hint} "
                f"(allowed here: {', '.join(sorted(allowed))})",
                code=self.code,
                path=where,
                **({"suggestion": suggestion[0]} if suggestion else {}),
            )

    def _reader(self, value: object, path: str) -> FieldReader:
        return FieldReader(value, path, code=self.code, wrap_single=self.wrap_single)


__all__ = ["FieldReader", "describe", "join_path"]
