"""INVALID_CONTEXT: the VC 2.0 context must come first (a VC 1.1 context is only a warning)."""

from __future__ import annotations

from typing import Any

import pytest

from credstack.core.verify import verify_document
from tests.factories import OB_V3, VC_V2, VECTORS, issue, options, outcome

INVALID = {"format": ("passed", None), "contexts": ("failed", "INVALID_CONTEXT")}


@pytest.mark.parametrize(
    "context",
    [
        [OB_V3, VC_V2],
        [OB_V3],
        [],
        {"@vocab": "https://example.org/"},
    ],
    ids=["vc2-second", "no-vc2", "empty", "inline-only"],
)
def test_the_vc2_context_is_not_first(context: Any) -> None:
    report = verify_document({**issue(), "@context": context}, options())
    assert outcome(report)["contexts"] == INVALID["contexts"]
    assert report.verified is False


def test_the_vc2_context_second_stops_verification() -> None:
    credential = issue()
    credential["@context"][:2] = [OB_V3, VC_V2]
    report = verify_document(credential, options())
    assert outcome(report) == INVALID
    contexts = report.check("contexts")
    assert contexts is not None
    assert f"must list '{VC_V2}' first" in contexts.message


def test_a_vc_1_1_credential_is_read_with_a_warning() -> None:
    sample = VECTORS / "samples" / "ob-v3p0" / "1edtech-validator" / "simple_v1.json"
    report = verify_document(sample.read_bytes(), options())
    assert outcome(report)["contexts"] == ("warning", "INVALID_CONTEXT")
    assert [c.id for c in report.checks][-1] == "policy"  # the other checks still ran
