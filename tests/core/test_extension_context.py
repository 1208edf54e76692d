"""The credstack extension context: shape, registration, documentation and protection."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld

from credstack.core.jsonld import contexts
from credstack.core.jsonld.pins import sri_digest
from credstack.core.ob3 import (
    CREDSTACK_CONTEXT,
    CREDSTACK_VOCAB,
    EXTENSION_TERMS,
    extension_context_pin,
)

ROOT = Path(__file__).resolve().parents[2]
V1_DIGEST = "sha384-NsmtzRCs9a+/7QOmhxA6Qdx+vO5hTfURFPiox6MheG1sWs9E/tUdkChRIXsLBjIR"
"""The digest every credential that uses the context pins it to: v1 can never change."""


def _context() -> dict[str, Any]:
    document: dict[str, Any] = contexts.load_context(CREDSTACK_CONTEXT)
    definitions: dict[str, Any] = document["@context"]
    return definitions


def _terms(definitions: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for term, definition in definitions.items():
        if term.startswith("@"):
            continue
        found[term] = definition
        if isinstance(definition, dict) and "@context" in definition:
            found |= _terms(definition["@context"])
    return found


def test_the_context_is_protected_json_ld_1_1() -> None:
    definitions = _context()
    assert definitions["@version"] == 1.1
    assert definitions["@protected"] is True
    assert definitions["LearningOutcome"]["@context"]["@protected"] is True


def test_every_term_has_an_absolute_iri_in_the_credstack_vocabulary() -> None:
    terms = _terms(_context())
    assert set(terms) == EXTENSION_TERMS
    for term, definition in terms.items():
        assert definition["@id"] == f"{CREDSTACK_VOCAB}{term}"


def test_the_context_is_registered_in_the_index() -> None:
    index = json.loads(
        (ROOT / "src/credstack/core/resources/contexts/index.json").read_text(encoding="utf-8")
    )
    assert index["contexts"][CREDSTACK_CONTEXT] == "credstack/credstack-v1.jsonld"


def test_the_context_file_is_the_one_credentials_pin() -> None:
    assert sri_digest(contexts.bundled_context_bytes(CREDSTACK_CONTEXT)) == V1_DIGEST
    assert extension_context_pin("https://uni.example/contexts/credstack/v1") == {
        "id": "https://uni.example/contexts/credstack/v1",
        "digestSRI": V1_DIGEST,
        "mediaType": "application/ld+json",
    }


def test_the_prepared_w3id_registration_names_that_digest() -> None:
    digest = V1_DIGEST.removeprefix("sha384-")
    for name in ("docs/w3id/credstack/.htaccess", "docs/w3id/README.md"):
        assert digest in (ROOT / name).read_text(encoding="utf-8"), name


def test_the_context_is_published_by_every_installation() -> None:
    assert contexts.PUBLISHED_CONTEXTS["credstack/v1"] == CREDSTACK_CONTEXT


def test_every_term_is_documented() -> None:
    text = (ROOT / "docs" / "extension-context.md").read_text(encoding="utf-8")
    assert CREDSTACK_CONTEXT in text
    assert CREDSTACK_VOCAB in text
    missing = [term for term in EXTENSION_TERMS if f"`{term}`" not in text]
    assert missing == []


def test_a_later_context_cannot_redefine_a_credstack_term() -> None:
    document = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            CREDSTACK_CONTEXT,
            {"creditSystem": "https://attacker.example/credits"},
        ],
        "creditSystem": "ECTS",
    }
    with pytest.raises(jsonld.JsonLdError) as caught:
        jsonld.expand(document, {"documentLoader": contexts.pyld_document_loader})
    assert "protected" in str(caught.value).lower()
