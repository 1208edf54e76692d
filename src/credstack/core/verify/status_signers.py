"""Whose status lists a verifier accepts: the signer policy of the ``status`` check.

A Bitstring Status List decides whether a credential is revoked, so whoever signs the list
decides it too. A validly signed list from *anyone* would let whoever serves the list's URL
un-revoke a credential unseen. Digital Bazaar's ``vc-bitstring-status-list`` therefore accepts
only a list whose issuer is the credential's issuer (``verifyMatchingIssuers``), and so does
credstack by default. Some issuers publish their lists through a status service that signs
with a DID of its own (the Digital Credentials Consortium's does); a verifier that accepts
such an arrangement says so in its :class:`StatusListSigners`:

- **the issuer** (always): the list's ``issuer`` is the credential's issuer;
- **the issuer's DID document** (``issuer_document=True``): the list is signed with a key that
  the issuer's DID document names under ``assertionMethod``, by reference to the signer's
  verification method or as the same public key under one of the issuer's own ids (the issuer
  holds that key, so the list is the issuer's word);
- **the trust configuration** (``trusted``): the list's signer, by its DID or by the
  verification method that signed, is named for the credential's issuer or for every issuer
  (``"*"``).

Whichever applies, the list's proofs must first verify with a key of the list's own issuer.
Any other signer gives ``STATUS_LIST_SIGNER_NOT_ACCEPTED``, naming the signer, and the list's
bits are not read: the credential is neither revoked nor unrevoked by it.
See ``docs/decisions/0009-status-list-signers.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any

from credstack.core.did.methods import ControllerDocumentResolver, assertion_methods
from credstack.core.did.verification_method import VerificationMethod, VerificationMethodResolver
from credstack.core.errors import CredstackError, DocumentError, ErrorCode, StatusListError

ANY_ISSUER = "*"
"""The ``trusted`` key whose signers are accepted for every issuer."""


@dataclass(frozen=True, slots=True)
class StatusListSigners:
    """The signers, besides a credential's issuer, whose status lists a verifier accepts."""

    trusted: Mapping[str, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))
    """Issuer id (or ``"*"``) → the signers accepted for it: DIDs or verification-method URLs."""
    issuer_document: bool = False
    """Also accept a list signed with a key the issuer's DID document names for assertions."""

    @classmethod
    def from_json(cls, value: Any, *, issuer_document: bool = False) -> StatusListSigners:
        """Read ``{"<issuer id>" | "*": ["<signer>", …]}``.

        Raises :class:`~credstack.core.errors.DocumentError` (``MALFORMED_VALUE_ERROR``) for
        anything else, so that a misspelt trust configuration is never read as an empty one.
        """
        if not isinstance(value, Mapping):
            raise _malformed(
                f"status list signers must be an object of issuer → signers, "
                f"not {type(value).__name__}"
            )
        trusted: dict[str, frozenset[str]] = {}
        for issuer, signers in value.items():
            if not isinstance(issuer, str) or not issuer.strip():
                raise _malformed(f"status list signers: {issuer!r} is not an issuer id or '*'")
            if isinstance(signers, str):
                signers = [signers]
            if (
                not isinstance(signers, list)
                or not signers
                or not all(isinstance(s, str) and s.strip() for s in signers)
            ):
                raise _malformed(
                    f"status list signers for {issuer}: a non-empty list of DIDs or "
                    f"verification-method URLs, not {signers!r}"
                )
            trusted[issuer.strip()] = frozenset(s.strip() for s in signers)
        return cls(MappingProxyType(trusted), issuer_document)

    def trusted_for(self, issuer: str) -> frozenset[str]:
        """The signers the trust configuration names for ``issuer`` (``"*"`` included)."""
        return self.trusted.get(issuer, frozenset()) | self.trusted.get(ANY_ISSUER, frozenset())

    def to_json(self) -> dict[str, list[str]]:
        """The ``trusted`` mapping in the form :meth:`from_json` reads."""
        return {issuer: sorted(signers) for issuer, signers in sorted(self.trusted.items())}


def accept_signer(
    policy: StatusListSigners,
    *,
    issuer: str | None,
    signer: str,
    methods: tuple[VerificationMethod, ...],
    resolve_document: ControllerDocumentResolver,
    resolve: VerificationMethodResolver,
    now: datetime,
) -> str | None:
    """Why ``signer`` may sign the status lists of ``issuer``'s credentials.

    ``methods`` are the verification methods whose proofs on the list verified (all
    controlled by ``signer``). Returns ``None`` for the issuer itself and a sentence for the
    report for any other accepted signer; raises
    :class:`~credstack.core.errors.StatusListError` with ``STATUS_LIST_SIGNER_NOT_ACCEPTED``.
    """
    if issuer is not None and signer == issuer:
        return None
    names = ", ".join(m.id for m in methods) or signer
    ids = {signer, *(m.id for m in methods)}
    for scope in (issuer, ANY_ISSUER):
        if scope is not None and ids & policy.trusted.get(scope, frozenset()):
            return (
                f"signed by {signer}, a status list signer the trust configuration accepts "
                f"for {'every issuer' if scope == ANY_ISSUER else scope}"
            )
    why_not = "the trust configuration does not name it"
    if issuer is not None and policy.issuer_document:
        found, why_not_document = _named_by_issuer_document(
            issuer, methods, resolve_document, resolve, now
        )
        if found is not None:
            return f"signed with {found}, a key the DID document of {issuer} names for assertions"
        why_not = f"{why_not_document}, and {why_not}"
    elif issuer is not None:
        why_not = f"{why_not}, and this verifier does not read signers from DID documents"
    raise StatusListError(
        f"the status list is signed by {signer} ({names}), not by the credential's issuer "
        f"{issuer}; {why_not}, so it cannot say whether this credential is revoked",
        code=ErrorCode.STATUS_LIST_SIGNER_NOT_ACCEPTED,
        signer=signer,
        issuer=issuer,
    )


def _named_by_issuer_document(
    issuer: str,
    methods: tuple[VerificationMethod, ...],
    resolve_document: ControllerDocumentResolver,
    resolve: VerificationMethodResolver,
    now: datetime,
) -> tuple[str | None, str]:
    """The issuer's assertion method that is one of ``methods`` (by id or by key), if any;
    otherwise why not."""
    try:
        document = resolve_document(issuer)
    except CredstackError as exc:
        return None, f"the DID document of {issuer} could not be read ({exc.message})"
    keys = [m for m in assertion_methods(document, resolve) if m.is_valid_at(now)]
    for method in methods:
        jwk = method.public_key.to_jwk()
        for key in keys:
            if key.id == method.id or key.public_key.to_jwk() == jwk:
                return (method.id if key.id == method.id else f"{method.id} (= {key.id})"), ""
    return None, f"the DID document of {issuer} names no such key for assertions"


def _malformed(message: str) -> DocumentError:
    return DocumentError(message, code=ErrorCode.MALFORMED_VALUE_ERROR)


__all__ = ["ANY_ISSUER", "StatusListSigners", "accept_signer"]
