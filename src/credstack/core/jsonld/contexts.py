"""The JSON-LD contexts credstack knows, served offline from the package.

A context decides what a signature covers: the same JSON means different RDF under a different
context. So contexts are never fetched: ``resources/contexts/index.json`` maps each allowed URL
to a bundled file, and everything else is refused with ``UNKNOWN_CONTEXT``.

* :data:`ALLOWED_CONTEXTS` — URL → parsed context document, read once on first use;
* :data:`VC11_CONTEXTS` — the content some URLs have for VC 1.1 documents (see below);
* :data:`PUBLISHED_CONTEXTS` — the contexts credstack authors, which every installation serves,
  and :func:`bundled_context_bytes`, the exact bytes a digest of a context is taken of;
* :func:`pyld_document_loader` / :func:`vc11_pyld_document_loader` — the loaders handed to pyld
  (they never touch the network); :func:`document_loader_for` picks one for a document;
* :func:`check_contexts` — every ``@context`` in a document names only allowed URLs;
* :func:`check_vc2_context` — a VC 2.0 document starts with the VC 2.0 context;
* :func:`inline_contexts` — a copy with URL contexts replaced by their content, for
  pyoxigraph, whose JSON-LD parser has no document-loader hook;
* :func:`bundled_vocabulary` — facts about the bundled contexts that the canonicalization
  fast path relies on (which terms exist, which alias keywords).

**The unversioned 1EdTech URLs depend on the document.** Open Badges 3.0's and CLR 2.0's
``context.json`` on ``purl.imsglobal.org`` (``…/spec/ob/v3p0/context.json``,
``…/spec/clr/v2p0/context.json``) have served different content over time.
VC 1.1-era credentials (Ed25519Signature2020 proofs) were signed when they served what the
bundle keeps as ``1edtech/*-legacy-unversioned.json``, and verify only with that OB content;
today they serve OB 3.0.3 / CLR 2.0.1. So a document whose first ``@context`` is the VC 1.1 context
(:func:`uses_vc11_contexts`) resolves these URLs to the legacy content (``vc11_contexts`` in
``index.json``) and every other document to the current content. The whole document — embedded
credentials included — resolves them alike, decided by its top-level ``@context``. Every
JSON-LD route honours this: the pyld loaders, :func:`inline_contexts` for pyoxigraph, and the
canonicalization caches, whose shape keys record the choice
(``docs/decisions/0003-legacy-unversioned-contexts.md`` has the evidence).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from credstack.core.errors import ContextError, ErrorCode

VC_V1_CONTEXT = "https://www.w3.org/2018/credentials/v1"
VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"

_CONTEXT = "@context"


def _folder() -> Any:
    return resources.files("credstack.core").joinpath("resources", "contexts")


@cache
def _index() -> dict[str, Any]:
    index: dict[str, Any] = json.loads(_folder().joinpath("index.json").read_text(encoding="utf-8"))
    return index


@cache
def _file_bytes(relative: str) -> bytes:
    data: bytes = _folder().joinpath(*relative.split("/")).read_bytes()
    return data


@cache
def _load_bundle() -> tuple[dict[str, Any], dict[str, Any]]:
    """The contexts of every document and the VC 1.1 overrides, each URL → parsed document."""
    index = _index()
    parsed_files: dict[str, Any] = {}

    def parsed(relative: str) -> Any:
        if relative not in parsed_files:
            parsed_files[relative] = json.loads(_file_bytes(relative).decode("utf-8"))
        return parsed_files[relative]

    contexts = {url: parsed(relative) for url, relative in index["contexts"].items()}
    vc11 = {url: parsed(relative) for url, relative in index["vc11_contexts"].items()}
    return contexts, vc11


class _BundledContexts(Mapping[str, Any]):
    """Read-only view of bundled contexts, loaded on first access (no import-time I/O)."""

    def __init__(self, part: int) -> None:
        self._part = part

    def __getitem__(self, url: str) -> Any:
        return _load_bundle()[self._part][url]

    def __iter__(self) -> Iterator[str]:
        return iter(_load_bundle()[self._part])

    def __len__(self) -> int:
        return len(_load_bundle()[self._part])

    def __contains__(self, url: object) -> bool:
        return url in _load_bundle()[self._part]


ALLOWED_CONTEXTS: Mapping[str, Any] = _BundledContexts(0)
"""Context URL → the parsed context document (``{"@context": …}``). Treat as read-only."""

VC11_CONTEXTS: Mapping[str, Any] = _BundledContexts(1)
"""URL → the parsed context document that replaces :data:`ALLOWED_CONTEXTS`' in VC 1.1
documents (the unversioned 1EdTech URLs). Treat as read-only."""


class _PublishedContexts(Mapping[str, str]):
    """Read-only view of ``index.json``'s ``published`` part, loaded on first access."""

    def __getitem__(self, path: str) -> str:
        url: str = _index()["published"][path]
        return url

    def __iter__(self) -> Iterator[str]:
        return iter(_index()["published"])

    def __len__(self) -> int:
        return len(_index()["published"])


PUBLISHED_CONTEXTS: Mapping[str, str] = _PublishedContexts()
"""The contexts credstack authors: path (``credstack/v1``) → the bundled context's URL.

Every installation serves each one at ``{contexts URL}/{path}``, byte for byte the bundled
file (:func:`bundled_context_bytes`); a credential names it at such a URL and pins the URL to
the file's digest (:mod:`credstack.core.jsonld.pins`)."""


