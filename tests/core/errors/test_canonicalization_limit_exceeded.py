"""CANONICALIZATION_LIMIT_EXCEEDED from RDFC-1.0: poison graphs are refused, quickly."""

from __future__ import annotations

import time
from typing import Any

import pyoxigraph as ox
import pytest

from credstack.core.errors import CanonicalizationError, ErrorCode
from credstack.core.jsonld import labelling as rdfc_labelling
from credstack.core.jsonld.labelling import WORK_BUDGET, analyse_blank_nodes, canonical_lines
from credstack.core.jsonld.rdfc import (
    canonicalize,
    canonicalize_direct,
    canonicalize_reference,
    find_undefined_terms,
)

VC_V2 = "https://www.w3.org/ns/credentials/v2"
EXAMPLES_V2 = "https://www.w3.org/ns/credentials/examples/v2"


def _clique(size: int) -> dict[str, Any]:
    """JSON-LD for ``size`` blank nodes, each linked to every other one."""
    return {
        "@graph": [
            {
                "@id": f"_:b{i}",
                "http://example.org/knows": [{"@id": f"_:b{j}"} for j in range(size) if j != i],
            }
            for i in range(size)
        ]
    }


@pytest.mark.parametrize("route", [canonicalize, canonicalize_direct], ids=lambda f: f.__name__)
def test_a_clique_of_ten_blank_nodes_is_refused_quickly(route: Any) -> None:
    started = time.perf_counter()
    with pytest.raises(CanonicalizationError) as caught:
        route(_clique(10))
    assert time.perf_counter() - started < 0.5
    assert caught.value.code is ErrorCode.CANONICALIZATION_LIMIT_EXCEEDED
    assert caught.value.detail["work_budget"] == WORK_BUDGET


def test_small_cliques_are_still_canonicalized() -> None:
    assert canonicalize(_clique(3)) == canonicalize_reference(_clique(3))


def test_a_poison_graph_inside_a_credential_is_refused() -> None:
    # the blank nodes take literal values, so the fast path serves later credentials of the
    # shape; the coarse analysis of the template makes each of them analysed again
    def credential(name: str) -> dict[str, Any]:
        nodes = [
            {
                "@id": f"_:p{i}",
                "name": name,
                "knows": [{"@id": f"_:p{j}"} for j in range(8) if j != i],
            }
            for i in range(8)
        ]
        return {"@context": [VC_V2, EXAMPLES_V2], "type": "VerifiableCredential", "@graph": nodes}

    for name in ("first", "second"):
        started = time.perf_counter()
        with pytest.raises(CanonicalizationError) as caught:
            canonicalize(credential(name))
        assert time.perf_counter() - started < 0.5
        assert caught.value.code is ErrorCode.CANONICALIZATION_LIMIT_EXCEEDED


def test_a_long_chain_of_identical_blank_nodes_is_refused() -> None:
    text = "".join(f"_:n{i} <http://example.org/next> _:n{i + 1} .\n" for i in range(300))
    dataset = ox.Dataset(ox.parse(text, ox.RdfFormat.N_QUADS))
    assert analyse_blank_nodes(dataset).work > WORK_BUDGET
    with pytest.raises(CanonicalizationError) as caught:
        canonical_lines(dataset)
    assert caught.value.code is ErrorCode.CANONICALIZATION_LIMIT_EXCEEDED


def test_the_estimate_itself_gives_up_after_its_step_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rdfc_labelling, "MAX_ESTIMATE_STEPS", 3)
    text = "".join(f"_:n{i} <http://example.org/next> _:n{i + 1} .\n" for i in range(10))
    assert analyse_blank_nodes(ox.parse(text, ox.RdfFormat.N_QUADS)).work == WORK_BUDGET + 1


@pytest.mark.parametrize(
    "route",
    [canonicalize, canonicalize_direct, canonicalize_reference, find_undefined_terms],
    ids=lambda f: f.__name__,
)
def test_documents_nested_beyond_the_recursion_limit_are_refused(route: Any) -> None:
    nested: dict[str, Any] = {"name": "leaf"}
    for _ in range(5000):
        nested = {"credentialSubject": nested}
    document = {"@context": [VC_V2], "type": "VerifiableCredential", "credentialSubject": nested}
    with pytest.raises(CanonicalizationError) as caught:
        route(document)
    assert caught.value.code is ErrorCode.CANONICALIZATION_LIMIT_EXCEEDED
