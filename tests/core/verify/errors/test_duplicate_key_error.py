"""DUPLICATE_KEY_ERROR: a member named twice; which one counts would be anyone's guess."""

from __future__ import annotations

import orjson

from credstack.core.issuing import SignatureSuite
from credstack.core.verify import verify_document
from tests.factories import b64url, issue, jws_parts, options, outcome


def test_a_duplicated_member_in_a_credential() -> None:
    text = orjson.dumps(issue()).decode()
    # a second "name" after the first, which a lenient parser would let win
    duplicated = text.replace('"name":', '"name":"Honours","name":', 1)
    assert duplicated != text
    report = verify_document(duplicated, options())
    assert outcome(report) == {"format": ("failed", "DUPLICATE_KEY_ERROR")}
    assert report.verified is False


def test_a_duplicated_member_deep_inside() -> None:
    report = verify_document('{"a": {"b": [{"c": 1, "c": 1}]}}', options())
    assert outcome(report) == {"format": ("failed", "DUPLICATE_KEY_ERROR")}


def test_a_duplicated_member_in_a_vc_jwt_payload() -> None:
    token = issue(suite=SignatureSuite.VC_JWT)
    header, payload, signature = token.split(".")
    text = orjson.dumps(jws_parts(token)[1]).decode()
    duplicated = b64url(text.replace('"name":', '"name":"Honours","name":', 1).encode())
    report = verify_document(f"{header}.{duplicated}.{signature}", options())
    assert outcome(report) == {
        "format": ("passed", None),
        "proof": ("failed", "DUPLICATE_KEY_ERROR"),
    }
    assert payload != duplicated
