"""Shared Hypothesis strategies.

Each group of strategies is prefixed with the concept it serves (``rdfc_…`` for JSON-LD
canonicalization), so that other test modules can add theirs beside them.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

# --- rdfc: JSON-LD credentials for canonicalization ----------------------------------------

RDFC_VC_V2 = "https://www.w3.org/ns/credentials/v2"
RDFC_OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
RDFC_OB_EXTENSIONS = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"

# characters pyld writes differently from canonical N-Quads (it leaves them unescaped)
RDFC_PYLD_UNSAFE_CONTROLS = "".join(
    chr(code) for code in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)
)

_SPECIALS = '"\\\t\n\r \u00e9\u00df\u0301\u2028\u200b\ufeff\u4e2d\u0627\U0001f393\U0001d11e'


def rdfc_text(*, controls: bool = False, max_size: int = 12) -> st.SearchStrategy[str]:
    """Strings for literal positions: quotes, backslashes, tabs, newlines, combining marks,
    right-to-left and CJK script, astral characters, empty strings; with ``controls``, every
    C0 control character and DEL as well (which pyld does not escape canonically)."""
    alphabet = st.sampled_from(string.ascii_letters + string.digits + "-_.:/#%@ " + _SPECIALS)
    if controls:
        alphabet = alphabet | st.sampled_from(RDFC_PYLD_UNSAFE_CONTROLS)
    excluded = "" if controls else RDFC_PYLD_UNSAFE_CONTROLS
    return st.one_of(
        st.text(alphabet, max_size=max_size),
        # anything Unicode (surrogates are never drawn)
        st.text(
            st.characters(exclude_characters=excluded, exclude_categories=("Cs",)),
            max_size=max_size,
        ),
    )


_UNRESERVED = string.ascii_letters + string.digits + "-._~"
_SUB_DELIMS = "!$&'()*+,;="


@st.composite
def _iri_path(draw: st.DrawFn) -> str:
    segment = st.text(
        st.sampled_from(_UNRESERVED + _SUB_DELIMS + ":@" + "\u00e9\u4e2d\U0001f393"), max_size=6
    )
    encoded = st.sampled_from(["%20", "%2F", "%C3%A9", "%7e"])
    parts = draw(st.lists(st.one_of(segment, encoded), max_size=4))
    return "/".join(parts)


@st.composite
def rdfc_absolute_iri(draw: st.DrawFn) -> str:
    """Valid absolute IRIs with the schemes credentials use (all substitutable)."""
    kind = draw(st.sampled_from(["http", "https", "urn", "did", "mailto", "data"]))
    name = draw(st.text(st.sampled_from(string.ascii_lowercase + string.digits), min_size=1))
    if kind in ("http", "https"):
        query = draw(st.sampled_from(["", "?a=1&b=%C3%A9", "?q"]))
        fragment = draw(st.sampled_from(["", "#key-1", "#z6Mk"]))
        return f"{kind}://{name}.example/{draw(_iri_path())}{query}{fragment}"
    if kind == "urn":
        return f"urn:uuid:{name}-0000-4000-8000-000000000000"
    if kind == "did":
        return f"did:example:{name}" + draw(st.sampled_from(["", "#key-1"]))
    if kind == "mailto":
        return f"mailto:{name}@example.org"
    return f"data:text/plain;base64,{name}"


def rdfc_node_id(*, wild: bool) -> st.SearchStrategy[str]:
    """Node ids; ``wild`` adds the ones the fast path must not substitute: relative IRIs,
    blank-node ids, compact IRIs and terms, unlisted schemes, upper-case schemes."""
    if not wild:
        return rdfc_absolute_iri()
    others = st.sampled_from(
        [
            "",
            "relative/path",
            "#fragment",
            "../up",
            "_:b0",
            "_:shared",
            "ext:EQF",
            "schema:name",
            "xsd:string",
            "Achievement",
            "tag:example.org,2024:x",
            "ftp://files.example/x",
            "HTTP://EXAMPLE.ORG/UPPER",
            "//other.example/network-path",
        ]
    )
    return st.one_of(rdfc_absolute_iri(), others)


def _number() -> st.SearchStrategy[int | float]:
    # any number: few digits, 17-digit doubles (0.1 + 0.2), huge, tiny and integral floats
    return st.one_of(
        st.integers(-(2**53), 2**53),
        st.integers(-(10**6), 10**6).map(lambda n: n / 8),
        st.sampled_from([0.1, 2.5, -3.75, 1.5e-5, 6.02e23, 0.1 + 0.2, 434.99999999999994]),
        st.floats(allow_nan=False, allow_infinity=False),
    )


@dataclass(frozen=True, slots=True)
class RdfcShape:
    """The structural choices of one generated credential (what a shape key captures)."""

    extensions: bool
    with_id: bool
    issuer_object: bool
    description: bool
    language: str | None
    direction: str | None
    alignments: int
    results: int
    evidence: int
    identifiers: int
    allowed_values: int
    tags: int
    credits: int | float | None
    hashed: bool
    blank_criteria: bool
    endorsement: bool
    undefined_key: bool
    shared_id: bool


@st.composite
def rdfc_shapes(draw: st.DrawFn, *, wild: bool) -> RdfcShape:
    """Structural choices for :func:`rdfc_credential`."""
    return RdfcShape(
        extensions=draw(st.booleans()),
        with_id=draw(st.booleans()),
        issuer_object=draw(st.booleans()),
        description=draw(st.booleans()),
        language=draw(st.sampled_from([None, "en", "de-CH", "EN-us"])),
        direction=draw(st.sampled_from([None, "rtl"])) if wild else None,
        alignments=draw(st.integers(0, 3)),
        results=draw(st.integers(0, 3)),
        evidence=draw(st.integers(0, 2)),
        identifiers=draw(st.integers(0, 2)),
        allowed_values=draw(st.integers(0, 3)),
        tags=draw(st.integers(0, 3)),
        credits=draw(st.none() | _number()),
        hashed=draw(st.booleans()),
        blank_criteria=draw(st.booleans()),
        endorsement=draw(st.booleans()),
        undefined_key=draw(st.booleans()) if wild else False,
        shared_id=draw(st.booleans()),
    )


def rdfc_credential(
    draw: st.DrawFn, shape: RdfcShape, *, wild: bool, controls: bool = False
) -> dict[str, Any]:
    """An OB 3.0 credential of ``shape``: every string value drawn anew.

    Two credentials drawn for the same shape share their shape key unless a value lands
    somewhere that changes it, so the second one normally reuses the first one's template.
    """
    text = rdfc_text(controls=controls)

    def node_id() -> str:
        return draw(rdfc_node_id(wild=wild))

    shared = node_id()

    def label(value: str) -> Any:
        if shape.language is None:
            return value
        labelled = {"@value": value, "@language": shape.language}
        if shape.direction is not None:
            labelled["@direction"] = shape.direction
        return labelled

    achievement: dict[str, Any] = {
        "id": shared if shape.shared_id else node_id(),
        "type": ["Achievement"],
        "name": label(draw(text)),
        "criteria": {"narrative": draw(text)}
        if shape.blank_criteria
        else {"id": node_id(), "narrative": draw(text)},
        "tag": [draw(text) for _ in range(shape.tags)],
        "alignment": [
            {
                "type": ["Alignment"],
                "targetName": draw(text),
                "targetUrl": node_id(),
                "targetType": draw(st.sampled_from(["ext:EQF", "CFItem", "CTDL"])),
            }
            for _ in range(shape.alignments)
        ],
        "resultDescription": [
            {
                "id": node_id(),
                "type": ["ResultDescription"],
                "name": draw(text),
                "resultType": "LetterGrade",
                "allowedValue": [draw(text) for _ in range(shape.allowed_values)],
            }
        ],
    }
    if shape.credits is not None:
        achievement["creditsAvailable"] = shape.credits
    if shape.endorsement:
        achievement["endorsement"] = [
            {
                "@context": [RDFC_VC_V2, RDFC_OB_V3],
                "id": node_id(),
                "type": ["VerifiableCredential", "EndorsementCredential"],
                "issuer": {"id": node_id(), "type": ["Profile"], "name": draw(text)},
                "validFrom": draw(text),
                "credentialSubject": {
                    "id": shared if shape.shared_id else node_id(),
                    "type": ["EndorsementSubject"],
                    "endorsementComment": draw(text),
                },
            }
        ]
    subject: dict[str, Any] = {
        "id": node_id(),
        "type": ["AchievementSubject"],
        "achievement": achievement,
        "identifier": [
            {
                "type": "IdentityObject",
                "identityHash": draw(text),
                "identityType": "emailAddress",
                "hashed": shape.hashed,
            }
            for _ in range(shape.identifiers)
        ],
        "result": [
            {"type": ["Result"], "value": draw(text), "resultDescription": node_id()}
            for _ in range(shape.results)
        ],
    }
    if shape.undefined_key:
        subject["notDefinedAnywhere"] = draw(text)
    credential: dict[str, Any] = {
        "@context": [RDFC_VC_V2, RDFC_OB_V3] + ([RDFC_OB_EXTENSIONS] if shape.extensions else []),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": label(draw(text)),
        "issuer": {"id": node_id(), "type": ["Profile"], "name": draw(text), "url": node_id()}
        if shape.issuer_object
        else node_id(),
        "validFrom": draw(text),
        "credentialSubject": subject,
        "evidence": [
            {"id": node_id(), "type": ["Evidence"], "narrative": draw(text)}
            for _ in range(shape.evidence)
        ],
    }
    if shape.with_id:
        credential["id"] = shared if shape.shared_id else node_id()
    if shape.description:
        credential["description"] = draw(text)
    return credential


@st.composite
def rdfc_credential_pairs(
    draw: st.DrawFn, *, wild: bool = False, controls: bool = False
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Two credentials of one shape with independently drawn values.

    Without ``wild`` every node id is a plain absolute IRI, so both take the fast path.
    """
    shape = draw(rdfc_shapes(wild=wild))
    return (
        rdfc_credential(draw, shape, wild=wild, controls=controls),
        rdfc_credential(draw, shape, wild=wild, controls=controls),
    )


