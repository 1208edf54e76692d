"""The credential: an achievement awarded to one learner (OB 3.0 ``OpenBadgeCredential``).

The learner is identified either by an ``id`` (a DID or URL they control) or by one or more
:class:`IdentityObject` entries, typically a salted hash of their e-mail address, so that the
credential can be checked against a known address without publishing it.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime

from credstack.core.model.achievement import Achievement
from credstack.core.model.issuer import Issuer
from credstack.core.model.result import Result

EMAIL_ADDRESS = "emailAddress"
"""The OB 3.0 ``identityType`` of an e-mail address."""


def hash_identity(value: str, salt: str) -> str:
    """``"sha256$" + hex(SHA-256(value + salt))``, the Open Badges identity hash.

    >>> hash_identity("nobody@example.org", "deadsea")[:15]
    'sha256$ecf5409f'
    """
    digest = hashlib.sha256((value + salt).encode("utf-8")).hexdigest()
    return f"sha256${digest}"


@dataclass(frozen=True, slots=True)
class IdentityObject:
    """A recipient identifier (OB 3.0 ``IdentityObject``), plaintext or hashed.

    When ``hashed`` is true, ``identity_hash`` is ``sha256$<hex>`` (or ``md5$<hex>`` in old
    badges) of the plaintext followed by ``salt``.
    """

    identity_hash: str
    identity_type: str = EMAIL_ADDRESS
    hashed: bool = True
    salt: str | None = None

    @classmethod
    def hashed_value(
        cls, value: str, salt: str, identity_type: str = EMAIL_ADDRESS
    ) -> IdentityObject:
        """A hashed identifier for ``value``; pass a fresh random ``salt`` per credential."""
        return cls(hash_identity(value, salt), identity_type, hashed=True, salt=salt)

    def matches(self, value: str) -> bool:
        """True when ``value`` is the identity this object stands for (constant-time compare)."""
        if not self.hashed:
            return hmac.compare_digest(self.identity_hash.encode(), value.encode())
        algorithm, _, expected = self.identity_hash.partition("$")
        if algorithm not in ("sha256", "md5") or not expected:
            return False
        data = (value + (self.salt or "")).encode("utf-8")
        actual = hashlib.new(algorithm, data, usedforsecurity=False).hexdigest()
        return hmac.compare_digest(actual, expected.lower())


@dataclass(frozen=True, slots=True)
class Recipient:
    """Who received the credential: an ``id`` and/or identity objects (at least one of them)."""

    id: str | None = None
    identifiers: tuple[IdentityObject, ...] = ()


@dataclass(frozen=True, slots=True)
class Evidence:
    """Evidence of the learning (OB 3.0 ``Evidence``): a URL and/or a description."""

    id: str | None = None
    name: str | None = None
    description: str | None = None
    narrative: str | None = None
    genre: str | None = None
    audience: str | None = None


@dataclass(frozen=True, slots=True)
class StatusEntry:
    """A ``credentialStatus`` entry, e.g. a ``BitstringStatusListEntry``.

    ``id`` is always present (the OB 3.0 schema requires it); the list fields are set for
    Bitstring Status List entries and ``None`` for other status methods.
    """

    id: str
    type: str = "BitstringStatusListEntry"
    status_purpose: str | None = None
    status_list_index: str | None = None
    status_list_credential: str | None = None


@dataclass(frozen=True, slots=True)
class Credential:
    """An issued micro-credential: issuer, learner, achievement, dates and what was achieved."""

    id: str
    issuer: Issuer
    achievement: Achievement
    recipient: Recipient
    valid_from: datetime
    valid_until: datetime | None = None
    awarded_date: datetime | None = None
    name: str | None = None
    description: str | None = None
    results: tuple[Result, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    credits_earned: float | None = None
    activity_start_date: datetime | None = None
    activity_end_date: datetime | None = None
    status: tuple[StatusEntry, ...] = ()


__all__ = [
    "EMAIL_ADDRESS",
    "Credential",
    "Evidence",
    "IdentityObject",
    "Recipient",
    "StatusEntry",
    "hash_identity",
]
