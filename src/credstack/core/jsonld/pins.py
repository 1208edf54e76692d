"""Context URLs a document pins by digest: VC 2.0 ``relatedResource`` (§5.3) for contexts.

A context is known by its content, not by where it is served. credstack authors one context of
its own (:data:`~credstack.core.jsonld.contexts.PUBLISHED_CONTEXTS`), and every installation serves
it at its own URL (``https://credentials.uni.example/contexts/credstack/v1``), so that any
verifier can fetch it. A credential names it at that URL and pins the URL to the digest of the
bundled file::

    "relatedResource": [{"id": "https://credentials.uni.example/contexts/credstack/v1",
                         "digestSRI": "sha384-…", "mediaType": "application/ld+json"}]

so that every verifier, fetching or not, reads the same terms: a verifier that fetches checks
the bytes it got against the digest (VC 2.0 requires it), and credstack, which never fetches,
reads the URL as the bundled context with that digest.

* :func:`pinned_contexts` — each context URL the document pins to a published context, mapped
  to that context's bundled URL; it also checks the pins of bundled URLs against the bundled
  bytes (``CONTEXT_DIGEST_MISMATCH``), as VC 2.0 requires of a verifier that uses them;
* :func:`resolve_pinned_contexts` — the document with those URLs replaced by the bundled URLs:
  what every JSON-LD function of the core takes (they resolve bundled URLs only). The RDF
  dataset is the same, since a context URL never appears in it; JCS and JWT signatures cover
  the JSON text and must be checked on the document as it is;
* :func:`sri_digest` — the ``digestSRI`` of some bytes (``sha384-`` + base64).

Pins are read from every ``relatedResource`` in the document (an embedded credential's hold for
the presentation around it). A pin the proof does not cover changes nothing a verifier accepts:
outside a credential the term is undefined, so an RDF signature leaves it out and the
verification fails with ``UNSIGNED_CONTENT``; JCS and JWT sign every byte.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, Final

import orjson

from credstack.core.crypto import multibase
from credstack.core.errors import ContextError, ErrorCode, KeyMaterialError
from credstack.core.jsonld.contexts import (
    ALLOWED_CONTEXTS,
    PUBLISHED_CONTEXTS,
    bundled_context_bytes,
    uses_vc11_contexts,
)

RELATED_RESOURCE: Final = "relatedResource"
SRI_ALGORITHMS: Final = ("sha256", "sha384", "sha512")
"""Subresource Integrity hash algorithms, weakest first (SRI picks the strongest present)."""
_MULTIHASH: Final = {0x12: "sha256", 0x20: "sha384", 0x13: "sha512"}
"""Multihash codes of the SHA-2 digests (each a one-byte varint)."""
_CONTEXT: Final = "@context"
_SCALARS: Final = frozenset({str, int, float, bool, type(None)})


def sri_digest(data: bytes, algorithm: str = "sha384") -> str:
    """The Subresource Integrity hash expression of ``data`` (``sha384-…``, base64)."""
    digest = hashlib.new(algorithm, data).digest()
    return f"{algorithm}-{base64.b64encode(digest).decode('ascii')}"


def pinned_contexts(document: Any) -> dict[str, str]:
    """Context URL → bundled URL, for each URL ``document`` pins to a published context.

    Only URLs the document uses in an ``@context`` count. Raises :class:`ContextError`:

    * ``CONTEXT_DIGEST_MISMATCH`` when a bundled context's URL is pinned to other bytes than
      the bundled file's;
    * ``UNKNOWN_CONTEXT`` when another URL is pinned to bytes of no context credstack
      publishes (every pin of a URL must match);
    * ``INVALID_CONTEXT`` when a pin has no digest credstack can compute.
    """
    used, pins = _scan(document)
    vc11 = uses_vc11_contexts(document)
    aliases: dict[str, str] = {}
    for url in sorted(used & pins.keys()):
        entries = pins[url]
        if url in ALLOWED_CONTEXTS:
            data = bundled_context_bytes(url, vc11=vc11)
            if not all(_matches(entry, data, url) for entry in entries):
                raise ContextError(
                    f"the document pins the context {url!r} to a digest its bundled copy does "
                    "not have: it was signed with other content than credstack reads there",
                    code=ErrorCode.CONTEXT_DIGEST_MISMATCH,
                    context=url,
                )
            continue
        aliases[url] = _published_context(url, entries)
    return aliases


def resolve_pinned_contexts(document: Any, *, pins: Mapping[str, str] | None = None) -> Any:
    """``document`` with every ``@context`` URL it pins replaced by the bundled context's URL.

    ``pins`` are those of :func:`pinned_contexts` (taken from ``document`` when not given; a
    proof configuration, which carries its document's ``@context`` but not its pins, passes
    the document's). Returns ``document`` itself when nothing is pinned; otherwise a copy (the
    input is never changed). Raises what :func:`pinned_contexts` raises.
    """
    aliases = pinned_contexts(document) if pins is None else pins
    if not aliases:
        return document
    if _only_at_the_top(document):
        if _CONTEXT not in document:
            return document
        return {**document, _CONTEXT: _rewrite_context(document[_CONTEXT], aliases)}
    return _rewrite(document, aliases)


def _scan(document: Any) -> tuple[set[str], dict[str, list[Mapping[str, Any]]]]:
    """The context URLs ``document`` uses, and its ``relatedResource`` entries by id."""
    used: set[str] = set()
    pins: dict[str, list[Mapping[str, Any]]] = {}
    if _only_at_the_top(document):
        _scan_context(document.get(_CONTEXT), used)
        if RELATED_RESOURCE in document:
            _add_pins(document[RELATED_RESOURCE], pins)
    else:
        _scan_node(document, used, pins)
    return used, pins


def _only_at_the_top(node: Any) -> bool:
    """Whether ``@context`` and ``relatedResource`` are, if anywhere, keys of ``node`` itself.

    Told from the JSON text, where every key is written ``"name"``: a count equal to the keys
    of ``node`` leaves none deeper (a string value that spells a key only adds to the count,
    and a document the text cannot tell about takes the full walk).
    """
    if type(node) is not dict:
        return False
    try:
        text = orjson.dumps(node)
    except (orjson.JSONEncodeError, TypeError):
        return False
    return text.count(b'"@context"') == (_CONTEXT in node) and text.count(b'"relatedResource"') == (
        RELATED_RESOURCE in node
    )


# The walks below run on every document the RDF suites sign or verify: exact type checks
# first (JSON parsed by the standard library or orjson is dicts, lists and strings), the
# abstract Mapping only for other objects.
def _scan_node(node: Any, used: set[str], pins: dict[str, list[Mapping[str, Any]]]) -> None:
    kind = type(node)
    if kind is list:
        for item in node:
            if type(item) not in _SCALARS:
                _scan_node(item, used, pins)
        return
    if kind is not dict and not isinstance(node, Mapping):
        return
    for key, value in node.items():
        if key == _CONTEXT:
            _scan_context(value, used)
            continue
        if key == RELATED_RESOURCE:
            _add_pins(value, pins)
        if type(value) not in _SCALARS:
            _scan_node(value, used, pins)


def _scan_context(value: Any, used: set[str]) -> None:
    if type(value) is str:
        used.add(value)
    elif type(value) is list:
        for entry in value:
            _scan_context(entry, used)
    elif isinstance(value, Mapping):
        # an inline context: it and its term definitions may hold scoped contexts
        for key, definition in value.items():
            if key == _CONTEXT:
                _scan_context(definition, used)
            elif isinstance(definition, Mapping) and _CONTEXT in definition:
                _scan_context(definition[_CONTEXT], used)


def _add_pins(value: Any, pins: dict[str, list[Mapping[str, Any]]]) -> None:
    for entry in value if isinstance(value, list) else [value]:
        if isinstance(entry, Mapping) and isinstance(entry.get("id"), str):
            pins.setdefault(entry["id"], []).append(entry)


def _published_context(url: str, entries: list[Mapping[str, Any]]) -> str:
    """The bundled URL of the published context that every pin of ``url`` matches."""
    for bundled in PUBLISHED_CONTEXTS.values():
        data = _bytes(bundled)
        if all(_matches(entry, data, url) for entry in entries):
            return bundled
    raise ContextError(
        f"the document pins the context {url!r} to a digest of no context credstack publishes "
        f"({', '.join(PUBLISHED_CONTEXTS.values())}); it is not bundled and is never fetched",
        code=ErrorCode.UNKNOWN_CONTEXT,
        context=url,
    )


def _bytes(bundled: str) -> bytes:
    return bundled_context_bytes(bundled)


def _matches(entry: Mapping[str, Any], data: bytes, url: str) -> bool:
    """Whether every digest of a ``relatedResource`` entry is a digest of ``data``."""
    sri = entry.get("digestSRI")
    multi = entry.get("digestMultibase")
    if sri is None and multi is None:
        raise _invalid(url, "has neither digestSRI nor digestMultibase")
    return (sri is None or _sri_matches(sri, data, url)) and (
        multi is None or _multibase_matches(multi, data, url)
    )


def _sri_matches(value: Any, data: bytes, url: str) -> bool:
    """Subresource Integrity: the strongest algorithm present decides; any of its digests may
    match. Expressions of other algorithms are ignored, as SRI says."""
    candidates: dict[str, list[str]] = {}
    for text in _strings(value, url, "digestSRI"):
        for expression in text.split():
            algorithm, _, rest = expression.partition("-")
            if algorithm in SRI_ALGORITHMS and rest:
                candidates.setdefault(algorithm, []).append(rest.partition("?")[0])
    if not candidates:
        raise _invalid(url, f"has no digestSRI credstack can check ({', '.join(SRI_ALGORITHMS)})")
    strongest = max(candidates, key=SRI_ALGORITHMS.index)
    digest = _hash(strongest, data)
    return any(_base64(encoded) == digest for encoded in candidates[strongest])


def _multibase_matches(value: Any, data: bytes, url: str) -> bool:
    """Every multihash with a SHA-2 code must be of ``data``; others are ignored."""
    checked = False
    for text in _strings(value, url, "digestMultibase"):
        multihash = _multibase(text)
        if multihash is None or len(multihash) < 2 or multihash[0] not in _MULTIHASH:
            continue
        algorithm = _MULTIHASH[multihash[0]]
        if multihash[1] != len(multihash) - 2:
            return False
        checked = True
        if multihash[2:] != _hash(algorithm, data):
            return False
    if not checked:
        raise _invalid(
            url, "has no digestMultibase credstack can check (a multihash of sha2-256/384/512)"
        )
    return True


@lru_cache(maxsize=64)
def _hash(algorithm: str, data: bytes) -> bytes:
    # the bytes are bundled contexts: a handful of files, hashed once each
    return hashlib.new(algorithm, data).digest()


def _strings(value: Any, url: str, name: str) -> list[str]:
    values = value if isinstance(value, list) else [value]
    if not values or not all(isinstance(item, str) for item in values):
        raise _invalid(url, f"has a {name} that is not a string or a list of strings")
    return values


def _base64(encoded: str) -> bytes | None:
    """Standard or URL-safe base64, padded or not; None when it is neither."""
    text = encoded.rstrip("=").replace("-", "+").replace("_", "/")
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None


def _multibase(text: str) -> bytes | None:
    try:
        if text.startswith("u"):
            return multibase.decode_base64url(text)
        if text.startswith("z"):
            return multibase.decode_base58btc(text)
    except KeyMaterialError:
        return None
    return None


def _invalid(url: str, problem: str) -> ContextError:
    return ContextError(
        f"the relatedResource entry pinning the context {url!r} {problem}",
        code=ErrorCode.INVALID_CONTEXT,
        context=url,
    )


def _rewrite(node: Any, aliases: Mapping[str, str]) -> Any:
    """``node`` with its ``@context`` URLs renamed; unchanged parts are shared, not copied."""
    kind = type(node)
    if kind is list:
        items = [item if type(item) in _SCALARS else _rewrite(item, aliases) for item in node]
        return node if all(a is b for a, b in zip(items, node, strict=True)) else items
    if kind is not dict and not isinstance(node, Mapping):
        return node
    changed: dict[str, Any] | None = None
    for key, value in node.items():
        if key == _CONTEXT:
            new = _rewrite_context(value, aliases)
        elif type(value) not in _SCALARS:
            new = _rewrite(value, aliases)
        else:
            continue
        if new is not value:
            changed = changed if changed is not None else {}
            changed[key] = new
    if changed is None:
        return node
    return {key: changed.get(key, value) for key, value in node.items()}


def _rewrite_context(value: Any, aliases: Mapping[str, str]) -> Any:
    if type(value) is str:
        return aliases.get(value, value)
    if type(value) is list:
        entries = [_rewrite_context(entry, aliases) for entry in value]
        return value if all(a is b for a, b in zip(entries, value, strict=True)) else entries
    return _rewrite(value, aliases)  # an inline context: scoped contexts may name URLs


__all__ = [
    "RELATED_RESOURCE",
    "SRI_ALGORITHMS",
    "pinned_contexts",
    "resolve_pinned_contexts",
    "sri_digest",
]
