"""UNDEFINED_TERM: a document whose keys or types no context defines is refused for signing."""

from __future__ import annotations

import pytest

from credstack.core.errors import ContextError, ErrorCode
from credstack.core.jsonld.rdfc import check_defined_terms

VC_V1 = "https://www.w3.org/2018/credentials/v1"
VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
UNDEFINED_TERMS_V2 = "https://www.w3.org/ns/credentials/undefined-terms/v2"


@pytest.mark.parametrize(
    ("document", "terms"),
    [
        (
            {"@context": [VC_V2], "type": "VerifiableCredential", "favouriteColour": "blue"},
            ["favouriteColour"],
        ),
        ({"@context": [VC_V2, OB_V3], "type": ["VerifiableCredential", "Mystery"]}, ["Mystery"]),
        (
            {"@context": [VC_V1], "type": "VerifiableCredential", "extra": {"deep": 1}},
            ["deep", "extra"],
        ),
        ({"@context": [VC_V2, UNDEFINED_TERMS_V2], "type": "VerifiableCredential", "x": 1}, ["x"]),
    ],
    ids=["VC 2.0 key", "VC 2.0 type", "VC 1.1 nested", "undefined-terms vocabulary"],
)
def test_undefined_terms_are_named(document: dict[str, object], terms: list[str]) -> None:
    with pytest.raises(ContextError) as caught:
        check_defined_terms(document)
    assert caught.value.code is ErrorCode.UNDEFINED_TERM
    assert caught.value.detail["terms"] == terms
    assert all(term in caught.value.message for term in terms)


def test_defined_documents_pass() -> None:
    document = {"@context": [VC_V2, OB_V3], "type": ["VerifiableCredential"], "name": "x"}
    assert check_defined_terms(document) is None
