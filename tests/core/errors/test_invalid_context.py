"""INVALID_CONTEXT: malformed @context values, and VC 2.0 documents without the VC 2.0 context."""

from __future__ import annotations

from typing import Any

import pytest

from credstack.core.errors import CanonicalizationError, ContextError, ErrorCode
from credstack.core.jsonld.contexts import check_contexts, check_vc2_context
from credstack.core.jsonld.rdfc import canonicalize, canonicalize_direct, canonicalize_reference

VC_V1 = "https://www.w3.org/2018/credentials/v1"
VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


@pytest.mark.parametrize("value", [42, True, [VC_V2, 3.5], [[VC_V2]]])
def test_context_values_must_be_urls_objects_or_null(value: Any) -> None:
    document = {"@context": value, "type": "VerifiableCredential"}
    for attempt in (check_contexts, canonicalize, canonicalize_direct, canonicalize_reference):
        with pytest.raises(ContextError) as caught:
            attempt(document)
        assert caught.value.code is ErrorCode.INVALID_CONTEXT


@pytest.mark.parametrize(
    "contexts",
    [[OB_V3, VC_V2], [VC_V1, OB_V3], VC_V1, [], None],
    ids=["not first", "VC 1.1", "VC 1.1 string", "empty", "missing"],
)
def test_vc2_documents_start_with_the_vc2_context(contexts: Any) -> None:
    document = {"type": ["VerifiableCredential"]}
    if contexts is not None:
        document["@context"] = contexts
    with pytest.raises(ContextError) as caught:
        check_vc2_context(document)
    assert caught.value.code is ErrorCode.INVALID_CONTEXT
    assert VC_V2 in caught.value.message


@pytest.mark.parametrize("route", [canonicalize, canonicalize_direct, canonicalize_reference])
@pytest.mark.parametrize(
    "inline",
    [
        {"term": 5},
        {"@vocab": 5},
        {"a": "b:x", "b": "a:y"},
        {"@id": "https://example.org/id"},
        {"x": {"@id": "https://example.org/x", "@container": "@bogus"}},
    ],
    ids=["term definition", "vocabulary", "cyclic", "keyword", "container"],
)
def test_json_ld_processors_reject_invalid_inline_contexts(
    route: Any, inline: dict[str, Any]
) -> None:
    document = {"@context": [VC_V2, inline], "type": "VerifiableCredential", "a": 1}
    with pytest.raises(CanonicalizationError) as caught:
        route(document)
    assert caught.value.code is ErrorCode.INVALID_CONTEXT
