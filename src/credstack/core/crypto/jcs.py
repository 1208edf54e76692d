"""RFC 8785 JSON Canonicalization Scheme (JCS), the canonical form ``eddsa-jcs-2022`` signs.

:func:`canonicalize_reference` is the reference implementation (``rfc8785``).
:func:`canonicalize` gives the same bytes, faster: it serializes with orjson (keys sorted, no
whitespace) and keeps that output only where it is provably the JCS output, falling back to the
reference everywhere else. Why each guard is enough:

* **Strings** — orjson escapes exactly what JCS escapes (``"``, ``\\``, the short forms
  ``\\b \\f \\n \\r \\t``, other C0 controls as ``\\u00xx`` with lowercase hex) and writes every
  other code point, DEL and U+2028/U+2029 included, as plain UTF-8. The test suite checks this
  for every code point. Lone surrogates make orjson refuse, and the reference refuses them too.
* **Integers** — ``OPT_STRICT_INTEGER`` limits orjson to ±(2**53 − 1), the reference's domain;
  inside it both print plain decimal digits. Anything larger makes orjson refuse.
* **Floats** — JCS writes numbers as ECMAScript does: integral values without a fraction
  (``5``), others with the shortest round-trip digits, in plain decimal notation from 1e-7 to
  1e21. orjson writes the same shortest digits but ``5.0`` for integral values and exponents
  outside 1e-4 … 1e16. So integral floats below 2**53 are written as integers (exact), other
  floats between 1e-4 and 1e16 are kept as orjson writes them (property-tested against the
  reference), and anything else goes to the reference.
* **Key order** — orjson sorts keys by code point (UTF-8 byte order), JCS by UTF-16 code unit.
  The two orders differ only for characters beyond U+FFFF (surrogate pairs sort below
  U+E000–U+FFFF in UTF-16); output containing a 4-byte UTF-8 sequence (lead byte 0xF0–0xF4)
  goes to the reference.
* **Types** — the fast path keeps only exact ``dict``, ``list``, ``str``, ``int``, ``bool`` and
  ``None`` values (the parsed-JSON types); tuples, subclasses, enums and other mappings go to
  the reference, which accepts or rejects them. orjson itself refuses keys that are not
  strings; a key of a ``str`` subclass is written as its text by both. Documents nested deeper
  than orjson serializes (255 levels) go to the reference as well.
"""

from __future__ import annotations

from typing import Any

import orjson
import rfc8785

from credstack.core.errors import CanonicalizationError, ErrorCode

_ORJSON_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_STRICT_INTEGER
_SCALARS = frozenset({str, int, bool, type(None)})
_MAX_SAFE = 2**53
_MIN_DECIMAL = 1e-4  # below it Python and orjson switch to exponents (1e-05), ECMAScript at 1e-7
_MAX_DECIMAL = 1e16  # from here orjson writes 1e+16, ECMAScript 10000000000000000
_MAX_DEPTH = 255  # orjson's own limit


def canonicalize(value: Any) -> bytes:
    """The RFC 8785 canonical UTF-8 bytes of a JSON value.

    Raises :class:`~credstack.core.errors.CanonicalizationError` for values JCS cannot
    represent (NaN, infinities, integers beyond ±(2**53 − 1), lone surrogates, non-string
    keys, non-JSON types).
    """
    kind = _scan(value)
    if kind == _REFERENCE:
        return canonicalize_reference(value)
    if kind == _CONVERT:
        value = _integral_floats_as_ints(value)
    try:
        output = orjson.dumps(value, option=_ORJSON_OPTIONS)
    except orjson.JSONEncodeError:
        return canonicalize_reference(value)
    if output.isascii() or not _has_astral(output):
        return output
    return canonicalize_reference(value)


def canonicalize_reference(value: Any) -> bytes:
    """The RFC 8785 canonical bytes computed by the reference implementation (``rfc8785``)."""
    try:
        return bytes(rfc8785.dumps(value))
    except (rfc8785.CanonicalizationError, UnicodeError) as exc:
        # UnicodeError: rfc8785 encodes keys to UTF-16 to sort them, so a key holding a lone
        # surrogate fails there rather than as a CanonicalizationError.
        raise CanonicalizationError(
            f"the value cannot be canonicalized with JCS: {exc}",
            code=ErrorCode.PROOF_TRANSFORMATION_ERROR,
        ) from exc
    except RecursionError as exc:
        raise CanonicalizationError(
            "the value is nested too deeply to canonicalize",
            code=ErrorCode.CANONICALIZATION_LIMIT_EXCEEDED,
        ) from exc


# How a value can be serialized: as orjson writes it, once integral floats are written as
# integers, or only by the reference. Plain ints, not an enum: this runs on every value.
_PLAIN, _CONVERT, _REFERENCE = 0, 1, 2


def _float_kind(number: float) -> int:
    if number.is_integer():
        return _CONVERT if abs(number) < _MAX_SAFE else _REFERENCE
    return _PLAIN if _MIN_DECIMAL <= abs(number) < _MAX_DECIMAL else _REFERENCE


def _scan(value: Any) -> int:
    """Exact plain-JSON types only (subclasses, tuples, enums go to the reference)."""
    kind = type(value)
    if kind in _SCALARS:
        return _PLAIN
    if kind is float:
        return _float_kind(value)
    if kind is dict:
        return _scan_items(value.values(), 1)
    if kind is list:
        return _scan_items(value, 1)
    return _REFERENCE


def _scan_items(items: Any, depth: int) -> int:
    if depth > _MAX_DEPTH:
        return _REFERENCE
    result = _PLAIN
    for item in items:
        kind = type(item)
        if kind is str:
            continue
        if kind is dict:
            found = _scan_items(item.values(), depth + 1)
        elif kind is list:
            found = _scan_items(item, depth + 1)
        elif kind is float:
            found = _float_kind(item)
        elif kind in _SCALARS:
            continue
        else:
            return _REFERENCE
        if found == _REFERENCE:
            return _REFERENCE
        result |= found
    return result


def _integral_floats_as_ints(value: Any) -> Any:
    kind = type(value)
    if kind is float and value.is_integer():
        return int(value)
    if kind is dict:
        return {key: _integral_floats_as_ints(item) for key, item in value.items()}
    if kind is list:
        return [_integral_floats_as_ints(item) for item in value]
    return value


def _has_astral(output: bytes) -> bool:
    """True when the UTF-8 text holds a code point beyond U+FFFF (lead bytes 0xF0–0xF4)."""
    return (
        b"\xf0" in output
        or b"\xf1" in output
        or b"\xf2" in output
        or b"\xf3" in output
        or b"\xf4" in output
    )


__all__ = ["canonicalize", "canonicalize_reference"]
