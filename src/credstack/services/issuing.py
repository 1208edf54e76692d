"""Issuing credentials: one at a time (:func:`issue_credential`) or many (:func:`issue_batch`).

Every credential is an Open Badges 3.0 ``OpenBadgeCredential`` of the latest version of an
achievement, issued by the organisation (its ``did:web`` and profile), signed with the
organisation's active key, and registered in one of its revocation lists at an index drawn
through the list's secret permutation (:mod:`credstack.services.status_allocation`). What a
request may contain is described in :mod:`credstack.services.issue_request`.

Both paths build, check and sign with the core, in the steps of
:func:`credstack.core.issuing.issue_credential` (build, contexts and defined terms, Open
Badges JSON Schema, sign); they call the steps directly because a request may carry activity
dates, which that function does not take. The checks depend only on the credential's
structure (its keys, types and contexts) and on the date formats the platform writes, so a
bulk job checks one credential per request shape (the set of optional fields a row uses)
instead of every row, and signs ``eddsa-rdfc-2022`` credentials with
:func:`~credstack.core.proofs.eddsa_rdfc_2022.sign_many`, which reuses the canonicalization
template of the shape and re-checks a sample against the full algorithm.

The caller owns the unit of work and commits it.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from credstack.core.errors import CredstackError, DocumentError
from credstack.core.issuing import SignatureSuite, SigningKey, check_issuable, sign_credential
from credstack.core.model import (
    Achievement,
    IdentityObject,
    Issuer,
    Recipient,
    ResultDescription,
    StatusEntry,
)
from credstack.core.ob3 import build_credential, schema
from credstack.core.ob3.limits import check_credits_earned
from credstack.core.proofs.data_integrity import ProofOptions
from credstack.core.proofs.eddsa_rdfc_2022 import sign_many
from credstack.core.status.bitstring import StatusPurpose, status_entry
from credstack.core.timestamps import format_datetime
from credstack.services.achievements import achievement_model
from credstack.services.audit import record_event
from credstack.services.config import ServiceConfig
from credstack.services.errors import InvalidRequestError, NotFoundError
from credstack.services.issue_request import IssueRequest, parse_issue_request
from credstack.services.keys import signing_key
from credstack.services.organisations import issuer_profile
from credstack.services.ports import KeyStore, UnitOfWork
from credstack.services.principal import Principal
from credstack.services.records import (
    AchievementVersion,
    CredentialRecord,
    CredentialState,
    Organisation,
    Permission,
)
from credstack.services.status_allocation import StatusSlot, allocate_status_slots
from credstack.services.urls import extension_context_url, status_list_url

PURPOSE = StatusPurpose.REVOCATION.value
NAME_IDENTITY = "name"
"""The Open Badges ``identityType`` of a person's name (published in plain text)."""
_SALT_BYTES = 16
_PLACEHOLDER_SLOT = StatusSlot(UUID(int=0), 0)

Shape = tuple[Any, ...]


def issue_credential(
    uow: UnitOfWork,
    key_store: KeyStore,
    config: ServiceConfig,
    principal: Principal,
    *,
    achievement_id: UUID,
    request: IssueRequest,
    suite: SignatureSuite | None = None,
    now: datetime,
) -> CredentialRecord:
    """Issue the latest version of an achievement to one recipient; returns the stored record.

    ``suite`` defaults to ``config.default_suite``. Needs :attr:`Permission.ISSUE`. Raises
    :class:`NotFoundError` (no such achievement in the organisation),
    :class:`InvalidRequestError` (the request does not fit the achievement or the time), and
    the core's errors should the credential fail its checks.
    """
    principal.require(Permission.ISSUE)
    organisation = uow.organisations.get(principal.organisation_id)
    version = (
        uow.achievements.latest(organisation.id, achievement_id)
        if organisation is not None
        else None
    )
    if organisation is None or version is None:
        raise NotFoundError(f"no achievement {achievement_id}", achievement_id=str(achievement_id))
    issuance = _Issuance.load(uow, key_store, config, organisation, version, suite, now)
    issuance.validate(request)
    [slot] = allocate_status_slots(uow, config, organisation.id, 1, now=now, purpose=PURPOSE)
    credential_id = f"urn:uuid:{uuid4()}"
    credential = issuance.build(request, slot, credential_id)
    _check(credential)
    document = sign_credential(credential, issuance.key, suite=issuance.suite, created=now)
    record = issuance.record(request, slot, credential_id, document)
    uow.credentials.add(record)
    record_event(
        uow,
        organisation_id=organisation.id,
        actor=principal.actor,
        action="credential.issued",
        object_type="credential",
        object_id=record.id,
        at=now,
        details=issuance.audit_details(),
    )
    return record


