"""Typed, path-aware reading of JSON objects."""

from __future__ import annotations

import math

import pytest

from credstack.core.errors import DocumentError, ErrorCode
from credstack.core.json.fields import FieldReader, describe, join_path


def test_join_path() -> None:
    assert join_path("", "a") == "a"
    assert join_path("a", "b") == "a.b"
    assert join_path("a", 2) == "a[2]"


@pytest.mark.parametrize(
    ("value", "name"),
    [(None, "null"), (True, "a boolean"), (1.5, "a number"), ("x", "a string"),
     ([], "an array"), ({}, "an object"), (b"x", "bytes")],
)  # fmt: skip
def test_describe(value: object, name: str) -> None:
    assert describe(value) == name


def test_readers_keep_their_code_and_path() -> None:
    reader = FieldReader({"a": {"b": [{"c": "x"}]}}, "doc", code=ErrorCode.INVALID_ACHIEVEMENT)
    child = reader.child("a")
    assert child is not None
    (item,) = child.children("b")
    assert item.path == "doc.a.b[0]"
    with pytest.raises(DocumentError) as caught:
        item.number("c")
    assert caught.value.code is ErrorCode.INVALID_ACHIEVEMENT
    assert caught.value.message == "doc.a.b[0].c: expected a number, got a string"


def test_numbers_must_be_finite() -> None:
    with pytest.raises(DocumentError, match="a finite number"):
        FieldReader({"n": math.inf}, "").number("n")


def test_single_values_are_wrapped_only_when_asked() -> None:
    data = {"type": "Evidence", "tag": "x"}
    assert FieldReader(data, "", wrap_single=True).items("tag") == ["x"]
    with pytest.raises(DocumentError, match="tag: expected an array, got a string"):
        FieldReader(data, "").items("tag")
    assert FieldReader(data, "").types() == ("Evidence",)
    with pytest.raises(DocumentError, match="type: expected a string or an array of strings"):
        FieldReader({"type": [1]}, "").types()


def test_booleans_and_required_texts() -> None:
    reader = FieldReader({"b": "true", "t": ""}, "")
    with pytest.raises(DocumentError, match="b: expected true or false, got a string"):
        reader.boolean("b")
    with pytest.raises(DocumentError, match="t: expected a non-empty string"):
        reader.required_text("t")
    assert reader.has("b")
    assert not reader.has("missing")
