"""PROTECTED_TERM_REDEFINITION: an inline context may not redefine a protected term.

pyoxigraph (the fast and the full path) and pyld (the reference) both detect it, with different
messages; both are reported with the same code.
"""

from __future__ import annotations

from typing import Any

import pytest

from credstack.core.errors import ContextError, ErrorCode
from credstack.core.jsonld.rdfc import (
    canonicalize,
    canonicalize_direct,
    canonicalize_reference,
    find_undefined_terms,
)

VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


@pytest.mark.parametrize(
    "route",
    [canonicalize, canonicalize_direct, canonicalize_reference, find_undefined_terms],
    ids=lambda f: f.__name__,
)
@pytest.mark.parametrize(
    ("contexts", "term"),
    [
        ([VC_V2, {"type": "https://evil.example/type"}], "type"),
        ([VC_V2, {"id": "https://evil.example/id"}], "id"),
        ([VC_V2, OB_V3, {"Achievement": "https://evil.example/Achievement"}], "Achievement"),
        ([VC_V2, {"name": {"@id": "https://evil.example/name"}}], "name"),
    ],
)
def test_redefining_a_protected_term_is_refused(route: Any, contexts: list[Any], term: str) -> None:
    document = {"@context": contexts, "type": ["VerifiableCredential"], "name": "x"}
    with pytest.raises(ContextError) as caught:
        route(document)
    assert caught.value.code is ErrorCode.PROTECTED_TERM_REDEFINITION


def test_an_identical_redefinition_is_allowed() -> None:
    # JSON-LD 1.1 allows restating a protected term with the very same definition
    same = {"name": "https://schema.org/name"}
    document = {"@context": [VC_V2, same], "type": ["VerifiableCredential"], "name": "x"}
    assert canonicalize(document) == canonicalize_reference(document)
    assert b"https://schema.org/name" in canonicalize(document)
