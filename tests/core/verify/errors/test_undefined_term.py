"""UNDEFINED_TERM: a member no context defines, so no signature covers it.

Verifying, the ``terms`` check is a warning naming them. Under a proof that signs the RDF
dataset the ``proof`` check fails too (``UNSIGNED_CONTENT``, see ``test_unsigned_content.py``):
JSON-LD drops such a term, so the signature does not cover it. Issuing, it is refused: signing a
term without a shared meaning would certify nothing.
"""

from __future__ import annotations

from typing import Any

import pytest

from credstack.core import issuing
from credstack.core.errors import DocumentError, ErrorCode
from credstack.core.proofs.eddsa_jcs_2022 import EDDSA_JCS_2022
from credstack.core.verify import verify_document
from tests.factories import add_signature, expected, issue, options, outcome, unsigned_credential


def _with_undefined_terms(credential: dict[str, Any]) -> dict[str, Any]:
    credential["grade"] = "A+"
    credential["credentialSubject"]["favouriteColour"] = "teal"
    return credential


def test_undefined_terms_are_a_warning_naming_them_and_unsigned_under_rdfc() -> None:
    credential = add_signature(_with_undefined_terms(unsigned_credential()))
    report = verify_document(credential, options())
    assert outcome(report) == expected(
        terms=("warning", "UNDEFINED_TERM"), proof=("failed", "UNSIGNED_CONTENT")
    )
    terms = report.check("terms")
    assert terms is not None
    assert terms.message.endswith(": favouriteColour, grade")
    assert report.verified is False


def test_undefined_terms_are_only_a_warning_where_the_bytes_are_signed() -> None:
    unsigned = _with_undefined_terms(unsigned_credential())
    credential = add_signature(unsigned, cryptosuite=EDDSA_JCS_2022)
    report = verify_document(credential, options())
    assert outcome(report) == expected(terms=("warning", "UNDEFINED_TERM"))
    assert report.verified is True


def test_check_issuable_refuses_undefined_terms() -> None:
    with pytest.raises(DocumentError) as caught:
        issuing.check_issuable(_with_undefined_terms(unsigned_credential()))
    assert caught.value.code is ErrorCode.UNDEFINED_TERM
    assert caught.value.detail["terms"] == ["favouriteColour", "grade"]


def test_issue_credential_refuses_undefined_terms(monkeypatch: pytest.MonkeyPatch) -> None:
    build = issuing.build_credential

    def build_with_extras(**arguments: Any) -> dict[str, Any]:
        return _with_undefined_terms(build(**arguments))

    monkeypatch.setattr(issuing, "build_credential", build_with_extras)
    with pytest.raises(DocumentError) as caught:
        issue()
    assert caught.value.code is ErrorCode.UNDEFINED_TERM


def test_a_credential_issued_normally_has_no_undefined_term() -> None:
    assert outcome(verify_document(issue(), options()))["terms"] == ("passed", None)
