"""PROTECTED_TERM_REDEFINITION: an inline context gives a protected term another meaning."""

from __future__ import annotations

from credstack.core.verify import verify_document
from tests.factories import add_signature, expected, options, outcome, unsigned_credential

REDEFINED = ("failed", "PROTECTED_TERM_REDEFINITION")


def test_redefining_name_after_signing() -> None:
    credential = add_signature(unsigned_credential())
    credential["@context"].append({"name": "https://attacker.example/name"})
    report = verify_document(credential, options())
    assert outcome(report) == expected(terms=REDEFINED, proof=REDEFINED)
    assert report.verified is False


def test_a_new_term_in_an_inline_context_is_allowed() -> None:
    unsigned = unsigned_credential()
    unsigned["@context"].append({"grade": "https://uni.example/vocab#grade"})
    unsigned["grade"] = "A+"
    report = verify_document(add_signature(unsigned), options())
    assert outcome(report) == expected()
