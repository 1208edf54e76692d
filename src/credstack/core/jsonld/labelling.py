"""RDFC-1.0 blank-node labelling of an RDF dataset, bounded in time.

:func:`canonical_lines` relabels the blank nodes of a dataset canonically and returns its
N-Quads lines. Before any labelling it looks at the blank nodes (:func:`analyse_blank_nodes`):

**Work limit.** RDFC-1.0 is cheap for almost every graph but exponential for a few (a clique of
ten blank nodes takes hours), and pyoxigraph's ``Dataset.canonicalize`` has no limit option and
cannot be interrupted. So we compute, in bounded time, an *upper bound* of the work and refuse
the graph (``CANONICALIZATION_LIMIT_EXCEEDED``) when it exceeds :data:`WORK_BUDGET`. Blank nodes
with a unique first-degree hash are labelled at once; only blank nodes sharing a first-degree
hash go through Hash N-Degree Quads, which tries every permutation of each group of related
blank nodes with the same related hash and recurses into the related nodes not yet labelled.
The bound mirrors that while ignoring all pruning, so it can only over-estimate:

* first-degree classes are computed exactly (in *coarse* mode every IRI and every literal counts
  as equal, which merges more nodes and so raises the bound);
* related nodes are grouped by position, predicate and first-degree class, never finer than the
  related hash;
* ``cost(n) = perms(n) × (degree(n) + labelled + Σ cost(r))`` over the unlabelled related nodes
  ``r``, where ``perms(n)`` is the product of the factorials of the group sizes and ``labelled``
  the labels each permutation copies; each recursion counts as labelled everything ``n`` is
  related to (the fewest labels any permutation order gives).

The estimate stops after :data:`MAX_ESTIMATE_STEPS` evaluations, so the check itself stays in
the millisecond range on hostile input. Real credentials have few blank nodes that share a
first-degree hash and none densely linked to each other; the bound of every bundled vector and
sample is far below the budget (``tests/core/test_rdfc.py`` pins that).

**Which implementation labels.** pyoxigraph 0.5.13 keeps the related blank nodes of Hash
N-Degree Quads in a *set*, where RDFC-1.0 and its reference implementations keep a *list*: when
a blank node that shares its first-degree hash meets the same related blank node twice in the
same position (typically a proof node in a blank proof graph, with identical proofs embedded
twice) its labels differ from rdf-canonize and pyld. For those graphs the labels come from
pyld's implementation instead; the quads are still written by pyoxigraph, whose N-Quads escaping
is the canonical one. pyld hashes literals exactly as canonical N-Quads write them, line
separators such as U+2028 included, except for the C0 control characters and DEL it leaves
unescaped: a graph that needs pyld's labelling and contains those is refused. pyld 3.3 also
lists a quad twice for a blank node that occurs in it twice (``_:a <p> _:a``), where RDFC-1.0
and rdf-canonize list it once, which changes that node's hashes: :class:`PyldRdfc10` is pyld's
implementation with that one difference corrected.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from pyld.canon import URDNA2015

from credstack.core.errors import CanonicalizationError, ErrorCode

WORK_BUDGET = 200_000
"""Largest accepted bound, in related-node visits (pyoxigraph does millions per second)."""

MAX_ESTIMATE_STEPS = 5_000
"""Largest number of recursive evaluations the estimate may take before it gives up."""

_POSITIONS = ("s", "o", "g")
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
# pyld hashes N-Quads with its own escaping, which differs from the canonical one only for these
_NOT_PYLD_SAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class BlankNodeAnalysis:
    """What the blank nodes of a dataset demand of RDFC-1.0.

    ``work`` is the upper bound of the Hash N-Degree Quads work (``WORK_BUDGET + 1`` when above
    the budget); ``repeated_relations`` is true when a blank node that shares its first-degree
    hash meets the same related blank node twice in one position.
    """

    work: int
    repeated_relations: bool

    @property
    def needs_attention(self) -> bool:
        """True when the dataset is over budget or must be labelled by pyld."""
        return self.work > WORK_BUDGET or self.repeated_relations


@dataclass(frozen=True, slots=True)
class _Graph:
    related: dict[str, list[tuple[str, str, str]]]  # node -> [(position, predicate, other)]
    classes: dict[str, int]  # node -> first-degree class number
    class_sizes: dict[int, int]

    def is_shared(self, node: str) -> bool:
        return self.class_sizes[self.classes[node]] > 1


class _TooMuchWorkError(Exception):
    pass


class PyldRdfc10(URDNA2015):  # type: ignore[misc]  # pyld has no type information
    """pyld's URDNA2015 with RDFC-1.0's blank node to quads map (see the module docstring).

    ``main(dataset, {"format": "application/n-quads"})`` returns the canonical N-Quads of a pyld
    dataset; ``canonical_issuer`` then holds the labels.
    """

    def hash_first_degree_quads(self, id_: str) -> str:
        self._list_each_quad_once(id_)
        result: str = super().hash_first_degree_quads(id_)
        return result

    def create_hash_to_related(self, id_: str, issuer: Any) -> Any:
        self._list_each_quad_once(id_)
        return super().create_hash_to_related(id_, issuer)

    def _list_each_quad_once(self, id_: str) -> None:
        info = self.blank_node_info[id_]
        if "listed_once" not in info:
            info["quads"] = list({id(quad): quad for quad in info["quads"]}.values())
            info["listed_once"] = True


def canonical_lines(dataset: ox.Dataset, *, analyse: bool = True) -> list[str]:
    """The canonically labelled N-Quads lines of ``dataset`` (unsorted, without newlines).

    With ``analyse=False`` the caller vouches that the dataset needs neither the work limit nor
    pyld's labelling (a shape template whose coarse analysis showed that).
    """
    if analyse:
        analysis = analyse_blank_nodes(dataset)
        if analysis.work > WORK_BUDGET:
            raise CanonicalizationError(
                "the document's blank nodes are linked in a way that would make RDFC-1.0 "
                "canonicalization take too long; refusing it",
                code=ErrorCode.CANONICALIZATION_LIMIT_EXCEEDED,
                work_budget=WORK_BUDGET,
            )
        if analysis.repeated_relations:
            dataset = _labelled_by_pyld(dataset)
        else:
            dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    else:
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    lines = str(dataset).split("\n")
    lines.pop()
    return lines


def analyse_blank_nodes(quads: Iterable[ox.Quad], *, coarse: bool = False) -> BlankNodeAnalysis:
    """The :class:`BlankNodeAnalysis` of ``quads``.

    ``coarse`` treats every IRI and every literal as equal: the result then holds for every
    dataset obtained by replacing IRIs and literals in ``quads`` with others (shape templates
    rely on that).
    """
    graph = _blank_node_graph(quads, coarse)
    shared = [node for node in graph.classes if graph.is_shared(node)]
    repeated = False
    for node in shared:
        relations = [
            (position, "" if position == "g" else predicate, other)
            for position, predicate, other in graph.related.get(node, [])
        ]
        if len(relations) != len(set(relations)):
            repeated = True
            break
    return BlankNodeAnalysis(work=_work_bound(graph, shared), repeated_relations=repeated)


def _work_bound(graph: _Graph, shared: list[str]) -> int:
    steps = [0]
    total = 0
    try:
        for node in shared:
            total += _cost(graph, node, frozenset((node,)), steps)
            if total > WORK_BUDGET:
                raise _TooMuchWorkError
    except _TooMuchWorkError:
        return WORK_BUDGET + 1
    return total


def _cost(graph: _Graph, node: str, labelled: frozenset[str], steps: list[int]) -> int:
    steps[0] += 1
    if steps[0] > MAX_ESTIMATE_STEPS:
        raise _TooMuchWorkError
    related = graph.related.get(node, [])
    groups: dict[tuple[str, str, object], int] = {}
    for position, predicate, other in related:
        # a uniquely hashed node has its own canonical label: it is a group of its own
        key = (position, predicate, graph.classes[other] if graph.is_shared(other) else other)
        groups[key] = groups.get(key, 0) + 1
    permutations = 1
    for size in groups.values():
        permutations *= math.factorial(size)
        if permutations > WORK_BUDGET:
            raise _TooMuchWorkError
    pending = sorted(
        {other for _, _, other in related if other not in labelled and graph.is_shared(other)}
    )
    below = 0
    if pending:
        now_labelled = labelled | {other for _, _, other in related}
        for other in pending:
            below += _cost(graph, other, now_labelled, steps)
            if below > WORK_BUDGET:
                raise _TooMuchWorkError
    # each permutation walks the related nodes and copies the labels issued so far
    cost = permutations * (len(related) + len(labelled) + below)
    if cost > WORK_BUDGET:
        raise _TooMuchWorkError
    return cost


def _blank_node_graph(quads: Iterable[ox.Quad], coarse: bool) -> _Graph:
    lines: dict[str, list[tuple[str, ...]]] = {}
    related: dict[str, list[tuple[str, str, str]]] = {}
    for quad in quads:
        components = (quad.subject, quad.object, quad.graph_name)
        blanks = [
            (position, term.value)
            for position, term in zip(_POSITIONS, components, strict=True)
            if isinstance(term, ox.BlankNode)
        ]
        if not blanks:
            continue
        predicate = quad.predicate.value
        keys = [_term_key(term, coarse) for term in components]
        for _, node in blanks:
            # the first-degree view of the quad: this node is "a", every other blank node "z"
            line = tuple(
                ("a" if key == node else "z") if isinstance(term, ox.BlankNode) else key
                for term, key in zip(components, keys, strict=True)
            )
            lines.setdefault(node, []).append((predicate, *line))
            for position, other in blanks:
                if other != node:
                    related.setdefault(node, []).append((position, predicate, other))
    signatures: dict[tuple[tuple[str, ...], ...], int] = {}
    classes: dict[str, int] = {}
    for node, node_lines in lines.items():
        classes[node] = signatures.setdefault(tuple(sorted(node_lines)), len(signatures))
    class_sizes: dict[int, int] = {}
    for number in classes.values():
        class_sizes[number] = class_sizes.get(number, 0) + 1
    return _Graph(related=related, classes=classes, class_sizes=class_sizes)


def _term_key(term: object, coarse: bool) -> str:
    if isinstance(term, ox.BlankNode):
        return term.value
    if isinstance(term, ox.DefaultGraph):
        return ""
    if coarse:
        return "literal" if isinstance(term, ox.Literal) else "iri"
    return str(term)


def _labelled_by_pyld(dataset: ox.Dataset) -> ox.Dataset:
    """``dataset`` with its blank nodes relabelled by pyld's RDFC-1.0 (URDNA2015) labelling."""
    labels: dict[str, str] = {}
    graphs: dict[str, list[dict[str, Any]]] = {}
    for quad in dataset:
        graph = quad.graph_name
        name = (
            "@default" if isinstance(graph, ox.DefaultGraph) else _pyld_term(graph, labels)["value"]
        )
        graphs.setdefault(name, []).append(
            {
                "subject": _pyld_term(quad.subject, labels),
                "predicate": {"type": "IRI", "value": quad.predicate.value},
                "object": _pyld_term(quad.object, labels),
            }
        )
    algorithm = PyldRdfc10()
    # ask for N-Quads text, which is ignored: without it pyld parses its own output back, split
    # at U+0085, U+2028 and U+2029 as str.splitlines splits, and fails on such literals
    algorithm.main(graphs, {"format": "application/n-quads"})
    canonical: dict[str, str] = algorithm.canonical_issuer.existing
    renamed = {original: ox.BlankNode(canonical[local][2:]) for original, local in labels.items()}
    return ox.Dataset(
        ox.Quad(
            renamed.get(_label(quad.subject), quad.subject),
            quad.predicate,
            renamed.get(_label(quad.object), quad.object),
            renamed.get(_label(quad.graph_name), quad.graph_name),
        )
        for quad in dataset
    )


