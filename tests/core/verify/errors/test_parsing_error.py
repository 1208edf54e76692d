"""PARSING_ERROR: the input is not a JSON object (nor a compact JWS) at all."""

from __future__ import annotations

import pytest

from credstack.core.verify import verify_document
from tests.factories import options, outcome

NOT_PARSED = {"format": ("failed", "PARSING_ERROR")}


@pytest.mark.parametrize(
    "text",
    ["not json", "{", '{"type": ["VerifiableCredential"]', "<xml/>", "\ufeff{}x"],
    ids=["words", "open-brace", "truncated", "xml", "trailing-garbage"],
)
def test_text_that_is_not_json(text: str) -> None:
    report = verify_document(text, options())
    assert outcome(report) == NOT_PARSED
    assert report.verified is False


@pytest.mark.parametrize("text", ["", " ", "\n\t", b"", b"  "], ids=repr)
def test_empty_input(text: str | bytes) -> None:
    assert outcome(verify_document(text, options())) == NOT_PARSED


@pytest.mark.parametrize("text", ["[]", "[{}]", '["VerifiableCredential"]', "null", "42", '"vc"'])
def test_json_that_is_not_an_object(text: str) -> None:
    report = verify_document(text, options())
    assert outcome(report) == NOT_PARSED
    check = report.check("format")
    assert check is not None
    assert check.message == "a credential must be a JSON object"


def test_bytes_that_are_not_utf8() -> None:
    assert outcome(verify_document(b'{"name": "\xff"}', options())) == NOT_PARSED


def test_three_dotted_segments_that_are_no_jws() -> None:
    # taken for a compact JWS, which then does not parse: the proof check says so
    report = verify_document("a.b.c", options())
    assert outcome(report) == {"format": ("passed", None), "proof": ("failed", "PARSING_ERROR")}
