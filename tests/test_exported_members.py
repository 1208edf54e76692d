"""The public API of the core: each module's ``__all__`` is sorted, complete and importable."""

from __future__ import annotations

import importlib

import pytest

PUBLIC_MODULES = [
    "credstack.core.did.methods",
    "credstack.core.errors",
    "credstack.core.issuing",
    "credstack.core.crypto.jcs",
    "credstack.core.crypto.keys",
    "credstack.core.model",
    "credstack.core.ob3",
    "credstack.core.proofs.data_integrity",
    "credstack.core.status.bitstring",
    "credstack.core.timestamps",
    "credstack.core.proofs.vc_jwt",
    "credstack.core.did.verification_method",
    "credstack.core.verify",
]


def _isort_style(member: str) -> tuple[int, str]:
    """Constants, then classes, then functions, each alphabetically (ruff's RUF022 order)."""
    if member.isupper():
        return (0, member)
    return (1, member) if member[0].isupper() else (2, member)


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_all_is_sorted_and_every_member_exists(name: str) -> None:
    module = importlib.import_module(name)
    exported = list(module.__all__)
    assert exported == sorted(exported, key=_isort_style), f"{name}.__all__ is not sorted"
    assert len(set(exported)) == len(exported)
    missing = [member for member in exported if not hasattr(module, member)]
    assert missing == []


def test_verification_api_is_pinned() -> None:
    verify = importlib.import_module("credstack.core.verify")
    assert verify.__all__ == [
        "Check",
        "CheckId",
        "CheckStatus",
        "StatusListSigners",
        "VerificationReport",
        "VerifyOptions",
        "issuer_id",
        "verify_credential",
        "verify_document",
        "verify_presentation",
    ]


def test_issuing_api_is_pinned() -> None:
    issuing = importlib.import_module("credstack.core.issuing")
    assert issuing.__all__ == [
        "DATA_INTEGRITY_SUITES",
        "SignatureSuite",
        "SigningKey",
        "check_issuable",
        "issue_credential",
        "sign_credential",
    ]
