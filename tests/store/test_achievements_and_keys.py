"""Achievement versions and signing keys round-trip, in the documented orders."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from uuid import uuid4

from credstack.store.unit_of_work import SqlUnitOfWork
from tests.store import builders
from tests.store.builders import Tenant, later

UowFactory = Callable[[], SqlUnitOfWork]


def test_achievement_versions_round_trip(uow_factory: UowFactory, tenant: Tenant) -> None:
    first = tenant.version
    second = builders.achievement_version(
        tenant.id,
        achievement_id=first.achievement_id,
        version=2,
        definition={"name": "Data literacy", "ects": 6},
        created_at=later(1),
    )
    other = builders.achievement_version(tenant.id, slug="algebra")
    with uow_factory() as uow:
        uow.achievements.add_version(second)
        uow.achievements.add_version(other)
        uow.commit()
    with uow_factory() as uow:
        assert uow.achievements.version(tenant.id, first.id) == first
        assert uow.achievements.version(tenant.id, uuid4()) is None
        assert uow.achievements.latest(tenant.id, first.achievement_id) == second
        assert uow.achievements.latest(tenant.id, uuid4()) is None
        assert uow.achievements.latest_by_slug(tenant.id, "data-literacy") == second
        assert uow.achievements.latest_by_slug(tenant.id, "nothing") is None
        assert uow.achievements.versions(tenant.id, first.achievement_id) == [first, second]
        assert uow.achievements.list_latest(tenant.id) == [other, second]


def test_key_history_and_the_active_key(uow_factory: UowFactory, tenant: Tenant) -> None:
    old = builders.signing_key(tenant.id, valid_from=later(0))
    new = builders.signing_key(tenant.id, valid_from=later(60), created_at=later(60))
    with uow_factory() as uow:
        uow.keys.add(new)
        uow.keys.add(old)
        uow.commit()
    with uow_factory() as uow:
        assert uow.keys.history(tenant.id) == [old, new]
        assert uow.keys.active(tenant.id, later(-1)) is None
        assert uow.keys.active(tenant.id, later(30)) == old
        assert uow.keys.active(tenant.id, later(90)) == new
        uow.keys.end_validity(tenant.id, new.id, later(120))
        uow.commit()
    with uow_factory() as uow:
        # validity ends at valid_until, exclusive; then the older key is all there is
        assert uow.keys.active(tenant.id, later(119)) == replace(new, valid_until=later(120))
        assert uow.keys.active(tenant.id, later(120)) == old


def test_ending_a_key_never_lengthens_it(uow_factory: UowFactory, tenant: Tenant) -> None:
    key = builders.signing_key(tenant.id, valid_until=later(10))
    with uow_factory() as uow:
        uow.keys.add(key)
        uow.keys.end_validity(tenant.id, key.id, later(20))
        uow.commit()
    with uow_factory() as uow:
        assert [k.valid_until for k in uow.keys.history(tenant.id)] == [later(10)]
        uow.keys.end_validity(tenant.id, key.id, later(5))
        assert [k.valid_until for k in uow.keys.history(tenant.id)] == [later(5)]
