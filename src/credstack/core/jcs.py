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
* **Floats** — formatted differently (orjson writes ``5.0`` and ``1e+16``; JCS writes ``5`` and
  ``10000000000000000``), so a value containing any float goes to the reference.
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


def canonicalize(value: Any) -> bytes:
    """The RFC 8785 canonical UTF-8 bytes of a JSON value.

    Raises :class:`~credstack.core.errors.CanonicalizationError` for values JCS cannot
    represent (NaN, infinities, integers beyond ±(2**53 − 1), lone surrogates, non-string
    keys, non-JSON types).
    """
    try:
        output = orjson.dumps(value, option=_ORJSON_OPTIONS)
    except orjson.JSONEncodeError:
        return canonicalize_reference(value)
    if _is_plain_json(value) and (output.isascii() or not _has_astral(output)):
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


def _is_plain_json(value: Any) -> bool:
    # orjson has already accepted the value, so it is at most 255 levels deep.
    kind = type(value)
    if kind is dict:
        return _is_plain_object(value)
    if kind is list:
        return _is_plain_array(value)
    return kind in _SCALARS


def _is_plain_object(obj: dict[str, Any]) -> bool:
    for item in obj.values():
        kind = type(item)
        if kind is str:
            continue
        if kind is dict:
            if not _is_plain_object(item):
                return False
        elif kind is list:
            if not _is_plain_array(item):
                return False
        elif kind not in _SCALARS:
            return False
    return True


def _is_plain_array(array: list[Any]) -> bool:
    for item in array:
        kind = type(item)
        if kind is str:
            continue
        if kind is dict:
            if not _is_plain_object(item):
                return False
        elif kind is list:
            if not _is_plain_array(item):
                return False
        elif kind not in _SCALARS:
            return False
    return True


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
