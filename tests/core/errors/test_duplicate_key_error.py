"""DUPLICATE_KEY_ERROR: JSON objects that repeat a key, wherever they are."""

from __future__ import annotations

import json

import pytest

from credstack.core.errors import DocumentError, ErrorCode, ProofError
from credstack.core.json.text import parse_json
from credstack.core.proofs.vc_jwt import verify_jwt
from tests.core.test_vc_jwt import ED_PAIR, KID, NOW, b64, credential, method, resolver


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('{"a": 1, "a": 1}', "a"),
        ('{"id": "x", "name": "n", "id": "y"}', "id"),
        ('[{"ok": 1}, {"deep": {"k": [1, {"z": 0, "z": 1}]}}]', "z"),
        ('{"a": 1, "\\u0061": 2}', "a"),
        ('{"url": "http://a:b", "url": "http://c:d"}', "url"),
    ],
    ids=["top-level", "separated", "nested", "escaped-spelling", "colons-in-values"],
)
def test_a_repeated_key_is_refused_and_named(text: str, key: str) -> None:
    for form in (text, text.encode()):
        with pytest.raises(DocumentError) as caught:
            parse_json(form)
        assert caught.value.code is ErrorCode.DUPLICATE_KEY_ERROR
        assert caught.value.detail["key"] == key
        assert repr(key) in caught.value.message


def _token(header: str, payload: str) -> str:
    signing_input = f"{b64(header.encode())}.{b64(payload.encode())}"
    return f"{signing_input}.{b64(ED_PAIR.sign(signing_input.encode()))}"


def test_a_jws_header_repeating_alg_is_refused() -> None:
    # A parser keeping the first alg and one keeping the last would disagree on the algorithm.
    token = _token(f'{{"alg": "none", "kid": "{KID}", "alg": "EdDSA"}}', json.dumps(credential()))
    with pytest.raises(ProofError) as caught:
        verify_jwt(token, resolver(method()), now=NOW)
    assert caught.value.code is ErrorCode.DUPLICATE_KEY_ERROR


def test_a_jws_payload_repeating_a_claim_is_refused() -> None:
    payload = json.dumps(credential())[:-1] + ', "iss": "https://a.example", "iss": "x"}'
    token = _token(json.dumps({"alg": "EdDSA", "kid": KID}), payload)
    with pytest.raises(ProofError) as caught:
        verify_jwt(token, resolver(method()), now=NOW)
    assert caught.value.code is ErrorCode.DUPLICATE_KEY_ERROR
    assert caught.value.detail == {}
