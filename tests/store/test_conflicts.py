"""Every uniqueness rule is a constraint, reported as a ConflictError naming it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from uuid import uuid4

import pytest

from credstack.core.errors import ErrorCode
from credstack.services.errors import ConflictError
from credstack.services.records import Membership, Role
from credstack.store.unit_of_work import SqlUnitOfWork
from tests.store import builders
from tests.store.builders import Tenant

UowFactory = Callable[[], SqlUnitOfWork]
Clash = Callable[[SqlUnitOfWork, Tenant], None]


def _organisation_slug(uow: SqlUnitOfWork, tenant: Tenant) -> None:
    uow.organisations.add(builders.organisation(tenant.organisation.slug))


def _organisation_id(uow: SqlUnitOfWork, tenant: Tenant) -> None:
    uow.organisations.add(replace(tenant.organisation, slug="elsewhere"))


def _user_email(uow: SqlUnitOfWork, tenant: Tenant) -> None:
    uow.users.add(builders.user(tenant.user.email.upper()))


def _membership(uow: SqlUnitOfWork, tenant: Tenant) -> None:
    uow.users.add_membership(Membership(tenant.user.id, tenant.id, Role.VIEWER))


def _learner_email(uow: SqlUnitOfWork, tenant: Tenant) -> None:
    uow.learners.add(builders.learner("same@mail.example"))
    uow.learners.add(builders.learner("SAME@mail.example"))


def _token_hash(uow: SqlUnitOfWork, tenant: Tenant) -> None:
    token = builders.api_token(tenant.id)
    uow.tokens.add(token)
    uow.tokens.add(builders.api_token(tenant.id, token_hash=token.token_hash))


def _achievement_version(uow: SqlUnitOfWork, tenant: Tenant) -> None:
    uow.achievements.add_version(
        builders.achievement_version(
            tenant.id, achievement_id=tenant.version.achievement_id, slug="renamed"
        )
    )


def _achievement_slug(uow: SqlUnitOfWork, tenant: Tenant) -> None:
    uow.achievements.add_version(builders.achievement_version(tenant.id))


def _key_fragment(uow: SqlUnitOfWork, tenant: Tenant) -> None:
    uow.keys.add(builders.signing_key(tenant.id, fragment="key-1"))
    uow.keys.add(builders.signing_key(tenant.id, fragment="key-1"))


def _credential_id(uow: SqlUnitOfWork, tenant: Tenant) -> None:
    first = tenant.credential(0)
    uow.credentials.add(first)
    uow.credentials.add(tenant.credential(1, credential_id=first.credential_id))


def _public_token(uow: SqlUnitOfWork, tenant: Tenant) -> None:
    first = tenant.credential(0)
    uow.credentials.add(first)
    uow.credentials.add(tenant.credential(1, public_token=first.public_token))


def _status_position(uow: SqlUnitOfWork, tenant: Tenant) -> None:
    uow.credentials.add(tenant.credential(5))
    uow.credentials.add(tenant.credential(5))


def _status_position_in_a_batch(uow: SqlUnitOfWork, tenant: Tenant) -> None:
    uow.credentials.add_many([tenant.credential(index) for index in (1, 2, 3, 2)])


def _job_row(uow: SqlUnitOfWork, tenant: Tenant) -> None:
    uow.credentials.add_many(
        [tenant.credential(index, job_id=tenant.job.id, job_row=0) for index in (1, 2)]
    )


def _idempotency_key(uow: SqlUnitOfWork, tenant: Tenant) -> None:
    job = builders.bulk_job(
        tenant.id, tenant.version.id, idempotency_key=tenant.job.idempotency_key
    )
    uow.jobs.add(job, builders.bulk_rows(job.id, 1))


def _job_rows(uow: SqlUnitOfWork, tenant: Tenant) -> None:
    job = builders.bulk_job(tenant.id, tenant.version.id)
    uow.jobs.add(job, builders.bulk_rows(job.id, 2) * 2)


CLASHES: dict[str, tuple[Clash, str, ErrorCode]] = {
    "organisation slug": (_organisation_slug, "uq_organisations_slug", ErrorCode.ALREADY_EXISTS),
    "organisation id": (_organisation_id, "pk_organisations", ErrorCode.ALREADY_EXISTS),
    "user e-mail": (_user_email, "uq_users_email", ErrorCode.ALREADY_EXISTS),
    "membership": (_membership, "pk_memberships", ErrorCode.ALREADY_EXISTS),
    "learner e-mail": (_learner_email, "uq_learners_email", ErrorCode.ALREADY_EXISTS),
    "token hash": (_token_hash, "uq_api_tokens_token_hash", ErrorCode.ALREADY_EXISTS),
    "achievement version": (
        _achievement_version,
        "uq_achievement_versions_achievement_id_version",
        ErrorCode.ALREADY_EXISTS,
    ),
    "achievement slug": (
        _achievement_slug,
        "uq_achievement_versions_organisation_id_slug_version",
        ErrorCode.ALREADY_EXISTS,
    ),
    "key fragment": (
        _key_fragment,
        "uq_signing_keys_organisation_id_fragment",
        ErrorCode.ALREADY_EXISTS,
    ),
    "credential id": (_credential_id, "uq_credentials_credential_id", ErrorCode.ALREADY_EXISTS),
    "public token": (_public_token, "uq_credentials_public_token", ErrorCode.ALREADY_EXISTS),
    "status position": (
        _status_position,
        "uq_credentials_status_list_id_status_index",
        ErrorCode.ALREADY_EXISTS,
    ),
    "status position in a batch": (
        _status_position_in_a_batch,
        "uq_credentials_status_list_id_status_index",
        ErrorCode.ALREADY_EXISTS,
    ),
    "job row": (_job_row, "uq_credentials_job_id_job_row", ErrorCode.ALREADY_EXISTS),
    "idempotency key": (
        _idempotency_key,
        "uq_bulk_jobs_organisation_id_idempotency_key",
        ErrorCode.IDEMPOTENCY_CONFLICT,
    ),
    "bulk rows": (_job_rows, "pk_bulk_rows", ErrorCode.ALREADY_EXISTS),
}


@pytest.mark.parametrize("clash", CLASHES)
def test_a_broken_uniqueness_rule_is_a_conflict(
    clash: str, uow_factory: UowFactory, tenant: Tenant
) -> None:
    write, constraint, code = CLASHES[clash]
    with uow_factory() as uow:
        with pytest.raises(ConflictError) as raised:
            write(uow, tenant)
        uow.rollback()
    assert raised.value.code is code
    assert raised.value.detail == {"constraint": constraint}
    assert "constraint" not in raised.value.message.lower()  # a sentence, not a driver's text


def test_the_same_key_in_another_organisation_is_no_conflict(
    uow_factory: UowFactory, tenant: Tenant, other_tenant: Tenant
) -> None:
    # both tenants already have version 1 of an achievement "data-literacy"
    with uow_factory() as uow:
        uow.keys.add(builders.signing_key(tenant.id, fragment="key-1"))
        uow.keys.add(builders.signing_key(other_tenant.id, fragment="key-1"))
        uow.jobs.add(
            builders.bulk_job(
                other_tenant.id,
                other_tenant.version.id,
                idempotency_key=tenant.job.idempotency_key,
            ),
            [],
        )
        for _ in range(2):
            uow.jobs.add(builders.bulk_job(tenant.id, tenant.version.id, idempotency_key=None), [])
        uow.commit()


def test_a_reference_to_a_missing_row_is_reported(uow_factory: UowFactory) -> None:
    with uow_factory() as uow:
        with pytest.raises(ConflictError) as raised:
            uow.achievements.add_version(builders.achievement_version(uuid4()))
        uow.rollback()
    assert raised.value.code is ErrorCode.NOT_FOUND
    assert "does not exist" in raised.value.message
