"""Whatever it is given, the pipeline answers with a report of its own checks.

``verify_document`` never raises: an internal error would still become a report, but one
that only says "could not be verified", with the wrong check and code. These tests feed it
damaged credentials and require a real answer every time.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from credstack.core.issuing import SignatureSuite
from credstack.core.verify import VerificationReport, verify_document
from tests.factories import (
    CHECK_ORDER,
    issue,
    lists,
    options,
    signed_status_list,
    status_entry,
)
from tests.strategies import tamper_get, tamper_junk, tamper_paths

FALLBACK = "could not be verified:"
OPTIONS = options(fetch_status_list=lists(signed_status_list()), profile="emc-cmf")
ISSUED = {
    suite: issue(suite=suite, status=[status_entry(5)])
    for suite in (SignatureSuite.EDDSA_RDFC_2022, SignatureSuite.EDDSA_JCS_2022)
}


def _assert_answered(report: VerificationReport) -> None:
    assert all(FALLBACK not in check.message for check in report.checks), report.to_json()
    ids = [check.id for check in report.checks]
    assert ids == [c for c in CHECK_ORDER if c in ids]


@pytest.mark.parametrize(
    "document",
    [
        {**ISSUED[SignatureSuite.EDDSA_RDFC_2022], "@context": []},
        {**ISSUED[SignatureSuite.EDDSA_RDFC_2022], "type": ["VerifiableCredential", ["x"]]},
        {**ISSUED[SignatureSuite.EDDSA_RDFC_2022], "type": ["VerifiableCredential", {"a": 1}]},
        {**ISSUED[SignatureSuite.EDDSA_RDFC_2022], "proof": [[{"type": "DataIntegrityProof"}]]},
        {
            **ISSUED[SignatureSuite.EDDSA_RDFC_2022],
            "proof": [{"type": "DataIntegrityProof", "cryptosuite": ["eddsa-rdfc-2022"]}],
        },
        {**ISSUED[SignatureSuite.EDDSA_RDFC_2022], "credentialStatus": [[], "x", 7]},
        {**ISSUED[SignatureSuite.EDDSA_RDFC_2022], "issuer": {"id": ["did:key:z6Mk"]}},
    ],
    ids=[
        "empty-context",
        "type-holding-a-list",
        "type-holding-an-object",
        "proof-holding-a-list",
        "cryptosuite-list",
        "status-junk",
        "issuer-id-list",
    ],
)
def test_shapes_that_once_escaped_the_checks(document: dict[str, Any]) -> None:
    _assert_answered(verify_document(document, OPTIONS))


@pytest.mark.parametrize("suite", list(ISSUED))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_value_anywhere(suite: SignatureSuite, data: st.DataObject) -> None:
    document = copy.deepcopy(ISSUED[suite])
    path = data.draw(st.sampled_from(tamper_paths(document)))
    tamper_get(document, path[:-1])[path[-1]] = data.draw(tamper_junk())
    _assert_answered(verify_document(document, OPTIONS))
