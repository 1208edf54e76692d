"""UNKNOWN_CONTEXT: a context credstack does not bundle. Contexts are never fetched.

A remote context could change what every term means after the credential was signed, so
verification stops at the contexts check.
"""

from __future__ import annotations

import pytest

from credstack.core.proofs.eddsa_jcs_2022 import EDDSA_JCS_2022
from credstack.core.verify import verify_document
from tests.factories import add_signature, issue, options, outcome, unsigned_credential

UNKNOWN = {"format": ("passed", None), "contexts": ("failed", "UNKNOWN_CONTEXT")}


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/remote-context.jsonld",
        "https://www.w3.org/ns/credentials/v3",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.9.json",
    ],
)
def test_a_context_that_is_not_bundled(url: str) -> None:
    credential = issue()
    credential["@context"].append(url)
    report = verify_document(credential, options())
    assert outcome(report) == UNKNOWN
    contexts = report.check("contexts")
    assert contexts is not None
    assert url in contexts.message
    assert report.verified is False


def test_a_valid_jcs_signature_over_an_unknown_context_does_not_help() -> None:
    # JCS signs the JSON text, so the signature holds; what the terms mean is still unknown
    unsigned = unsigned_credential()
    unsigned["@context"].append("https://example.org/remote-context.jsonld")
    report = verify_document(add_signature(unsigned, cryptosuite=EDDSA_JCS_2022), options())
    assert outcome(report) == UNKNOWN
