"""The JSON-LD contexts credstack knows, served offline from the package.

A context decides what a signature covers: the same JSON means different RDF under a different
context. So contexts are never fetched: ``resources/contexts/index.json`` maps each allowed URL
to a bundled file, and everything else is refused with ``UNKNOWN_CONTEXT``.

* :data:`ALLOWED_CONTEXTS` — URL → parsed context document, read once on first use;
* :func:`pyld_document_loader` — the loader handed to pyld (it never touches the network);
* :func:`check_contexts` — every ``@context`` in a document names only allowed URLs;
* :func:`check_vc2_context` — a VC 2.0 document starts with the VC 2.0 context;
* :func:`inline_contexts` — a copy with URL contexts replaced by their content, for
  pyoxigraph, whose JSON-LD parser has no document-loader hook;
* :func:`bundled_vocabulary` — facts about the bundled contexts that the canonicalization
  fast path relies on (which terms exist, which alias keywords).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from credstack.core.errors import ContextError, ErrorCode

VC_V1_CONTEXT = "https://www.w3.org/2018/credentials/v1"
VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"

_CONTEXT = "@context"


@cache
def _load_all() -> dict[str, Any]:
    folder = resources.files("credstack.core").joinpath("resources", "contexts")
    index = json.loads(folder.joinpath("index.json").read_text(encoding="utf-8"))
    parsed_files: dict[str, Any] = {}
    contexts: dict[str, Any] = {}
    for url, relative in index["contexts"].items():
        if relative not in parsed_files:
            path = folder.joinpath(*relative.split("/"))
            parsed_files[relative] = json.loads(path.read_text(encoding="utf-8"))
        contexts[url] = parsed_files[relative]
    return contexts


class _AllowedContexts(Mapping[str, Any]):
    """Read-only view of the bundled contexts, loaded on first access (no import-time I/O)."""

    def __getitem__(self, url: str) -> Any:
        return _load_all()[url]

    def __iter__(self) -> Iterator[str]:
        return iter(_load_all())

    def __len__(self) -> int:
        return len(_load_all())

    def __contains__(self, url: object) -> bool:
        return url in _load_all()


ALLOWED_CONTEXTS: Mapping[str, Any] = _AllowedContexts()
"""Context URL → the parsed context document (``{"@context": …}``). Treat as read-only."""


def load_context(url: str) -> Any:
    """A private copy of the bundled context document for ``url``; ``UNKNOWN_CONTEXT`` otherwise."""
    try:
        document = _load_all()[url]
    except (KeyError, TypeError):
        raise ContextError(
            f"the JSON-LD context {url!r} is not bundled with credstack and is never fetched",
            code=ErrorCode.UNKNOWN_CONTEXT,
            context=str(url),
        ) from None
    return copy.deepcopy(document)


def pyld_document_loader(url: str, options: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A pyld ``documentLoader`` that serves only bundled contexts.

    Raises :class:`ContextError` (``UNKNOWN_CONTEXT``) for any other URL, so that pyld never
    opens a network connection.
    """
    return {"contextUrl": None, "documentUrl": url, "document": load_context(url)}


def check_contexts(document: Any) -> None:
    """Refuse unknown or malformed ``@context`` values anywhere in ``document``.

    Every ``@context`` (top level, embedded objects, scoped contexts inside inline contexts)
    must be a string, an object, ``null`` or a list of those; every string must be an allowed
    URL (``UNKNOWN_CONTEXT``, naming the URL). Other values are ``INVALID_CONTEXT``.
    """
    stack: list[Any] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, Mapping):
            for key, value in node.items():
                if key == _CONTEXT:
                    _check_context_value(value, stack)
                else:
                    stack.append(value)


def _check_context_value(value: Any, stack: list[Any]) -> None:
    entries = value if isinstance(value, list) else [value]
    for entry in entries:
        if entry is None:
            continue
        if isinstance(entry, str):
            if entry not in ALLOWED_CONTEXTS:
                raise ContextError(
                    f"the JSON-LD context {entry!r} is not bundled with credstack and is never "
                    "fetched",
                    code=ErrorCode.UNKNOWN_CONTEXT,
                    context=entry,
                )
        elif isinstance(entry, Mapping):
            # term definitions may carry scoped contexts, which may name URLs in turn
            stack.append(entry)
        else:
            raise ContextError(
                f"a @context entry must be a URL string or an object, not {type(entry).__name__}",
                code=ErrorCode.INVALID_CONTEXT,
            )


