"""What the verifier was given, before it is read as JSON or as a compact JWS.

A document reaches the verifier as bytes (a file, a pipe), as text or already parsed. Bytes
and text that cannot be a credential at all fail the ``format`` check with a message saying
what they are, rather than where a JSON parser stopped:

- nothing, or only whitespace: ``PARSING_ERROR``;
- bytes that are not UTF-8 (binary data), and UTF-16 or UTF-32 text, with or without a byte
  order mark: ``PARSING_ERROR`` naming the first bad byte or the encoding — JSON text, and a
  compact JWS, are UTF-8 (RFC 8259 §8.1);
- images and markup: ``UNSUPPORTED_MEDIA_TYPE`` with the ``media_type`` in the detail. A PNG
  or SVG badge may carry a credential baked into it (Open Badges 3.0: a PNG ``iTXt`` chunk
  ``openbadgecredential``, an SVG ``<openbadges:credential>`` element); the message says
  whether this one does, and that baked credentials are not read yet, so the credential
  itself must be verified. HTML, other XML and a few other well-known binary formats (JPEG,
  GIF, PDF, ZIP, gzip) are named too.

One byte order mark at the start (UTF-8 in bytes, U+FEFF in text) is ignored: text editors
write one, and RFC 8259 §8.1 lets a parser ignore it. It is no part of the JSON value, so no
proof covers it or depends on it. (Request bodies are stricter: they are written by programs,
which must not add one; see :func:`credstack.core.json.text.parse_json`.)
"""

from __future__ import annotations

import re
from typing import Any

from credstack.core.errors import DocumentError, ErrorCode
from credstack.core.json.text import UTF8_BOM, parse_json, wide_encoding
from credstack.core.verify.report import Check, CheckId

NOT_READ_YET = (
    "credentials baked into badge images are not read yet: verify the credential itself "
    "(its JSON, or the VC-JWT)"
)
_BINARY_SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg", "a JPEG image"),
    (b"GIF87a", "image/gif", "a GIF image"),
    (b"GIF89a", "image/gif", "a GIF image"),
    (b"%PDF-", "application/pdf", "a PDF document"),
    (b"PK\x03\x04", "application/zip", "a ZIP archive (or an office document)"),
    (b"\x1f\x8b", "application/gzip", "gzip-compressed data"),
)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_BAKED = b"iTXtopenbadgecredential\x00"
"""The start of an Open Badges 3.0 baked credential chunk: type, keyword, the NUL after it."""
_SVG = re.compile(r"<svg[\s>/]", re.IGNORECASE)
_SVG_BAKED = re.compile(r"<openbadges:credential[\s>/]", re.IGNORECASE)
_JSON_START = re.compile(r'\s*(?:[{\["\-0-9]|true|false|null)')
"""How JSON texts begin: objects, arrays, strings, numbers, ``true``, ``false``, ``null``."""
_HTML = re.compile(r"<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE)


def document_text(document: str | bytes) -> str:
    """The text of a document to verify, without a leading byte order mark.

    Raises :class:`~credstack.core.errors.DocumentError` for input that cannot be a
    credential or presentation (see the module documentation).
    """
    text = _decode(document) if isinstance(document, bytes) else document.removeprefix("\ufeff")
    stripped = text.strip()
    if not stripped:
        what = "empty" if not text else "only whitespace"
        raise DocumentError(
            f"the document is {what}: a credential is JSON or a compact JWS (VC-JWT)",
            code=ErrorCode.PARSING_ERROR,
        )
    if stripped[0] == "<":
        raise _markup(stripped)
    return text


def parse_document(text: str) -> Any:
    """``text`` (from :func:`document_text`) parsed as strict JSON; the error of text that
    does not even begin like JSON says it is neither JSON nor a compact JWS."""
    try:
        return parse_json(text)
    except DocumentError as exc:
        if exc.code is ErrorCode.PARSING_ERROR and not _JSON_START.match(text):
            raise DocumentError(
                f"neither JSON nor a compact JWS (VC-JWT): {exc.message}",
                code=exc.code,
                **exc.detail,
            ) from None
        raise


def format_failure(error: DocumentError) -> Check:
    """The failed ``format`` check for ``error`` of :func:`document_text`, with its detail."""
    return Check.failed(CheckId.FORMAT, error.code, error.message, **error.detail)


def _decode(data: bytes) -> str:
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
    elif data.startswith(PNG_SIGNATURE):
        baked = "with a baked credential" if _PNG_BAKED in data else "with no baked credential"
        raise _unsupported("image/png", f"a PNG image {baked}; {NOT_READ_YET}")
    else:
        for signature, media_type, name in _BINARY_SIGNATURES:
            if data.startswith(signature):
                raise _unsupported(media_type, f"{name}, not a credential")
        wide = wide_encoding(data)
        if wide is not None:
            raise DocumentError(
                f"the text is {wide}; credentials are UTF-8 text (RFC 8259 §8.1): "
                "convert it to UTF-8",
                code=ErrorCode.PARSING_ERROR,
            )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}): binary "
            "data, not a credential, which is JSON or a compact JWS (VC-JWT)",
            code=ErrorCode.PARSING_ERROR,
            offset=exc.start,
        ) from None


def _markup(text: str) -> DocumentError:
    if _SVG.search(text):
        baked = "with a baked credential" if _SVG_BAKED.search(text) else "with no baked credential"
        return _unsupported("image/svg+xml", f"an SVG image {baked}; {NOT_READ_YET}")
    if _HTML.search(text):
        return _unsupported("text/html", "an HTML page, not a credential")
    return _unsupported("application/xml", "XML markup, not a credential")


def _unsupported(media_type: str, message: str) -> DocumentError:
    return DocumentError(message, code=ErrorCode.UNSUPPORTED_MEDIA_TYPE, media_type=media_type)


__all__ = ["NOT_READ_YET", "PNG_SIGNATURE", "document_text", "format_failure", "parse_document"]
