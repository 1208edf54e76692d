"""Shape templates: JSON-LD → N-Quads once per document *shape*, then text substitution.

Turning JSON-LD into RDF costs milliseconds (context processing dominates) while the rest of
RDFC-1.0 costs tenths of one. Credentials issued in bulk share their shape: the same keys,
types and contexts, only names, ids and dates differ. So:

1. :func:`~credstack.core.jsonld.shape.document_shape` replaces every leaf string by a slot and
   keeps in the *shape key* everything that can change the graph: all keys and their order,
   ``@context``, ``type`` / ``@type`` values, the values of other keyword keys (``@language``,
   ``@direction``, …) and of keys that alias keywords or are vocabulary-coerced, numbers,
   booleans, nulls, list lengths, and whether the unversioned 1EdTech context URLs take their
   VC 1.1 content.
2. Once per shape, the document with the slots filled by placeholder IRIs
   (``urn:x-credstack-ph:N``) goes through the full JSON-LD → RDF conversion, and the resulting
   N-Quads become a :class:`ShapeTemplate`: ground lines and blank-node lines with holes.
3. Per document, real values fill the holes (N-Quads escaping for literals); the blank-node
   lines are parsed by pyoxigraph and canonicalized with its RDFC-1.0 implementation; ground
   lines need no relabelling (RDFC only renames blank nodes and only reads the quads that
   contain one); everything is sorted. A shape with a single blank node (a proof
   configuration, for one) needs no labelling at all: that node is always ``_:c14n0``. The
   work limit and the choice of labelling implementation
   (:mod:`credstack.core.jsonld.labelling`) are decided once per shape on a coarse view that
   holds for every value; a shape that needs them has each document analysed again.

Substitution is only used where it provably gives the same quads as the full conversion; every
other case returns ``None`` and the caller takes the full path:

* a placeholder that lands anywhere but as a whole IRI or a whole literal (inside an ``rdf:JSON``
  literal, inside a longer IRI, as a predicate), that is missing, or that is both IRI and
  literal makes the shape *unusable* (remembered, so it is not rebuilt);
* a value in IRI position is substituted only when it is a plain absolute IRI (scheme in
  :data:`SAFE_IRI_SCHEMES`, not a term or prefix of any bundled context, valid for pyoxigraph):
  relative IRIs, ``_:`` blank-node ids, compact IRIs and keyword-like strings take the full path;
* documents with inline (object) contexts, strings containing the placeholder marker, or
  non-JSON values take the full path.

The property tests in ``tests/core/test_rdfc_template.py`` check fast path == full path == pyld.
"""

from __future__ import annotations

import operator
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import pyoxigraph as ox

from credstack.core.errors import CredstackError
from credstack.core.jsonld.contexts import bundled_vocabulary
from credstack.core.jsonld.labelling import analyse_blank_nodes, canonical_lines
from credstack.core.jsonld.shape import MARKER, ShapeKey, document_shape, placeholder_document
from credstack.core.jsonld.to_rdf import RDF_JSON, to_dataset

SAFE_IRI_SCHEMES: Final = frozenset({"http", "https", "urn", "did", "mailto", "data"})
MAX_TEMPLATES: Final = 256

_PLACEHOLDER = re.compile(r"([<\"])urn:x-credstack-ph:(\d+)([>\"])")
_PLACEHOLDER_VALUE = re.compile(r"urn:x-credstack-ph:(\d+)")
_ABSOLUTE_IRI = re.compile(r"([a-z][a-z0-9+.-]*):[^\x00-\x20<>\"{}|\\^`]*")
_NEEDS_ESCAPE = re.compile(r"[\x00-\x1f\x7f\"\\]")
# canonical N-Quads escaping (RDFC-1.0, as pyoxigraph and rdf-canonize write it)
_ESCAPES: Final = {
    **{code: f"\\u{code:04X}" for code in (*range(0x20), 0x7F)},
    0x08: "\\b",
    0x09: "\\t",
    0x0A: "\\n",
    0x0C: "\\f",
    0x0D: "\\r",
    0x22: '\\"',
    0x5C: "\\\\",
}
_Pick = Callable[[list[str]], tuple[str, ...]]
_MEMO_LIMIT: Final = 50_000


@dataclass(frozen=True, slots=True)
class ShapeTemplate:
    """The N-Quads of one document shape, with ``%s`` holes for the document's strings.

    ``ground`` and ``blank`` are ``%``-format strings of newline-terminated lines (quads
    without / with a blank node); ``*_slots`` give the value index of each hole.
    ``check_each_document`` is set when the coarse blank-node analysis of the shape needs
    attention (work bound over budget, or labelling by pyld): each document is then analysed.
    """

    ground: str
    ground_slots: tuple[int, ...]
    blank: str
    blank_slots: tuple[int, ...]
    iri_slots: frozenset[int]
    check_each_document: bool
    pick_ground: _Pick = field(init=False, repr=False, compare=False)
    pick_blank: _Pick = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "pick_ground", _picker(self.ground_slots))
        object.__setattr__(self, "pick_blank", _picker(self.blank_slots))