def _label(term: object) -> str:
    return term.value if isinstance(term, ox.BlankNode) else ""


def _pyld_term(term: object, labels: dict[str, str]) -> dict[str, Any]:
    if isinstance(term, ox.BlankNode):
        # fresh local labels: pyld would not relabel input labels that look canonical
        local = labels.setdefault(term.value, f"_:n{len(labels)}")
        return {"type": "blank node", "value": local}
    if isinstance(term, ox.NamedNode):
        return {"type": "IRI", "value": term.value}
    if isinstance(term, ox.Literal):
        if _NOT_PYLD_SAFE.search(term.value):
            raise CanonicalizationError(
                "this document needs the reference RDFC-1.0 labelling, which cannot hash "
                "literals with control characters other than tab, newline and carriage return",
                code=ErrorCode.MALFORMED_VALUE_ERROR,
            )
        literal = {"type": "literal", "value": term.value, "datatype": term.datatype.value}
        if term.language:
            literal["datatype"] = _RDF_LANG_STRING
            literal["language"] = term.language
        return literal
    raise CanonicalizationError(
        f"unsupported RDF term {term!r}", code=ErrorCode.MALFORMED_VALUE_ERROR
    )


__all__ = [
    "MAX_ESTIMATE_STEPS",
    "WORK_BUDGET",
    "BlankNodeAnalysis",
    "PyldRdfc10",
    "analyse_blank_nodes",
    "canonical_lines",
]
