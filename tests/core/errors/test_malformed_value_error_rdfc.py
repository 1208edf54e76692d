"""MALFORMED_VALUE_ERROR from canonicalization: values JSON-LD or RDF cannot carry."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
import pytest

from credstack.core.errors import CanonicalizationError, ErrorCode
from credstack.core.jsonld.labelling import canonical_lines
from credstack.core.jsonld.rdfc import (
    canonicalize,
    canonicalize_direct,
    canonicalize_reference,
    find_undefined_terms,
)

VC_V2 = "https://www.w3.org/ns/credentials/v2"
EXAMPLES_V2 = "https://www.w3.org/ns/credentials/examples/v2"
FAST_AND_FULL = pytest.mark.parametrize(
    "route", [canonicalize, canonicalize_direct], ids=lambda f: f.__name__
)


def _credential(**members: Any) -> dict[str, Any]:
    return {
        "@context": [VC_V2, EXAMPLES_V2],
        "id": "urn:uuid:00000000-0000-4000-8000-000000000001",
        "type": ["VerifiableCredential"],
        **members,
    }


def _refused(route: Any, document: Any) -> CanonicalizationError:
    with pytest.raises(CanonicalizationError) as caught:
        route(document)
    assert caught.value.code is ErrorCode.MALFORMED_VALUE_ERROR
    return caught.value


@FAST_AND_FULL
@pytest.mark.parametrize(
    "value",
    [float("nan"), float("inf"), b"bytes", {1, 2}, object()],
    ids=["nan", "infinity", "bytes", "set", "object"],
)
def test_values_json_cannot_carry(route: Any, value: Any) -> None:
    assert "not JSON" in _refused(route, _credential(name=value)).message


@FAST_AND_FULL
def test_strings_that_are_not_unicode_text(route: Any) -> None:
    for member in ({"name": "lone \ud800 surrogate"}, {"\udfff": "in a key"}):
        assert "Unicode" in _refused(route, _credential(**member)).message


def test_lone_surrogates_in_a_served_shape() -> None:
    canonicalize(_credential(name="fine"))  # builds the template
    assert "Unicode" in _refused(canonicalize, _credential(name="\ud800")).message


@pytest.mark.parametrize("route", [canonicalize, canonicalize_direct, canonicalize_reference])
@pytest.mark.parametrize(
    "document",
    [
        _credential(credentialSubject={"id": 5}),
        _credential(name={"@value": {"nested": True}}),
        _credential(name={"@value": "x", "@language": 5}),
        _credential(**{"@reverse": 5}),
    ],
    ids=["id", "value", "language", "reverse"],
)
def test_values_json_ld_rejects(route: Any, document: dict[str, Any]) -> None:
    _refused(route, document)


@FAST_AND_FULL
@pytest.mark.parametrize(
    ("value", "reported"),
    [
        ("relative/path", "relative/path"),
        ("", "<empty>"),
        ("#fragment", "#fragment"),
        ("../up", "up"),
        ("//other.example/x", "x-credstack-relative://other.example/x"),
    ],
)
def test_relative_node_ids_are_refused(route: Any, value: str, reported: str) -> None:
    refused = _refused(route, _credential(credentialSubject={"id": value, "alumniOf": "x"}))
    assert refused.detail["relative_iris"] == [reported]


PROOF_WITH_UNDEFINED_PURPOSE = {
    "@context": [VC_V2],
    "type": "VerifiableCredential",
    "proof": {
        "type": "DataIntegrityProof",
        "proofPurpose": "notARelationship",
        "verificationMethod": "https://example.org/key",
    },
}


@FAST_AND_FULL
def test_undefined_values_of_vocabulary_terms_are_refused(route: Any) -> None:
    refused = _refused(route, PROOF_WITH_UNDEFINED_PURPOSE)
    assert refused.detail["relative_iris"] == ["notARelationship"]


def test_undefined_values_are_still_reported_as_undefined_terms() -> None:
    assert find_undefined_terms(PROOF_WITH_UNDEFINED_PURPOSE) == ["notARelationship"]


def test_reference_labelling_cannot_hash_control_characters() -> None:
    nquads = "".join(
        f'_:n{i} <http://example.org/p> "a\\u0001" _:g{i} .\n'
        f'_:n{i} <http://example.org/q> "b" _:g{i} .\n'
        for i in (1, 2)
    )
    with pytest.raises(CanonicalizationError) as caught:
        canonical_lines(ox.Dataset(ox.parse(nquads, ox.RdfFormat.N_QUADS)))
    assert caught.value.code is ErrorCode.MALFORMED_VALUE_ERROR


def test_reference_labelling_has_no_triple_terms() -> None:
    example = "http://example.org/"
    triple = ox.Triple(ox.NamedNode(f"{example}s"), ox.NamedNode(f"{example}p"), ox.Literal("o"))
    quads = [
        quad
        for i in (1, 2)
        for quad in (
            ox.Quad(
                ox.BlankNode(f"n{i}"), ox.NamedNode(f"{example}p"), triple, ox.BlankNode(f"g{i}")
            ),
            ox.Quad(
                ox.BlankNode(f"n{i}"),
                ox.NamedNode(f"{example}q"),
                ox.Literal("b"),
                ox.BlankNode(f"g{i}"),
            ),
        )
    ]
    with pytest.raises(CanonicalizationError) as caught:
        canonical_lines(ox.Dataset(quads))
    assert caught.value.code is ErrorCode.MALFORMED_VALUE_ERROR


@FAST_AND_FULL
@pytest.mark.parametrize(
    ("document", "invalid"),
    [
        (_credential(credentialSubject={"id": "https://x.example/a b", "alumniOf": "x"}), "a b"),
        (_credential(issuer="https://x.example/a#b#c"), "a#b#c"),
        (_credential(issuer="https://x.example:80x/"), ":80x"),
        (_credential(credentialSubject={"id": "urn:s", "alumni of": "x"}), "alumni of"),
        (_credential(name={"@value": "x", "@language": "not a tag"}), "not a tag"),
    ],
    ids=["space in an id", "two fragments", "bad port", "space in a key", "language tag"],
)
def test_values_pyoxigraph_would_drop_are_refused(
    route: Any, document: dict[str, Any], invalid: str
) -> None:
    # dropping them would leave that part of the document outside the signature
    refused = _refused(route, document)
    assert any(invalid in value for value in refused.detail["invalid_values"])


@FAST_AND_FULL
def test_invalid_iris_are_refused_on_the_pyld_route_too(route: Any) -> None:
    document = _credential(
        name={"@value": "x", "@language": "ar", "@direction": "rtl"},
        issuer="https://x.example/a b",
    )
    assert _refused(route, document).detail["invalid_values"] == ["https://x.example/a b"]


def test_literals_that_look_like_invalid_iris_are_fine() -> None:
    document = _credential(name="note: not an IRI", description="https://x.example/a b")
    assert b'"note: not an IRI"' in canonicalize(document)
    assert canonicalize(document) == canonicalize_reference(document)


ALL_ROUTES = pytest.mark.parametrize(
    "route",
    [canonicalize, canonicalize_direct, canonicalize_reference, find_undefined_terms],
    ids=lambda f: f.__name__,
)


@ALL_ROUTES
@pytest.mark.parametrize("number", [10**400, -(10**309)], ids=["huge", "huge-negative"])
def test_numbers_no_double_can_hold_are_refused(route: Any, number: int) -> None:
    # pyld raised OverflowError; no JSON-LD processor can write such a number as a literal
    refused = _refused(route, _credential(credentialSubject={"id": "urn:s", "credits": number}))
    assert "beyond the range of a double" in refused.message


@ALL_ROUTES
def test_documents_that_break_pyld_itself_are_refused(route: Any) -> None:
    # pyld 3.3 fails with an AttributeError on a type map holding a keyword with a non-string
    document = _credential(
        **{"@context": [VC_V2, {"tm": {"@id": "https://example.org/tm", "@container": "@type"}}]},
        tm={"@direction": False},
    )
    refused = _refused(route, document)
    assert refused.message.startswith("JSON-LD processing failed on a malformed document")
    assert "AttributeError" in refused.message


@FAST_AND_FULL
def test_an_invalid_default_language_is_refused_on_the_pyld_route(route: Any) -> None:
    # an inline context may define anything, so the language tag only shows in pyld's quads
    document = _credential(
        **{"@context": [VC_V2, EXAMPLES_V2, {"@language": "en us"}]},
        name={"@value": "x", "@direction": "rtl"},
        description="y",
    )
    assert _refused(route, document).message.startswith("a value is not a valid IRI or language")


def test_strings_that_are_not_unicode_text_on_the_reference_route() -> None:
    # pyld itself does not mind; writing its N-Quads as UTF-8 does
    refused = _refused(canonicalize_reference, _credential(name="lone \ud800 surrogate"))
    assert "not valid Unicode text" in refused.message
