"""A document as a file holds it: bytes or text, with or without a byte order mark.

A byte order mark at the start is no part of the JSON value, so no proof covers it or depends
on it: one is ignored (text editors write one; RFC 8259 §8.1 lets a parser ignore it), and
the report is the one of the document without it. A second one is content, and not JSON.
"""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from credstack.core.issuing import SignatureSuite
from credstack.core.verify import verify_credential, verify_document, verify_presentation
from credstack.core.verify.inputs import document_text
from tests.factories import expected, issue, options, outcome, presentation

BOM = b"\xef\xbb\xbf"
JSON_SUITES = [SignatureSuite.EDDSA_RDFC_2022, SignatureSuite.EDDSA_JCS_2022]


def _as_bytes(document: Any) -> bytes:
    return document.encode() if isinstance(document, str) else orjson.dumps(document)


@pytest.mark.parametrize("suite", [*JSON_SUITES, SignatureSuite.VC_JWT])
def test_a_credential_file_with_a_byte_order_mark_verifies(suite: SignatureSuite) -> None:
    data = _as_bytes(issue(suite=suite))
    plain = verify_document(data, options())
    assert outcome(plain) == expected()
    for document in (BOM + data, "\ufeff" + data.decode()):
        for verify in (verify_document, verify_credential):
            report = verify(document, options())
            assert report.to_json() == plain.to_json()


def test_a_presentation_file_with_a_byte_order_mark_verifies() -> None:
    data = orjson.dumps(presentation([issue()]))
    plain = verify_presentation(data, options(challenge="c0ffee", domain="verifier.example"))
    assert plain.verified, plain.to_json()
    for verify in (verify_document, verify_presentation):
        report = verify(BOM + data, options(challenge="c0ffee", domain="verifier.example"))
        assert report.to_json() == plain.to_json()


@pytest.mark.parametrize("suite", JSON_SUITES)
def test_a_second_byte_order_mark_is_content(suite: SignatureSuite) -> None:
    data = BOM + BOM + _as_bytes(issue(suite=suite))
    for verify in (verify_document, verify_credential, verify_presentation):
        report = verify(data, options())
        assert outcome(report) == {"format": ("failed", "PARSING_ERROR")}


def test_a_jws_with_a_second_byte_order_mark_is_not_one() -> None:
    report = verify_document(BOM + BOM + _as_bytes(issue(suite=SignatureSuite.VC_JWT)), options())
    assert report.verified is False
    assert report.checks[0].id == "format"


@pytest.mark.parametrize(
    ("document", "text"),
    [
        (b'{"a": 1}', '{"a": 1}'),
        (BOM + b'{"a": 1}', '{"a": 1}'),
        ("\ufeff eyJ.x.y ", " eyJ.x.y "),
        ("caf\u00e9".encode(), "caf\u00e9"),
    ],
)
def test_document_text(document: str | bytes, text: str) -> None:
    assert document_text(document) == text
