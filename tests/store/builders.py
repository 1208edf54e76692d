"""Records for the store tests, with every field filled in and every date a fixed UTC time."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from credstack.services.records import (
    AchievementVersion,
    ApiToken,
    AuditEvent,
    BulkJob,
    BulkRow,
    CredentialRecord,
    CredentialState,
    JobState,
    Learner,
    Membership,
    Organisation,
    OrganisationKind,
    Permission,
    Role,
    RowState,
    SigningKeyRecord,
    StatusListRecord,
    User,
)
from credstack.store.unit_of_work import SqlUnitOfWork

NOW = datetime(2025, 6, 1, 12, 0, 0, 123456, tzinfo=UTC)
LIST_LENGTH = 1024


def organisation(slug: str = "uni-a", **changes: Any) -> Organisation:
    fields: dict[str, Any] = {
        "id": uuid4(),
        "slug": slug,
        "name": f"University {slug}",
        "kind": OrganisationKind.UNIVERSITY,
        "did": f"did:web:credstack.example:orgs:{slug}",
        "profile": {"url": f"https://{slug}.example", "address": {"country": "Ireland"}},
        "created_at": NOW,
        "country": "IE",
    }
    return Organisation(**(fields | changes))


def user(email: str = "ada@uni.example", **changes: Any) -> User:
    fields: dict[str, Any] = {
        "id": uuid4(),
        "email": email,
        "name": "Ada",
        "password_hash": "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA",
        "created_at": NOW,
    }
    return User(**(fields | changes))


def learner(email: str | None = "grace@mail.example", **changes: Any) -> Learner:
    fields: dict[str, Any] = {
        "id": uuid4(),
        "email": email,
        "name": "Grace",
        "did": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
        "password_hash": None,
        "created_at": NOW,
    }
    return Learner(**(fields | changes))


def api_token(organisation_id: UUID, **changes: Any) -> ApiToken:
    fields: dict[str, Any] = {
        "id": uuid4(),
        "organisation_id": organisation_id,
        "user_id": None,
        "name": "registry sync",
        "token_hash": secrets.token_hex(32),
        "permissions": frozenset({Permission.READ, Permission.ISSUE}),
        "created_at": NOW,
    }
    return ApiToken(**(fields | changes))


def achievement_version(organisation_id: UUID, **changes: Any) -> AchievementVersion:
    fields: dict[str, Any] = {
        "id": uuid4(),
        "achievement_id": uuid4(),
        "organisation_id": organisation_id,
        "slug": "data-literacy",
        "version": 1,
        "definition": {"name": "Data literacy", "ects": 5, "criteria": {"narrative": "Pass"}},
        "created_at": NOW,
    }
    return AchievementVersion(**(fields | changes))


def signing_key(organisation_id: UUID, **changes: Any) -> SigningKeyRecord:
    fields: dict[str, Any] = {
        "id": uuid4(),
        "organisation_id": organisation_id,
        "fragment": f"key-{secrets.token_hex(4)}",
        "public_key_multibase": "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
        "valid_from": NOW,
        "valid_until": None,
        "created_at": NOW,
    }
    return SigningKeyRecord(**(fields | changes))


def status_list(organisation_id: UUID, **changes: Any) -> StatusListRecord:
    length = int(changes.pop("length", LIST_LENGTH))
    fields: dict[str, Any] = {
        "id": uuid4(),
        "organisation_id": organisation_id,
        "purpose": "revocation",
        "length": length,
        "seed": secrets.token_bytes(32),
        "allocated": 0,
        "bits": bytes(length // 8),
        "revision": 1,
        "updated_at": NOW,
    }
    return StatusListRecord(**(fields | changes))


def credential(
    organisation_id: UUID,
    achievement_version_id: UUID,
    status_list_id: UUID,
    status_index: int,
    **changes: Any,
) -> CredentialRecord:
    record_id = uuid4()
    fields: dict[str, Any] = {
        "id": record_id,
        "organisation_id": organisation_id,
        "achievement_version_id": achievement_version_id,
        "credential_id": f"urn:uuid:{uuid4()}",
        "public_token": secrets.token_urlsafe(24),
        "recipient": "grace@mail.example",
        "learner_id": None,
        "suite": "eddsa-rdfc-2022",
        "document": signed_document(record_id),
        "status_list_id": status_list_id,
        "status_index": status_index,
        "state": CredentialState.ACTIVE,
        "state_reason": None,
        "issued_at": NOW,
    }
    return CredentialRecord(**(fields | changes))


def signed_document(record_id: UUID) -> dict[str, Any]:
    """A credential-shaped document whose key order and numbers must survive storage."""
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": f"urn:uuid:{record_id}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "validFrom": "2025-06-01T12:00:00Z",
        "credentialSubject": {"achievement": {"name": "Data literacy", "ects": 7.5}},
        "zeta": 1,
        "alpha": [1e21, -0.0, 12345678901234567, None, True, "é ✓ \u2028"],
        "proof": {"type": "DataIntegrityProof", "proofValue": "z3FXQ"},
    }


def bulk_job(organisation_id: UUID, achievement_version_id: UUID, **changes: Any) -> BulkJob:
    fields: dict[str, Any] = {
        "id": uuid4(),
        "organisation_id": organisation_id,
        "achievement_version_id": achievement_version_id,
        "idempotency_key": secrets.token_hex(8),
        "suite": "eddsa-rdfc-2022",
        "state": JobState.QUEUED,
        "total": 3,
        "chunk_size": 2,
        "created_at": NOW,
        "created_by": "user:ada",
    }
    return BulkJob(**(fields | changes))


def bulk_rows(job_id: UUID, count: int) -> list[BulkRow]:
    return [
        BulkRow(
            job_id=job_id,
            row=row,
            data={"recipient": f"learner{row}@mail.example", "grade": row},
            state=RowState.PENDING,
        )
        for row in range(count)
    ]


def audit_event(organisation_id: UUID | None, at: datetime = NOW, **changes: Any) -> AuditEvent:
    fields: dict[str, Any] = {
        "id": uuid4(),
        "organisation_id": organisation_id,
        "actor": "user:ada",
        "action": "credential.issued",
        "object_type": "credential",
        "object_id": str(uuid4()),
        "at": at,
        "details": {"suite": "eddsa-rdfc-2022"},
    }
    return AuditEvent(**(fields | changes))


@dataclass(frozen=True)
class Tenant:
    """The committed rows of one organisation that most tests build on."""

    organisation: Organisation
    user: User
    version: AchievementVersion
    status_list: StatusListRecord
    job: BulkJob

    @property
    def id(self) -> UUID:
        return self.organisation.id

    def credential(self, status_index: int, **changes: Any) -> CredentialRecord:
        """A credential of this tenant (not stored), of its version and on its list unless
        ``changes`` say otherwise."""
        version_id = changes.pop("achievement_version_id", self.version.id)
        list_id = changes.pop("status_list_id", self.status_list.id)
        return credential(self.id, version_id, list_id, status_index, **changes)


def make_tenant(uow_factory: Callable[[], SqlUnitOfWork], slug: str) -> Tenant:
    """Store an organisation with a member, an achievement version, a status list and a job
    of three rows."""
    org = organisation(slug)
    member = user(f"owner@{slug}.example")
    version = achievement_version(org.id)
    bits = status_list(org.id)
    job = bulk_job(org.id, version.id)
    with uow_factory() as uow:
        uow.organisations.add(org)
        uow.users.add(member)
        uow.users.add_membership(Membership(member.id, org.id, Role.OWNER))
        uow.achievements.add_version(version)
        uow.status_lists.add(bits)
        uow.jobs.add(job, bulk_rows(job.id, job.total))
        uow.commit()
    return Tenant(org, member, version, bits, job)


def later(minutes: int) -> datetime:
    return NOW + timedelta(minutes=minutes)
