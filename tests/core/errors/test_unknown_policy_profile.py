"""UNKNOWN_POLICY_PROFILE: a profile name that is not bundled."""

from __future__ import annotations

import pytest

from credstack.core.errors import ErrorCode, PolicyError
from credstack.core.profiles.catalogue import check_achievement, load_profile
from tests.core.model.factories import eu_example


def test_an_unknown_name_lists_the_available_profiles() -> None:
    with pytest.raises(PolicyError) as caught:
        load_profile("eu-annex-1")
    error = caught.value
    assert error.code is ErrorCode.UNKNOWN_POLICY_PROFILE
    assert error.message == (
        "unknown policy profile 'eu-annex-1'; available: emc-cmf, eu-annex1, nzqa"
    )
    assert error.detail == {"profile": "eu-annex-1", "available": ["emc-cmf", "eu-annex1", "nzqa"]}


def test_checking_against_an_unknown_profile_raises() -> None:
    achievement, issuer = eu_example()
    with pytest.raises(PolicyError) as caught:
        check_achievement(achievement, issuer, "../eu-annex1")
    assert caught.value.code is ErrorCode.UNKNOWN_POLICY_PROFILE