def check_vc2_context(document: Mapping[str, Any]) -> None:
    """Raise ``INVALID_CONTEXT`` unless ``@context`` starts with the VC 2.0 context URL.

    Kept apart from :func:`check_contexts` because VC 1.1 documents (first context
    ``https://www.w3.org/2018/credentials/v1``) must still canonicalize for legacy verification.
    """
    contexts = document.get(_CONTEXT)
    first = contexts[0] if isinstance(contexts, list) and contexts else contexts
    if first != VC_V2_CONTEXT:
        raise ContextError(
            f"a VC 2.0 document must list {VC_V2_CONTEXT!r} first in @context, found {first!r}",
            code=ErrorCode.INVALID_CONTEXT,
        )


def inline_contexts(document: Any) -> Any:
    """A copy of ``document`` with every URL context replaced by its bundled content.

    URL references inside bundled contexts (scoped contexts, arrays of contexts) are replaced
    too, recursively. Unknown URLs raise ``UNKNOWN_CONTEXT``.
    """
    if isinstance(document, list):
        return [inline_contexts(item) for item in document]
    if isinstance(document, Mapping):
        return {
            key: _inline_context_value(value) if key == _CONTEXT else inline_contexts(value)
            for key, value in document.items()
        }
    return document


def _inline_context_value(value: Any) -> Any:
    if isinstance(value, str):
        return _inlined_url(value)
    if isinstance(value, list):
        return [_inline_context_value(entry) for entry in value]
    if isinstance(value, Mapping):
        return {
            key: _inline_context_value(entry) if key == _CONTEXT else _inline_term(entry)
            for key, entry in value.items()
        }
    return value


def _inline_term(definition: Any) -> Any:
    if isinstance(definition, Mapping):
        return {
            key: _inline_context_value(entry) if key == _CONTEXT else entry
            for key, entry in definition.items()
        }
    return definition


@cache
def _inlined_url(url: str) -> Any:
    # the result is shared between calls: callers only serialize it, never mutate it
    return _inline_context_value(load_context(url)[_CONTEXT])


@dataclass(frozen=True, slots=True)
class ContextVocabulary:
    """What the bundled contexts define, as the canonicalization fast path needs it.

    ``terms`` are all term names defined anywhere (including scoped contexts);
    ``keyword_aliases`` maps a term to the keywords it aliases somewhere (``"id"`` → ``@id``);
    ``vocab_coerced`` are terms whose values expand against the vocabulary (``"@type":
    "@vocab"``), ``iri_coerced`` those whose string values are IRIs (``"@id"`` or ``"@vocab"``);
    ``with_direction`` are context URLs that set ``@direction``.
    """

    terms: frozenset[str]
    keyword_aliases: Mapping[str, frozenset[str]]
    vocab_coerced: frozenset[str]
    iri_coerced: frozenset[str]
    with_direction: frozenset[str]


@cache
def bundled_vocabulary() -> ContextVocabulary:
    """The :class:`ContextVocabulary` of every bundled context (computed once)."""
    terms: set[str] = set()
    aliases: dict[str, set[str]] = {}
    vocab_coerced: set[str] = set()
    iri_coerced: set[str] = set()
    with_direction: set[str] = set()
    for url, document in _load_all().items():
        stack: list[Any] = [document.get(_CONTEXT)]
        while stack:
            context = stack.pop()
            if isinstance(context, list):
                stack.extend(context)
                continue
            if not isinstance(context, Mapping):
                continue
            if "@direction" in context:
                with_direction.add(url)
            for term, definition in context.items():
                if term.startswith("@"):
                    continue
                terms.add(term)
                target = definition.get("@id") if isinstance(definition, Mapping) else definition
                if isinstance(target, str) and target.startswith("@"):
                    aliases.setdefault(term, set()).add(target)
                if isinstance(definition, Mapping):
                    if definition.get("@type") == "@vocab":
                        vocab_coerced.add(term)
                    if definition.get("@type") in ("@id", "@vocab"):
                        iri_coerced.add(term)
                    if _CONTEXT in definition:
                        stack.append(definition[_CONTEXT])
    return ContextVocabulary(
        terms=frozenset(terms),
        keyword_aliases={term: frozenset(targets) for term, targets in aliases.items()},
        vocab_coerced=frozenset(vocab_coerced),
        iri_coerced=frozenset(iri_coerced),
        with_direction=frozenset(with_direction),
    )


__all__ = [
    "ALLOWED_CONTEXTS",
    "VC_V1_CONTEXT",
    "VC_V2_CONTEXT",
    "ContextVocabulary",
    "bundled_vocabulary",
    "check_contexts",
    "check_vc2_context",
    "inline_contexts",
    "load_context",
    "pyld_document_loader",
]
