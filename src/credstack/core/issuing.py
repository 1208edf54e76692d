"""Issue a micro-credential: build the Open Badges 3.0 credential and secure it.

The issuer signs with a key it controls: the credential's ``issuer.id`` must be the key's
controller, or no verifier could bind the signature to the issuer. Before signing, the
credential is checked the way a careful verifier will check it: pinned contexts only, no
term that the contexts leave undefined (an undefined term has no shared meaning, so signing
it would certify nothing), and conformance to the Open Badges 3.0 JSON Schema. What goes
into it is checked first against the bounds of :mod:`credstack.core.ob3.limits`: the length of
every text and list, absolute URIs, and no more credits earned than the achievement offers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from credstack.core.crypto.keys import KeyPair
from credstack.core.errors import DocumentError, ErrorCode, ProofError
from credstack.core.jsonld import contexts, rdfc
from credstack.core.jsonld import pins as context_pins
from credstack.core.jsonld.coverage import find_unsigned_content
from credstack.core.model import Achievement, Evidence, IdentityObject, Issuer, Recipient, Result
from credstack.core.model import StatusEntry as StatusEntryModel
from credstack.core.ob3 import CREDSTACK_CONTEXT, build_credential, schema
from credstack.core.ob3.limits import check_achievement, check_award, check_issuer
from credstack.core.proofs.data_integrity import Cryptosuite, ProofOptions, add_proof
from credstack.core.proofs.eddsa_jcs_2022 import EDDSA_JCS_2022
from credstack.core.proofs.eddsa_rdfc_2022 import EDDSA_RDFC_2022
from credstack.core.proofs.vc_jwt import sign_jwt
from credstack.core.timestamps import format_datetime


class SignatureSuite(StrEnum):
    """How a credential is secured."""

    EDDSA_RDFC_2022 = "eddsa-rdfc-2022"
    EDDSA_JCS_2022 = "eddsa-jcs-2022"
    VC_JWT = "vc-jwt"


DATA_INTEGRITY_SUITES: dict[SignatureSuite, Cryptosuite] = {
    SignatureSuite.EDDSA_RDFC_2022: EDDSA_RDFC_2022,
    SignatureSuite.EDDSA_JCS_2022: EDDSA_JCS_2022,
}


@dataclass(frozen=True, slots=True)
class SigningKey:
    """An issuer's private key with the verification method that publishes its public half."""

    key_pair: KeyPair
    verification_method: str
    controller: str


def sign_credential(
    credential: Mapping[str, Any],
    key: SigningKey,
    *,
    suite: SignatureSuite = SignatureSuite.EDDSA_RDFC_2022,
    created: datetime,
) -> dict[str, Any] | str:
    """Secure an unsigned credential: a Data Integrity proof, or a compact JWS for VC-JWT."""
    issuer = credential.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, Mapping) else issuer
    if issuer_id != key.controller:
        raise ProofError(
            f"the credential's issuer is {issuer_id!r} but the key belongs to "
            f"{key.controller!r}; a verifier would refuse the signature",
            code=ErrorCode.KEY_NOT_BOUND_TO_ISSUER,
        )
    if suite is SignatureSuite.VC_JWT:
        return sign_jwt(credential, key.key_pair, kid=key.verification_method)
    cryptosuite = DATA_INTEGRITY_SUITES[suite]
    options = ProofOptions(
        verification_method=key.verification_method, created=format_datetime(created)
    )
    signed = add_proof(credential, cryptosuite.create_proof(credential, options, key.key_pair))
    if not isinstance(signed["proof"], list):
        signed["proof"] = [signed["proof"]]  # Open Badges 3.0 requires arrays
    return signed


def check_issuable(credential: Mapping[str, Any]) -> None:
    """Refuse a credential that uses unknown contexts, undefined terms, or content that an
    RDF-canonicalized proof would leave out (``"@poison"``, ``{"@value": null}``).

    The same rule holds for every suite: JCS and VC-JWT sign the bytes, but a credential whose
    content has no meaning in its own data model certifies nothing, and it would fail any
    verifier that reads it as JSON-LD.
    """
    # JSON-LD reads the context URLs the credential pins by digest as the bundled contexts
    linked = context_pins.resolve_pinned_contexts(credential)
    contexts.check_contexts(linked)
    contexts.check_vc2_context(linked)
    undefined = rdfc.find_undefined_terms(linked)
    if undefined:
        raise DocumentError(
            f"these terms are not defined by the credential's contexts: {', '.join(undefined)}",
            code=ErrorCode.UNDEFINED_TERM,
            terms=undefined,
        )
    unsigned = find_unsigned_content(linked)
    if unsigned:
        raise DocumentError(
            "a signature over the credential's canonical form would not cover "
            f"{', '.join(unsigned)}",
            code=ErrorCode.UNSIGNED_CONTENT,
            paths=unsigned,
        )


def issue_credential(
    *,
    achievement: Achievement,
    issuer: Issuer,
    recipient: str | IdentityObject | Recipient,
    key: SigningKey,
    credential_id: str,
    now: datetime,
    suite: SignatureSuite = SignatureSuite.EDDSA_RDFC_2022,
    valid_until: datetime | None = None,
    results: Iterable[Result] = (),
    evidence: Iterable[Evidence] = (),
    credits_earned: float | None = None,
    status: Iterable[StatusEntryModel] = (),
    extension_context: str = CREDSTACK_CONTEXT,
) -> dict[str, Any] | str:
    """Build, check and sign one Open Badges 3.0 credential awarded at ``now``.

    ``extension_context`` is the URL the credstack extension context is named at (and pinned
    to its digest) when the credential uses one of its terms: where the issuer publishes it.

    Raises :class:`~credstack.core.errors.DocumentError` for input beyond the bounds of
    :mod:`credstack.core.ob3.limits` (``FIELD_TOO_LONG``, ``NOT_ABSOLUTE_URI``,
    ``CREDITS_EXCEED_ACHIEVEMENT``, …) and for a credential that fails its checks.
    """
    results = tuple(results)
    evidence = tuple(evidence)
    check_achievement(achievement)
    check_issuer(issuer)
    check_award(achievement, results=results, evidence=evidence, credits_earned=credits_earned)
    credential = build_credential(
        id=credential_id,
        issuer=issuer,
        achievement=achievement,
        recipient=recipient,
        valid_from=now,
        valid_until=valid_until,
        awarded_date=now,
        results=results,
        evidence=evidence,
        credits_earned=credits_earned,
        status=status,
        extension_context=extension_context,
    )
    check_issuable(credential)
    # a verifier validates Open Badges credentials against the schema: one that fails it
    # (two status entries, say, where Open Badges 3.0 allows one) could never verify
    schema.require_valid_credential_schema(credential)
    return sign_credential(credential, key, suite=suite, created=now)


__all__ = [
    "DATA_INTEGRITY_SUITES",
    "SignatureSuite",
    "SigningKey",
    "check_issuable",
    "issue_credential",
    "sign_credential",
]
