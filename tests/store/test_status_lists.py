"""Status lists: positions are handed out once, bits are never lost, under concurrency too."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from uuid import uuid4

import pytest

from credstack.core.errors import ErrorCode
from credstack.services.errors import InvalidRequestError, NotFoundError
from credstack.store.unit_of_work import SqlUnitOfWork
from tests.store import builders
from tests.store.builders import Tenant, later
from tests.store.threads import run_together

UowFactory = Callable[[], SqlUnitOfWork]


def test_status_lists_round_trip(uow_factory: UowFactory, tenant: Tenant) -> None:
    with uow_factory() as uow:
        assert uow.status_lists.get(tenant.status_list.id) == tenant.status_list
        assert uow.status_lists.get(uuid4()) is None


def test_current_is_the_newest_list_with_free_positions(
    uow_factory: UowFactory, tenant: Tenant
) -> None:
    full = builders.status_list(tenant.id, allocated=builders.LIST_LENGTH, updated_at=later(5))
    newer = builders.status_list(tenant.id, updated_at=later(1))
    suspension = builders.status_list(tenant.id, purpose="suspension", updated_at=later(9))
    with uow_factory() as uow:
        for status_list in (full, newer, suspension):
            uow.status_lists.add(status_list)
        uow.commit()
    with uow_factory() as uow:
        assert uow.status_lists.current(tenant.id, "revocation") == newer
        assert uow.status_lists.current(tenant.id, "suspension") == suspension
        assert uow.status_lists.current(tenant.id, "refresh") is None


def test_reserve_hands_out_consecutive_ranges_up_to_the_length(
    uow_factory: UowFactory, tenant: Tenant
) -> None:
    list_id = tenant.status_list.id
    with uow_factory() as uow:
        assert uow.status_lists.reserve(list_id, 1000) == (0, 1000)
        assert uow.status_lists.reserve(list_id, 0) == (1000, 1000)
        assert uow.status_lists.reserve(list_id, 100) == (1000, builders.LIST_LENGTH)
        assert uow.status_lists.reserve(list_id, 5) == (1024, 1024)
        stored = uow.status_lists.get(list_id)
        assert stored is not None
        assert stored.allocated == builders.LIST_LENGTH
        assert uow.status_lists.current(tenant.id, "revocation") is None
        with pytest.raises(NotFoundError):
            uow.status_lists.reserve(uuid4(), 1)


def test_reserve_is_undone_by_a_rollback(uow_factory: UowFactory, tenant: Tenant) -> None:
    with uow_factory() as uow:
        assert uow.status_lists.reserve(tenant.status_list.id, 10) == (0, 10)
    with uow_factory() as uow:
        assert uow.status_lists.reserve(tenant.status_list.id, 10) == (0, 10)


def test_concurrent_reservations_never_overlap(uow_factory: UowFactory, tenant: Tenant) -> None:
    list_id = tenant.status_list.id

    def reserve_repeatedly(_worker: int) -> list[tuple[int, int]]:
        taken = []
        for _ in range(25):
            with uow_factory() as uow:
                taken.append(uow.status_lists.reserve(list_id, 7))
                uow.commit()
        return taken

    ranges = [r for taken in run_together(reserve_repeatedly, 8) for r in taken]
    positions = [p for first, stop in ranges for p in range(first, stop)]
    assert sorted(positions) == list(range(builders.LIST_LENGTH))
    # 8 × 25 × 7 = 1400 positions were asked for: the last calls got fewer, then none
    assert sum(1 for first, stop in ranges if stop - first not in (0, 7)) == 1
    assert ranges.count((builders.LIST_LENGTH, builders.LIST_LENGTH)) == len(ranges) - 147


def test_set_bit_sets_and_clears_most_significant_bit_first(
    uow_factory: UowFactory, tenant: Tenant
) -> None:
    list_id = tenant.status_list.id
    with uow_factory() as uow:
        assert uow.status_lists.set_bit(list_id, 0, True, later(1)) == 2
        assert uow.status_lists.set_bit(list_id, 9, True, later(2)) == 3
        # already set: nothing changes, not even the revision
        assert uow.status_lists.set_bit(list_id, 9, True, later(3)) == 3
        uow.commit()
    with uow_factory() as uow:
        stored = uow.status_lists.get(list_id)
        assert stored is not None
        assert stored.bits[:2] == bytes([0b1000_0000, 0b0100_0000])
        assert stored.revision == 3
        assert stored.updated_at == later(2)
        assert uow.status_lists.set_bit(list_id, 0, False, later(4)) == 4
        uow.commit()
    with uow_factory() as uow:
        assert uow.status_lists.get(list_id) == replace(
            tenant.status_list,
            bits=bytes([0, 0b0100_0000]) + bytes(builders.LIST_LENGTH // 8 - 2),
            revision=4,
            updated_at=later(4),
        )


def test_set_bit_refuses_positions_outside_the_list(
    uow_factory: UowFactory, tenant: Tenant
) -> None:
    with uow_factory() as uow:
        for index in (-1, builders.LIST_LENGTH):
            with pytest.raises(InvalidRequestError) as raised:
                uow.status_lists.set_bit(tenant.status_list.id, index, True, later(1))
            assert raised.value.code is ErrorCode.RANGE_ERROR
        with pytest.raises(NotFoundError):
            uow.status_lists.set_bit(uuid4(), 0, True, later(1))


def test_concurrent_set_bit_loses_no_update(uow_factory: UowFactory, tenant: Tenant) -> None:
    list_id = tenant.status_list.id

    def set_own_bits(worker: int) -> None:
        for index in range(worker, 8 * 12, 8):
            with uow_factory() as uow:
                uow.status_lists.set_bit(list_id, index, True, later(index))
                uow.commit()

    run_together(set_own_bits, 8)
    with uow_factory() as uow:
        stored = uow.status_lists.get(list_id)
    assert stored is not None
    assert stored.bits[:12] == b"\xff" * 12
    assert stored.bits[12:] == bytes(builders.LIST_LENGTH // 8 - 12)
    assert stored.revision == 1 + 8 * 12
