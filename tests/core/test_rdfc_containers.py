"""Graph containers: what aborted pyoxigraph's process is refused before it gets there.

Every document that reaches pyoxigraph here does so in a child process (``tests/isolated.py``):
if the guard ever lets a crashing shape through, the test that sent it fails and names it,
instead of the whole test run dying.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from credstack.core.errors import CanonicalizationError, ErrorCode
from credstack.core.jsonld.containers import check_graph_containers
from tests.isolated import canonicalize_isolated, verify_isolated

VC_V1 = "https://www.w3.org/2018/credentials/v1"
VC_V2 = "https://www.w3.org/ns/credentials/v2"
REFUSED = ["MALFORMED_VALUE_ERROR"] * 3
ACCEPTED = ["ok"] * 3
KNOWN_CODES = {"ok", *(str(code) for code in ErrorCode)}


def _credential(**members: Any) -> dict[str, Any]:
    return {
        "@context": [VC_V2],
        "type": ["VerifiableCredential"],
        "issuer": "did:example:issuer",
        "credentialSubject": {"id": "did:example:subject"},
        **members,
    }


def _with_context(definitions: dict[str, Any], **members: Any) -> dict[str, Any]:
    return _credential(**{"@context": [VC_V2, definitions], **members})


GRAPH_INDEX = {"gi": {"@id": "https://example.org/gi", "@container": ["@graph", "@index"]}}
GRAPH_ID = {"gd": {"@id": "https://example.org/gd", "@container": ["@graph", "@id"]}}
SCOPED = {
    "Thing": {
        "@id": "https://example.org/Thing",
        "@context": {"inner": {"@id": "https://example.org/inner", "@container": "@graph"}},
    }
}

CRASHERS = {
    "proof-list-null": _credential(proof={"@list": None}),
    "proof-set-null": _credential(proof={"@set": None}),
    "proof-set-empty": _credential(proof={"@set": []}),
    "proof-list-in-array": _credential(proof=[{"type": "DataIntegrityProof"}, {"@list": [1]}]),
    "proof-set-in-nested-arrays": _credential(proof=[[{"@set": {}}]]),
    "proof-indexed-list": _credential(proof={"@index": "a", "@list": []}),
    "vc11-proof": {**_credential(proof={"@list": [{"type": "X"}]}), "@context": [VC_V1]},
    "presentation": {
        "@context": [VC_V2],
        "type": ["VerifiablePresentation"],
        "verifiableCredential": {"@set": [_credential()]},
    },
    "graph-index-map": _with_context(GRAPH_INDEX, gi={"key": {"@list": []}}),
    "graph-index-map-keyword-key": _with_context(GRAPH_INDEX, gi={"@none": [{"@set": "x"}]}),
    "graph-id-map": _with_context(GRAPH_ID, gd={"https://example.org/g": {"@set": [1]}}),
    "list-alias": _with_context({"L": "@list"}, proof={"L": []}),
    "set-alias": _with_context({"S": {"@id": "@set"}}, proof={"S": []}),
    "scoped-context-term": _with_context(
        SCOPED, credentialSubject={"type": "Thing", "inner": {"@set": []}}
    ),
}


def test_documents_that_aborted_pyoxigraph_are_refused_on_every_route() -> None:
    outcomes = canonicalize_isolated(list(CRASHERS.values()))
    assert dict(zip(CRASHERS, outcomes, strict=True)) == dict.fromkeys(CRASHERS, REFUSED)


def test_verification_of_such_documents_reports_instead_of_crashing() -> None:
    # the reported reproduction: `credstack verify -` aborted with exit status 134
    reports = verify_isolated([CRASHERS["proof-list-null"], CRASHERS["proof-set-null"]])
    for report, keyword in zip(reports, ["@list", "@set"], strict=True):
        assert report["verified"] is False
        terms = next(check for check in report["checks"] if check["id"] == "terms")
        assert terms["code"] == "MALFORMED_VALUE_ERROR"
        assert f"'proof' holds graphs, and a '{keyword}' object" in terms["message"]
        assert all("could not be verified" not in c["message"] for c in report["checks"])


ELSEWHERE = {
    "not-a-graph-container": _credential(
        evidence={"id": "https://example.org/e", "narrative": {"@list": ["a"]}}
    ),
    "inside-a-proof-node": _credential(
        proof={"type": "DataIntegrityProof", "previousProof": {"@list": []}}
    ),
    "inside-a-graph-object": _credential(proof={"@graph": {"@list": [1]}}),
}


def test_lists_elsewhere_are_not_refused() -> None:
    for document in ELSEWHERE.values():
        check_graph_containers(document)  # no error
    outcomes = canonicalize_isolated(list(ELSEWHERE.values()))
    assert dict(zip(ELSEWHERE, outcomes, strict=True)) == dict.fromkeys(ELSEWHERE, ACCEPTED)


def test_the_refusal_names_the_term_and_the_keyword() -> None:
    with pytest.raises(CanonicalizationError) as caught:
        check_graph_containers(CRASHERS["graph-index-map"])
    assert caught.value.code is ErrorCode.MALFORMED_VALUE_ERROR
    assert caught.value.message.startswith("'gi' holds graphs, and a '@list' object")
    assert caught.value.to_dict()["term"] == "gi"


def test_odd_context_definitions_do_not_break_the_check() -> None:
    definitions = {"odd": {"@container": {"not": "a keyword"}}, "odder": {"@container": [7]}}
    check_graph_containers(_with_context(definitions, odd={"@list": []}))  # no error


# -- fuzzing: JSON-LD keyword structures under every kind of container ---------------------------

_CONTAINERS: dict[str, Any] = {
    "l": "@list",
    "s": "@set",
    "g": "@graph",
    "gi": ["@graph", "@index"],
    "gd": ["@graph", "@id"],
    "gs": ["@graph", "@set"],
    "i": "@index",
    "lang": "@language",
    "ids": "@id",
    "types": "@type",
}
_KEYS = [
    "@list", "@set", "@graph", "@value", "@id", "@type", "@language", "@index", "@included",
    "@reverse", "@nest", "proof", "verifiableCredential", "name", *_CONTAINERS,
]  # fmt: skip
_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers(-2, 2)
    | st.just(1.5)
    | st.sampled_from(["did:example:x", "en", "_:b0", "@id", "https://example.org/x", "x"])
)
_VALUES = st.recursive(
    _LEAVES,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(_KEYS), inner, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def _keyword_documents(draw: st.DrawFn) -> dict[str, Any]:
    definitions: dict[str, Any] = {
        term: {"@id": f"https://example.org/{term}", "@container": container}
        for term, container in _CONTAINERS.items()
    }
    if draw(st.booleans()):
        definitions["@vocab"] = "https://example.org/vocab#"
    members = draw(st.dictionaries(st.sampled_from(_KEYS), _VALUES, min_size=1, max_size=3))
    return _with_context(definitions, **members)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_keyword_documents(), min_size=40, max_size=40))
def test_no_keyword_structure_aborts_the_process(documents: list[dict[str, Any]]) -> None:
    for outcomes in canonicalize_isolated(documents):
        assert set(outcomes) <= KNOWN_CODES
