"""The bundled JSON-LD contexts: the allow-list, the offline loader, checks and inlining."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld

from credstack.core import contexts
from credstack.core.contexts import (
    ALLOWED_CONTEXTS,
    VC_V1_CONTEXT,
    VC_V2_CONTEXT,
    bundled_vocabulary,
    check_contexts,
    check_vc2_context,
    inline_contexts,
    load_context,
    pyld_document_loader,
)
from credstack.core.errors import ContextError, ErrorCode
from credstack.core.rdfc import canonicalize

INDEX = (Path(contexts.__file__).parent / "resources" / "contexts" / "index.json").resolve()
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
UNKNOWN = "https://contexts.example/not-bundled.jsonld"


def _index() -> dict[str, str]:
    index: dict[str, str] = json.loads(INDEX.read_text(encoding="utf-8"))["contexts"]
    return index


def _urls_in_contexts(value: Any) -> list[str]:
    """Every string found as (part of) an ``@context`` value, recursively."""
    found: list[str] = []
    if isinstance(value, list):
        for item in value:
            found += _urls_in_contexts(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key == "@context":
                entries = item if isinstance(item, list) else [item]
                found += [entry for entry in entries if isinstance(entry, str)]
            found += _urls_in_contexts(item)
    return found


# -- the allow-list -------------------------------------------------------------------------------


def test_every_url_of_the_index_is_allowed_and_nothing_else() -> None:
    assert set(ALLOWED_CONTEXTS) == set(_index())
    assert len(ALLOWED_CONTEXTS) == len(_index())


@pytest.mark.parametrize("url", sorted(_index()))
def test_each_bundled_context_parses_to_a_context_document(url: str) -> None:
    assert url in ALLOWED_CONTEXTS
    assert "@context" in ALLOWED_CONTEXTS[url]


def test_urls_sharing_a_file_share_its_content() -> None:
    by_file: dict[str, list[str]] = {}
    for url, relative in _index().items():
        by_file.setdefault(relative, []).append(url)
    shared = [urls for urls in by_file.values() if len(urls) > 1]
    assert shared, "the index maps several URLs to one file (e.g. the unversioned OB URL)"
    for urls in shared:
        assert all(ALLOWED_CONTEXTS[url] == ALLOWED_CONTEXTS[urls[0]] for url in urls)


def test_membership_of_other_values_is_false() -> None:
    assert UNKNOWN not in ALLOWED_CONTEXTS
    assert 42 not in ALLOWED_CONTEXTS


def test_load_context_returns_a_private_copy() -> None:
    first = load_context(VC_V2_CONTEXT)
    first["@context"]["mutated"] = True
    assert "mutated" not in load_context(VC_V2_CONTEXT)["@context"]
    assert "mutated" not in ALLOWED_CONTEXTS[VC_V2_CONTEXT]["@context"]


def test_load_context_refuses_unknown_urls() -> None:
    with pytest.raises(ContextError) as caught:
        load_context(UNKNOWN)
    assert caught.value.code is ErrorCode.UNKNOWN_CONTEXT
    assert UNKNOWN in caught.value.message
    assert caught.value.to_dict()["context"] == UNKNOWN


# -- the pyld loader ------------------------------------------------------------------------------


def test_pyld_loader_serves_bundled_contexts_as_remote_documents() -> None:
    remote = pyld_document_loader(OB_V3, {})
    assert remote["documentUrl"] == OB_V3
    assert remote["contextUrl"] is None
    assert remote["document"] == ALLOWED_CONTEXTS[OB_V3]


def test_pyld_expands_with_the_bundled_loader() -> None:
    document = {"@context": [VC_V2_CONTEXT], "type": "VerifiableCredential", "name": "x"}
    expanded = jsonld.expand(document, {"documentLoader": pyld_document_loader})
    assert expanded[0]["@type"] == ["https://www.w3.org/2018/credentials#VerifiableCredential"]
    assert expanded[0]["https://schema.org/name"] == [{"@value": "x"}]


def test_pyld_loader_refuses_unknown_urls_without_network() -> None:
    with pytest.raises(ContextError) as caught:
        pyld_document_loader(UNKNOWN, None)
    assert caught.value.code is ErrorCode.UNKNOWN_CONTEXT


# -- check_contexts / check_vc2_context ---------------------------------------------------------


def test_check_contexts_accepts_urls_objects_null_and_lists_anywhere() -> None:
    document = {
        "@context": [VC_V2_CONTEXT, OB_V3, {"local": "https://example.org/local"}, None],
        "credentialSubject": {"achievement": [{"@context": OB_V3}, {"@context": None}]},
    }
    check_contexts(document)  # no error: everything is bundled or inline


def test_check_contexts_finds_urls_in_embedded_objects() -> None:
    document = {"@context": VC_V2_CONTEXT, "evidence": [{"x": {"@context": [UNKNOWN]}}]}
    with pytest.raises(ContextError) as caught:
        check_contexts(document)
    assert caught.value.code is ErrorCode.UNKNOWN_CONTEXT
    assert UNKNOWN in caught.value.message


def test_check_contexts_finds_urls_in_scoped_contexts_of_inline_contexts() -> None:
    inline = {"Thing": {"@id": "https://example.org/Thing", "@context": UNKNOWN}}
    with pytest.raises(ContextError) as caught:
        check_contexts({"@context": [VC_V2_CONTEXT, inline]})
    assert caught.value.code is ErrorCode.UNKNOWN_CONTEXT


def test_check_vc2_context_accepts_the_vc2_context_first() -> None:
    check_vc2_context({"@context": [VC_V2_CONTEXT, OB_V3]})
    check_vc2_context({"@context": VC_V2_CONTEXT})


def test_vc11_documents_pass_check_contexts_but_not_check_vc2_context() -> None:
    document = {"@context": [VC_V1_CONTEXT], "type": ["VerifiableCredential"]}
    check_contexts(document)
    with pytest.raises(ContextError) as caught:
        check_vc2_context(document)
    assert caught.value.code is ErrorCode.INVALID_CONTEXT


# -- inlining -------------------------------------------------------------------------------------


def test_inline_contexts_leaves_no_url_anywhere() -> None:
    document = {"@context": [VC_V2_CONTEXT, OB_V3], "endorsement": [{"@context": OB_V3}]}
    inlined = inline_contexts(document)
    assert _urls_in_contexts(document) == [VC_V2_CONTEXT, OB_V3, OB_V3]
    assert _urls_in_contexts(inlined) == []
    assert inlined["@context"][0] == ALLOWED_CONTEXTS[VC_V2_CONTEXT]["@context"]


def test_inline_contexts_does_not_touch_the_input() -> None:
    document = {"@context": [VC_V2_CONTEXT], "name": "x"}
    inline_contexts(document)
    assert document == {"@context": [VC_V2_CONTEXT], "name": "x"}


def test_inline_contexts_replaces_urls_inside_inline_contexts() -> None:
    inline = {"Thing": {"@id": "https://example.org/Thing", "@context": OB_V3}}
    inlined = inline_contexts({"@context": [VC_V2_CONTEXT, inline]})
    assert inlined["@context"][1]["Thing"]["@context"] == ALLOWED_CONTEXTS[OB_V3]["@context"]


def test_an_inlined_document_canonicalizes_like_the_original() -> None:
    document = {
        "@context": [VC_V2_CONTEXT, OB_V3],
        "id": "urn:uuid:00000000-0000-4000-8000-000000000001",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Teamwork",
    }
    assert canonicalize(inline_contexts(document)) == canonicalize(document)


def test_inline_contexts_refuses_unknown_urls() -> None:
    with pytest.raises(ContextError) as caught:
        inline_contexts({"@context": [VC_V2_CONTEXT, UNKNOWN]})
    assert caught.value.code is ErrorCode.UNKNOWN_CONTEXT


# -- vocabulary -----------------------------------------------------------------------------------


def test_bundled_vocabulary_knows_the_keyword_aliases_and_coercions() -> None:
    vocabulary = bundled_vocabulary()
    assert vocabulary.keyword_aliases["id"] == frozenset({"@id"})
    assert vocabulary.keyword_aliases["type"] == frozenset({"@type"})
    assert "proofPurpose" in vocabulary.vocab_coerced
    assert {"name", "achievement", "credentialSubject"} <= vocabulary.terms
    assert "https" not in vocabulary.terms
    assert vocabulary.with_direction == frozenset()
