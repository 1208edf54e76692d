"""UNSIGNED_CONTENT: issuing refuses content that a canonicalized signature would leave out.

Undefined keys and types are refused as UNDEFINED_TERM (``test_undefined_term.py``); what the
contexts do define but JSON-LD still drops — keyword-like keys, ``@index``, empty value objects,
a stray ``@language`` — is refused as UNSIGNED_CONTENT, for every suite, before anything is
signed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from credstack.core.errors import DocumentError, ErrorCode
from credstack.core.issuing import check_issuable
from tests.factories import unsigned_credential

Edit = Callable[[dict[str, Any]], None]

EDITS: dict[str, tuple[Edit, list[str]]] = {
    "a keyword-like key": (
        lambda d: d["credentialSubject"].__setitem__("@grade", "A+"),
        ["credentialSubject.@grade"],
    ),
    "an @index": (
        lambda d: d["credentialSubject"]["achievement"].__setitem__("@index", "honours"),
        ["credentialSubject.achievement.@index"],
    ),
    "an empty value object": (
        lambda d: d["credentialSubject"]["achievement"].__setitem__("name", {"@value": None}),
        ["credentialSubject.achievement.name"],
    ),
    "a language outside a value object": (
        lambda d: d["credentialSubject"]["achievement"].__setitem__(
            "description", {"@language": "en"}
        ),
        ["credentialSubject.achievement.description"],
    ),
}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_content_outside_the_canonical_form_is_refused(name: str) -> None:
    edit, paths = EDITS[name]
    credential = unsigned_credential()
    edit(credential)
    with pytest.raises(DocumentError) as caught:
        check_issuable(credential)
    assert caught.value.code is ErrorCode.UNSIGNED_CONTENT
    assert list(caught.value.detail["paths"]) == paths
    for path in paths:
        assert path in caught.value.message


def test_a_clean_credential_is_issuable() -> None:
    assert check_issuable(unsigned_credential()) is None
