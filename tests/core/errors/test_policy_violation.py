"""POLICY_VIOLATION: an achievement that breaks a policy profile, when the caller wants to stop."""

from __future__ import annotations

from dataclasses import replace

import pytest

from credstack.core.errors import ErrorCode, PolicyError
from credstack.core.model import CreditSystem, Workload
from credstack.core.profiles.catalogue import enforce_profile
from tests.core.model.factories import eu_example


def test_errors_raise_with_every_violation_listed() -> None:
    achievement, issuer = eu_example()
    too_big = replace(achievement, workload=Workload(10, CreditSystem.ECTS, 250), eqf_level=None)
    with pytest.raises(PolicyError) as caught:
        enforce_profile(too_big, issuer, "emc-cmf")
    error = caught.value
    assert error.code is ErrorCode.POLICY_VIOLATION
    assert error.message == (
        "emc-cmf: workload.credits: CMF: 4 to 6 ECTS credits "
        "(workload.credits is 10, above the maximum 6) (and 2 more)"
    )
    assert [(v["rule"], v["severity"]) for v in error.detail["violations"]] == [
        ("cmf-ects-4-6", "error"),
        ("cmf-hours-100-150", "error"),
        ("cmf-eqf", "error"),
    ]


def test_warnings_alone_do_not_raise() -> None:
    achievement, issuer = eu_example()
    cats = replace(achievement, workload=Workload(12, CreditSystem.UK_CATS, 120))
    warnings = enforce_profile(cats, issuer, "eu-annex1")
    assert [w.rule for w in warnings] == ["annex1-workload-ects"]
    assert enforce_profile(achievement, issuer, "eu-annex1") == []
