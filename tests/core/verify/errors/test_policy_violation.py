"""POLICY_VIOLATION: the achievement does not meet the policy profile asked for.

Information, not a verdict: the credential is authentic whatever its size, so it is a warning.
"""

from __future__ import annotations

import dataclasses

from credstack.core.verify import verify_document
from tests.factories import achievement, expected, issue, options, outcome


def test_a_ten_ects_credential_against_the_common_microcredential_framework() -> None:
    ten_ects = achievement(workload=dataclasses.replace(achievement().workload, credits=10))
    report = verify_document(issue(awarded=ten_ects), options(profile="emc-cmf"))
    assert outcome(report) == expected(policy=("warning", "POLICY_VIOLATION"))
    policy = report.check("policy")
    assert policy is not None
    assert policy.message.startswith("does not meet emc-cmf: workload.credits: CMF: 4 to 6 ECTS")
    assert "workload.credits is 10, above the maximum 6" in policy.message
    assert report.verified is True


def test_the_five_ects_example_meets_it() -> None:
    report = verify_document(issue(), options(profile="emc-cmf"))
    assert outcome(report) == expected(policy=("passed", None))
    policy = report.check("policy")
    assert policy is not None
    assert policy.message.startswith("the achievement meets emc-cmf")


def test_ten_ects_still_meet_the_eu_annex() -> None:
    ten_ects = achievement(workload=dataclasses.replace(achievement().workload, credits=10))
    report = verify_document(issue(awarded=ten_ects), options(profile="eu-annex1"))
    assert outcome(report)["policy"] == ("passed", None)
