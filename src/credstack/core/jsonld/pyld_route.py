"""JSON-LD → RDF by pyld, for the documents pyoxigraph cannot convert the way JSON-LD says.

:mod:`credstack.core.jsonld.to_rdf` sends documents here that use ``@direction``, that have keys
no context defines, or whose numbers pyoxigraph would write ambiguously
(:mod:`credstack.core.jsonld.numbers`). pyld's quads become a pyoxigraph dataset, so that the rest
of RDFC-1.0 — labelling and the canonical N-Quads writer — is the same for every document.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import pyoxigraph as ox
from pyld import jsonld

from credstack.core.errors import CanonicalizationError, ErrorCode
from credstack.core.jsonld.contexts import pyld_document_loader, vc11_pyld_document_loader
from credstack.core.jsonld.errors import pyld_errors

_RDF_LANG_STRING: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_XSD_STRING: Final = "http://www.w3.org/2001/XMLSchema#string"


def pyld_dataset(document: Mapping[str, Any], *, base: str, vc11: bool) -> ox.Dataset:
    """The RDF dataset pyld makes of ``document``, resolving relative IRIs against ``base``.

    ``vc11`` resolves the contexts as a VC 1.1 document sees them
    (:func:`~credstack.core.jsonld.contexts.uses_vc11_contexts`; the caller decides, because it may
    hand over a document whose first context it changed).
    """
    options = {
        "base": base,
        "documentLoader": vc11_pyld_document_loader if vc11 else pyld_document_loader,
        "rdfDirection": "i18n-datatype",
        "produceGeneralizedRdf": False,
    }
    with pyld_errors():
        graphs = jsonld.to_rdf(document, options)
    dataset = ox.Dataset()
    for graph_name, triples in graphs.items():
        for triple in triples:
            try:
                quad = ox.Quad(
                    _node(triple["subject"]),
                    ox.NamedNode(triple["predicate"]["value"]),
                    _term(triple["object"]),
                    ox.DefaultGraph() if graph_name == "@default" else _resource(graph_name),
                )
            except ValueError as exc:
                raise CanonicalizationError(
                    f"a value is not a valid IRI or language tag: {exc}",
                    code=ErrorCode.MALFORMED_VALUE_ERROR,
                ) from exc
            dataset.add(quad)
    return dataset


def _resource(label: str) -> ox.NamedNode | ox.BlankNode:
    return ox.BlankNode(label[2:]) if label.startswith("_:") else ox.NamedNode(label)


def _node(term: Mapping[str, Any]) -> ox.NamedNode | ox.BlankNode:
    value = term["value"]
    return _resource(value) if term["type"] == "blank node" else ox.NamedNode(value)


def _term(term: Mapping[str, Any]) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    kind, value = term["type"], term["value"]
    if kind != "literal":
        return _node(term)
    datatype = term.get("datatype", _XSD_STRING)
    if datatype == _RDF_LANG_STRING:
        return ox.Literal(value, language=term["language"])
    if datatype == _XSD_STRING:
        return ox.Literal(value)
    return ox.Literal(value, datatype=ox.NamedNode(datatype))


__all__ = ["pyld_dataset"]
