"""What an RDF-canonicalized signature leaves out: the JSON paths no proof covers.

An ``eddsa-rdfc-2022`` or ``Ed25519Signature2020`` proof signs the canonical RDF dataset of a
document, not its JSON text. Whatever JSON-LD drops on the way to RDF is outside the
signature, yet a reader of the JSON sees it beside the signed claims. This module names those
places, so that a verifier can refuse them (as Digital Bazaar's verifier does in JSON-LD safe
mode) and an issuer never signs them:

* **keys no context defines** (``"grade"`` inside an ``Achievement``, when neither a term nor a
  vocabulary covers it): JSON-LD drops the key with its whole value;
* **``type`` values no context defines**: dropped from the graph;
* **keys that look like keywords** (``"@poison"``): JSON-LD 1.1 ignores them;
* **``@index``**, which JSON-LD keeps in its expanded form but never turns into RDF;
* **value objects that carry nothing** (``{"@value": null}``) and ``@language`` outside a
  value object (``{"@language": "en"}``).

Terms that a catch-all vocabulary maps (``https://www.w3.org/ns/credentials/undefined-term#``)
are not here: they are in the dataset and the signature covers them; they only lack a shared
meaning, which the ``terms`` check reports.

Paths are written ``credentialSubject.achievement.grade`` and ``type[2]``; keys that are not
plain identifiers are quoted (``credentialSubject["a b"]``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, Final

import pyoxigraph as ox

from credstack.core.jsonld import rdfc
from credstack.core.jsonld.contexts import bundled_vocabulary
from credstack.core.jsonld.to_rdf import PROBE_VOCABULARY, probe_dataset

NODE_KEYWORDS: Final = frozenset(
    {
        "@context",
        "@direction",
        "@graph",
        "@id",
        "@included",
        "@json",
        "@language",
        "@list",
        "@nest",
        "@reverse",
        "@set",
        "@type",
        "@value",
    }
)
"""Keywords that may appear in a document (outside a context) and reach the RDF dataset."""

MAX_CONFIRMATIONS: Final = 16
"""How many ambiguous places are checked one by one; beyond it, every candidate is named."""

_RDF_TYPE: Final = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_PLAIN_KEY: Final = re.compile(r"[A-Za-z_$@][A-Za-z0-9_$@:-]*\Z")

Path = tuple[str | int, ...]


def find_unsigned_content(document: Mapping[str, Any]) -> list[str]:
    """The JSON paths of ``document`` whose content its canonical RDF dataset leaves out.

    Empty when an RDF-canonicalized signature covers everything a reader of the JSON sees.
    ``@context`` is not examined here (:func:`~credstack.core.jsonld.contexts.check_contexts` pins
    it); raises what :func:`~credstack.core.jsonld.rdfc.canonicalize` raises for documents that
    cannot be converted at all.
    """
    places = list(_dropped_structure(document))
    dropped = rdfc.find_dropped_terms(document)
    if dropped:
        places.extend(_locate(document, frozenset(dropped)))
    return sorted({format_path(path) for path in places})


def format_path(path: Path) -> str:
    """``("credentialSubject", "grade")`` → ``credentialSubject.grade``; ``("type", 2)`` →
    ``type[2]``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif _PLAIN_KEY.match(part):
            text += f".{part}" if text else part
        else:
            text += '["' + part.replace("\\", "\\\\").replace('"', '\\"') + '"]'
    return text or "(the document)"


def _walk(node: Any, path: Path = ()) -> Iterator[tuple[Path, Mapping[str, Any]]]:
    """Every JSON object of ``node`` outside ``@context``, with its path (depth first)."""
    stack: list[tuple[Path, Any]] = [(path, node)]
    while stack:
        here, value = stack.pop()
        if isinstance(value, list):
            stack.extend(((*here, i), item) for i, item in enumerate(value))
        elif isinstance(value, Mapping):
            yield here, value
            stack.extend(
                ((*here, key), item)
                for key, item in value.items()
                if key != "@context" and isinstance(key, str)
            )


def _dropped_structure(document: Mapping[str, Any]) -> Iterator[Path]:
    """Keyword-like keys, ``@index``, value objects that carry nothing (``{"@value": null}``),
    and ``@language`` or ``@direction`` outside a value object, which JSON-LD processors drop
    or read differently (pyoxigraph drops the whole node, jsonld.js keeps it)."""
    for path, node in _walk(document):
        if "@value" in node:
            if node["@value"] is None:
                yield path
                continue
        elif "@language" in node or "@direction" in node:
            yield path
            continue
        for key, value in node.items():
            if key.startswith("@") and key not in NODE_KEYWORDS and not _no_data(value):
                yield (*path, key)


def _no_data(value: Any) -> bool:
    return value is None or value == []


def _locate(document: Mapping[str, Any], dropped: frozenset[str]) -> list[Path]:
    """Where the terms in ``dropped`` are used as keys or types, the ambiguous ones confirmed."""
    type_keys = _type_keys()
    candidates: dict[str, list[Path]] = {}
    for path, node in _walk(document):
        for key, value in node.items():
            if not isinstance(key, str) or _no_data(value):
                continue
            if key in dropped:
                candidates.setdefault(key, []).append((*path, key))
            if key in type_keys:
                items = value if isinstance(value, list) else [value]
                for i, item in enumerate(items):
                    if isinstance(item, str) and item in dropped:
                        where = (*path, key, i) if isinstance(value, list) else (*path, key)
                        candidates.setdefault(item, []).append(where)
    found: list[Path] = []
    budget = MAX_CONFIRMATIONS
    for name, paths in sorted(candidates.items()):
        paths = _outermost(paths)
        if len(paths) == 1 or budget < len(paths):
            found.extend(paths)
            continue
        budget -= len(paths)
        expected = _count(probe_dataset(document), name)
        found.extend(
            p for p in paths if _count(probe_dataset(_without(document, p)), name) < expected
        )
    return _outermost(found)


def _outermost(paths: list[Path]) -> list[Path]:
    """``paths`` without those inside another one (a dropped key takes its value with it)."""
    ordered = sorted(set(paths), key=len)
    kept: list[Path] = []
    for path in ordered:
        if not any(path[: len(outer)] == outer for outer in kept):
            kept.append(path)
    return kept


def _count(dataset: ox.Dataset, name: str) -> int:
    iri = PROBE_VOCABULARY + name
    return sum(
        1
        for quad in dataset
        if quad.predicate.value == iri
        or (quad.predicate.value == _RDF_TYPE and getattr(quad.object, "value", None) == iri)
    )


def _without(document: Any, path: Path) -> Any:
    """A copy of ``document`` without the key or list item at ``path``."""
    if not path:
        return None
    head, rest = path[0], path[1:]
    if isinstance(document, list):
        assert isinstance(head, int)
        if not rest:
            return document[:head] + document[head + 1 :]
        return [_without(item, rest) if i == head else item for i, item in enumerate(document)]
    if not rest:
        return {k: v for k, v in document.items() if k != head}
    return {k: _without(v, rest) if k == head else v for k, v in document.items()}


def _type_keys() -> frozenset[str]:
    aliases = bundled_vocabulary().keyword_aliases
    return frozenset({"@type"} | {term for term, kws in aliases.items() if "@type" in kws})


__all__ = ["MAX_CONFIRMATIONS", "NODE_KEYWORDS", "find_unsigned_content", "format_path"]
