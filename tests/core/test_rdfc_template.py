"""Shape templates: the fast path gives the bytes of the full path (and of pyld), always."""

from __future__ import annotations

import copy
import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from credstack.core.errors import CredstackError, ErrorCode
from credstack.core.jsonld.labelling import analyse_blank_nodes
from credstack.core.jsonld.rdfc import canonicalize, canonicalize_direct, canonicalize_reference
from credstack.core.jsonld.shape import PLACEHOLDER_PREFIX, document_shape
from credstack.core.jsonld.template import (
    MAX_TEMPLATES,
    canonicalize_with_template,
    clear_templates,
    is_substitutable_iri,
    template_stats,
)
from credstack.core.jsonld.to_rdf import to_dataset
from tests.strategies import RDFC_OB_V3, RDFC_VC_V2, rdfc_credential_pairs

PROPERTIES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
EXAMPLES_V2 = "https://www.w3.org/ns/credentials/examples/v2"


def _outcome(route: Any, document: dict[str, Any]) -> bytes | ErrorCode:
    try:
        result: bytes = route(document)
    except CredstackError as exc:
        return exc.code
    return result


def _credential(**members: Any) -> dict[str, Any]:
    return {
        "@context": [RDFC_VC_V2, RDFC_OB_V3],
        "id": "https://badges.example/credentials/1",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Teamwork",
        "issuer": {"id": "https://badges.example/issuers/1", "type": ["Profile"], "name": "U"},
        **members,
    }


def _shuffled(value: Any, rng: random.Random) -> Any:
    if isinstance(value, dict):
        keys = list(value)
        rng.shuffle(keys)
        return {key: _shuffled(value[key], rng) for key in keys}
    if isinstance(value, list):
        return [_shuffled(item, rng) for item in value]
    return value


# -- properties -----------------------------------------------------------------------------------


@PROPERTIES
@given(rdfc_credential_pairs())
def test_fast_path_equals_full_path_and_pyld(pair: tuple[dict[str, Any], ...]) -> None:
    for document in pair:
        fast = canonicalize(document)
        assert fast == canonicalize_direct(document)
        assert fast == canonicalize_reference(document)
    # the second credential of the shape is served by the first one's template
    assert canonicalize_with_template(pair[1]) is not None


@PROPERTIES
@given(rdfc_credential_pairs(wild=True))
def test_fast_path_equals_full_path_for_values_it_must_not_substitute(
    pair: tuple[dict[str, Any], ...],
) -> None:
    # relative IRIs, blank-node ids, compact IRIs, @direction, undefined keys, shared ids
    for document in pair:
        fast = _outcome(canonicalize, document)
        assert fast == _outcome(canonicalize_direct, document)
        if isinstance(fast, bytes):
            assert fast == canonicalize_reference(document)
        else:
            assert fast is ErrorCode.MALFORMED_VALUE_ERROR  # a relative node id


@PROPERTIES
@given(rdfc_credential_pairs(controls=True))
def test_fast_path_equals_full_path_with_control_characters(
    pair: tuple[dict[str, Any], ...],
) -> None:
    # pyld hashes and writes these characters differently, so it is not the reference here
    for document in pair:
        assert _outcome(canonicalize, document) == _outcome(canonicalize_direct, document)


@PROPERTIES
@given(rdfc_credential_pairs(), st.randoms(use_true_random=False))
def test_key_order_does_not_matter(pair: tuple[dict[str, Any], ...], rng: random.Random) -> None:
    document = pair[0]
    assert canonicalize(_shuffled(document, rng)) == canonicalize(document)


# -- what the template cache does ---------------------------------------------------------------


def test_the_second_document_of_a_shape_is_a_cache_hit() -> None:
    clear_templates()
    canonicalize(_credential(name="First"))
    canonicalize(_credential(name="Second", id="https://badges.example/credentials/2"))
    stats = template_stats()
    assert (stats.misses, stats.hits, stats.unusable, stats.fallbacks) == (1, 1, 0, 0)
    assert stats.size == 1


def test_different_keys_types_or_numbers_are_different_shapes() -> None:
    base = document_shape(_credential())
    assert base is not None
    for changed in (
        _credential(description="x"),
        _credential(type=["VerifiableCredential", "AchievementCredential"]),
        _credential(credentialSubject={"creditsEarned": 1}),
    ):
        other = document_shape(changed)
        assert other is not None
        assert other[0] != base[0]
    one = document_shape(_credential(credentialSubject={"creditsEarned": 1}))
    true = document_shape(_credential(credentialSubject={"creditsEarned": True}))
    assert one is not None
    assert true is not None
    assert one[0] != true[0]


def test_values_are_the_leaf_strings_outside_the_shape() -> None:
    shape = document_shape(_credential())
    assert shape is not None
    assert shape[1] == [
        "https://badges.example/credentials/1",
        "Teamwork",
        "https://badges.example/issuers/1",
        "U",
    ]


def test_the_same_id_on_several_nodes_is_substituted_consistently() -> None:
    clear_templates()
    shared = "https://badges.example/things/1"
    for name in ("a", "b"):
        document = _credential(
            id=shared, name=name, credentialSubject={"id": shared, "achievement": {"id": shared}}
        )
        assert canonicalize(document) == canonicalize_reference(document)
    assert template_stats().hits == 1


