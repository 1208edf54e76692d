"""What binds a presentation: to this verification (``challenge``) and to its credentials
(``holder``).

A signed presentation shows that someone holding a key presented some credentials. Two more
things decide whether a verifier may rely on it (``docs/decisions/0010-presentation-binding.md``):

- **``challenge``** — the proof answers the challenge this verifier issued (and names its
  domain, when the verifier gives one). Without that, a presentation copied from an earlier
  exchange verifies just the same: a replay. A mismatch fails (``INVALID_CHALLENGE_ERROR``,
  ``INVALID_DOMAIN_ERROR``). A verifier that gives no challenge gets ``NO_CHALLENGE``: a
  warning from the library, a failure where a challenge is required (the CLI, the VC-API,
  and Digital Bazaar's ``vc.verify``).
- **``holder``** — the presentation is signed by the subject of every credential in it, and
  by the ``holder`` it names, if it names one. A holder that is not the signer fails
  (``HOLDER_MISMATCH``); a credential about someone else fails (``HOLDER_NOT_SUBJECT``) unless
  the verifier accepts presentations by third parties. A credential whose subject no key can
  belong to (no ``id``, as with an Open Badges hashed-email ``identifier``, or an id such as
  ``urn:uuid:…``) cannot be bound to a signer: ``SUBJECT_NOT_BINDABLE``, a warning unless
  strict.

The challenge, domain and holder are read from the proof and the presentation; they count
only because the proof check verifies the signature over them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from credstack.core.errors import ErrorCode
from credstack.core.verify.proofs import BINDABLE_PREFIXES
from credstack.core.verify.report import Check, CheckId, CheckStatus

NO_CHALLENGE_MESSAGE = (
    "the verifier gave no challenge, so the presentation is not bound to one: nothing shows "
    "it was made for this verification rather than copied from an earlier one"
)


def check_challenge(
    proofs: Sequence[Any], *, challenge: str | None, domain: str | None, required: bool
) -> Check:
    """The ``challenge`` check: every proof answers ``challenge`` and names ``domain``."""
    if not proofs:
        return Check.skipped(CheckId.CHALLENGE, "no proof, so nothing answers a challenge")
    for index, proof in enumerate(proofs, start=1):
        if not isinstance(proof, Mapping):
            continue  # the proof check reports it
        answered = proof.get("challenge")
        if challenge is not None and answered != challenge:
            given = "no challenge" if answered is None else f"the challenge {answered!r}"
            return Check.failed(
                CheckId.CHALLENGE,
                ErrorCode.INVALID_CHALLENGE_ERROR,
                f"proof {index} answers {given}, not the verifier's {challenge!r}: it was made "
                "for another verification, or it is a replay",
            )
        named = proof.get("domain")
        if domain is not None and not _names_domain(named, domain):
            given = "no domain" if named is None else f"the domain {named!r}"
            return Check.failed(
                CheckId.CHALLENGE,
                ErrorCode.INVALID_DOMAIN_ERROR,
                f"proof {index} names {given}, not the verifier's {domain!r}: it was made for "
                "another verifier",
            )
    if challenge is None:
        if required:
            return Check.failed(
                CheckId.CHALLENGE,
                ErrorCode.NO_CHALLENGE,
                f"{NO_CHALLENGE_MESSAGE}; a presentation verifies only against the challenge "
                "the verifier gave the holder",
            )
        return Check.warning(CheckId.CHALLENGE, ErrorCode.NO_CHALLENGE, NO_CHALLENGE_MESSAGE)
    scope = f" for the domain {domain!r}" if domain is not None else ""
    return Check.passed(
        CheckId.CHALLENGE, f"the proof answers the verifier's challenge {challenge!r}{scope}"
    )


def _names_domain(named: Any, domain: str) -> bool:
    # Data Integrity: a domain is a string or a set of strings (Digital Bazaar accepts either)
    return named == domain or (isinstance(named, list) and domain in named)


def check_holder(
    holder: str | None,
    signers: Sequence[str],
    credentials: Sequence[Mapping[str, Any] | None],
    *,
    allow_holder_not_subject: bool,
    strict: bool,
) -> Check:
    """The ``holder`` check: ``signers`` (who signed the presentation) are its ``holder`` and
    the subject of each of ``credentials`` (``None`` for one that could not be read)."""
    if not signers:
        return Check.skipped(
            CheckId.HOLDER, "no proof verified, so nothing shows who presents the credentials"
        )
    signed_by = ", ".join(dict.fromkeys(signers))
    if holder is not None and any(signer != holder for signer in signers):
        return Check.failed(
            CheckId.HOLDER,
            ErrorCode.HOLDER_MISMATCH,
            f"the presentation names {holder} as its holder but is signed by {signed_by}",
        )
    readable = [(i, c) for i, c in enumerate(credentials, start=1) if c is not None]
    if not readable:
        return Check.skipped(CheckId.HOLDER, "no credential to bind to the holder")
    findings: list[Check] = []
    others = [
        (index, ids)
        for index, credential in readable
        if (ids := _bindable_subjects(credential)) and not set(ids) & set(signers)
    ]
    if others:
        about = "; ".join(f"credential {i} is about {', '.join(ids)}" for i, ids in others)
        message = f"{about}; the presentation is signed by {signed_by}, who is not the subject"
        findings.append(
            Check.warning(
                CheckId.HOLDER,
                ErrorCode.HOLDER_NOT_SUBJECT,
                f"{message} (the verifier accepts presentations by others)",
            )
            if allow_holder_not_subject
            else Check.failed(CheckId.HOLDER, ErrorCode.HOLDER_NOT_SUBJECT, message)
        )
    unbindable = [index for index, credential in readable if not _bindable_subjects(credential)]
    if unbindable:
        which = ", ".join(str(i) for i in unbindable)
        many = len(unbindable) > 1
        message = (
            f"credential{'s' if many else ''} {which}: no subject is a DID or URL a key can "
            f"belong to (no id, or an id such as urn:uuid:…), so nothing binds "
            f"{'them' if many else 'it'} to {signed_by}; the subject's identity (such as a "
            "hashed email identifier) must be checked some other way"
        )
        findings.append(
            Check.failed(CheckId.HOLDER, ErrorCode.SUBJECT_NOT_BINDABLE, message)
            if strict
            else Check.warning(CheckId.HOLDER, ErrorCode.SUBJECT_NOT_BINDABLE, message)
        )
    if findings:
        first = min(findings, key=lambda c: c.status is not CheckStatus.FAILED)
        message = "; ".join(
            [first.message, *(f"also: {c.message}" for c in findings if c is not first)]
        )
        return Check(CheckId.HOLDER, first.status, message, first.code)
    return Check.passed(CheckId.HOLDER, f"signed by {signed_by}, the subject of every credential")


def _bindable_subjects(credential: Mapping[str, Any]) -> list[str]:
    """The ids of the credential's subjects that a key can belong to (DIDs and URLs)."""
    value = credential.get("credentialSubject")
    subjects = value if isinstance(value, list) else [value]
    return [
        s["id"]
        for s in subjects
        if isinstance(s, Mapping)
        and isinstance(s.get("id"), str)
        and s["id"].startswith(BINDABLE_PREFIXES)
    ]


__all__ = ["check_challenge", "check_holder"]
