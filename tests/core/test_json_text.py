"""Strict JSON parsing: exact duplicate-key detection on the fast path, depth, round trips."""

from __future__ import annotations

import json
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from credstack.core.errors import DocumentError, ErrorCode
from credstack.core.json.text import MAX_DEPTH, parse_json

_keys = st.text(st.characters(codec="utf-8"), max_size=8) | st.sampled_from(["a", ":", "a:b", "\\"])
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | _keys,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(_keys, children, max_size=4),
    max_leaves=30,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('{"a": 1, "b": [true, null, "x"]}', {"a": 1, "b": [True, None, "x"]}),
        ("[]", []),
        ('"just a string"', "just a string"),
        ("42", 42),
        ('{"url": "https://example.edu:8443/a", "t": "10:30"}', None),
    ],
)
def test_parses_json_from_str_and_bytes(text: str, value: Any) -> None:
    expected = json.loads(text) if value is None else value
    assert parse_json(text) == expected
    assert parse_json(text.encode()) == expected


def test_colons_escaped_in_strings_are_not_mistaken_for_members() -> None:
    text = '{"a\\u003ab": 1, "c": "x\\u003A", "d": {"e": ":"}}'
    assert parse_json(text) == {"a:b": 1, "c": "x:", "d": {"e": ":"}}


def test_an_escaped_colon_cannot_hide_a_duplicate_key() -> None:
    # Colon counts alone balance here: the escaped colon decodes to a literal one that the
    # re-serialization counts in place of the member lost to the duplicate.
    with pytest.raises(DocumentError) as caught:
        parse_json('{"x": "\\u003a", "k": 1, "k": 2}')
    assert caught.value.code is ErrorCode.DUPLICATE_KEY_ERROR
    assert caught.value.detail["key"] == "k"


def test_nesting_up_to_the_limit_is_accepted() -> None:
    text = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    value = parse_json(text)
    for _ in range(MAX_DEPTH - 1):
        value = value[0]
    assert value == []


def test_many_shallow_containers_pass_the_depth_walk() -> None:
    text = json.dumps({"items": [{"a": []} for _ in range(MAX_DEPTH)]})
    assert len(parse_json(text)["items"]) == MAX_DEPTH


@settings(max_examples=200)
@given(JSON_VALUES, st.booleans(), st.sampled_from([(", ", ": "), (",", ":")]))
def test_round_trips_whatever_the_serializer_escapes(
    value: Any, ascii_only: bool, separators: tuple[str, str]
) -> None:
    text = json.dumps(value, ensure_ascii=ascii_only, separators=separators)
    assert parse_json(text) == value


@settings(max_examples=200)
@given(JSON_VALUES)
def test_round_trips_orjson_output(value: Any) -> None:
    assert parse_json(orjson.dumps(value)) == value


@settings(max_examples=200)
@given(
    st.dictionaries(_keys, JSON_VALUES, min_size=1, max_size=4),
    st.data(),
    st.integers(min_value=0, max_value=3),
)
def test_any_duplicated_key_is_found(obj: dict[str, Any], data: st.DataObject, depth: int) -> None:
    key = data.draw(st.sampled_from(sorted(obj)))
    again = data.draw(JSON_VALUES)
    members = [f"{json.dumps(k)}: {json.dumps(v)}" for k, v in obj.items()]
    members.insert(
        data.draw(st.integers(0, len(members))), f"{json.dumps(key)}: {json.dumps(again)}"
    )
    text = "{" + ", ".join(members) + "}"
    for _ in range(depth):
        text = f'{{"wrapper": [1, {text}, ":"]}}'
    with pytest.raises(DocumentError) as caught:
        parse_json(text)
    assert caught.value.code is ErrorCode.DUPLICATE_KEY_ERROR
    assert caught.value.detail["key"] == key


# --- bytes that are not UTF-8 JSON text say why ---------------------------------------------


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b'\xef\xbb\xbf{"a": 1}', "the text begins with a byte order mark"),
        (b'\xff\xfe{\x00"\x00a\x00"\x00:\x001\x00}\x00', "the text is UTF-16 (little-endian, with"),
        ('{"a": 1}'.encode("utf-16-be"), "the text is UTF-16 (big-endian); "),
        ('{"a": 1}'.encode("utf-32-le"), "the text is UTF-32 (little-endian); "),
        (b'{"a": "\xc3\x28"}', "not UTF-8 text (byte 0xc3 at offset 7)"),
        (b"\x89PNG\r\n\x1a\n", "not UTF-8 text (byte 0x89 at offset 0)"),
    ],
    ids=["utf8-bom", "utf16-le-bom", "utf16-be", "utf32-le", "invalid-utf8", "png"],
)
def test_bytes_that_are_not_utf8_json_text_say_why(data: bytes, reason: str) -> None:
    with pytest.raises(DocumentError) as caught:
        parse_json(data)
    assert caught.value.code is ErrorCode.PARSING_ERROR
    assert caught.value.message.startswith(f"not valid JSON: {reason}")


def test_utf8_bytes_that_are_not_json_get_the_parser_s_position() -> None:
    with pytest.raises(DocumentError) as caught:
        parse_json(b'{"a": 1,}')
    assert caught.value.detail == {"line": 1, "column": 8}
