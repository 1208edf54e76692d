"""Credentials: documents come back exactly as signed; listings filter and order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from uuid import uuid4

from credstack.services.records import CredentialState
from credstack.store.unit_of_work import SqlUnitOfWork
from tests.store import builders
from tests.store.builders import Tenant, later

UowFactory = Callable[[], SqlUnitOfWork]

JWS = "eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2lnbmF0dXJl"


def test_credentials_round_trip_in_both_formats(uow_factory: UowFactory, tenant: Tenant) -> None:
    learner = builders.learner()
    as_json = tenant.credential(0, learner_id=learner.id)
    as_jws = tenant.credential(1, document=JWS, suite="vc-jwt", job_id=tenant.job.id, job_row=0)
    with uow_factory() as uow:
        uow.learners.add(learner)
        uow.credentials.add(as_json)
        uow.credentials.add(as_jws)
        uow.commit()
    with uow_factory() as uow:
        stored = uow.credentials.get(tenant.id, as_json.id)
        assert stored == as_json
        assert stored is not None
        assert list(stored.document) == list(as_json.document)  # key order kept
        assert uow.credentials.get(tenant.id, as_jws.id) == as_jws
        assert uow.credentials.by_public_token(as_jws.public_token) == as_jws
        assert uow.credentials.by_public_token("unknown") is None
        assert uow.credentials.get(tenant.id, uuid4()) is None


def test_search_filters_and_lists_newest_first(uow_factory: UowFactory, tenant: Tenant) -> None:
    second_version = builders.achievement_version(
        tenant.id, achievement_id=tenant.version.achievement_id, version=2
    )
    other_achievement = builders.achievement_version(tenant.id, slug="algebra")
    oldest = tenant.credential(0, issued_at=later(1), recipient="a@mail.example")
    middle = tenant.credential(
        1, issued_at=later(2), achievement_version_id=second_version.id, state_reason=None
    )
    newest = tenant.credential(
        2,
        issued_at=later(3),
        achievement_version_id=other_achievement.id,
        recipient="a@mail.example",
        job_id=tenant.job.id,
        job_row=1,
    )
    with uow_factory() as uow:
        uow.achievements.add_version(second_version)
        uow.achievements.add_version(other_achievement)
        uow.credentials.add_many([middle, oldest, newest])
        uow.credentials.set_state(
            tenant.id, middle.id, CredentialState.REVOKED, "issued in error", later(4)
        )
        uow.commit()
    revoked = replace(
        middle,
        state=CredentialState.REVOKED,
        state_reason="issued in error",
        state_changed_at=later(4),
    )
    with uow_factory() as uow:
        search, count = uow.credentials.search, uow.credentials.count
        assert search(tenant.id) == [newest, revoked, oldest]
        assert count(tenant.id) == 3
        assert search(tenant.id, limit=1, offset=1) == [revoked]
        achievement = tenant.version.achievement_id
        assert search(tenant.id, achievement_id=achievement) == [revoked, oldest]
        assert count(tenant.id, achievement_id=achievement) == 2
        assert search(tenant.id, recipient="a@mail.example") == [newest, oldest]
        assert search(tenant.id, state=CredentialState.REVOKED) == [revoked]
        assert count(tenant.id, state=CredentialState.ACTIVE) == 2
        assert search(tenant.id, job_id=tenant.job.id) == [newest]
        assert count(tenant.id, recipient="a@mail.example", state=CredentialState.REVOKED) == 0
        assert search(tenant.id, achievement_id=uuid4()) == []


def test_for_job_rows_maps_rows_to_their_credentials(
    uow_factory: UowFactory, tenant: Tenant
) -> None:
    issued = [tenant.credential(row, job_id=tenant.job.id, job_row=row) for row in range(3)]
    with uow_factory() as uow:
        uow.credentials.add_many(issued)
        uow.commit()
    with uow_factory() as uow:
        assert uow.credentials.for_job_rows(tenant.job.id, [2, 0, 7]) == {
            0: issued[0],
            2: issued[2],
        }
        assert uow.credentials.for_job_rows(tenant.job.id, []) == {}
        assert uow.credentials.for_job_rows(uuid4(), [0]) == {}


def test_add_many_writes_ten_thousand_credentials(uow_factory: UowFactory, tenant: Tenant) -> None:
    big_list = builders.status_list(tenant.id, length=16384)
    many = [
        builders.credential(
            tenant.id,
            tenant.version.id,
            big_list.id,
            index,
            recipient=f"learner{index}@mail.example",
            issued_at=later(index % 60),
        )
        for index in range(10_000)
    ]
    with uow_factory() as uow:
        uow.status_lists.add(big_list)
        uow.credentials.add_many(many)
        uow.credentials.add_many([])
        uow.commit()
    with uow_factory() as uow:
        assert uow.credentials.count(tenant.id) == 10_000
        assert uow.credentials.get(tenant.id, many[9_999].id) == many[9_999]
        assert uow.credentials.search(tenant.id, recipient="learner4321@mail.example") == [
            many[4321]
        ]


def test_by_credential_id_is_scoped_to_the_organisation(
    uow_factory: UowFactory, tenant: Tenant
) -> None:
    other = builders.make_tenant(uow_factory, "uni-other")
    record = tenant.credential(5)
    with uow_factory() as uow:
        uow.credentials.add(record)
        uow.commit()
    with uow_factory() as uow:
        assert uow.credentials.by_credential_id(tenant.id, record.credential_id) == record
        assert uow.credentials.by_credential_id(other.id, record.credential_id) is None
        assert uow.credentials.by_credential_id(tenant.id, "urn:uuid:nobody") is None
