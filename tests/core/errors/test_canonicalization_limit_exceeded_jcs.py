"""CANONICALIZATION_LIMIT_EXCEEDED from JCS: values nested beyond what can be canonicalized."""

from __future__ import annotations

from typing import Any

import pytest

from credstack.core.crypto import jcs
from credstack.core.errors import CanonicalizationError, ErrorCode


def _nested(depth: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


def test_moderately_deep_values_are_canonicalized_by_the_reference() -> None:
    # Deeper than orjson serializes (255), shallow enough for the reference.
    assert jcs.canonicalize(_nested(300)) == b"[" * 301 + b"]" * 301


@pytest.mark.parametrize("canonicalize", [jcs.canonicalize, jcs.canonicalize_reference])
def test_pathologically_deep_values_are_refused(canonicalize: Any) -> None:
    with pytest.raises(CanonicalizationError) as caught:
        canonicalize(_nested(100_000))
    assert caught.value.code is ErrorCode.CANONICALIZATION_LIMIT_EXCEEDED
