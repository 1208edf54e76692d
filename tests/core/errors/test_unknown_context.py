"""UNKNOWN_CONTEXT: a context URL that is not bundled is refused, never fetched."""

from __future__ import annotations

from typing import Any

import pytest
from pyld import jsonld

from credstack.core.errors import ContextError, ErrorCode
from credstack.core.jsonld.contexts import check_contexts, load_context, pyld_document_loader
from credstack.core.jsonld.errors import error_from_pyld
from credstack.core.jsonld.rdfc import (
    canonicalize,
    canonicalize_direct,
    canonicalize_reference,
    find_undefined_terms,
)

VC_V2 = "https://www.w3.org/ns/credentials/v2"
UNKNOWN = "https://evil.example/context.jsonld"
ROUTES = [canonicalize, canonicalize_direct, canonicalize_reference, find_undefined_terms]


@pytest.mark.parametrize("route", ROUTES, ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    "document",
    [
        {"@context": [VC_V2, UNKNOWN], "type": "VerifiableCredential"},
        {"@context": UNKNOWN, "type": "VerifiableCredential"},
        {"@context": [VC_V2], "credentialSubject": {"@context": [UNKNOWN], "id": "urn:s"}},
        {"@context": [VC_V2, {"T": {"@id": "https://example.org/T", "@context": UNKNOWN}}]},
    ],
    ids=["top level", "single string", "embedded", "scoped in an inline context"],
)
def test_canonicalization_refuses_unknown_contexts(route: Any, document: dict[str, Any]) -> None:
    with pytest.raises(ContextError) as caught:
        route(document)
    assert caught.value.code is ErrorCode.UNKNOWN_CONTEXT
    assert UNKNOWN in caught.value.message


def test_the_checks_and_loaders_refuse_unknown_contexts() -> None:
    for attempt in (
        lambda: check_contexts({"@context": [UNKNOWN]}),
        lambda: load_context(UNKNOWN),
        lambda: pyld_document_loader(UNKNOWN, {}),
    ):
        with pytest.raises(ContextError) as caught:
            attempt()
        assert caught.value.code is ErrorCode.UNKNOWN_CONTEXT
        assert caught.value.to_dict()["code"] == "UNKNOWN_CONTEXT"


def test_a_non_string_url_is_unknown() -> None:
    with pytest.raises(ContextError) as caught:
        load_context(["not", "a", "url"])  # type: ignore[arg-type]
    assert caught.value.code is ErrorCode.UNKNOWN_CONTEXT


def test_pyld_hands_the_loader_error_back_unchanged() -> None:
    document = {"@context": [VC_V2, UNKNOWN], "name": "x"}
    with pytest.raises(jsonld.JsonLdError) as caught:
        jsonld.expand(document, {"documentLoader": pyld_document_loader})
    error = error_from_pyld(caught.value)
    assert isinstance(error, ContextError)
    assert error.code is ErrorCode.UNKNOWN_CONTEXT
    assert UNKNOWN in error.message
