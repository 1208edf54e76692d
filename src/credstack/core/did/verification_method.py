"""Verification methods: a public key, who controls it, and when it was valid.

Issuers rotate keys. A :class:`VerificationMethod` records the interval in which its key
was valid (``valid_from`` / ``valid_until``), so that a credential signed before a key was
retired still verifies while one whose proof claims a time outside the interval does not.
Resolvers (did:key, did:web, local files) are ports: plain callables that map a
verification-method URL to a :class:`VerificationMethod` or raise
:class:`~credstack.core.errors.ResolutionError`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from credstack.core.crypto.keys import PublicKey

ASSERTION_METHOD = "assertionMethod"
AUTHENTICATION = "authentication"


@dataclass(frozen=True, slots=True)
class VerificationMethod:
    """A resolved verification method (DID document entry or key file)."""

    id: str
    controller: str
    public_key: PublicKey
    relationships: frozenset[str] = frozenset({ASSERTION_METHOD})
    valid_from: datetime | None = None
    valid_until: datetime | None = None

    def is_valid_at(self, moment: datetime) -> bool:
        """True when ``moment`` falls inside the key's validity interval."""
        if self.valid_from is not None and moment < self.valid_from:
            return False
        return not (self.valid_until is not None and moment >= self.valid_until)


VerificationMethodResolver = Callable[[str], VerificationMethod]
"""Maps a verification-method URL to its :class:`VerificationMethod`; raises ResolutionError."""


__all__ = [
    "ASSERTION_METHOD",
    "AUTHENTICATION",
    "VerificationMethod",
    "VerificationMethodResolver",
]
