"""JSON-LD: the pinned contexts, the conversion to RDF, RDFC-1.0 and what a signature covers.

Everything that reads a document as JSON-LD lives here, behind these entry points:

* :mod:`~credstack.core.jsonld.contexts`: the bundled, allow-listed contexts (never fetched);
* :mod:`~credstack.core.jsonld.pins`: contexts named at other URLs and pinned by digest;
* :mod:`~credstack.core.jsonld.rdfc`: canonical N-Quads (:func:`canonicalize`) and the
  undefined-term check;
* :mod:`~credstack.core.jsonld.coverage`: the JSON paths a canonical dataset leaves out.

The rest are the parts of the conversion: ``to_rdf`` (JSON-LD to RDF with pyoxigraph),
``pyld_route`` (the documents pyld converts), ``containers``, ``numbers`` and ``errors`` (what
each library refuses, in one set of codes), ``labelling`` (RDFC-1.0 blank-node labels with a
work limit), and ``shape`` / ``template`` (one conversion per document shape).
"""

from __future__ import annotations

from credstack.core.jsonld.contexts import (
    PUBLISHED_CONTEXTS,
    bundled_context_bytes,
)
from credstack.core.jsonld.coverage import (
    find_unsigned_content,
    format_path,
)
from credstack.core.jsonld.pins import (
    pinned_contexts,
    resolve_pinned_contexts,
    sri_digest,
)
from credstack.core.jsonld.rdfc import (
    canonicalize,
    canonicalize_direct,
)

__all__ = [
    "PUBLISHED_CONTEXTS",
    "bundled_context_bytes",
    "canonicalize",
    "canonicalize_direct",
    "find_unsigned_content",
    "format_path",
    "pinned_contexts",
    "resolve_pinned_contexts",
    "sri_digest",
]