# --- tamper: edits an attacker could make to a signed credential -------------------------

TamperPath = tuple[str | int, ...]
"""Where a value sits in a JSON document: object keys and array indexes, from the root."""

BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
BASE64URL_ALPHABET = string.ascii_letters + string.digits + "-_"


def tamper_paths(document: Any, *, skip: frozenset[TamperPath] = frozenset()) -> list[TamperPath]:
    """Every path inside ``document`` (not the root), except ``skip`` and what lies under it."""
    found: list[TamperPath] = []

    def walk(value: Any, path: TamperPath) -> None:
        if path in skip:
            return
        if path:
            found.append(path)
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, (*path, index))

    walk(document, ())
    return found


def tamper_get(document: Any, path: TamperPath) -> Any:
    """The value at ``path``."""
    for step in path:
        document = document[step]
    return document


def tamper_scalars() -> st.SearchStrategy[Any]:
    """JSON scalars: null, booleans, integers, finite floats and short text."""
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**6), 10**6),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(st.characters(exclude_categories=("Cs",)), max_size=12),
    )


@st.composite
def tamper_replacements(
    draw: st.DrawFn, document: Any, *, skip: frozenset[TamperPath] = frozenset()
) -> tuple[TamperPath, Any]:
    """A path in ``document`` and a value that differs from the one there.

    A value that JSON-LD reads the same is not a difference: a one-element array holding the
    old value (a single value and a set of one are the same graph) is never drawn, nor is a
    number equal to the old one (JCS writes ``5`` and ``5.0`` alike).
    """
    path = draw(st.sampled_from(tamper_paths(document, skip=skip)))
    old = tamper_get(document, path)
    new = draw(
        st.one_of(tamper_scalars(), st.lists(tamper_scalars(), min_size=1, max_size=3)).filter(
            lambda value: value != old and value != [old]
        )
    )
    return path, new


