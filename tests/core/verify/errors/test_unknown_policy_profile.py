"""UNKNOWN_POLICY_PROFILE: the verifier asked for a profile that does not exist (a warning)."""

from __future__ import annotations

from credstack.core.verify import verify_document
from tests.factories import expected, issue, options, outcome


def test_a_profile_nobody_bundles() -> None:
    report = verify_document(issue(), options(profile="eu-annex-9"))
    assert outcome(report) == expected(policy=("warning", "UNKNOWN_POLICY_PROFILE"))
    policy = report.check("policy")
    assert policy is not None
    assert policy.message == (
        "policy 'eu-annex-9' not checked: unknown policy profile 'eu-annex-9'; "
        "available: emc-cmf, eu-annex1, nzqa"
    )
    assert report.verified is True