def issue_batch(
    uow: UnitOfWork,
    key_store: KeyStore,
    config: ServiceConfig,
    *,
    organisation: Organisation,
    version: AchievementVersion,
    rows: Sequence[tuple[int, IssueRequest]],
    suite: SignatureSuite,
    now: datetime,
    job_id: UUID,
    reserved: Sequence[StatusSlot] = (),
) -> tuple[list[CredentialRecord], list[tuple[int, CredstackError]]]:
    """Issue ``version`` to every row of a bulk job chunk, in one write.

    Returns the stored records (``job_id`` / ``job_row`` set) and, for rows that could not be
    issued, the row number with its error; a bad row never stops the others. Problems that
    are not a row's fault (no signing key, key store failure) raise.

    ``reserved`` are status slots taken beforehand in a transaction of their own (so that
    concurrent chunks do not queue on the status list's row lock while they sign); they are
    used first, more are allocated here if they do not suffice, and unused ones stay unused.
    """
    if version.organisation_id != organisation.id:
        raise NotFoundError(f"no achievement version {version.id}", version_id=str(version.id))
    if not rows:
        return [], []
    issuance = _Issuance.load(uow, key_store, config, organisation, version, suite, now)
    errors: list[tuple[int, CredstackError]] = []
    shape_problems: dict[Shape, CredstackError | None] = {}
    good: list[tuple[int, IssueRequest]] = []
    for row, request in rows:
        try:
            issuance.validate(request)
            shape = _shape(request)
            if shape not in shape_problems:
                shape_problems[shape] = issuance.problem_of_shape(request)
            problem = shape_problems[shape]
            if problem is not None:
                raise problem
        except CredstackError as exc:
            errors.append((row, exc))
            continue
        good.append((row, request))
    slots = list(reserved[: len(good)])
    if len(slots) < len(good):
        slots += allocate_status_slots(
            uow, config, organisation.id, len(good) - len(slots), now=now, purpose=PURPOSE
        )
    ids = [f"urn:uuid:{uuid4()}" for _ in good]
    unsigned = [
        issuance.build(request, slot, credential_id)
        for (_, request), slot, credential_id in zip(good, slots, ids, strict=True)
    ]
    documents = issuance.sign_all(unsigned)
    records = [
        issuance.record(request, slot, credential_id, document, job_id=job_id, job_row=row)
        for (row, request), slot, credential_id, document in zip(
            good, slots, ids, documents, strict=True
        )
    ]
    uow.credentials.add_many(records)
    record_event(
        uow,
        organisation_id=organisation.id,
        actor="system",
        action="credential.batch_issued",
        object_type="bulk_job",
        object_id=job_id,
        at=now,
        details={**issuance.audit_details(), "issued": len(records), "failed": len(errors)},
    )
    errors.sort(key=lambda item: item[0])
    return records, errors


