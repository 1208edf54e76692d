"""Document shapes: what a JSON-LD document's graph depends on, apart from its strings.

:func:`document_shape` splits a document into a *shape key* and its *values* (the leaf
strings, in document order). The key keeps everything that can change the graph: all keys and
their order, ``@context``, ``type`` / ``@type`` values, the values of other keyword keys
(``@language``, ``@direction``, …) and of keys that alias keywords or are vocabulary-coerced
(``proofPurpose``), numbers (typed: ``1``, ``1.0`` and ``true`` differ), booleans, nulls and
list lengths — and which content the unversioned 1EdTech context URLs resolve to (the legacy
one for VC 1.1 documents, :func:`~credstack.core.jsonld.contexts.uses_vc11_contexts`). Two documents
with equal keys differ only in their values, which is what :mod:`credstack.core.jsonld.template`
substitutes.

Documents a shape cannot describe give ``None``: inline (object) contexts, whose keyword aliases
are unknown; values JSON cannot carry; keys that are not strings; nesting beyond Python's
recursion limit.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any, Final

from credstack.core.jsonld.contexts import bundled_vocabulary, uses_vc11_contexts

PLACEHOLDER_PREFIX: Final = "urn:x-credstack-ph:"
MARKER: Final = "x-credstack-ph"
"""What every placeholder contains (and no value may, for the substitution to be exact)."""

# keywords whose values are data (node ids, literal values) or structure, not shape
_DATA_KEYWORDS: Final = frozenset(
    {"@id", "@value", "@graph", "@list", "@set", "@included", "@reverse", "@nest"}
)
_OBJECT: Final = object()
_LIST: Final = object()
_SLOT: Final = object()
_MEMO_LIMIT: Final = 50_000

ShapeKey = tuple[object, ...]
_Add = Callable[[object], None]
_Take = Callable[[str], None]


class _UnsuitableError(Exception):
    """The document has no shape; the caller takes the full path."""


def document_shape(document: Any) -> tuple[ShapeKey, list[str]] | None:
    """The shape key and the leaf strings (in slot order) of ``document``, or ``None``."""
    # the same @context can mean two contents: the key says which one (see contexts.py)
    key: list[object] = [("vc11", uses_vc11_contexts(document))]
    values: list[str] = []
    try:
        _walk_value(document, key.append, values.append)
    except (_UnsuitableError, RecursionError):
        return None  # deep nesting: the full path reports it
    return tuple(key), values


# The hot loop of the fast path. Every value leaves exactly one self-delimiting token
# sequence: an object its keys (in order) then its values, a list its length then its items,
# a string a slot, anything else its own token; so equal keys mean equal shapes.
def _walk_object(value: Mapping[str, Any], add: _Add, take: _Take) -> None:
    add((_OBJECT, *value))
    fixed = _FIXED_BY_NAME
    for name, item in value.items():
        is_fixed = fixed.get(name)
        if is_fixed is None:
            is_fixed = _classify_key(name)
        if is_fixed:
            add(_freeze(item, name == "@context"))
            continue
        kind = type(item)
        if kind is str:
            add(_SLOT)
            take(item)
        elif kind is dict:
            _walk_object(item, add, take)
        else:
            _walk_value(item, add, take)


def _walk_value(value: Any, add: _Add, take: _Take) -> None:
    kind = type(value)
    if kind is str:
        add(_SLOT)
        take(value)
    elif kind is dict or isinstance(value, Mapping):
        _walk_object(value, add, take)
    elif kind is list or kind is tuple:
        add((_LIST, len(value)))
        for item in value:
            if type(item) is dict:
                _walk_object(item, add, take)
            else:
                _walk_value(item, add, take)
    else:
        add(_scalar(value))


def _freeze(value: Any, is_context: bool) -> object:
    """A hashable copy of a value that stays in the shape key."""
    kind = type(value)
    if kind is str:
        return value
    if kind is list or kind is tuple:
        for item in value:
            if type(item) is not str:
                return (_LIST, *(_freeze(item, is_context) for item in value))
        return (_LIST, *value)
    if isinstance(value, Mapping):
        if is_context:
            raise _UnsuitableError  # inline contexts: the keyword aliases they define are unknown
        return (_OBJECT, *((k, _freeze(v, k == "@context")) for k, v in value.items()))
    return _scalar(value)


def _scalar(value: Any) -> object:
    if value is None or value is True or value is False:
        return value
    if type(value) is int:
        return ("int", value)
    if type(value) is float and math.isfinite(value):
        return ("float", repr(value))
    raise _UnsuitableError  # not JSON: the full path reports it


_FIXED_BY_NAME: dict[str, bool] = {}


def _classify_key(name: object) -> bool:
    """Whether a key's value stays in the shape key (memoized per key name)."""
    if type(name) is not str:
        raise _UnsuitableError
    fixed = name in _fixed_keys() or (name.startswith("@") and name not in _DATA_KEYWORDS)
    if len(_FIXED_BY_NAME) > _MEMO_LIMIT:
        _FIXED_BY_NAME.clear()
    _FIXED_BY_NAME[name] = fixed
    return fixed


_FIXED_KEYS: list[frozenset[str]] = []


def _fixed_keys() -> frozenset[str]:
    """Keys whose whole value stays in the shape key."""
    if not _FIXED_KEYS:
        vocabulary = bundled_vocabulary()
        aliases = {
            term
            for term, keywords in vocabulary.keyword_aliases.items()
            if not keywords <= _DATA_KEYWORDS - {"@value"}
        }
        # every other keyword (a key starting with "@") is fixed as well, see _walk_value
        _FIXED_KEYS.append(frozenset({"@context"} | aliases | vocabulary.vocab_coerced))
    return _FIXED_KEYS[0]


def placeholder_document(document: Any) -> tuple[Any, int]:
    """``document`` with each slot string replaced by a placeholder IRI, and the slot count.

    The slots are numbered in the order of :func:`document_shape`'s values: slot ``N`` becomes
    ``urn:x-credstack-ph:N``.
    """
    counter = [0]
    return _placeholder_document(document, counter), counter[0]


def _placeholder_document(value: Any, counter: list[int]) -> Any:
    if isinstance(value, str):
        counter[0] += 1
        return f"{PLACEHOLDER_PREFIX}{counter[0] - 1}"
    if isinstance(value, Mapping):
        return {
            name: item if _classify_key(name) else _placeholder_document(item, counter)
            for name, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [_placeholder_document(item, counter) for item in value]
    return value


__all__ = ["MARKER", "PLACEHOLDER_PREFIX", "ShapeKey", "document_shape", "placeholder_document"]