def bundled_context_bytes(url: str, *, vc11: bool = False) -> bytes:
    """The bundled file of the context ``url`` exactly as stored (what digests are taken of).

    ``vc11`` gives the file ``url`` has in a VC 1.1 document (:data:`VC11_CONTEXTS`).
    Raises ``UNKNOWN_CONTEXT`` for a URL that is not bundled.
    """
    index = _index()
    if not isinstance(url, str):
        raise _unknown(url)
    relative = (vc11 and index["vc11_contexts"].get(url)) or index["contexts"].get(url)
    if relative is None:
        raise _unknown(url)
    return _file_bytes(relative)


def uses_vc11_contexts(document: Any) -> bool:
    """True when ``document``'s first ``@context`` is the VC 1.1 context.

    Such a document resolves the URLs of :data:`VC11_CONTEXTS` to their legacy content.
    """
    if not isinstance(document, Mapping):
        return False
    contexts = document.get(_CONTEXT)
    first = contexts[0] if isinstance(contexts, list) and contexts else contexts
    return isinstance(first, str) and first == VC_V1_CONTEXT


def load_context(url: str, *, vc11: bool = False) -> Any:
    """A private copy of the bundled context document for ``url``; ``UNKNOWN_CONTEXT`` otherwise.

    ``vc11`` gives the content ``url`` has in a VC 1.1 document (:data:`VC11_CONTEXTS`).
    """
    contexts, vc11_contexts = _load_bundle()
    try:
        document = vc11_contexts[url] if vc11 and url in vc11_contexts else contexts[url]
    except (KeyError, TypeError):
        raise _unknown(url) from None
    return copy.deepcopy(document)


def _unknown(url: object) -> ContextError:
    hint = ""
    if isinstance(url, str) and any(url.endswith(f"/{path}") for path in PUBLISHED_CONTEXTS):
        # an installation's copy of a context credstack authors, named without its digest
        hint = (
            "; a copy of a context credstack publishes is read when the document pins its URL "
            "to the context's digest (relatedResource with digestSRI)"
        )
    return ContextError(
        f"the JSON-LD context {url!r} is not bundled with credstack and is never fetched{hint}",
        code=ErrorCode.UNKNOWN_CONTEXT,
        context=str(url),
    )


def pyld_document_loader(url: str, options: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A pyld ``documentLoader`` that serves only bundled contexts (as VC 2.0 documents see them).

    Raises :class:`ContextError` (``UNKNOWN_CONTEXT``) for any other URL, so that pyld never
    opens a network connection.
    """
    return {"contextUrl": None, "documentUrl": url, "document": load_context(url)}


def vc11_pyld_document_loader(url: str, options: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """:func:`pyld_document_loader` as VC 1.1 documents see the contexts (legacy content)."""
    return {"contextUrl": None, "documentUrl": url, "document": load_context(url, vc11=True)}


PyldDocumentLoader = Callable[[str, Mapping[str, Any] | None], dict[str, Any]]
"""The type of a pyld ``documentLoader``."""


def document_loader_for(document: Any) -> PyldDocumentLoader:
    """The pyld loader that resolves the contexts of ``document`` (see the module docstring)."""
    return vc11_pyld_document_loader if uses_vc11_contexts(document) else pyld_document_loader


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
                raise _unknown(entry)
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


def inline_contexts(document: Any, *, vc11: bool | None = None) -> Any:
    """A copy of ``document`` with every URL context replaced by its bundled content.

    URL references inside bundled contexts (scoped contexts, arrays of contexts) are replaced
    too, recursively. Unknown URLs raise ``UNKNOWN_CONTEXT``. ``vc11`` says whether the URLs
    take their VC 1.1 content; by default :func:`uses_vc11_contexts` decides from ``document``.
    """
    legacy = uses_vc11_contexts(document) if vc11 is None else vc11
    return _inline_document(document, legacy)


def _inline_document(document: Any, vc11: bool) -> Any:
    if isinstance(document, list):
        return [_inline_document(item, vc11) for item in document]
    if isinstance(document, Mapping):
        return {
            key: _inline_context_value(value, vc11)
            if key == _CONTEXT
            else _inline_document(value, vc11)
            for key, value in document.items()
        }
    return document


def _inline_context_value(value: Any, vc11: bool) -> Any:
    if isinstance(value, str):
        return _inlined_url(value, vc11)
    if isinstance(value, list):
        return [_inline_context_value(entry, vc11) for entry in value]
    if isinstance(value, Mapping):
        return {
            key: _inline_context_value(entry, vc11)
            if key == _CONTEXT
            else _inline_term(entry, vc11)
            for key, entry in value.items()
        }
    return value


def _inline_term(definition: Any, vc11: bool) -> Any:
    if isinstance(definition, Mapping):
        return {
            key: _inline_context_value(entry, vc11) if key == _CONTEXT else entry
            for key, entry in definition.items()
        }
    return definition


@cache
def _inlined_url(url: str, vc11: bool) -> Any:
    # the result is shared between calls: callers only serialize it, never mutate it
    return _inline_context_value(load_context(url, vc11=vc11)[_CONTEXT], vc11)


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
    contexts, vc11_contexts = _load_bundle()
    # the union over both contents: the fast path must know every term either may define
    for url, document in [*contexts.items(), *vc11_contexts.items()]:
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
    "PUBLISHED_CONTEXTS",
    "VC11_CONTEXTS",
    "VC_V1_CONTEXT",
    "VC_V2_CONTEXT",
    "ContextVocabulary",
    "PyldDocumentLoader",
    "bundled_context_bytes",
    "bundled_vocabulary",
    "check_contexts",
    "check_vc2_context",
    "document_loader_for",
    "inline_contexts",
    "load_context",
    "pyld_document_loader",
    "uses_vc11_contexts",
    "vc11_pyld_document_loader",
]
