"""RFC 8785 JCS: the reference vectors, and the orjson fast path proved against the reference."""

from __future__ import annotations

import enum
import json
from pathlib import Path
from typing import Any

import orjson
import pytest
import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from credstack.core.crypto import jcs
from credstack.core.errors import CanonicalizationError

VECTORS = Path(__file__).resolve().parents[1] / "vectors" / "test-vectors" / "rfc8785-jcs"
NAMES = sorted(path.stem for path in (VECTORS / "input").glob("*.json"))
SURROGATES = range(0xD800, 0xE000)


def _vector(name: str) -> tuple[Any, bytes]:
    value = json.loads((VECTORS / "input" / f"{name}.json").read_text(encoding="utf-8"))
    expected = bytes.fromhex((VECTORS / "outhex" / f"{name}.txt").read_text())
    assert (VECTORS / "output" / f"{name}.json").read_bytes() == expected
    return value, expected


def _reference_must_not_run(value: Any) -> bytes:
    raise AssertionError(f"the fast path should have served {value!r}")


def test_all_six_rfc_vectors_are_present() -> None:
    assert NAMES == ["arrays", "french", "structures", "unicode", "values", "weird"]


@pytest.mark.parametrize("name", NAMES)
def test_canonicalize_matches_the_rfc_vector(name: str) -> None:
    value, expected = _vector(name)
    assert jcs.canonicalize(value) == expected


@pytest.mark.parametrize("name", NAMES)
def test_reference_matches_the_rfc_vector(name: str) -> None:
    value, expected = _vector(name)
    assert jcs.canonicalize_reference(value) == expected


@pytest.mark.parametrize("name", ["arrays", "french", "unicode"])
def test_vectors_without_floats_or_astral_keys_take_the_fast_path(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    value, expected = _vector(name)
    monkeypatch.setattr(jcs, "canonicalize_reference", _reference_must_not_run)
    assert jcs.canonicalize(value) == expected


def test_orjson_escapes_every_code_point_exactly_as_jcs() -> None:
    # The premise of the fast path for strings, checked for all 1,112,064 scalar values.
    for start in range(0, 0x110000, 0x1000):
        text = "".join(chr(c) for c in range(start, start + 0x1000) if c not in SURROGATES)
        assert orjson.dumps(text) == rfc8785.dumps(text), hex(start)


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("\x00\x1f", b'"\\u0000\\u001f"'),
        ("\b\f\n\r\t", b'"\\b\\f\\n\\r\\t"'),
        ('"\\', b'"\\"\\\\"'),
        ("\x7f\u2028\u2029/", '"\x7f\u2028\u2029/"'.encode()),
    ],
)
def test_fast_path_escapes_as_jcs(
    text: str, escaped: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jcs, "canonicalize_reference", _reference_must_not_run)
    assert jcs.canonicalize(text) == escaped


def test_keys_beyond_the_bmp_sort_by_utf16_code_units() -> None:
    # orjson would put U+E000 first (code point order); UTF-16 puts the surrogate pair first.
    value = {"\ue000": 1, "\U0001f600": 2, "a": 3}
    by_code_point = orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    assert by_code_point.index("\ue000".encode()) < by_code_point.index("\U0001f600".encode())
    assert jcs.canonicalize(value) == '{"a":3,"\U0001f600":2,"\ue000":1}'.encode()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (5.0, b"5"),
        (-0.0, b"0"),
        (1e16, b"10000000000000000"),
        (1e21, b"1e+21"),
        (1e-7, b"1e-7"),
        ({"n": [0.5, 2.0]}, b'{"n":[0.5,2]}'),
        (2**53 - 1, b"9007199254740991"),
        (-(2**53) + 1, b"-9007199254740991"),
        ((1, "a"), b'[1,"a"]'),
    ],
)
def test_floats_and_non_json_types_fall_back_to_the_reference(value: Any, expected: bytes) -> None:
    assert jcs.canonicalize(value) == expected