def test_values_that_look_like_placeholders_take_the_full_path() -> None:
    document = _credential(name=f"{PLACEHOLDER_PREFIX}0")
    canonicalize(_credential())  # the shape's template exists
    assert canonicalize_with_template(document) is None
    assert canonicalize(document) == canonicalize_direct(document)
    assert f'"{PLACEHOLDER_PREFIX}0"'.encode() in canonicalize(document)


@pytest.mark.parametrize(
    "document",
    [
        _credential(**{"@context": [RDFC_VC_V2, RDFC_OB_V3, {"extra": "https://e.org/x"}]}),
        _credential(credentialSubject={"bytes": b"not json"}),
        _credential(credentialSubject={"ratio": float("nan")}),
        {1: "a key that is not a string"},
    ],
    ids=["inline context", "bytes", "nan", "int key"],
)
def test_documents_a_template_cannot_serve_have_no_shape(document: Any) -> None:
    assert document_shape(document) is None
    assert canonicalize_with_template(document) is None


def test_json_literals_make_a_shape_unusable() -> None:
    clear_templates()
    schema = {
        "@context": [RDFC_VC_V2],
        "id": "https://schemas.example/1",
        "type": ["VerifiableCredential", "JsonSchemaCredential"],
        "credentialSubject": {
            "id": "https://schemas.example/1#s",
            "type": "JsonSchema",
            "jsonSchema": {"title": "a title", "type": "object"},
        },
    }
    for _ in range(2):
        assert canonicalize(schema) == canonicalize_reference(schema)
    stats = template_stats()
    assert (stats.unusable, stats.misses, stats.hits) == (1, 1, 1)
    assert canonicalize_with_template(schema) is None


def test_dropped_values_make_a_shape_unusable() -> None:
    clear_templates()
    document = {"@context": [RDFC_VC_V2], "type": "VerifiableCredential", "undefined": "x"}
    assert canonicalize(document) == canonicalize_direct(document)
    assert template_stats().unusable == 1


@pytest.mark.parametrize(
    "value",
    ["_:b0", "ext:EQF", "relative", "ftp://files.example/x", "HTTP://EXAMPLE.ORG/", "tag:x"],
)
def test_values_that_are_not_plain_absolute_iris_take_the_full_path(value: str) -> None:
    clear_templates()
    canonicalize(_credential())
    document = _credential(id=value)
    assert canonicalize_with_template(document) is None
    assert template_stats().fallbacks == 1
    assert _outcome(canonicalize, document) == _outcome(canonicalize_direct, document)


@pytest.mark.parametrize(
    ("value", "substitutable"),
    [
        ("https://example.org/a/b?c=d#e", True),
        ("http://example.org/a/../b", True),
        ("urn:uuid:2f3f7c5e-6a55-4d0e-9c55-0f2a4c7d1b11", True),
        ("did:key:z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi#key-1", True),
        ("mailto:someone@example.org", True),
        ("data:image/png;base64,iVBORw0KGgo=", True),
        ("https://example.org/caf\u00e9", True),
        ("https://example.org/a b", False),
        ("https://example.org/a#b#c", False),
        ("https://example.org/%zz", False),
        ("https://example.org:80x/", False),
        ("_:b0", False),
        ("schema:name", False),
        ("tag:example.org,2024:x", False),
        ("", False),
        ("Achievement", False),
    ],
)
def test_which_iris_are_substituted(value: str, substitutable: bool) -> None:
    assert is_substitutable_iri(value) is substitutable


def test_each_document_of_a_delicate_shape_is_analysed() -> None:
    # two embedded endorsements with proofs: identical proofs need the reference labelling
    def endorsement(proof_value: str) -> dict[str, Any]:
        return {
            "@context": [RDFC_VC_V2, RDFC_OB_V3],
            "id": "https://badges.example/endorsements/1",
            "type": ["VerifiableCredential", "EndorsementCredential"],
            "issuer": "https://badges.example/issuers/2",
            "credentialSubject": {
                "id": "https://badges.example/issuers/1",
                "type": ["EndorsementSubject"],
            },
            "proof": {
                "type": "DataIntegrityProof",
                "cryptosuite": "eddsa-rdfc-2022",
                "verificationMethod": "https://badges.example/issuers/2#key",
                "proofPurpose": "assertionMethod",
                "proofValue": proof_value,
            },
        }

    clear_templates()
    for values in (("z1", "z2"), ("z3", "z3")):
        document = _credential(
            credentialSubject={
                "id": "https://learners.example/1",
                "type": ["AchievementSubject"],
                "achievement": {
                    "id": "https://badges.example/achievements/1",
                    "type": ["Achievement"],
                    "endorsement": [endorsement(value) for value in values],
                },
            }
        )
        dataset = to_dataset(document)
        assert analyse_blank_nodes(dataset, coarse=True).needs_attention
        assert analyse_blank_nodes(dataset).repeated_relations is (values[0] == values[1])
        assert canonicalize(document) == canonicalize_reference(document)
        assert canonicalize_with_template(document) is not None


def test_the_cache_is_bounded() -> None:
    clear_templates()
    for index in range(MAX_TEMPLATES + 3):
        canonicalize({"@context": [RDFC_VC_V2, EXAMPLES_V2], f"key{index}": "x"})
    assert template_stats().size == MAX_TEMPLATES


def test_canonicalization_does_not_change_the_document() -> None:
    document = _credential(name="Unchanged")
    before = copy.deepcopy(document)
    canonicalize(document)
    canonicalize(document)
    assert document == before
