"""Strict JSON text parsing for credentials, proofs and JWT segments.

Signatures cover what a verifier reads, so JSON that two parsers could read differently is
refused: objects with a duplicated key (parsers disagree on which value wins), ``NaN`` and
``Infinity`` (not JSON), invalid UTF-8 and lone surrogates, and nesting deeper than
:data:`MAX_DEPTH`.

orjson parses first: it rejects everything above except duplicated keys, which it resolves
silently by keeping the last value. Duplicates are then detected exactly, without walking the
value in Python. Every ``:`` outside a string separates one object member, and a colon inside
a string is written literally unless escaped as ``\\u003a``. So when the text escapes no colon,
the text and orjson's re-serialization of the parsed value (which never escapes a colon) hold
the same number of colons exactly when no member was lost to a duplicated key. Text that *is*
that re-serialization (the payload of a token this platform signed, say) needs no counting: it
cannot repeat a key. Only when the counts differ, or the text escapes a colon, does the
standard library parse the text again to name the duplicated key. Depth is checked by walking
the value only when the text opens more than :data:`MAX_DEPTH` arrays and objects in total.

JSON text is UTF-8 without a byte order mark (RFC 8259 §8.1). Bytes that are not say why
(:func:`encoding_problem`): a byte order mark, UTF-16 or UTF-32 text, or the first byte that
is not UTF-8.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

from credstack.core.errors import DocumentError, ErrorCode

MAX_DEPTH = 100
"""Deepest nesting of arrays and objects accepted (an OB 3.0 credential needs about 8)."""
UTF8_BOM = b"\xef\xbb\xbf"
_WIDE_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32 (big-endian, with a byte order mark)"),
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32 (little-endian, with a byte order mark)"),
    (b"\xfe\xff", "utf-16-be", "UTF-16 (big-endian, with a byte order mark)"),
    (b"\xff\xfe", "utf-16-le", "UTF-16 (little-endian, with a byte order mark)"),
)
_WIDE_ZEROS = {
    # which of the first four bytes are zero, when the text begins with two ASCII characters
    (True, True, True, False): ("utf-32-be", "UTF-32 (big-endian)"),
    (False, True, True, True): ("utf-32-le", "UTF-32 (little-endian)"),
    (True, False, True, False): ("utf-16-be", "UTF-16 (big-endian)"),
    (False, True, False, True): ("utf-16-le", "UTF-16 (little-endian)"),
}


def parse_json(text: str | bytes) -> Any:
    """Parse JSON text strictly; raise :class:`~credstack.core.errors.DocumentError`.

    ``PARSING_ERROR`` for text that is not JSON (with ``line`` and ``column`` in the error
    detail), for ``NaN``/``Infinity`` and for nesting deeper than :data:`MAX_DEPTH`;
    ``DUPLICATE_KEY_ERROR`` (naming the key) when an object repeats a key. Bytes that are not
    UTF-8 text without a byte order mark are ``PARSING_ERROR`` saying why.
    """
    if isinstance(text, str):
        data = text.encode("utf-8", "surrogatepass")
    elif isinstance(text, bytes):
        data = text
    else:
        raise DocumentError(
            f"JSON text must be str or bytes, not {type(text).__name__}",
            code=ErrorCode.PARSING_ERROR,
        )
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        problem = encoding_problem(data) if isinstance(text, bytes) else None
        if problem is not None:
            raise DocumentError(f"not valid JSON: {problem}", code=ErrorCode.PARSING_ERROR) from exc
        raise DocumentError(
            f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
            code=ErrorCode.PARSING_ERROR,
            line=exc.lineno,
            column=exc.colno,
        ) from exc
    kind = type(value)
    if kind is not dict and kind is not list:
        return value
    if data.count(b"[") + data.count(b"{") > MAX_DEPTH:
        _check_depth(value)
    dumped = orjson.dumps(value)
    if dumped != data and (b"\\u003" in data or data.count(b":") != dumped.count(b":")):
        json.loads(data, object_pairs_hook=_object_without_duplicates)
    return value


def encoding_problem(data: bytes) -> str | None:
    """Why ``data`` is not UTF-8 text without a byte order mark (None: it is)."""
    if data.startswith(UTF8_BOM):
        return "the text begins with a byte order mark, which JSON text must not (RFC 8259 §8.1)"
    wide = wide_encoding(data)
    if wide is not None:
        return f"the text is {wide}; JSON text is UTF-8 (RFC 8259 §8.1): convert it to UTF-8"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})"
    return None


def wide_encoding(data: bytes) -> str | None:
    """The name of the UTF-16 or UTF-32 encoding ``data`` is text in, known by its byte order
    mark or by where the zero bytes of its first two characters fall (RFC 4627 §3); None when
    it is not text in either."""
    for mark, codec, name in _WIDE_BOMS:
        if data.startswith(mark):
            return name if _decodes(data[len(mark) :], codec) else None
    if len(data) < 4:
        return None
    found = _WIDE_ZEROS.get((data[0] == 0, data[1] == 0, data[2] == 0, data[3] == 0))
    return found[1] if found is not None and _decodes(data, found[0]) else None


def _decodes(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def _check_depth(root: dict[str, Any] | list[Any]) -> None:
    level: list[Any] = [root]
    depth = 0
    while level:
        depth += 1
        if depth > MAX_DEPTH:
            raise DocumentError(
                f"JSON nested deeper than {MAX_DEPTH} levels", code=ErrorCode.PARSING_ERROR
            )
        children: list[Any] = []
        for node in level:
            for item in node.values() if type(node) is dict else node:
                if type(item) is dict or type(item) is list:
                    children.append(item)
        level = children


def _object_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise DocumentError(
                    f"duplicate key {key!r} in a JSON object",
                    code=ErrorCode.DUPLICATE_KEY_ERROR,
                    key=key,
                )
            seen.add(key)
    return obj


__all__ = ["MAX_DEPTH", "UTF8_BOM", "encoding_problem", "parse_json", "wide_encoding"]
