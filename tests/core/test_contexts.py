"""The bundled JSON-LD contexts: the allow-list, the offline loader, checks and inlining."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld

from credstack.core.errors import ContextError, ErrorCode
from credstack.core.jsonld import contexts
from credstack.core.jsonld.contexts import (
    ALLOWED_CONTEXTS,
    VC11_CONTEXTS,
    VC_V1_CONTEXT,
    VC_V2_CONTEXT,
    bundled_vocabulary,
    check_contexts,
    check_vc2_context,
    document_loader_for,
    inline_contexts,
    load_context,
    pyld_document_loader,
    uses_vc11_contexts,
    vc11_pyld_document_loader,
)
from credstack.core.jsonld.rdfc import canonicalize, canonicalize_direct, canonicalize_reference
from credstack.core.jsonld.shape import document_shape

INDEX = (Path(contexts.__file__).parents[1] / "resources" / "contexts" / "index.json").resolve()
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_UNVERSIONED = "https://purl.imsglobal.org/spec/ob/v3p0/context.json"
CLR_V2 = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"
CLR_UNVERSIONED = "https://purl.imsglobal.org/spec/clr/v2p0/context.json"
UNKNOWN = "https://contexts.example/not-bundled.jsonld"
LEGACY = Path(contexts.__file__).parents[1] / "resources" / "contexts" / "1edtech"


def _index(part: str = "contexts") -> dict[str, str]:
    index: dict[str, str] = json.loads(INDEX.read_text(encoding="utf-8"))[part]
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
    assert "digest" not in caught.value.message  # no hint for a context credstack does not author
    assert caught.value.to_dict()["context"] == UNKNOWN


def test_bundled_context_bytes_are_the_files_as_stored() -> None:
    folder = INDEX.parent
    for url, relative in _index().items():
        assert contexts.bundled_context_bytes(url) == (folder / relative).read_bytes()
    for url, relative in _index("vc11_contexts").items():
        assert contexts.bundled_context_bytes(url, vc11=True) == (folder / relative).read_bytes()
    # a URL without a VC 1.1 override has one file for every document
    assert contexts.bundled_context_bytes(VC_V2_CONTEXT, vc11=True) == (
        contexts.bundled_context_bytes(VC_V2_CONTEXT)
    )


@pytest.mark.parametrize("url", [UNKNOWN, 42, None], ids=["unknown", "number", "none"])
def test_bundled_context_bytes_refuse_what_is_not_bundled(url: Any) -> None:
    with pytest.raises(ContextError) as caught:
        contexts.bundled_context_bytes(url)
    assert caught.value.code is ErrorCode.UNKNOWN_CONTEXT


def test_the_published_contexts_are_bundled_and_listed_in_the_index() -> None:
    assert dict(contexts.PUBLISHED_CONTEXTS) == _index("published")
    assert len(contexts.PUBLISHED_CONTEXTS) == len(_index("published")) >= 1
    assert all(url in ALLOWED_CONTEXTS for url in contexts.PUBLISHED_CONTEXTS.values())


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


# -- the unversioned 1EdTech URLs: legacy content for VC 1.1 documents ----------------------------


def _legacy(name: str) -> Any:
    return json.loads((LEGACY / name).read_text(encoding="utf-8"))


def _achievement_credential(first: str, ob: str) -> dict[str, Any]:
    return {
        "@context": [first, ob],
        "id": "urn:uuid:00000000-0000-4000-8000-000000000001",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": "https://example.org/issuer",
        "credentialSubject": {
            "id": "did:example:learner",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://example.org/a",
                "type": ["Achievement"],
                "name": "A",
                "achievementType": "Badge",
                "alignment": [{"type": ["Alignment"], "targetName": "T", "targetUrl": "https://t"}],
            },
        },
    }


def test_the_vc11_overrides_are_the_unversioned_1edtech_urls() -> None:
    assert set(VC11_CONTEXTS) == set(_index("vc11_contexts")) == {OB_UNVERSIONED, CLR_UNVERSIONED}
    assert set(VC11_CONTEXTS) <= set(ALLOWED_CONTEXTS)
    assert len(VC11_CONTEXTS) == 2
    assert VC11_CONTEXTS[OB_UNVERSIONED] == _legacy("ob-v3p0-context-legacy-unversioned.json")
    assert VC11_CONTEXTS[CLR_UNVERSIONED] == _legacy("clr-v2p0-context-legacy-unversioned.json")


def test_outside_vc11_documents_the_unversioned_urls_are_the_current_versions() -> None:
    assert ALLOWED_CONTEXTS[OB_UNVERSIONED] == ALLOWED_CONTEXTS[OB_V3]
    assert ALLOWED_CONTEXTS[CLR_UNVERSIONED] == ALLOWED_CONTEXTS[CLR_V2]
    for url in VC11_CONTEXTS:
        assert VC11_CONTEXTS[url] != ALLOWED_CONTEXTS[url]


@pytest.mark.parametrize(
    ("document", "vc11"),
    [
        ({"@context": [VC_V1_CONTEXT, OB_UNVERSIONED]}, True),
        ({"@context": VC_V1_CONTEXT}, True),
        ({"@context": [VC_V2_CONTEXT, OB_UNVERSIONED]}, False),
        ({"@context": [OB_UNVERSIONED, VC_V1_CONTEXT]}, False),
        ({"@context": []}, False),
        ({"name": "no context"}, False),
        ([VC_V1_CONTEXT], False),
    ],
)
def test_a_document_is_vc11_when_its_first_context_is_vc11(document: Any, vc11: bool) -> None:
    assert uses_vc11_contexts(document) is vc11


def test_load_context_gives_the_vc11_content_only_for_the_overridden_urls() -> None:
    assert load_context(OB_UNVERSIONED, vc11=True) == VC11_CONTEXTS[OB_UNVERSIONED]
    assert load_context(OB_UNVERSIONED) == ALLOWED_CONTEXTS[OB_V3]
    assert load_context(VC_V2_CONTEXT, vc11=True) == ALLOWED_CONTEXTS[VC_V2_CONTEXT]
    with pytest.raises(ContextError) as caught:
        load_context(UNKNOWN, vc11=True)
    assert caught.value.code is ErrorCode.UNKNOWN_CONTEXT


def test_the_pyld_loader_follows_the_document() -> None:
    vc11 = {"@context": [VC_V1_CONTEXT, OB_UNVERSIONED]}
    vc2 = {"@context": [VC_V2_CONTEXT, OB_UNVERSIONED]}
    assert document_loader_for(vc11) is vc11_pyld_document_loader
    assert document_loader_for(vc2) is pyld_document_loader
    legacy = vc11_pyld_document_loader(OB_UNVERSIONED, None)
    assert legacy["document"] == VC11_CONTEXTS[OB_UNVERSIONED]
    assert legacy["documentUrl"] == OB_UNVERSIONED
    assert pyld_document_loader(OB_UNVERSIONED, None)["document"] == ALLOWED_CONTEXTS[OB_V3]


def test_inlining_follows_the_document_unless_told() -> None:
    vc11 = {"@context": [VC_V1_CONTEXT, OB_UNVERSIONED]}
    legacy = VC11_CONTEXTS[OB_UNVERSIONED]["@context"]
    current = ALLOWED_CONTEXTS[OB_V3]["@context"]
    assert inline_contexts(vc11)["@context"][1] == legacy
    assert inline_contexts(vc11, vc11=False)["@context"][1] == current
    assert inline_contexts({"@context": [VC_V2_CONTEXT, OB_UNVERSIONED]})["@context"][1] == current
    assert inline_contexts({"x": vc11}, vc11=True)["x"]["@context"][1] == legacy


ROUTES = pytest.mark.parametrize(
    "route", [canonicalize, canonicalize_direct, canonicalize_reference], ids=lambda f: f.__name__
)


@ROUTES
def test_a_vc2_document_with_the_unversioned_url_gets_ob_3_0_3(route: Any) -> None:
    unversioned = _achievement_credential(VC_V2_CONTEXT, OB_UNVERSIONED)
    assert route(unversioned) == route(_achievement_credential(VC_V2_CONTEXT, OB_V3))


@ROUTES
def test_a_vc11_document_with_the_unversioned_url_gets_the_legacy_content(route: Any) -> None:
    unversioned = _achievement_credential(VC_V1_CONTEXT, OB_UNVERSIONED)
    inline = _achievement_credential(VC_V1_CONTEXT, OB_V3)
    inline["@context"][1] = VC11_CONTEXTS[OB_UNVERSIONED]["@context"]
    canonical = route(unversioned)
    assert canonical == route(inline)
    assert canonical != route(_achievement_credential(VC_V1_CONTEXT, OB_V3))
    assert b'"Badge"^^<https://www.w3.org/2001/XMLSchema#string>' in canonical


def test_the_shape_key_records_which_content_the_urls_have() -> None:
    vc11 = document_shape(_achievement_credential(VC_V1_CONTEXT, OB_UNVERSIONED))
    vc2 = document_shape(_achievement_credential(VC_V2_CONTEXT, OB_UNVERSIONED))
    assert vc11 is not None
    assert vc2 is not None
    assert vc11[0][0] == ("vc11", True)
    assert vc2[0][0] == ("vc11", False)