@dataclass(frozen=True, slots=True)
class _Issuance:
    """Everything shared by the credentials of one request or chunk, loaded once."""

    organisation: Organisation
    version: AchievementVersion
    achievement: Achievement
    issuer: Issuer
    key: SigningKey
    suite: SignatureSuite
    now: datetime
    base_url: str
    extension_context: str
    result_descriptions: Mapping[str, ResultDescription]

    @classmethod
    def load(
        cls,
        uow: UnitOfWork,
        key_store: KeyStore,
        config: ServiceConfig,
        organisation: Organisation,
        version: AchievementVersion,
        suite: SignatureSuite | None,
        now: datetime,
    ) -> _Issuance:
        achievement = achievement_model(version, organisation, config)
        issuer = issuer_profile(organisation, config)
        # both name the organisation's DID, so the key is bound to the issuer (what
        # sign_credential checks for single credentials, and sign_many does not)
        key = signing_key(uow, key_store, organisation, now=now)
        return cls(
            organisation=organisation,
            version=version,
            achievement=achievement,
            issuer=issuer,
            key=key,
            suite=SignatureSuite(suite or config.default_suite),
            now=now,
            base_url=config.base_url,
            extension_context=extension_context_url(config),
            result_descriptions={r.id: r for r in achievement.result_descriptions},
        )

    def validate(self, request: IssueRequest) -> None:
        """Refuse what the request cannot mean for this achievement at this time."""
        try:
            check_credits_earned(self.achievement, request.credits_earned)
        except DocumentError as exc:
            limit = {k: v for k, v in exc.detail.items() if k == "limit"}
            raise InvalidRequestError(
                exc.message, code=exc.code, field="credits_earned", **limit
            ) from None
        if request.valid_until is not None and request.valid_until <= self.now:
            raise InvalidRequestError(
                f"valid_until: {format_datetime(request.valid_until)} is not after the time of "
                f"issuance ({format_datetime(self.now)})",
                field="valid_until",
            )
        for i, result in enumerate(request.results):
            if result.result_description is None:
                continue
            description = self.result_descriptions.get(result.result_description)
            if description is None:
                known = ", ".join(self.result_descriptions) or "none"
                raise InvalidRequestError(
                    f"results[{i}].result_description: the achievement has no result "
                    f"description {result.result_description!r} (it has: {known})",
                    field=f"results[{i}].result_description",
                )
            allowed = description.allowed_values
            if allowed and result.value is not None and result.value not in allowed:
                raise InvalidRequestError(
                    f"results[{i}].value: {description.name} allows "
                    f"{', '.join(repr(v) for v in allowed)}, not {result.value!r}",
                    field=f"results[{i}].value",
                )

    def build(self, request: IssueRequest, slot: StatusSlot, credential_id: str) -> dict[str, Any]:
        """The unsigned credential for one recipient."""
        list_url = status_list_url(self.base_url, slot.list_id)
        entry = status_entry(list_credential_id=list_url, index=slot.index, purpose=PURPOSE)
        return build_credential(
            id=credential_id,
            issuer=self.issuer,
            achievement=self.achievement,
            recipient=_recipient(request),
            valid_from=self.now,
            valid_until=request.valid_until,
            awarded_date=self.now,
            results=request.results,
            evidence=request.evidence,
            credits_earned=request.credits_earned,
            status=[
                StatusEntry(
                    id=entry["id"],
                    type=entry["type"],
                    status_purpose=entry["statusPurpose"],
                    status_list_index=entry["statusListIndex"],
                    status_list_credential=entry["statusListCredential"],
                )
            ],
            activity_start_date=request.activity_start_date,
            activity_end_date=request.activity_end_date,
            extension_context=self.extension_context,
        )

    def problem_of_shape(self, request: IssueRequest) -> CredstackError | None:
        """What the checks say about credentials shaped like ``request``'s (None: fine)."""
        try:
            _check(self.build(request, _PLACEHOLDER_SLOT, f"urn:uuid:{UUID(int=0)}"))
        except CredstackError as exc:
            return exc
        return None

    def sign_all(self, credentials: Sequence[dict[str, Any]]) -> list[dict[str, Any] | str]:
        """Sign every credential; ``eddsa-rdfc-2022`` through the core's batch path."""
        if self.suite is not SignatureSuite.EDDSA_RDFC_2022:
            return [
                sign_credential(c, self.key, suite=self.suite, created=self.now)
                for c in credentials
            ]
        options = ProofOptions(
            verification_method=self.key.verification_method,
            created=format_datetime(self.now),
        )
        signed: list[dict[str, Any] | str] = []
        for document in sign_many(credentials, lambda _: options, self.key.key_pair):
            document["proof"] = [document["proof"]]  # Open Badges 3.0 wants arrays
            signed.append(document)
        return signed

    def record(
        self,
        request: IssueRequest,
        slot: StatusSlot,
        credential_id: str,
        document: dict[str, Any] | str,
        *,
        job_id: UUID | None = None,
        job_row: int | None = None,
    ) -> CredentialRecord:
        return CredentialRecord(
            id=uuid4(),
            organisation_id=self.organisation.id,
            achievement_version_id=self.version.id,
            credential_id=credential_id,
            public_token=secrets.token_urlsafe(32),
            recipient=request.recipient,
            learner_id=None,
            suite=self.suite.value,
            document=document,
            status_list_id=slot.list_id,
            status_index=slot.index,
            state=CredentialState.ACTIVE,
            state_reason=None,
            issued_at=self.now,
            job_id=job_id,
            job_row=job_row,
        )

    def audit_details(self) -> dict[str, Any]:
        # which achievement and how, never to whom: the audit log carries no personal data
        return {
            "achievement_id": str(self.version.achievement_id),
            "version": self.version.version,
            "suite": self.suite.value,
        }


def _recipient(request: IssueRequest) -> Recipient:
    identifiers: list[IdentityObject] = []
    subject_id: str | None = request.recipient
    if request.is_email:
        subject_id = None
        salt = secrets.token_hex(_SALT_BYTES)
        identifiers.append(IdentityObject.hashed_value(request.recipient, salt))
    if request.recipient_name is not None:
        identifiers.append(IdentityObject(request.recipient_name, NAME_IDENTITY, hashed=False))
    return Recipient(id=subject_id, identifiers=tuple(identifiers))


def _check(credential: dict[str, Any]) -> None:
    """The checks of :func:`credstack.core.issuing.issue_credential`, before signing."""
    check_issuable(credential)
    schema.require_valid_credential_schema(credential)


def _shape(request: IssueRequest) -> Shape:
    """Which optional parts the request uses: equal shapes give equally structured JSON."""
    return (
        request.is_email,
        request.recipient_name is not None,
        request.valid_until is not None,
        request.credits_earned is not None,
        request.activity_start_date is not None,
        request.activity_end_date is not None,
        tuple(
            (
                r.result_description is not None,
                r.value is not None,
                r.status is not None,
                r.achieved_level is not None,
            )
            for r in request.results
        ),
        tuple(
            tuple(
                v is not None
                for v in (e.id, e.name, e.description, e.narrative, e.genre, e.audience)
            )
            for e in request.evidence
        ),
    )


__all__ = [
    "IssueRequest",
    "issue_batch",
    "issue_credential",
    "parse_issue_request",
]