def test_subclasses_and_enums_are_canonicalized_by_the_reference(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Level(enum.IntEnum):
        SIX = 6

    class Tag(enum.StrEnum):
        COURSE = "Course"

    calls: list[Any] = []
    reference = jcs.canonicalize_reference

    def spy(value: Any) -> bytes:
        calls.append(value)
        return reference(value)

    monkeypatch.setattr(jcs, "canonicalize_reference", spy)
    assert jcs.canonicalize({"level": Level.SIX, "tag": Tag.COURSE}) == (
        b'{"level":6,"tag":"Course"}'
    )
    assert len(calls) == 1


def test_str_subclass_keys_serialize_by_their_text() -> None:
    class Key(str):
        pass

    value: dict[Any, int] = {Key("b"): 1, Key("a"): 2}
    assert jcs.canonicalize(value) == rfc8785.dumps(value) == b'{"a":2,"b":1}'


@pytest.mark.parametrize(
    "value",
    [
        float("nan"),
        float("inf"),
        2**53,
        -(2**53),
        "\ud800",
        {"\udfff": 1},
        {1: "a"},
        {"s": {1, 2}},
        b"x",
    ],
)
def test_values_jcs_cannot_represent_are_refused(value: Any) -> None:
    with pytest.raises(CanonicalizationError):
        jcs.canonicalize(value)


# -- property: the fast path never differs from the reference ----------------------------------

_texts = st.text(st.characters(codec=None, exclude_categories=()), max_size=12)
_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**60), max_value=2**60)
    | st.integers(min_value=-(2**53) - 2, max_value=2**53 + 2)
    | st.floats(allow_nan=True, allow_infinity=True)
    | _texts
)
JSON_VALUES = st.recursive(
    _scalars,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(_texts, children, max_size=5),
    max_leaves=40,
)
_plain_texts = st.text(st.characters(codec="utf-8", max_codepoint=0xFFFF), max_size=12)
PLAIN_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1)
    | _plain_texts,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(_plain_texts, children, max_size=5)
    ),
    max_leaves=40,
)


@settings(max_examples=300)
@given(JSON_VALUES)
def test_canonicalize_equals_the_reference_on_arbitrary_values(value: Any) -> None:
    try:
        expected = rfc8785.dumps(value)
    except (rfc8785.CanonicalizationError, UnicodeEncodeError):
        with pytest.raises(CanonicalizationError):
            jcs.canonicalize(value)
    else:
        assert jcs.canonicalize(value) == expected


@settings(max_examples=300)
@given(PLAIN_JSON)
def test_fast_path_serves_and_equals_the_reference_on_plain_json(value: Any) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jcs, "canonicalize_reference", _reference_must_not_run)
        fast = jcs.canonicalize(value)
    assert fast == rfc8785.dumps(value)


@settings(max_examples=2000)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_every_float_canonicalizes_as_the_reference(number: float) -> None:
    assert jcs.canonicalize({"n": number, "l": [number]}) == rfc8785.dumps(
        {"n": number, "l": [number]}
    )


@settings(max_examples=1000)
@given(
    st.one_of(
        st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1).map(float),
        st.floats(min_value=1e-4, max_value=1e16, exclude_max=True).filter(
            lambda x: not x.is_integer()
        ),
        st.floats(min_value=-1e16, max_value=-1e-4, exclude_min=True).filter(
            lambda x: not x.is_integer()
        ),
    )
)
def test_integral_and_decimal_floats_take_the_fast_path(number: float) -> None:
    document = {"creditsAvailable": number, "results": [{"value": number}]}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jcs, "canonicalize_reference", _reference_must_not_run)
        fast = jcs.canonicalize(document)
    assert fast == rfc8785.dumps(document)


def test_a_credential_with_ects_credits_takes_the_fast_path() -> None:
    document = {"achievement": {"creditsAvailable": 5.0}, "creditsEarned": 2.5}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jcs, "canonicalize_reference", _reference_must_not_run)
        assert (
            jcs.canonicalize(document)
            == b'{"achievement":{"creditsAvailable":5},"creditsEarned":2.5}'
        )
