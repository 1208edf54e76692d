"""RDFC-1.0: vectors, samples, escaping, JSON-LD choices, labelling, undefined terms."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from pyld import jsonld

from credstack.core.crypto.keys import Ed25519KeyPair
from credstack.core.errors import CanonicalizationError, ErrorCode
from credstack.core.jsonld.labelling import (
    WORK_BUDGET,
    analyse_blank_nodes,
    canonical_lines,
)
from credstack.core.jsonld.rdfc import (
    canonicalize,
    canonicalize_direct,
    canonicalize_reference,
    find_undefined_terms,
)
from credstack.core.jsonld.to_rdf import to_dataset
from credstack.core.proofs.data_integrity import ProofOptions, add_proof
from credstack.core.proofs.eddsa_rdfc_2022 import EDDSA_RDFC_2022

TESTS = Path(__file__).resolve().parents[1]
VECTORS = TESTS / "vectors" / "test-vectors"
SAMPLES = TESTS / "vectors" / "samples"
VC_V2 = "https://www.w3.org/ns/credentials/v2"
VC_V1 = "https://www.w3.org/2018/credentials/v1"
EXAMPLES_V2 = "https://www.w3.org/ns/credentials/examples/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
UNDEFINED_TERMS_V2 = "https://www.w3.org/ns/credentials/undefined-terms/v2"
ROUTES = pytest.mark.parametrize(
    "route", [canonicalize, canonicalize_direct, canonicalize_reference], ids=lambda f: f.__name__
)


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _without_proof(document: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in document.items() if key != "proof"}


def _samples() -> list[Path]:
    """Every JSON sample whose contexts are all bundled."""
    unbundled = {
        "clr-v2p0/1edtech-validator/simple-noproof.json",  # draft dc.imsglobal.org context
        "ob-v3p0/third-party/edubadges-microcredential-full.json",  # extension not bundled
    }
    return sorted(
        path
        for folder in ("ob-v3p0", "clr-v2p0")
        for path in (SAMPLES / folder).rglob("*.json")
        if str(path.relative_to(SAMPLES)) not in unbundled
    )


def _doc(**members: Any) -> dict[str, Any]:
    return {
        "@context": [VC_V2, EXAMPLES_V2],
        "id": "urn:uuid:00000000-0000-4000-8000-000000000001",
        "type": ["VerifiableCredential"],
        **members,
    }


# -- vectors --------------------------------------------------------------------------------------

VECTOR_CASES = [
    ("w3c-vc-di-eddsa/unsigned.json", "w3c-vc-di-eddsa/eddsa-rdfc-2022/canonDocDataInt.txt"),
    (
        "w3c-vc-di-eddsa/eddsa-rdfc-2022/proofConfigDataInt.json",
        "w3c-vc-di-eddsa/eddsa-rdfc-2022/proofCanonDataInt.txt",
    ),
    (
        "w3c-vc-di-eddsa/Ed25519Signature2020/proofConfigEdSig.json",
        "w3c-vc-di-eddsa/Ed25519Signature2020/proofCanonEdSig.txt",
    ),
    (
        "1edtech-ob-v3p0-eddsa-rdfc-2022/unsigned.json",
        "1edtech-ob-v3p0-eddsa-rdfc-2022/document-canon.nq",
    ),
    (
        "1edtech-ob-v3p0-eddsa-rdfc-2022/proof-config.json",
        "1edtech-ob-v3p0-eddsa-rdfc-2022/proof-canon.nq",
    ),
    (
        "1edtech-clr-v2p0-eddsa-rdfc-2022/unsigned.json",
        "1edtech-clr-v2p0-eddsa-rdfc-2022/document-canon.nq",
    ),
    (
        "1edtech-clr-v2p0-eddsa-rdfc-2022/proof-config.json",
        "1edtech-clr-v2p0-eddsa-rdfc-2022/proof-canon.nq",
    ),
]


@ROUTES
@pytest.mark.parametrize(("document", "expected"), VECTOR_CASES, ids=lambda p: str(p))
def test_canonical_n_quads_equal_the_vector_files(route: Any, document: str, expected: str) -> None:
    canonical = route(_json(VECTORS / document))
    assert canonical == (VECTORS / expected).read_bytes()
    assert canonical.endswith(b" .\n")


@pytest.mark.parametrize("path", _samples(), ids=lambda p: str(p.relative_to(SAMPLES)))
def test_every_sample_canonicalizes_identically_on_all_routes(path: Path) -> None:
    document = _without_proof(_json(path))
    fast = canonicalize(document)
    assert fast == canonicalize(document)  # again, from the template cache
    assert fast == canonicalize_direct(document)
    assert fast == canonicalize_reference(document)


@pytest.mark.parametrize("path", _samples(), ids=lambda p: str(p.relative_to(SAMPLES)))
def test_no_sample_comes_near_the_work_limit(path: Path) -> None:
    analysis = analyse_blank_nodes(to_dataset(_without_proof(_json(path))))
    assert analysis.work <= WORK_BUDGET // 100


# -- canonical N-Quads escaping -------------------------------------------------------------------


def test_literals_use_the_canonical_escapes() -> None:
    canonical = canonicalize(_doc(name='q"b\\t\tn\nr\rB\bF\fN\x00U\x1fD\x7f e\u0301 \U0001f393'))
    line = next(line for line in canonical.split(b"\n") if b"schema.org/name" in line)
    expected = '"q\\"b\\\\t\\tn\\nr\\rB\\bF\\fN\\u0000U\\u001FD\\u007F e\u0301 \U0001f393"'
    assert expected.encode() in line


def test_pyld_writes_control_characters_raw_which_is_not_canonical() -> None:
    document = _doc(name="B\bF\fN\x00")
    assert b"B\\bF\\fN\\u0000" in canonicalize(document)
    assert b"B\bF\fN\x00" in canonicalize_reference(document)


def test_lines_are_split_on_newline_only() -> None:
    # U+2028 and U+0085 are line breaks to str.splitlines, not to N-Quads
    canonical = canonicalize(_doc(name="a\u2028b\x85c"))
    assert canonical == canonicalize_reference(_doc(name="a\u2028b\x85c"))
    assert canonical.count(b"\n") == 2  # the type and the name


# -- JSON-LD choices ------------------------------------------------------------------------------


def test_direction_becomes_an_i18n_datatype_like_the_digital_bazaar_suite() -> None:
    with_language = _doc(name={"@value": "x", "@language": "AR-eg", "@direction": "rtl"})
    without_language = _doc(name={"@value": "y", "@direction": "ltr"})
    assert b'"x"^^<https://www.w3.org/ns/i18n#ar-eg_rtl>' in canonicalize(with_language)
    assert b'"y"^^<https://www.w3.org/ns/i18n#_ltr>' in canonicalize(without_language)
    for document in (with_language, without_language):
        assert canonicalize(document) == canonicalize_reference(document)
        assert canonicalize(document) == canonicalize_direct(document)


def test_language_tags_are_lower_cased() -> None:
    assert b'"x"@en-us' in canonicalize(_doc(name={"@value": "x", "@language": "EN-US"}))


def test_types_no_context_defines_are_dropped_as_pyld_drops_them() -> None:
    document = {"@context": [VC_V1], "id": "urn:x:1", "type": ["VerifiableCredential", "Nope"]}
    canonical = canonicalize(document)
    assert b"Nope" not in canonical
    assert canonical == canonicalize_reference(document)


def test_keyword_like_ids_make_blank_nodes() -> None:
    document = _doc(credentialSubject={"id": "@notakeyword", "name": "x"})
    assert b"_:c14n" in canonicalize(document)
    assert canonicalize(document) == canonicalize_direct(document)


def test_invalid_absolute_iris_are_refused_where_pyld_keeps_them() -> None:
    # pyoxigraph would drop the triple; refusing keeps everything inside the signature
    document = _doc(issuer="http://example.org/a#b#c")
    with pytest.raises(CanonicalizationError) as caught:
        canonicalize(document)
    assert caught.value.code is ErrorCode.MALFORMED_VALUE_ERROR
    assert b"a#b#c" in canonicalize_reference(document)


def test_numbers_are_typed_like_json_ld_says() -> None:
    canonical = canonicalize(_doc(credentialSubject={"id": "urn:s", "a": 2.5, "b": 10, "c": True}))
    assert b'"2.5E0"^^<http://www.w3.org/2001/XMLSchema#double>' in canonical
    assert b'"10"^^<http://www.w3.org/2001/XMLSchema#integer>' in canonical
    assert b'"true"^^<http://www.w3.org/2001/XMLSchema#boolean>' in canonical


# -- labelling ------------------------------------------------------------------------------------


def _pyld_labels(nquads: str) -> bytes:
    options = {"algorithm": "URDNA2015", "inputFormat": "application/n-quads"}
    return str(jsonld.normalize(nquads, {**options, "format": "application/n-quads"})).encode()


def _labelled(nquads: str) -> bytes:
    lines = canonical_lines(ox.Dataset(ox.parse(nquads, ox.RdfFormat.N_QUADS)))
    return "".join(f"{line}\n" for line in sorted(lines)).encode()


REPEATED_RELATIONS = (
    "<http://example.org/e> <http://example.org/proof> _:g1 .\n"
    '_:n1 <http://example.org/p> "v0"@en _:g1 .\n'
    '_:n1 <http://example.org/q> "1"^^<http://www.w3.org/2001/XMLSchema#integer> _:g1 .\n'
    '_:n2 <http://example.org/p> "v0"@en _:g2 .\n'
    '_:n2 <http://example.org/q> "1"^^<http://www.w3.org/2001/XMLSchema#integer> _:g2 .\n'
    "_:n3 <http://example.org/in> <http://example.org/x> <http://example.org/graph> .\n"
)


def test_graphs_pyoxigraph_labels_differently_are_labelled_as_the_reference_does() -> None:
    dataset = ox.Dataset(ox.parse(REPEATED_RELATIONS, ox.RdfFormat.N_QUADS))
    assert analyse_blank_nodes(dataset).repeated_relations
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    own = "".join(f"{line}\n" for line in sorted(str(dataset).split("\n")[:-1])).encode()
    assert own != _pyld_labels(REPEATED_RELATIONS)  # pyoxigraph 0.5.13 on its own
    assert _labelled(REPEATED_RELATIONS) == _pyld_labels(REPEATED_RELATIONS)


def test_identical_embedded_proofs_are_labelled_as_the_reference_does() -> None:
    # the 1EdTech sample embeds the same endorsement, with its proof, several times
    document = _without_proof(_json(SAMPLES / "ob-v3p0/1edtech-validator/complete.json"))
    assert analyse_blank_nodes(to_dataset(document)).repeated_relations
    assert canonicalize(document) == canonicalize_reference(document)


LINE_SEPARATORS = ["a\u0085b", "c\u2028d", "e\u2029f"]


def test_line_separators_in_a_graph_the_reference_labels() -> None:
    # pyld parsed its own N-Quads back with str.splitlines and failed on these characters
    document = _without_proof(_json(SAMPLES / "ob-v3p0/1edtech-validator/complete.json"))
    document["credentialSubject"]["achievement"]["tag"] = LINE_SEPARATORS
    assert analyse_blank_nodes(to_dataset(document)).repeated_relations
    canonical = canonicalize(document)
    assert canonical == canonicalize_direct(document) == canonicalize_reference(document)
    for tag in LINE_SEPARATORS:
        assert sum(tag.encode() in line for line in canonical.split(b"\n")) == 1


def test_a_document_with_line_separators_and_identical_proofs_signs_and_verifies() -> None:
    document = _without_proof(_json(SAMPLES / "ob-v3p0/1edtech-validator/complete.json"))
    document["credentialSubject"]["achievement"]["tag"] = LINE_SEPARATORS
    key = Ed25519KeyPair.generate(bytes(32))
    options = ProofOptions(
        verification_method="did:example:issuer#key", created="2025-01-01T00:00:00Z"
    )
    proof = EDDSA_RDFC_2022.create_proof(document, options, key)
    EDDSA_RDFC_2022.verify_proof(add_proof(document, proof), proof, key.public_key)


# the same quads as REPEATED_RELATIONS, with blank nodes that refer to themselves; the expected
# labels are rdf-canonize's (jsonld.js), which pyld 3.3 misses: it counts a self-referencing
# quad twice in the blank node's first-degree hash
SELF_REFERENCES = (
    "<http://example.org/e> <http://example.org/proof> _:g1 .\n"
    '_:n1 <http://example.org/p> "v0"@en _:g1 .\n'
    "_:n1 <http://example.org/self> _:n1 _:g1 .\n"
    '_:n1 <http://example.org/q> "1"^^<http://www.w3.org/2001/XMLSchema#integer> _:g1 .\n'
    '_:n2 <http://example.org/p> "v0"@en _:g2 .\n'
    "_:n2 <http://example.org/self> _:n2 _:g2 .\n"
    '_:n2 <http://example.org/q> "1"^^<http://www.w3.org/2001/XMLSchema#integer> _:g2 .\n'
    "_:n3 <http://example.org/in> <http://example.org/x> <http://example.org/graph> .\n"
    "_:n3 <http://example.org/loop> _:n3 .\n"
    "_:n4 <http://example.org/in> <http://example.org/x> <http://example.org/graph> .\n"
)
SELF_REFERENCES_BY_RDF_CANONIZE = (
    b"<http://example.org/e> <http://example.org/proof> _:c14n0 .\n"
    b"_:c14n2 <http://example.org/in> <http://example.org/x> <http://example.org/graph> .\n"
    b"_:c14n2 <http://example.org/loop> _:c14n2 .\n"
    b"_:c14n3 <http://example.org/in> <http://example.org/x> <http://example.org/graph> .\n"
    b'_:c14n4 <http://example.org/p> "v0"@en _:c14n0 .\n'
    b'_:c14n4 <http://example.org/q> "1"^^<http://www.w3.org/2001/XMLSchema#integer> _:c14n0 .\n'
    b"_:c14n4 <http://example.org/self> _:c14n4 _:c14n0 .\n"
    b'_:c14n5 <http://example.org/p> "v0"@en _:c14n1 .\n'
    b'_:c14n5 <http://example.org/q> "1"^^<http://www.w3.org/2001/XMLSchema#integer> _:c14n1 .\n'
    b"_:c14n5 <http://example.org/self> _:c14n5 _:c14n1 .\n"
)


def test_self_references_are_labelled_as_rdf_canonize_labels_them() -> None:
    dataset = ox.Dataset(ox.parse(SELF_REFERENCES, ox.RdfFormat.N_QUADS))
    assert analyse_blank_nodes(dataset).repeated_relations  # so pyld's labelling is used
    assert _labelled(SELF_REFERENCES) == SELF_REFERENCES_BY_RDF_CANONIZE
    assert _pyld_labels(SELF_REFERENCES) != SELF_REFERENCES_BY_RDF_CANONIZE  # pyld 3.3 alone


def test_a_node_that_is_its_own_criteria_canonicalizes_alike_on_all_routes() -> None:
    document = {
        "@context": [VC_V2, OB_V3],
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": "https://example.org/issuer",
        "credentialSubject": {
            "id": "https://example.org/learner",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "_:b0",
                "type": ["Achievement"],
                "name": "",
                "criteria": {"id": "_:b0", "narrative": ""},
                "resultDescription": [{"id": "https://example.org/r", "allowedValue": [""]}],
            },
        },
    }
    canonical = canonicalize(document)
    assert canonical == canonicalize_direct(document) == canonicalize_reference(document)
    assert b"#Criteria> _:c14n" in canonical


def test_graphs_without_repeated_relations_are_labelled_by_pyoxigraph() -> None:
    nquads = "_:a <http://example.org/p> _:b .\n_:b <http://example.org/p> _:a .\n"
    assert not analyse_blank_nodes(ox.parse(nquads, ox.RdfFormat.N_QUADS)).repeated_relations
    assert _labelled(nquads) == _pyld_labels(nquads)


def test_a_clique_of_ten_blank_nodes_is_refused_in_well_under_a_second() -> None:
    nodes = [
        {"@id": f"_:b{i}", "http://example.org/knows": [{"@id": f"_:b{j}"} for j in range(10)]}
        for i in range(10)
    ]
    started = time.perf_counter()
    with pytest.raises(CanonicalizationError) as caught:
        canonicalize({"@graph": nodes})
    assert time.perf_counter() - started < 0.5
    assert caught.value.code is ErrorCode.CANONICALIZATION_LIMIT_EXCEEDED


def test_the_work_bound_grows_with_the_symmetry_of_the_graph() -> None:
    def clique(size: int) -> list[ox.Quad]:
        text = "".join(
            f"_:b{i} <http://example.org/p> _:b{j} .\n"
            for i in range(size)
            for j in range(size)
            if i != j
        )
        return list(ox.parse(text, ox.RdfFormat.N_QUADS))

    bounds = [analyse_blank_nodes(clique(size)).work for size in (2, 3, 4)]
    assert bounds == sorted(bounds)
    assert bounds[-1] <= WORK_BUDGET < analyse_blank_nodes(clique(6)).work


def test_coarse_analysis_is_never_below_the_precise_one() -> None:
    nquads = (
        '_:a <http://example.org/p> "x" .\n_:b <http://example.org/p> "y" .\n'
        "_:a <http://example.org/q> _:b .\n_:b <http://example.org/q> _:a .\n"
    )
    quads = list(ox.parse(nquads, ox.RdfFormat.N_QUADS))
    assert analyse_blank_nodes(quads).work == 0  # "x" and "y" tell a and b apart
    assert analyse_blank_nodes(quads, coarse=True).work > 0


# -- undefined terms ------------------------------------------------------------------------------


def test_vectors_define_every_term() -> None:
    assert (
        find_undefined_terms(_json(VECTORS / "1edtech-ob-v3p0-eddsa-rdfc-2022/unsigned.json")) == []
    )


def test_terms_dropped_under_vc2_are_found() -> None:
    document = {
        "@context": [VC_V2, OB_V3],
        "type": ["VerifiableCredential", "OpenBadgeCredential", "MadeUpType"],
        "madeUpKey": "x",
        "credentialSubject": {"id": "urn:s", "nestedKey": {"deeper": 1}},
    }
    assert find_undefined_terms(document) == ["MadeUpType", "deeper", "madeUpKey", "nestedKey"]
    assert find_undefined_terms(document) == ["MadeUpType", "deeper", "madeUpKey", "nestedKey"]


def test_terms_caught_by_the_undefined_terms_vocabulary_are_found() -> None:
    document = {"@context": [VC_V2, UNDEFINED_TERMS_V2], "type": "VerifiableCredential", "x": 1}
    assert b"undefined-term#x" in canonicalize(document)
    assert find_undefined_terms(document) == ["x"]


def test_terms_dropped_under_vc11_are_found() -> None:
    document = _json(SAMPLES / "ob-v3p0/1edtech-validator/complete_v1.json")
    assert find_undefined_terms(document) == [
        "1EdTechCredentialRefresh",
        "1EdTechJsonSchemaValidator2019",
        "1EdTechRevocationList",
    ]


def test_a_vocabulary_set_by_the_document_counts_as_a_definition() -> None:
    document = {"@context": [VC_V2, EXAMPLES_V2], "type": "VerifiableCredential", "alumniOf": "x"}
    assert find_undefined_terms(document) == []
