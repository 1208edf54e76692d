"""PARSING_ERROR: the input is not a JSON object (nor a compact JWS) at all.

Bytes as a file holds them, text, and values parsed elsewhere: whatever is not a credential
is a report with a failed ``format`` check that says what the input is, never an exception.
"""

from __future__ import annotations

import random

import pytest

from credstack.core.verify import verify_credential, verify_document, verify_presentation
from tests.factories import options, outcome

NOT_PARSED = {"format": ("failed", "PARSING_ERROR")}
ENTRY_POINTS = [verify_document, verify_credential, verify_presentation]


def _format_message(document: str | bytes) -> str:
    report = verify_document(document, options())
    assert outcome(report) == NOT_PARSED, report.to_json()
    assert report.verified is False
    check = report.check("format")
    assert check is not None
    return check.message


@pytest.mark.parametrize(
    "text",
    ["not json", "{", '{"type": ["VerifiableCredential"]', "\ufeff{}x", "hello world. foo. bar"],
    ids=["words", "open-brace", "truncated", "trailing-garbage", "dotted-words"],
)
def test_text_that_is_not_json(text: str) -> None:
    report = verify_document(text, options())
    assert outcome(report) == NOT_PARSED
    assert report.verified is False


@pytest.mark.parametrize("text", ["not json", "hello world. foo. bar", "eyJ x.y.z"])
def test_text_that_begins_like_no_json_is_neither_json_nor_a_jws(text: str) -> None:
    assert _format_message(text).startswith("neither JSON nor a compact JWS (VC-JWT): ")


@pytest.mark.parametrize("text", ['{"type": ["VerifiableCredential"]', b'{"a": [1,\n'])
def test_truncated_json_says_where_it_ends(text: str | bytes) -> None:
    message = _format_message(text)
    assert message.startswith("not valid JSON: unexpected end of data")
    assert "line" in message


@pytest.mark.parametrize("text", ["", b"", "\ufeff", b"\xef\xbb\xbf"], ids=repr)
def test_empty_input(text: str | bytes) -> None:
    assert _format_message(text).startswith("the document is empty")


@pytest.mark.parametrize("text", [" ", "\n\t", b"  ", b"\r\n", b"\xef\xbb\xbf \n"], ids=repr)
def test_whitespace_only(text: str | bytes) -> None:
    assert _format_message(text).startswith("the document is only whitespace")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("[]", "an array"),
        ("[{}]", "an array"),
        ('["VerifiableCredential"]', "an array"),
        ("null", "null"),
        ("42", "a number"),
        (b"-1.5e3", "a number"),
        ('"vc"', "a string"),
        ("true", "a boolean"),
    ],
)
def test_json_that_is_not_an_object(text: str | bytes, kind: str) -> None:
    assert _format_message(text) == f"a credential must be a JSON object, not {kind}"


def test_a_presentation_that_is_not_an_object_is_named_as_one() -> None:
    report = verify_presentation("[1, 2]", options())
    assert outcome(report) == NOT_PARSED
    assert report.checks[0].message == "a presentation must be a JSON object, not an array"


def test_bytes_that_are_not_utf8() -> None:
    report = verify_document(b'{"name": "\xff"}', options())
    assert outcome(report) == NOT_PARSED
    assert report.checks[0].message.startswith("not UTF-8 text (byte 0xff at offset 10)")
    assert report.checks[0].detail == {"offset": 10}


@pytest.mark.parametrize("seed", range(20))
def test_random_bytes(seed: int) -> None:
    data = random.Random(seed).randbytes(512)
    for verify in ENTRY_POINTS:
        report = verify(data, options())
        assert report.verified is False
        assert [c.id for c in report.checks] == ["format"]
        # binary: refused as text, or (by chance UTF-8) as JSON — never anything further
        assert report.checks[0].code in ("PARSING_ERROR", "UNSUPPORTED_MEDIA_TYPE")


@pytest.mark.parametrize(
    ("codec", "name"),
    [
        ("utf-16", "UTF-16 (little-endian, with a byte order mark)"),
        ("utf-16-le", "UTF-16 (little-endian)"),
        ("utf-16-be", "UTF-16 (big-endian)"),
        ("utf-32", "UTF-32 (little-endian, with a byte order mark)"),
        ("utf-32-le", "UTF-32 (little-endian)"),
        ("utf-32-be", "UTF-32 (big-endian)"),
    ],
)
def test_utf16_and_utf32_text_is_named(codec: str, name: str) -> None:
    data = '{"type": ["VerifiableCredential"]}'.encode(codec)
    if codec == "utf-16":  # the platform's own byte order: make it the little-endian mark
        data = b"\xff\xfe" + '{"type": ["VerifiableCredential"]}'.encode("utf-16-le")
    if codec == "utf-32":
        data = b"\xff\xfe\x00\x00" + '{"type": ["VerifiableCredential"]}'.encode("utf-32-le")
    for verify in ENTRY_POINTS:
        report = verify(data, options())
        assert outcome(report) == NOT_PARSED
        assert report.checks[0].message.startswith(f"the text is {name}; ")
        assert "UTF-8" in report.checks[0].message


def test_a_utf16_byte_order_mark_before_bytes_that_are_no_utf16_is_binary() -> None:
    message = _format_message(b"\xff\xfe\xfa")
    assert message.startswith("not UTF-8 text (byte 0xff at offset 0)")


def test_three_dotted_segments_that_are_no_jws() -> None:
    # taken for a compact JWS, which then does not parse: the proof check says so
    report = verify_document("a.b.c", options())
    assert outcome(report) == {"format": ("passed", None), "proof": ("failed", "PARSING_ERROR")}
