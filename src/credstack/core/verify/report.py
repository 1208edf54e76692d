"""The verification report: an ordered list of checks, each explained.

A report is what the library returns, the CLI prints (``--json``), and the service and the
verification pages will show. Every check has a stable ``id``, a ``status``
(``passed | failed | warning | skipped``), a stable error ``code`` when it did not pass, and a
plain-English ``message`` for the person reading it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from credstack.core.errors import CredstackError, ErrorCode


class CheckStatus(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    WARNING = "warning"
    SKIPPED = "skipped"


class CheckId(StrEnum):
    """The checks, in the order they run (a presentation's own report: format, contexts,
    proof, key, challenge, holder, presentation)."""

    FORMAT = "format"
    CONTEXTS = "contexts"
    TERMS = "terms"
    SCHEMA = "schema"
    PROOF = "proof"
    KEY = "key"
    STATUS = "status"
    DATES = "dates"
    POLICY = "policy"
    CHALLENGE = "challenge"
    HOLDER = "holder"
    PRESENTATION = "presentation"


@dataclass(frozen=True, slots=True)
class Check:
    id: str
    status: CheckStatus
    message: str
    code: str | None = None
    detail: Mapping[str, Any] = field(default_factory=lambda: _NO_DETAIL, compare=False)
    """Machine-readable facts behind the message (``{"paths": [...]}``); empty for most."""

    @classmethod
    def passed(cls, check_id: str, message: str) -> Check:
        return cls(check_id, CheckStatus.PASSED, message)

    @classmethod
    def skipped(cls, check_id: str, message: str) -> Check:
        return cls(check_id, CheckStatus.SKIPPED, message)

    @classmethod
    def failed(cls, check_id: str, code: ErrorCode | str, message: str, **detail: Any) -> Check:
        return cls(check_id, CheckStatus.FAILED, message, str(code), MappingProxyType(detail))

    @classmethod
    def warning(cls, check_id: str, code: ErrorCode | str, message: str) -> Check:
        return cls(check_id, CheckStatus.WARNING, message, str(code))

    @classmethod
    def from_error(cls, check_id: str, error: CredstackError) -> Check:
        return cls(check_id, CheckStatus.FAILED, error.message, str(error.code))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "status": str(self.status),
            "code": self.code,
            "message": self.message,
        }
        if self.detail:
            out["detail"] = dict(self.detail)
        return out


_NO_DETAIL: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class VerificationReport:
    """The outcome of verifying one credential or presentation."""

    checks: tuple[Check, ...]
    credential: dict[str, Any] | None = field(default=None, compare=False, repr=False)
    kind: str = "credential"
    nested: tuple[VerificationReport, ...] = ()

    @property
    def verified(self) -> bool:
        """True when no check failed (warnings and skipped checks do not fail a credential)."""
        return all(c.status is not CheckStatus.FAILED for c in self.checks) and all(
            n.verified for n in self.nested
        )

    @property
    def errors(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.status is CheckStatus.FAILED)

    def check(self, check_id: str) -> Check | None:
        """The first check with ``check_id``, if it ran."""
        return next((c for c in self.checks if c.id == check_id), None)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "verified": self.verified,
            "checks": [c.to_json() for c in self.checks],
        }
        if self.nested:
            out["credentials"] = [n.to_json() for n in self.nested]
        return out


__all__ = ["Check", "CheckId", "CheckStatus", "VerificationReport"]