@dataclass(frozen=True, slots=True)
class TemplateStats:
    """Counters of the template cache (for benchmarks and tests)."""

    hits: int
    misses: int
    unusable: int
    fallbacks: int
    size: int


class _TemplateCache:
    def __init__(self, max_size: int) -> None:
        self._entries: OrderedDict[ShapeKey, ShapeTemplate | None] = OrderedDict()
        self._lock = threading.Lock()
        self._max_size = max_size
        self.hits = self.misses = self.unusable = self.fallbacks = 0

    def get(self, key: ShapeKey) -> tuple[bool, ShapeTemplate | None]:
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                self.hits += 1
                return True, self._entries[key]
            self.misses += 1
            return False, None

    def put(self, key: ShapeKey, template: ShapeTemplate | None) -> None:
        with self._lock:
            self._entries[key] = template
            if template is None:
                self.unusable += 1
            while len(self._entries) > self._max_size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.hits = self.misses = self.unusable = self.fallbacks = 0


_CACHE = _TemplateCache(MAX_TEMPLATES)


def template_stats() -> TemplateStats:
    """Hits, misses, unusable shapes and per-document fallbacks since the last clear."""
    return TemplateStats(
        hits=_CACHE.hits,
        misses=_CACHE.misses,
        unusable=_CACHE.unusable,
        fallbacks=_CACHE.fallbacks,
        size=len(_CACHE._entries),
    )


def clear_templates() -> None:
    """Forget every template and reset the counters."""
    _CACHE.clear()


def canonicalize_with_template(document: Mapping[str, Any]) -> str | None:
    """The canonical N-Quads of ``document`` through its shape template, or ``None``.

    ``None`` means the template cannot be used for this document and the caller must take the
    full path (which then also reports any error in the document).
    """
    shape = document_shape(document)
    if shape is None:
        return None
    key, values = shape
    joined = " ".join(values)
    if MARKER in joined:
        return None  # a value that looks like a placeholder could not be told apart
    found, template = _CACHE.get(key)
    if not found:
        template = _build_template(document, len(values))
        _CACHE.put(key, template)
    if template is None:
        return None
    rendered = _render(values, template.iri_slots, escapes=_NEEDS_ESCAPE.search(joined) is not None)
    if rendered is None:
        _CACHE.fallbacks += 1
        return None
    lines = (template.ground % template.pick_ground(rendered)).split("\n")
    lines.pop()
    if template.blank:
        lines.extend(_canonical_blank_lines(template, rendered))
    return "\n".join(sorted(set(lines))) + "\n" if lines else ""


def _build_template(document: Mapping[str, Any], slot_count: int) -> ShapeTemplate | None:
    placeholders, count = placeholder_document(document)
    if count != slot_count:
        return None
    try:
        dataset = to_dataset(placeholders)
    except CredstackError:
        return None  # the full path will report the error for the real document
    ground: list[str] = []
    blank: list[str] = []
    blank_quads = [quad for quad in dataset if _has_blank_node(quad)]
    lone = _lone_blank_node(blank_quads)
    uses: dict[int, list[str]] = {}
    for quad in dataset:
        if lone is not None and _has_blank_node(quad):
            # RDFC-1.0 §4.4 step 4: a lone blank node has a unique first-degree hash whatever
            # the values, so it always receives the first canonical label
            quad = _relabelled(quad, lone)
        line = _template_line(quad, uses)
        if line is None:
            return None
        (blank if lone is None and _has_blank_node(quad) else ground).append(line)
    iri_slots = set()
    for index in range(slot_count):
        kinds = uses.get(index, [])
        if kinds == ["literal"]:
            continue  # a literal value appears exactly once
        if not kinds or set(kinds) != {"iri"}:
            return None  # missing, or used both as literal and IRI, or a literal twice
        iri_slots.add(index)
    ground_text, ground_slots = _format("".join(ground))
    blank_text, blank_slots = _format("".join(blank))
    return ShapeTemplate(
        ground=ground_text,
        ground_slots=ground_slots,
        blank=blank_text,
        blank_slots=blank_slots,
        iri_slots=frozenset(iri_slots),
        check_each_document=bool(blank)
        and analyse_blank_nodes(blank_quads, coarse=True).needs_attention,
    )


