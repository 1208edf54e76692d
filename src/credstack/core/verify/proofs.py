"""Checking the proofs of a document and the keys behind them.

Two checks come out of here: ``proof`` (is every proof a valid signature over the document?)
and ``key`` (is each signing key the issuer's, allowed for the proof's purpose, and valid at
the time the proof claims?). Any one proof may be checked only if its suite is supported;
unsupported proofs are reported, never silently ignored, and a document with no proof we can
check does not verify.

Two findings are warnings rather than failures unless the verifier asks to be strict, because
conforming credentials in the wild carry them (the 1EdTech validator accepts both):

- a proof of a type credstack does not know, beside at least one proof that verified: it adds
  nothing, and the verified proof already shows who signed;
- an issuer named by an identifier that no key can belong to (``urn:uuid:…``, anything that is
  neither a DID nor an http(s) URL), signed by some other key: the signature is sound, but the
  issuer is not authenticated, and the report names the key that did sign. An issuer that *is*
  a DID or a URL and did not sign always fails: that is an impersonation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from credstack.core.did.verification_method import VerificationMethod, VerificationMethodResolver
from credstack.core.errors import CredstackError, ErrorCode, ProofError
from credstack.core.jsonld.coverage import find_unsigned_content, format_path
from credstack.core.jsonld.pins import resolve_pinned_contexts
from credstack.core.proofs.data_integrity import DATA_INTEGRITY_PROOF, Cryptosuite, proofs_of
from credstack.core.proofs.ed25519_signature_2020 import verify_ed25519_signature_2020
from credstack.core.proofs.eddsa_jcs_2022 import EDDSA_JCS_2022
from credstack.core.proofs.eddsa_rdfc_2022 import EDDSA_2022, EDDSA_RDFC_2022
from credstack.core.timestamps import parse_datetime
from credstack.core.verify.report import Check, CheckId

SUITES: dict[str, Cryptosuite] = {
    EDDSA_RDFC_2022.name: EDDSA_RDFC_2022,
    EDDSA_JCS_2022.name: EDDSA_JCS_2022,
    # the draft name of eddsa-rdfc-2022, still found in issued credentials: verified, never issued
    EDDSA_2022.name: EDDSA_2022,
}
LEGACY_ED25519_2020 = "Ed25519Signature2020"
RDF_SIGNED: frozenset[str] = frozenset({EDDSA_RDFC_2022.name, EDDSA_2022.name, LEGACY_ED25519_2020})
"""Suites that sign the RDF dataset, not the bytes: whatever JSON-LD drops, they do not cover."""
CLOCK_SKEW = timedelta(minutes=5)
BINDABLE_PREFIXES = ("did:", "https://", "http://")
"""Issuer identifiers that keys can belong to: a DID or a URL with a DID document."""


@dataclass(frozen=True, slots=True)
class ProofExpectations:
    """What the verifier requires of every proof."""

    controller: str | None
    purpose: str = "assertionMethod"
    challenge: str | None = None
    domain: str | None = None
    strict: bool = False
    """Fail, rather than warn, on unsupported proofs beside a verified one and on issuers that
    no key can belong to."""


@dataclass(frozen=True, slots=True)
class ProofOutcome:
    label: str
    error: CredstackError | None
    key_error: CredstackError | None
    method: VerificationMethod | None
    key_warning: CredstackError | None = None

    @property
    def unsupported(self) -> bool:
        return self.error is not None and self.error.code is ErrorCode.UNSUPPORTED_CRYPTOSUITE


@dataclass(frozen=True, slots=True)
class ProofChecks:
    """The ``proof`` and ``key`` checks, and who signed."""

    proof: Check
    key: Check
    signers: tuple[str, ...]
    """The controllers of the keys behind the proofs that verified with a valid key, in proof
    order (empty when none did)."""
    methods: tuple[VerificationMethod, ...] = ()
    """The verification methods of the proofs that verified with a key that passed the key
    check without a warning."""


def check_proofs(
    document: Mapping[str, Any],
    *,
    resolve: VerificationMethodResolver,
    expect: ProofExpectations,
    now: datetime,
    linked: Mapping[str, Any] | None = None,
) -> tuple[Check, Check]:
    """The ``proof`` and ``key`` checks for every embedded proof of ``document``.

    ``linked`` is the document as JSON-LD reads it, its pinned context URLs resolved
    (:func:`~credstack.core.jsonld.pins.resolve_pinned_contexts`; done here when not given):
    RDF-signed proofs are checked on it, JCS proofs on ``document`` as it is.
    """
    checks = verify_proofs(document, resolve=resolve, expect=expect, now=now, linked=linked)
    return checks.proof, checks.key


def check_signers(
    document: Mapping[str, Any],
    *,
    resolve: VerificationMethodResolver,
    expect: ProofExpectations,
    now: datetime,
) -> tuple[Check, Check, tuple[VerificationMethod, ...]]:
    """:func:`check_proofs`, and the verification methods of the proofs that verified with a
    key that passed the key check (none unless both checks passed)."""
    checks = verify_proofs(document, resolve=resolve, expect=expect, now=now)
    if "failed" in (checks.proof.status, checks.key.status):
        return checks.proof, checks.key, ()
    return checks.proof, checks.key, checks.methods


def verify_proofs(
    document: Mapping[str, Any],
    *,
    resolve: VerificationMethodResolver,
    expect: ProofExpectations,
    now: datetime,
    linked: Mapping[str, Any] | None = None,
) -> ProofChecks:
    """:func:`check_proofs`, and the controllers of the keys that signed."""
    proofs = proofs_of(document)
    if not proofs:
        message = "the document carries no proof, so nothing shows who issued it"
        return ProofChecks(
            Check.failed(CheckId.PROOF, ErrorCode.NO_PROOF, message),
            Check.skipped(CheckId.KEY, "no proof, so no signing key to check"),
            (),
        )
    if linked is None:
        try:
            linked = resolve_pinned_contexts(document)
        except CredstackError:
            linked = document  # the RDF suites report the unknown context
    coverage = _Coverage(linked)
    outcomes = [
        _check_one(_Signed(document, linked, index), proof, index, resolve, expect, now, coverage)
        for index, proof in enumerate(proofs)
    ]
    signers = tuple(
        o.method.controller
        for o in outcomes
        if o.error is None and o.key_error is None and o.method is not None
    )
    methods = tuple(
        o.method
        for o in outcomes
        if o.error is None and o.key_error is None and o.key_warning is None and o.method
    )
    return ProofChecks(
        _proof_check(outcomes, strict=expect.strict),
        _key_check(outcomes, expect),
        signers,
        methods,
    )


def _proof_check(outcomes: list[ProofOutcome], *, strict: bool) -> Check:
    failures = [o for o in outcomes if o.error is not None]
    verified = [o for o in outcomes if o.error is None]
    if failures and verified and not strict and all(o.unsupported for o in failures):
        good = ", ".join(o.label for o in verified)
        skipped = "; ".join(f"{o.label}: {o.error.message}" for o in failures if o.error)
        return Check.warning(
            CheckId.PROOF,
            ErrorCode.UNSUPPORTED_CRYPTOSUITE,
            f"valid signature: {good}; not checked, as credstack does not support it: {skipped}",
        )
    if failures:
        # a broken signature says more than a suite credstack cannot check: report it first
        first = min(failures, key=lambda o: o.unsupported)
        assert first.error is not None
        extra = f" ({len(failures)} of {len(outcomes)} proofs failed)" if len(outcomes) > 1 else ""
        paths = first.error.detail.get("paths") if first.error.code is _UNSIGNED else None
        return Check.failed(
            CheckId.PROOF,
            first.error.code,
            f"{first.label}: {first.error.message}{extra}",
            **({"paths": paths} if paths else {}),
        )
    labels = ", ".join(o.label for o in outcomes)
    return Check.passed(CheckId.PROOF, f"valid signature: {labels}")


def _key_check(outcomes: list[ProofOutcome], expect: ProofExpectations) -> Check:
    failures = [o for o in outcomes if o.key_error is not None]
    if failures:
        first = failures[0]
        assert first.key_error is not None
        return Check.failed(
            CheckId.KEY, first.key_error.code, f"{first.label}: {first.key_error.message}"
        )
    methods = [o.method for o in outcomes if o.method is not None]
    if not methods:
        return Check.skipped(CheckId.KEY, "no signing key could be examined")
    warnings = [o for o in outcomes if o.key_warning is not None]
    if warnings:
        warning = warnings[0].key_warning
        assert warning is not None
        return Check.warning(CheckId.KEY, warning.code, f"{warnings[0].label}: {warning.message}")
    names = ", ".join(m.id for m in methods)
    if expect.controller is None:
        # a presentation: who the signer is, the holder check judges
        return Check.passed(
            CheckId.KEY,
            f"signed with {names}, a key its controller authorises for {expect.purpose}, "
            "valid when the proof was made",
        )
    return Check.passed(
        CheckId.KEY,
        f"signed with {names}, which belongs to the issuer and was valid when the proof was made",
    )


@dataclass(frozen=True, slots=True)
class _Signed:
    """A document and its JSON-LD reading, and which of their proofs is being checked."""

    document: Mapping[str, Any]
    linked: Mapping[str, Any]
    index: int

    def for_suite(self, suite: str, proof: Mapping[str, Any]) -> tuple[Any, Any]:
        """The document and proof the suite checks: RDF suites read the JSON-LD form."""
        if suite not in RDF_SIGNED or self.linked is self.document:
            return self.document, proof
        return self.linked, proofs_of(self.linked)[self.index]


def _check_one(
    signed: _Signed,
    proof: Any,
    index: int,
    resolve: VerificationMethodResolver,
    expect: ProofExpectations,
    now: datetime,
    coverage: _Coverage,
) -> ProofOutcome:
    if not isinstance(proof, Mapping):
        error = ProofError("a proof must be a JSON object", code=ErrorCode.MALFORMED_VALUE_ERROR)
        return ProofOutcome(f"proof {index + 1}", error, None, None)
    proof_type = proof.get("type")
    suite_name = proof.get("cryptosuite") if proof_type == DATA_INTEGRITY_PROOF else proof_type
    label = f"proof {index + 1} ({suite_name})"
    if proof_type == DATA_INTEGRITY_PROOF and (
        not isinstance(suite_name, str) or suite_name not in SUITES
    ):
        error = ProofError(
            f"cryptosuite {suite_name!r} is not supported (supported: {', '.join(SUITES)})",
            code=ErrorCode.UNSUPPORTED_CRYPTOSUITE,
        )
        return ProofOutcome(label, error, None, None)
    if proof_type not in (DATA_INTEGRITY_PROOF, LEGACY_ED25519_2020):
        error = ProofError(
            f"proof type {proof_type!r} is not supported", code=ErrorCode.UNSUPPORTED_CRYPTOSUITE
        )
        return ProofOutcome(label, error, None, None)
    try:
        method = resolve(proof.get("verificationMethod"))  # type: ignore[arg-type]
    except CredstackError as exc:
        return ProofOutcome(label, exc, exc, None)
    key_error = _key_problem(proof, method, expect, now)
    key_warning = None
    if key_error is not None and _unauthenticated_issuer(key_error, expect):
        key_warning = _issuer_not_authenticated(method, expect)
        key_error = _key_problem(proof, method, replace(expect, controller=None), now)
    try:
        _check_proof_options(proof, expect, now)
        document, signed_proof = signed.for_suite(str(suite_name), proof)
        if proof_type == LEGACY_ED25519_2020:
            verify_ed25519_signature_2020(document, signed_proof, method.public_key)
        else:
            SUITES[str(suite_name)].verify_proof(document, signed_proof, method.public_key)
        if suite_name in RDF_SIGNED:
            coverage.require_covered(signed_proof, index)
    except CredstackError as exc:
        return ProofOutcome(label, exc, key_error, method, key_warning)
    return ProofOutcome(label, None, key_error, method, key_warning)


_UNSIGNED = ErrorCode.UNSIGNED_CONTENT


class _Coverage:
    """Which parts of a document (and of each proof's options) an RDF signature leaves out.

    The document (as JSON-LD reads it: pinned context URLs resolved) is examined once,
    however many proofs sign it; a proof's options are signed under the document's contexts,
    so they are examined with them.
    """

    def __init__(self, document: Mapping[str, Any]) -> None:
        self._document = document
        self._unsecured: list[str] | None = None

    def require_covered(self, proof: Mapping[str, Any], index: int) -> None:
        if self._unsecured is None:
            unsecured = {k: v for k, v in self._document.items() if k != "proof"}
            self._unsecured = find_unsigned_content(unsecured)
        prefix: tuple[str | int, ...] = (
            ("proof", index) if isinstance(self._document.get("proof"), list) else ("proof",)
        )
        options = {k: v for k, v in proof.items() if k not in ("proofValue", "@context")}
        options["@context"] = proof.get("@context", self._document.get("@context"))
        in_proof = [
            format_path(prefix) + (p if p.startswith("[") else "." + p)
            for p in find_unsigned_content(options)
        ]
        paths = [*self._unsecured, *in_proof]
        if paths:
            shown = ", ".join(paths[:10]) + (
                f" (and {len(paths) - 10} more)" if len(paths) > 10 else ""
            )
            raise ProofError(
                "the signature is valid but does not cover everything the document shows: "
                f"{shown} — the contexts do not define it, so JSON-LD drops it before signing "
                "and a reader would see claims nobody signed",
                code=_UNSIGNED,
                paths=paths,
            )


def _unauthenticated_issuer(key_error: CredstackError, expect: ProofExpectations) -> bool:
    """Whether ``key_error`` only says the key is not the issuer's, for an issuer that no key
    could belong to (and the verifier is not strict)."""
    return (
        key_error.code is ErrorCode.KEY_NOT_BOUND_TO_ISSUER
        and not expect.strict
        and expect.purpose == "assertionMethod"
        and expect.controller is not None
        and not expect.controller.startswith(BINDABLE_PREFIXES)
    )


def _issuer_not_authenticated(
    method: VerificationMethod, expect: ProofExpectations
) -> CredstackError:
    return ProofError(
        f"signed by {method.id} (controlled by {method.controller}); the issuer "
        f"{expect.controller} is not a DID or URL any key can belong to, so the credential "
        "shows who signed it but does not authenticate the issuer",
        code=ErrorCode.KEY_NOT_BOUND_TO_ISSUER,
    )


def _check_proof_options(
    proof: Mapping[str, Any], expect: ProofExpectations, now: datetime
) -> None:
    if proof.get("proofPurpose") != expect.purpose:
        raise ProofError(
            f"proofPurpose is {proof.get('proofPurpose')!r}; expected {expect.purpose!r}",
            code=ErrorCode.PROOF_VERIFICATION_ERROR,
        )
    if expect.challenge is not None and proof.get("challenge") != expect.challenge:
        raise ProofError(
            "the proof's challenge is not the one the verifier issued",
            code=ErrorCode.INVALID_CHALLENGE_ERROR,
        )
    if expect.domain is not None and proof.get("domain") != expect.domain:
        raise ProofError(
            "the proof's domain is not the verifier's", code=ErrorCode.INVALID_DOMAIN_ERROR
        )
    created = proof.get("created")
    if created is not None and parse_datetime(created) > now + CLOCK_SKEW:
        raise ProofError(
            f"the proof claims to be created at {created}, in the future",
            code=ErrorCode.PROOF_CREATED_IN_FUTURE,
        )
    expires = proof.get("expires")
    if expires is not None and parse_datetime(expires) <= now:
        raise ProofError(f"the proof expired at {expires}", code=ErrorCode.PROOF_EXPIRED)


def _key_problem(
    proof: Mapping[str, Any], method: VerificationMethod, expect: ProofExpectations, now: datetime
) -> CredstackError | None:
    if expect.controller is not None and method.controller != expect.controller:
        return ProofError(
            f"the key {method.id} is controlled by {method.controller}, not by {expect.controller}",
            code=ErrorCode.KEY_NOT_BOUND_TO_ISSUER,
        )
    if expect.purpose not in method.relationships:
        return ProofError(
            f"the key {method.id} is not authorised for {expect.purpose}",
            code=ErrorCode.INVALID_RELATIONSHIP_FOR_VERIFICATION_METHOD,
        )
    try:
        created = proof.get("created")
        moment = parse_datetime(created) if created is not None else now
    except CredstackError as exc:
        return exc
    if not method.is_valid_at(moment):
        window = f"{_fmt(method.valid_from)} to {_fmt(method.valid_until)}"
        return ProofError(
            f"the key {method.id} was valid from {window}; "
            f"the proof was made at {moment.isoformat()}",
            code=ErrorCode.KEY_OUTSIDE_VALIDITY_PERIOD,
        )
    return None


def _fmt(moment: datetime | None) -> str:
    return moment.isoformat() if moment is not None else "(open)"


__all__ = [
    "SUITES",
    "ProofChecks",
    "ProofExpectations",
    "check_proofs",
    "check_signers",
    "verify_proofs",
]
