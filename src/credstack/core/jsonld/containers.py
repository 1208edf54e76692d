"""Graph containers: what may stand where JSON-LD expects the content of a graph.

A term whose ``@container`` includes ``@graph`` — VC 2.0's ``proof`` and
``verifiableCredential``, among others — turns each of its values into a graph of its own. A
``@list`` or ``@set`` object in that place (``"proof": {"@list": null}``) makes pyoxigraph 0.5.13
*abort the whole process* (a Rust panic in its JSON-LD parser, not an exception), and means
nothing useful anyway: a list cannot be a graph, and JSON-LD keeps neither its order nor its
values. :func:`check_graph_containers` refuses such documents (``MALFORMED_VALUE_ERROR``) before
pyoxigraph sees them, so that verifying hostile input reports instead of crashing.

The places are found without processing the document, and conservatively: a key is taken for
a graph container when any bundled context, or any context written inside the document, defines
a term of that name with a ``@graph`` container (an index or id map as well, when one of those
definitions adds ``@index`` or ``@id``). In such a place, every object reached through arrays —
and for maps, every object reached through the map's entries — is refused when one of its keys
is ``@list``, ``@set`` or a term aliasing either. Fuzzing pyoxigraph with every JSON-LD keyword
and container kind found no other input that aborts it (``tests/core/test_rdfc_containers.py``
runs such documents in a child process).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

from credstack.core.errors import CanonicalizationError, ErrorCode
from credstack.core.jsonld.contexts import ALLOWED_CONTEXTS, VC11_CONTEXTS

_CONTEXT: Final = "@context"
_LIST_KEYWORDS: Final = frozenset({"@list", "@set"})
_MAP_CONTAINERS: Final = frozenset({"@index", "@id"})


@dataclass(frozen=True, slots=True)
class _Containers:
    graphs: frozenset[str]  # terms with a @graph container
    maps: frozenset[str]  # of those, the ones that may be index or id maps
    lists: frozenset[str]  # @list, @set and the terms aliasing them


def check_graph_containers(document: Any) -> None:
    """Raise ``MALFORMED_VALUE_ERROR`` if a ``@list`` or ``@set`` object is a graph's content."""
    containers = _containers_of(document)
    if not containers.graphs:
        return
    stack: list[Any] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, Mapping):
            for key, value in node.items():
                if key == _CONTEXT:
                    continue
                if key in containers.graphs:
                    _check_graph_content(key, value, containers)
                stack.append(value)


def _check_graph_content(term: str, value: Any, containers: _Containers) -> None:
    for item in _items(value):
        _refuse_list(term, item, containers)
        if term in containers.maps and isinstance(item, Mapping):
            for entry in item.values():
                for inner in _items(entry):
                    _refuse_list(term, inner, containers)


def _refuse_list(term: str, item: Any, containers: _Containers) -> None:
    if not isinstance(item, Mapping):
        return
    found = sorted(str(key) for key in item if key in containers.lists)
    if found:
        raise CanonicalizationError(
            f"{term!r} holds graphs, and a {found[0]!r} object cannot be one: JSON-LD would "
            "drop its values or their order, so a signature could not cover them",
            code=ErrorCode.MALFORMED_VALUE_ERROR,
            term=term,
        )


def _items(value: Any) -> Iterator[Any]:
    """The values of ``value`` once its (nested) arrays are flattened."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        else:
            yield item


def _containers_of(document: Any) -> _Containers:
    bundled = _bundled_containers()
    graphs, maps, lists = set(bundled.graphs), set(bundled.maps), set(bundled.lists)
    inline_found = False
    stack: list[Any] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, Mapping):
            for key, value in node.items():
                if key == _CONTEXT:
                    entries = value if isinstance(value, list) else [value]
                    if any(isinstance(entry, Mapping) for entry in entries):
                        inline_found = True  # URLs name bundled contexts, already counted
                        _collect(value, graphs, maps, lists)
                else:
                    stack.append(value)
    if not inline_found:
        return bundled
    return _Containers(frozenset(graphs), frozenset(maps), frozenset(lists))


@cache
def _bundled_containers() -> _Containers:
    graphs: set[str] = set()
    maps: set[str] = set()
    lists: set[str] = set(_LIST_KEYWORDS)
    for contexts in (ALLOWED_CONTEXTS, VC11_CONTEXTS):
        for document in contexts.values():
            _collect(document.get(_CONTEXT), graphs, maps, lists)
    return _Containers(frozenset(graphs), frozenset(maps), frozenset(lists))


def _collect(context: Any, graphs: set[str], maps: set[str], lists: set[str]) -> None:
    """Add the graph containers and list aliases that ``context`` defines."""
    stack: list[Any] = [context]
    while stack:
        entry = stack.pop()
        if isinstance(entry, list):
            stack.extend(entry)
            continue
        if not isinstance(entry, Mapping):
            continue
        for term, definition in entry.items():
            target = definition.get("@id") if isinstance(definition, Mapping) else definition
            if isinstance(target, str) and target in _LIST_KEYWORDS:
                lists.add(str(term))
            if not isinstance(definition, Mapping):
                continue
            container = definition.get("@container")
            kinds = {
                kind
                for kind in (container if isinstance(container, list) else [container])
                if isinstance(kind, str)
            }
            if "@graph" in kinds:
                graphs.add(str(term))
                if kinds & _MAP_CONTAINERS:
                    maps.add(str(term))
            if _CONTEXT in definition:
                stack.append(definition[_CONTEXT])


__all__ = ["check_graph_containers"]