def _has_blank_node(quad: ox.Quad) -> bool:
    return any(isinstance(t, ox.BlankNode) for t in (quad.subject, quad.object, quad.graph_name))


def _lone_blank_node(quads: list[ox.Quad]) -> ox.BlankNode | None:
    labels = {
        term
        for quad in quads
        for term in (quad.subject, quad.object, quad.graph_name)
        if isinstance(term, ox.BlankNode)
    }
    return labels.pop() if len(labels) == 1 else None


def _relabelled(quad: ox.Quad, lone: ox.BlankNode) -> ox.Quad:
    first = ox.BlankNode("c14n0")
    return ox.Quad(
        first if quad.subject == lone else quad.subject,
        quad.predicate,
        first if quad.object == lone else quad.object,
        first if quad.graph_name == lone else quad.graph_name,
    )


def _template_line(quad: ox.Quad, uses: dict[int, list[str]]) -> str | None:
    """The N-Quads line of ``quad``; records how each placeholder is used (``None``: unusable)."""
    if MARKER in quad.predicate.value:
        return None
    found = 0
    for term in (quad.subject, quad.object, quad.graph_name):
        if isinstance(term, ox.NamedNode):
            text, is_iri, datatype = term.value, True, ""
        elif isinstance(term, ox.Literal):
            text, is_iri, datatype = term.value, False, term.datatype.value
            if MARKER in datatype:
                return None
        else:
            continue
        if MARKER not in text:
            continue
        match = _PLACEHOLDER_VALUE.fullmatch(text)
        if match is None or datatype == RDF_JSON:
            return None  # inside a longer IRI or literal, or JSON text: not substitutable
        uses.setdefault(int(match.group(1)), []).append("iri" if is_iri else "literal")
        found += 1
    line = f"{quad} .\n"
    return line if line.count(MARKER) == found else None


def _format(text: str) -> tuple[str, tuple[int, ...]]:
    slots: list[int] = []

    def hole(match: re.Match[str]) -> str:
        slots.append(int(match.group(2)))
        return f"{match.group(1)}%s{match.group(3)}"

    return _PLACEHOLDER.sub(hole, text.replace("%", "%%")), tuple(slots)


def _render(values: list[str], iri_slots: frozenset[int], *, escapes: bool) -> list[str] | None:
    rendered = values
    if escapes:
        rendered = [
            value.translate(_ESCAPES) if _NEEDS_ESCAPE.search(value) else value for value in values
        ]
    for index in iri_slots:
        if not is_substitutable_iri(values[index]):
            return None
    return rendered


def is_substitutable_iri(value: str) -> bool:
    """True for a plain absolute IRI that every JSON-LD processor leaves exactly as it is."""
    known = _IRI_VERDICTS.get(value)
    if known is None:
        known = _judge_iri(value)
        if len(_IRI_VERDICTS) > _MEMO_LIMIT:
            _IRI_VERDICTS.clear()
        _IRI_VERDICTS[value] = known
    return known


_IRI_VERDICTS: dict[str, bool] = {}


def _judge_iri(value: str) -> bool:
    match = _ABSOLUTE_IRI.fullmatch(value)
    if match is None or match.group(1) not in _safe_schemes():
        return False
    if value in bundled_vocabulary().terms:
        return False
    try:
        ox.NamedNode(value)
    except ValueError:
        return False
    return True


_SAFE_SCHEMES: list[frozenset[str]] = []


def _safe_schemes() -> frozenset[str]:
    if not _SAFE_SCHEMES:
        # a scheme that is also a term could be read as a compact IRI prefix
        _SAFE_SCHEMES.append(SAFE_IRI_SCHEMES - bundled_vocabulary().terms)
    return _SAFE_SCHEMES[0]


def _picker(slots: tuple[int, ...]) -> _Pick:
    """A function picking the values of ``slots``, as the tuple ``%``-formatting needs."""
    if not slots:
        return lambda rendered: ()
    if len(slots) == 1:
        (only,) = slots
        return lambda rendered: (rendered[only],)
    pick: _Pick = operator.itemgetter(*slots)
    return pick


def _canonical_blank_lines(template: ShapeTemplate, rendered: list[str]) -> list[str]:
    text = template.blank % template.pick_blank(rendered)
    # the text is canonical N-Quads built from validated IRIs and escaped literals
    dataset = ox.Dataset(ox.parse(text.encode("utf-8"), ox.RdfFormat.N_QUADS, lenient=True))
    return canonical_lines(dataset, analyse=template.check_each_document)


__all__ = [
    "MAX_TEMPLATES",
    "SAFE_IRI_SCHEMES",
    "ShapeTemplate",
    "TemplateStats",
    "canonicalize_with_template",
    "clear_templates",
    "is_substitutable_iri",
    "template_stats",
]
