"""PARSING_ERROR: text that is not (strict) JSON, and tokens that are not compact JWS."""

from __future__ import annotations

import json
from typing import Any

import pytest

from credstack.core.errors import DocumentError, ErrorCode, ProofError
from credstack.core.json.text import MAX_DEPTH, parse_json
from credstack.core.proofs.vc_jwt import sign_jwt, verify_jwt
from tests.core.test_vc_jwt import ED_PAIR, KID, NOW, b64, credential, method, resolver


@pytest.mark.parametrize(
    "text",
    [
        "",
        "{",
        '{"a": 1,}',
        "[1 2]",
        '{"a": 1} trailing',
        "{'a': 1}",
        '{"a": NaN}',
        '{"a": Infinity}',
        "[-Infinity]",
        '"\\ud800"',
        b'"\xff"',
        b'\xef\xbb\xbf{"a": 1}',
        '"lone \ud800 surrogate"',
        "[1e400]",
    ],
    ids=[
        "empty",
        "unterminated",
        "trailing-comma",
        "missing-comma",
        "trailing-text",
        "single-quotes",
        "nan",
        "infinity",
        "minus-infinity",
        "escaped-lone-surrogate",
        "invalid-utf8",
        "byte-order-mark",
        "lone-surrogate-in-str",
        "overflowing-number",
    ],
)
def test_text_that_is_not_strict_json_is_refused(text: str | bytes) -> None:
    with pytest.raises(DocumentError) as caught:
        parse_json(text)
    assert caught.value.code is ErrorCode.PARSING_ERROR


def test_the_error_names_line_and_column() -> None:
    with pytest.raises(DocumentError) as caught:
        parse_json('{\n  "a": 1,\n  "b" 2\n}')
    assert (caught.value.detail["line"], caught.value.detail["column"]) == (3, 7)
    assert "line 3, column 7" in caught.value.message


@pytest.mark.parametrize("value", [None, 42, ["{}"], bytearray(b"{}")])
def test_only_str_and_bytes_are_parsed(value: Any) -> None:
    with pytest.raises(DocumentError) as caught:
        parse_json(value)
    assert caught.value.code is ErrorCode.PARSING_ERROR


@pytest.mark.parametrize("opening", ["[", '{"a": '])
def test_nesting_deeper_than_the_limit_is_refused(opening: str) -> None:
    closing = "]" if opening == "[" else "}"
    text = opening * (MAX_DEPTH + 1) + "1" + closing * (MAX_DEPTH + 1)
    with pytest.raises(DocumentError) as caught:
        parse_json(text)
    assert caught.value.code is ErrorCode.PARSING_ERROR
    assert str(MAX_DEPTH) in caught.value.message


# -- compact JWS --------------------------------------------------------------------------------

VALID = sign_jwt(credential(), ED_PAIR, kid=KID)
HEADER, PAYLOAD, SIGNATURE = VALID.split(".")


@pytest.mark.parametrize(
    "token",
    [
        "",
        "not a token",
        f"{HEADER}.{PAYLOAD}",
        f"{HEADER}.{PAYLOAD}.{SIGNATURE}.extra.segment",
        f"{HEADER}.{PAYLOAD}.{SIGNATURE}é",
        f"{HEADER}=.{PAYLOAD}.{SIGNATURE}",
        f"{HEADER}.{PAYLOAD}+.{SIGNATURE}",
        f"{HEADER}.{PAYLOAD}.{SIGNATURE[:-1]}/",
        f"{HEADER}.{PAYLOAD}.{SIGNATURE}AAA",
        f"{HEADER}.{PAYLOAD[:-1]}*.{SIGNATURE}",
        f"{b64(b'not json')}.{PAYLOAD}.{SIGNATURE}",
        f"{b64(b'[]')}.{PAYLOAD}.{SIGNATURE}",
        f"{HEADER}.{b64(b'not json')}.{SIGNATURE}",
        f"{HEADER}.{b64(json.dumps([credential()]).encode())}.{SIGNATURE}",
        f"{HEADER}..{SIGNATURE}",
    ],
    ids=[
        "empty",
        "no-dots",
        "two-segments",
        "five-segments-jwe",
        "non-ascii",
        "padding",
        "standard-alphabet-plus",
        "standard-alphabet-slash",
        "impossible-length",
        "invalid-character",
        "header-not-json",
        "header-not-object",
        "payload-not-json",
        "payload-not-object",
        "payload-empty",
    ],
)
def test_tokens_that_are_not_compact_jws_are_refused(token: str) -> None:
    with pytest.raises(ProofError) as caught:
        verify_jwt(token, resolver(method()), now=NOW)
    assert caught.value.code is ErrorCode.PARSING_ERROR


def test_a_token_that_is_not_a_string_is_refused() -> None:
    with pytest.raises(ProofError) as caught:
        verify_jwt(VALID.encode(), resolver(method()), now=NOW)  # type: ignore[arg-type]
    assert caught.value.code is ErrorCode.PARSING_ERROR
