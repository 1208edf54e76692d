"""RDF Dataset Canonicalization (RDFC-1.0) of JSON-LD documents, as Data Integrity signs them.

:func:`canonicalize` returns the canonical N-Quads: every quad on its own ``\\n``-terminated
line, blank nodes labelled ``_:c14nN``, lines sorted by code point, literals escaped the
canonical way (``\\"``, ``\\\\``, ``\\b``, ``\\t``, ``\\n``, ``\\f``, ``\\r``, other control
characters as ``\\uXXXX``) — byte for byte what the W3C and 1EdTech vectors contain.

Two routes give the same bytes, and a third is the yardstick:

* the fast path, through a cached shape template (:mod:`credstack.core.jsonld.template`);
* :func:`canonicalize_direct`, the straightforward path: JSON-LD → RDF with pyoxigraph
  (:mod:`credstack.core.jsonld.to_rdf`), RDFC-1.0 labelling with its work limit
  (:mod:`credstack.core.jsonld.labelling`), sorted lines;
* :func:`canonicalize_reference`, pyld's URDNA2015 — slow and without a work limit, kept for
  tests. It gives the same bytes except where pyld is not canonical or not safe: it writes
  control characters other than tab, newline and carriage return raw (and hashes them so), it
  keeps IRIs that are not valid and silently drops relative node ids (both refused here), it
  rewrites strings typed ``xsd:double`` (:mod:`credstack.core.jsonld.numbers`), and it keeps the
  graphs a ``@list`` or ``@set`` object stands in for (refused here,
  :mod:`credstack.core.jsonld.containers`). Its labelling counts self-referencing quads as
  RDFC-1.0 does (:class:`~credstack.core.jsonld.labelling.PyldRdfc10`), unlike pyld 3.3 alone.

:func:`find_undefined_terms` names the keys and types that no context defines: JSON-LD drops
them silently (or maps them into the ``undefined-term`` / ``issuer-dependent`` vocabularies),
so a signature does not protect them; :func:`check_defined_terms` refuses such documents.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Final

import pyoxigraph as ox
from pyld import jsonld

from credstack.core.errors import CanonicalizationError, ContextError, ErrorCode
from credstack.core.jsonld.contexts import check_contexts, document_loader_for
from credstack.core.jsonld.errors import pyld_errors
from credstack.core.jsonld.labelling import PyldRdfc10, canonical_lines
from credstack.core.jsonld.shape import document_shape
from credstack.core.jsonld.template import canonicalize_with_template
from credstack.core.jsonld.to_rdf import PROBE_VOCABULARY, probe_dataset, to_dataset

UNDEFINED_TERM_VOCABULARIES: Final = (
    "https://www.w3.org/ns/credentials/issuer-dependent#",
    "https://www.w3.org/ns/credentials/undefined-term#",
)
"""Vocabularies that catch terms no context defines (VC 2.0 drafts and the final spec)."""


def canonicalize(document: Mapping[str, Any]) -> bytes:
    """The RDFC-1.0 canonical N-Quads of a JSON-LD document (UTF-8).

    Uses a cached shape template when one applies and the full conversion otherwise; both give
    identical bytes. Raises :class:`~credstack.core.errors.ContextError` for contexts that are
    unknown, malformed or redefine a protected term, and
    :class:`~credstack.core.errors.CanonicalizationError` for documents JSON-LD rejects
    (``INVALID_CONTEXT``, ``MALFORMED_VALUE_ERROR``) or whose blank nodes would make
    canonicalization too slow (``CANONICALIZATION_LIMIT_EXCEEDED``).
    """
    with _plain_errors():
        text = canonicalize_with_template(document)
        if text is None:
            return canonicalize_direct(document)
        return text.encode("utf-8")


def canonicalize_direct(document: Mapping[str, Any]) -> bytes:
    """:func:`canonicalize` without the template cache: the full conversion every time."""
    with _plain_errors():
        lines = canonical_lines(to_dataset(document))
        return "".join(line + "\n" for line in sorted(lines)).encode("utf-8")


def canonicalize_reference(document: Mapping[str, Any]) -> bytes:
    """RDFC-1.0 by pyld (URDNA2015), configured like the Digital Bazaar suites.

    ``base: null`` and ``rdfDirection: "i18n-datatype"``; only bundled contexts are loaded, as
    the document's first context says (:func:`~credstack.core.jsonld.contexts.uses_vc11_contexts`).
    The labelling is :class:`~credstack.core.jsonld.labelling.PyldRdfc10` (pyld's, with its
    count of self-referencing quads corrected). No work limit: for tests and cross-checks, not
    for input from outside.
    """
    check_contexts(document)
    options = {
        "documentLoader": document_loader_for(document),
        "base": None,
        "rdfDirection": "i18n-datatype",
        "produceGeneralizedRdf": False,
    }
    with _plain_errors(), pyld_errors():
        dataset = jsonld.to_rdf(document, options)
        normalized: str = PyldRdfc10().main(dataset, {"format": "application/n-quads"})
        return normalized.encode("utf-8")


def find_undefined_terms(document: Mapping[str, Any]) -> list[str]:
    """Keys and ``type`` values of ``document`` that no context defines, sorted.

    Both kinds are found: terms JSON-LD drops silently (VC 1.1 contexts, VC 2.0 without the
    ``undefined-terms`` context; :func:`find_dropped_terms`) and terms caught by a catch-all
    vocabulary (:data:`UNDEFINED_TERM_VOCABULARIES`). Keys whose value is ``null`` or an empty
    array carry no data and are not reported. The result only depends on the document's shape
    (keys, types, contexts), so it is cached per shape.
    """
    undefined, _ = _term_findings(document)
    return list(undefined)


def find_dropped_terms(document: Mapping[str, Any]) -> list[str]:
    """The undefined keys and ``type`` values that JSON-LD drops on the way to RDF, sorted.

    These are the terms an RDF-canonicalized signature does not cover; terms that a catch-all
    vocabulary maps are in the dataset and are not among them. Cached per shape, like
    :func:`find_undefined_terms`.
    """
    _, dropped = _term_findings(document)
    return list(dropped)


def check_defined_terms(document: Mapping[str, Any]) -> None:
    """Raise :class:`ContextError` (``UNDEFINED_TERM``) naming the terms no context defines.

    For issuance: a signature over a document with undefined terms does not protect them.
    """
    names = find_undefined_terms(document)
    if names:
        raise ContextError(
            f"terms not defined by any context (a signature would not cover them): "
            f"{', '.join(names)}",
            code=ErrorCode.UNDEFINED_TERM,
            terms=names,
        )


_Findings = tuple[tuple[str, ...], tuple[str, ...]]


def _term_findings(document: Mapping[str, Any]) -> _Findings:
    """(every undefined term, the dropped ones), from the shape cache when it can be."""
    shape = document_shape(document)
    if shape is not None:
        cached = _UNDEFINED_CACHE.get(shape[0])
        if cached is not None:
            return cached
    with _plain_errors():
        findings = _undefined_terms(document)
    if shape is not None:
        _UNDEFINED_CACHE.put(shape[0], findings)
    return findings


def _undefined_terms(document: Mapping[str, Any]) -> _Findings:
    names: set[str] = set()
    dropped: set[str] = set()
    for quad in probe_dataset(document):
        iris = [quad.predicate.value]
        if isinstance(quad.object, ox.NamedNode):
            iris.append(quad.object.value)
        elif isinstance(quad.object, ox.Literal):
            iris.append(quad.object.datatype.value)
        for iri in iris:
            if iri.startswith(PROBE_VOCABULARY):
                dropped.add(iri[len(PROBE_VOCABULARY) :])
            for vocabulary in (PROBE_VOCABULARY, *UNDEFINED_TERM_VOCABULARIES):
                if iri.startswith(vocabulary):
                    names.add(iri[len(vocabulary) :])
    return tuple(sorted(names)), tuple(sorted(dropped))


class _ShapeResults:
    """A small LRU map from shape keys to results that only depend on the shape."""

    def __init__(self, max_size: int) -> None:
        self._entries: OrderedDict[object, _Findings] = OrderedDict()
        self._lock = threading.Lock()
        self._max_size = max_size

    def get(self, key: object) -> _Findings | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: object, value: _Findings) -> None:
        with self._lock:
            self._entries[key] = value
            while len(self._entries) > self._max_size:
                self._entries.popitem(last=False)


_UNDEFINED_CACHE = _ShapeResults(256)


@contextmanager
def _plain_errors() -> Iterator[None]:
    """Report Python's own limits as credstack errors."""
    try:
        yield
    except UnicodeError as exc:
        raise CanonicalizationError(
            f"the document contains a string that is not valid Unicode text: {exc}",
            code=ErrorCode.MALFORMED_VALUE_ERROR,
        ) from exc
    except RecursionError as exc:
        raise CanonicalizationError(
            "the document is nested too deeply to be canonicalized",
            code=ErrorCode.CANONICALIZATION_LIMIT_EXCEEDED,
        ) from exc
    except OverflowError as exc:
        raise CanonicalizationError(
            f"the document contains a number beyond the range of a double: {exc}",
            code=ErrorCode.MALFORMED_VALUE_ERROR,
        ) from exc


__all__ = [
    "UNDEFINED_TERM_VOCABULARIES",
    "canonicalize",
    "canonicalize_direct",
    "canonicalize_reference",
    "check_defined_terms",
    "find_dropped_terms",
    "find_undefined_terms",
]
