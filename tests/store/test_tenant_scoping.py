"""An organisation never sees, nor changes, another organisation's objects."""

from __future__ import annotations

from collections.abc import Callable

from credstack.services.records import CredentialState
from credstack.store.unit_of_work import SqlUnitOfWork
from tests.store import builders
from tests.store.builders import Tenant, later

UowFactory = Callable[[], SqlUnitOfWork]


def test_every_organisation_scoped_read_hides_other_tenants(
    uow_factory: UowFactory, tenant: Tenant, other_tenant: Tenant
) -> None:
    a, b = tenant, other_tenant
    key = builders.signing_key(a.id)
    token = builders.api_token(a.id)
    issued = a.credential(0, job_id=a.job.id, job_row=0, recipient="x@mail.example")
    with uow_factory() as uow:
        uow.keys.add(key)
        uow.tokens.add(token)
        uow.credentials.add(issued)
        uow.audit.add(builders.audit_event(a.id))
        uow.commit()
    version = a.version
    job_key = a.job.idempotency_key
    assert job_key is not None
    with uow_factory() as uow:
        # each read first succeeds for the owner, so a miss for the other means scoping
        assert uow.achievements.version(a.id, version.id) is not None
        assert uow.achievements.version(b.id, version.id) is None
        assert uow.achievements.latest(b.id, version.achievement_id) is None
        assert uow.achievements.versions(b.id, version.achievement_id) == []
        assert uow.achievements.list_latest(b.id) == [b.version]
        assert uow.achievements.latest_by_slug(b.id, version.slug) == b.version
        assert uow.keys.history(a.id) == [key]
        assert uow.keys.history(b.id) == []
        assert uow.keys.active(b.id, later(1)) is None
        assert uow.tokens.for_organisation(b.id) == []
        assert uow.status_lists.current(a.id, "revocation") == a.status_list
        assert uow.status_lists.current(b.id, "revocation") == b.status_list
        assert uow.credentials.get(a.id, issued.id) == issued
        assert uow.credentials.get(b.id, issued.id) is None
        assert uow.credentials.search(b.id) == []
        assert uow.credentials.search(b.id, recipient="x@mail.example") == []
        assert uow.credentials.search(b.id, achievement_id=version.achievement_id) == []
        assert uow.credentials.search(b.id, job_id=a.job.id) == []
        assert uow.credentials.count(b.id) == 0
        assert uow.credentials.count(b.id, state=CredentialState.ACTIVE) == 0
        assert uow.jobs.get(a.id, a.job.id) == a.job
        assert uow.jobs.get(b.id, a.job.id) is None
        assert uow.jobs.by_idempotency_key(b.id, job_key) is None
        assert uow.jobs.recent(b.id) == [b.job]
        assert len(uow.audit.recent(a.id)) == 1
        assert uow.audit.recent(b.id) == []


def test_writes_for_another_organisation_change_nothing(
    uow_factory: UowFactory, tenant: Tenant, other_tenant: Tenant
) -> None:
    key = builders.signing_key(tenant.id)
    token = builders.api_token(tenant.id)
    issued = tenant.credential(0)
    with uow_factory() as uow:
        uow.keys.add(key)
        uow.tokens.add(token)
        uow.credentials.add(issued)
        uow.commit()
    with uow_factory() as uow:
        assert uow.tokens.revoke(other_tenant.id, token.id, later(1)) is False
        uow.keys.end_validity(other_tenant.id, key.id, later(1))
        uow.credentials.set_state(
            other_tenant.id, issued.id, CredentialState.REVOKED, "not mine", later(1)
        )
        uow.commit()
    with uow_factory() as uow:
        assert uow.tokens.by_hash(token.token_hash) == token
        assert uow.keys.history(tenant.id) == [key]
        assert uow.credentials.get(tenant.id, issued.id) == issued
