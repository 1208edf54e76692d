"""JSON-LD → RDF: the deserialization step in front of RDFC-1.0.

pyoxigraph does the work: the document, with its bundled contexts inlined, is parsed by
pyoxigraph's JSON-LD 1.1 parser (strict mode). The result matches what the Digital Bazaar
``eddsa-rdfc-2022`` suite signs (jsonld.js with ``base: null``, ``rdfDirection:
"i18n-datatype"``, safe mode) and what pyld produces, through these measures:

* **Undefined terms.** A catch-all vocabulary (:data:`PROBE_VOCABULARY`) is placed first in the
  top-level ``@context``; any later vocabulary overrides it, so it only ever catches terms that
  nothing defines, and shows them in the output. Keys that nothing defines are dropped by
  JSON-LD together with their value, but pyoxigraph still emits parts of such values (the types
  of nested objects), so documents with such keys are converted by pyld instead. Undefined
  ``type`` values are dropped, as every processor drops them.
* **Relative IRIs.** There is no base IRI; to find relative IRIs they are resolved against
  :data:`RELATIVE_BASE` and then taken out again. A relative ``type`` is dropped (as above); a
  relative node id, datatype or vocabulary value is refused with ``MALFORMED_VALUE_ERROR``, as
  jsonld.js's safe mode refuses it — dropping it would leave that data outside the signature.
* **``@direction``** becomes an ``https://www.w3.org/ns/i18n#{language}_{direction}`` datatype.
  pyoxigraph emits RDF 1.2 directional literals instead (and loses the direction of a string
  without a language), so documents that use ``@direction`` are converted by pyld
  (:mod:`credstack.core.jsonld.pyld_route`), whose quads go to pyoxigraph's canonical
  N-Quads writer.
* **Invalid IRIs and language tags.** pyoxigraph drops the triples of a node whose id is not a
  valid IRI (``https://x/a b``), which would leave it unsigned; jsonld.js keeps some such IRIs
  and refuses others in safe mode. When a key, an id-like value or a language tag could be
  invalid, the document is parsed a second time leniently, and any difference is refused with
  ``MALFORMED_VALUE_ERROR``.
* **Numbers** that JSON-LD writes as doubles get its 16-digit canonical form, where pyoxigraph
  writes the digits of the JSON text (:mod:`credstack.core.jsonld.numbers`).
* **Graph containers.** A ``@list`` or ``@set`` object as the content of a graph container
  aborts pyoxigraph's process; such documents are refused before it sees them
  (:mod:`credstack.core.jsonld.containers`).

Contexts are resolved as :mod:`credstack.core.jsonld.contexts` says: a VC 1.1 document gets
the legacy content of the unversioned 1EdTech URLs, on every route.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

import pyoxigraph as ox

from credstack.core.errors import CanonicalizationError, ErrorCode
from credstack.core.jsonld.containers import check_graph_containers
from credstack.core.jsonld.contexts import (
    bundled_vocabulary,
    check_contexts,
    inline_contexts,
    uses_vc11_contexts,
)
from credstack.core.jsonld.errors import error_from_oxigraph
from credstack.core.jsonld.numbers import NumberForms, json_numbers
from credstack.core.jsonld.pyld_route import pyld_dataset

RDF_JSON: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON"
PROBE_VOCABULARY: Final = "urn:x-credstack-undefined:"
"""Catch-all vocabulary that reveals undefined terms; never in a canonical output."""
RELATIVE_BASE: Final = "x-credstack-relative://base/"
"""Base IRI that reveals relative IRIs (``../x``, ``//host/x``, ``#f`` and ``""`` all resolve
to an IRI with its scheme); never in a canonical output."""

_RELATIVE_SCHEME: Final = "x-credstack-relative:"
_SCHEME: Final = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_RDF_TYPE: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@dataclass(frozen=True, slots=True)
class Conversion:
    """The RDF dataset of a document and the terms no context defines (sorted)."""

    dataset: ox.Dataset
    undefined_terms: tuple[str, ...]


def to_dataset(document: Mapping[str, Any]) -> ox.Dataset:
    """The RDF dataset of a JSON-LD document whose contexts are all bundled.

    Raises :class:`~credstack.core.errors.ContextError` for unknown contexts and redefined
    protected terms, :class:`~credstack.core.errors.CanonicalizationError` for documents the
    JSON-LD processor rejects and for relative node references.
    """
    return convert(document).dataset


def convert(document: Mapping[str, Any]) -> Conversion:
    """:func:`to_dataset`, also naming the terms no context defines."""
    probe = _probe(document)
    probed = probe.dataset
    text = str(probed)
    clean = PROBE_VOCABULARY not in text and _RELATIVE_SCHEME not in text
    undefined = () if clean else _probe_names(probed)
    undefined_keys = not clean and any(
        quad.predicate.value.startswith(PROBE_VOCABULARY) for quad in probed
    )
    if undefined_keys or (probe.numbers is not None and probe.numbers.needs_reference):
        # undefined keys: pyoxigraph would keep parts of their values, pyld drops them whole;
        # numbers: pyld writes them as JSON-LD says where a rewrite could not tell them apart
        reference = pyld_dataset(document, base=RELATIVE_BASE, vc11=probe.vc11)
        return Conversion(_without_relative_iris(reference), undefined)
    if probe.numbers is not None:
        probed = probe.numbers.rewrite(probed)
    return Conversion(probed if clean else _without_relative_iris(probed), undefined)


def probe_dataset(document: Mapping[str, Any]) -> ox.Dataset:
    """The dataset of ``document`` with the catch-all vocabulary and the detecting base."""
    return _probe(document).dataset


@dataclass(frozen=True, slots=True)
class _Probe:
    dataset: ox.Dataset
    numbers: NumberForms | None  # None when pyld converted it: its numbers are JSON-LD's
    vc11: bool


def _probe(document: Mapping[str, Any]) -> _Probe:
    check_contexts(document)
    check_graph_containers(document)
    numbers = json_numbers(document)
    vc11 = uses_vc11_contexts(document)
    probed = _with_probe(document)
    suspect = _suspect(document)
    if uses_direction(document):
        json_text(document)  # the same checks of values as on the pyoxigraph route
        if suspect is not None and suspect is not _INLINE_CONTEXT:
            raise _invalid([suspect])  # pyld would drop it without a word
        return _Probe(pyld_dataset(probed, base=RELATIVE_BASE, vc11=vc11), None, vc11)
    text = json_text(inline_contexts(probed, vc11=vc11))
    dataset = _parse(text, lenient=False)
    if suspect is not None:
        # the strict parser drops what is not a valid IRI or language tag; the lenient one
        # keeps it, so a difference means part of the document would go unsigned
        kept = _parse(text, lenient=True)
        if len(kept) != len(dataset):
            raise _invalid(sorted(_invalid_terms(kept)))
    return _Probe(dataset, numbers, vc11)


def _invalid(values: list[str]) -> CanonicalizationError:
    return CanonicalizationError(
        f"values that are not valid IRIs or language tags: {', '.join(map(repr, values))}",
        code=ErrorCode.MALFORMED_VALUE_ERROR,
        invalid_values=values,
    )


def _parse(text: bytes, *, lenient: bool) -> ox.Dataset:
    try:
        return ox.Dataset(
            ox.parse(text, ox.RdfFormat.JSON_LD, base_iri=RELATIVE_BASE, lenient=lenient)
        )
    except SyntaxError as exc:
        raise error_from_oxigraph(exc) from exc


_INLINE_CONTEXT: Final = "@context"


def _suspect(document: Any) -> str | None:
    """A key, value in an IRI position or language tag that may be invalid, if any.

    Cheap and conservative: keys, ``@language`` values and the string values of keys that take
    IRIs (``id``, ``type``, IRI-coerced terms) are checked, and an inline context, which may
    define anything, is a suspect in itself (:data:`_INLINE_CONTEXT`); literal values, which
    cannot be invalid, are not checked.
    """
    iri_keys = _iri_keys()
    stack: list[Any] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, Mapping):
            for key, value in node.items():
                if key == "@context":
                    if not all(isinstance(entry, str) for entry in _as_list(value)):
                        return _INLINE_CONTEXT
                    continue
                if key == "@language":
                    if isinstance(value, str) and not _is_language_tag(value):
                        return value
                    continue
                if not isinstance(key, str) or not _is_iri_part(key):
                    return str(key)
                if key in iri_keys:
                    for item in _as_list(value):
                        if isinstance(item, str) and not _is_iri_part(item):
                            return item
                stack.append(value)
    return None


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


_VERDICTS: dict[str, bool] = {}


def _is_iri_part(value: str) -> bool:
    """True when ``value``, absolute or resolved against any base, can be a valid IRI."""
    known = _VERDICTS.get(value)
    if known is None:
        absolute = _SCHEME.match(value) is not None
        known = _valid_iri(value) or (not absolute and _valid_iri(_RELATIVE_SCHEME + value))
        if len(_VERDICTS) > 50_000:
            _VERDICTS.clear()
        _VERDICTS[value] = known
    return known


def _valid_iri(value: str) -> bool:
    try:
        ox.NamedNode(value)
    except ValueError:
        return False
    return True


def _is_language_tag(value: str) -> bool:
    try:
        ox.Literal("", language=value)
    except ValueError:
        return False
    return True


def _iri_keys() -> frozenset[str]:
    vocabulary = bundled_vocabulary()
    aliases = {
        term for term, keywords in vocabulary.keyword_aliases.items() if keywords & {"@id", "@type"}
    }
    return frozenset({"@id", "@type"} | aliases | vocabulary.iri_coerced)


def _invalid_terms(dataset: ox.Dataset) -> set[str]:
    invalid: set[str] = set()
    for quad in dataset:
        for term in (quad.subject, quad.predicate, quad.object, quad.graph_name):
            if isinstance(term, ox.NamedNode) and not _valid_iri(term.value):
                invalid.add(term.value)
            elif (
                isinstance(term, ox.Literal)
                and term.language
                and not _is_language_tag(term.language)
            ):
                invalid.add(term.language)
    return invalid


def _with_probe(document: Mapping[str, Any]) -> dict[str, Any]:
    contexts = document.get("@context")
    entries = contexts if isinstance(contexts, list) else [] if contexts is None else [contexts]
    return {**document, "@context": [{"@vocab": PROBE_VOCABULARY}, *entries]}


def _probe_names(dataset: ox.Dataset) -> tuple[str, ...]:
    names: set[str] = set()
    for quad in dataset:
        iris = [quad.predicate.value]
        if isinstance(quad.object, ox.NamedNode):
            iris.append(quad.object.value)
        elif isinstance(quad.object, ox.Literal):
            iris.append(quad.object.datatype.value)
        names.update(
            iri[len(PROBE_VOCABULARY) :] for iri in iris if iri.startswith(PROBE_VOCABULARY)
        )
    return tuple(sorted(names))


def _without_relative_iris(dataset: ox.Dataset) -> ox.Dataset:
    """Drop undefined or relative types; refuse every other undefined or relative IRI."""
    refused: set[str] = set()
    for quad in list(dataset):
        if quad.predicate.value == _RDF_TYPE and _unresolved(quad.object):
            dataset.discard(quad)
            continue
        refused.update(
            _unresolved(term)
            for term in (quad.subject, quad.object, quad.graph_name)
            if _unresolved(term)
        )
    if refused:
        raise CanonicalizationError(
            "relative IRIs have no base to resolve against and a signature could not cover "
            f"them: {', '.join(map(repr, sorted(refused)))}",
            code=ErrorCode.MALFORMED_VALUE_ERROR,
            relative_iris=sorted(refused),
        )
    return dataset


def _unresolved(term: object) -> str:
    """The relative IRI or undefined term behind ``term``; empty when it is neither."""
    if isinstance(term, ox.Literal):
        term = term.datatype
    if not isinstance(term, ox.NamedNode):
        return ""
    value = term.value
    if value.startswith(PROBE_VOCABULARY):
        return value[len(PROBE_VOCABULARY) :]
    if value.startswith(RELATIVE_BASE):
        return value[len(RELATIVE_BASE) :] or "<empty>"
    # a network-path reference ("//host/x") keeps its own host
    return value if value.startswith(_RELATIVE_SCHEME) else ""


def json_text(document: Any) -> bytes:
    """Compact UTF-8 JSON for pyoxigraph.

    Values JSON cannot carry (NaN, sets, bytes…) and strings that are not Unicode text (lone
    surrogates) are ``MALFORMED_VALUE_ERROR``.
    """
    try:
        text = json.dumps(document, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise CanonicalizationError(
            f"the document contains a string that is not valid Unicode text: {exc.reason}",
            code=ErrorCode.MALFORMED_VALUE_ERROR,
        ) from exc
    except (TypeError, ValueError) as exc:
        raise CanonicalizationError(
            f"the document is not JSON: {exc}", code=ErrorCode.MALFORMED_VALUE_ERROR
        ) from exc


def uses_direction(document: Any) -> bool:
    """True when ``@direction`` appears anywhere, in the document or in a context it names."""
    with_direction = bundled_vocabulary().with_direction
    stack: list[Any] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, Mapping):
            if "@direction" in node:
                return True
            stack.extend(node.values())
        elif isinstance(node, str) and node in with_direction:
            return True
    return False


__all__ = [
    "PROBE_VOCABULARY",
    "RDF_JSON",
    "RELATIVE_BASE",
    "Conversion",
    "convert",
    "json_text",
    "probe_dataset",
    "to_dataset",
    "uses_direction",
]