@st.composite
def tamper_additions(
    draw: st.DrawFn, document: Any, *, names: st.SearchStrategy[str]
) -> tuple[TamperPath, str, Any]:
    """An object in ``document`` (the root included), a member name it lacks and a non-null
    scalar value for it (JSON-LD drops null members, so adding one changes nothing)."""
    objects = [
        path
        for path in [(), *tamper_paths(document)]
        if isinstance(tamper_get(document, path), dict)
    ]
    path = draw(st.sampled_from(objects))
    name = draw(names.filter(lambda n: n not in tamper_get(document, path)))
    value = draw(tamper_scalars().filter(lambda v: v is not None))
    return path, name, value


@st.composite
def tamper_flips(draw: st.DrawFn, text: str, alphabet: str) -> tuple[int, str]:
    """A position in ``text`` (separators outside ``alphabet`` excluded) and another character
    of ``alphabet`` to put there."""
    index = draw(st.sampled_from([i for i, c in enumerate(text) if c in alphabet]))
    return index, draw(st.sampled_from(alphabet.replace(text[index], "")))


def tamper_junk() -> st.SearchStrategy[Any]:
    """Any JSON value, nested a little, with the member names credentials are made of.

    ``@list`` and ``@set`` objects under a ``@graph`` container (``proof``) once made
    pyoxigraph abort the whole process; they are refused before it sees them now.
    """
    names = st.sampled_from(
        ["id", "type", "@context", "@id", "@type", "@value", "@language", "@graph", "@vocab",
         "@list", "@set", "proof", "issuer", "validFrom", "credentialStatus", "cryptosuite",
         "proofValue"]
    )  # fmt: skip
    leaves = tamper_scalars() | st.sampled_from(
        [
            "did:key:z6Mk",
            "2025-01-01T00:00:00Z",
            "VerifiableCredential",
            "https://www.w3.org/ns/credentials/v2",
            "DataIntegrityProof",
            "BitstringStatusListEntry",
        ]
    )
    return st.recursive(
        leaves,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(names, inner, max_size=3),
        max_leaves=6,
    )
