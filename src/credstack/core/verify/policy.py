"""The ``policy`` check: how the credential's achievement measures up to a policy profile.

Information for the verifier, not a verdict on the credential: a credential that breaks a
profile is still authentic, so violations are warnings.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from credstack.core.errors import CredstackError, ErrorCode
from credstack.core.ob3 import parse_credential
from credstack.core.profiles.catalogue import check_achievement, load_profile
from credstack.core.verify.report import Check, CheckId


def check_credential_policy(credential: Mapping[str, Any], profile: str) -> Check:
    """Check the achievement the credential awards against ``profile``."""
    try:
        policy = load_profile(profile)
        parsed = parse_credential(dict(credential))
        violations = check_achievement(parsed.achievement, parsed.issuer, policy)
    except CredstackError as exc:
        return Check.warning(
            CheckId.POLICY, exc.code, f"policy {profile!r} not checked: {exc.message}"
        )
    errors = [v for v in violations if v.is_error]
    if errors:
        listed = "; ".join(f"{v.element}: {v.message}" for v in errors)
        return Check.warning(
            CheckId.POLICY, ErrorCode.POLICY_VIOLATION, f"does not meet {policy.name}: {listed}"
        )
    notes = [v for v in violations if not v.is_error]
    suffix = f" (notes: {'; '.join(v.message for v in notes)})" if notes else ""
    return Check.passed(CheckId.POLICY, f"the achievement meets {policy.name}{suffix}")


__all__ = ["check_credential_policy"]
