"""Status list indexes: a secret permutation of each list, and new lists when one fills up."""

from __future__ import annotations

import dataclasses
import itertools
from uuid import uuid4

import pytest

from credstack.services import status_allocation
from credstack.services.config import ServiceConfig
from credstack.services.records import StatusListRecord
from credstack.services.status_allocation import (
    IndexPermutation,
    allocate_status_slots,
    new_status_list,
)
from tests.factories import NOW
from tests.services.issuing_support import CONFIG, new_platform

SEED = bytes(range(32))


@pytest.mark.parametrize("length", [*range(1, 70), 255, 256, 257, 1000, 4096])
def test_the_permutation_is_a_bijection_of_the_list(length: int) -> None:
    permutation = IndexPermutation(SEED, length)
    assert sorted(permutation.index(p) for p in range(length)) == list(range(length))
    assert permutation.length == length


def test_the_same_seed_gives_the_same_order_everywhere() -> None:
    first = [IndexPermutation(SEED, 131_072).index(p) for p in range(50)]
    second = [IndexPermutation(bytes(SEED), 131_072).index(p) for p in range(50)]
    assert first == second


def test_another_seed_gives_another_order() -> None:
    other = bytes(reversed(SEED))
    first = [IndexPermutation(SEED, 131_072).index(p) for p in range(50)]
    second = [IndexPermutation(other, 131_072).index(p) for p in range(50)]
    assert sum(a == b for a, b in zip(first, second, strict=True)) <= 2


def test_consecutive_positions_land_all_over_the_list() -> None:
    length = 131_072
    indexes = [IndexPermutation(SEED, length).index(p) for p in range(4096)]
    # every eighth of the list gets close to its share of 512 indexes
    eighths = [sum(1 for i in indexes if i * 8 // length == part) for part in range(8)]
    assert all(400 < count < 624 for count in eighths), eighths
    # and the order says nothing about the position: about half the steps go down
    downs = sum(1 for a, b in itertools.pairwise(indexes) if b < a)
    assert 1800 < downs < 2300


@pytest.mark.parametrize(("seed", "length"), [(b"short", 10), (SEED, 0), (bytes(65), 10)])
def test_a_bad_seed_or_length_is_refused(seed: bytes, length: int) -> None:
    with pytest.raises(ValueError, match=r"must be|at least"):
        IndexPermutation(seed, length)


@pytest.mark.parametrize("position", [-1, 10])
def test_a_position_outside_the_list_is_refused(position: int) -> None:
    with pytest.raises(ValueError, match="outside"):
        IndexPermutation(SEED, 10).index(position)


def test_a_new_list_has_a_fresh_seed_and_no_bits() -> None:
    organisation_id = uuid4()
    first = new_status_list(organisation_id, CONFIG, now=NOW)
    second = new_status_list(organisation_id, CONFIG, now=NOW)
    assert first.seed != second.seed
    assert len(first.seed) == 32
    assert (first.length, first.allocated, first.revision) == (131_072, 0, 0)
    assert first.bits == bytes(131_072 // 8)
    assert first.purpose == "revocation"


def test_slots_come_from_the_current_list_in_permuted_order() -> None:
    platform = new_platform()
    (current,) = platform.uow.state["status_lists"].values()
    slots = allocate_status_slots(platform.uow, CONFIG, platform.organisation.id, 1000, now=NOW)
    assert {s.list_id for s in slots} == {current.id}
    expected = IndexPermutation(current.seed, current.length)
    assert [s.index for s in slots] == [expected.index(p) for p in range(1000)]
    assert len({s.index for s in slots}) == 1000
    assert platform.uow.status_lists.get(current.id).allocated == 1000  # type: ignore[union-attr]


def test_a_full_list_spills_over_into_new_lists() -> None:
    tiny = ServiceConfig(base_url=CONFIG.base_url, status_list_length=8)
    platform = new_platform(config=tiny)
    slots = allocate_status_slots(platform.uow, tiny, platform.organisation.id, 20, now=NOW)
    lists = [s.list_id for s in slots]
    assert len(dict.fromkeys(lists)) == 3
    for list_id in dict.fromkeys(lists):
        indexes = [s.index for s in slots if s.list_id == list_id]
        assert len(set(indexes)) == len(indexes)
        assert set(indexes) <= set(range(8))
    assert [lists.count(x) for x in dict.fromkeys(lists)] == [8, 8, 4]
    records = [platform.uow.status_lists.get(x) for x in dict.fromkeys(lists)]
    assert len({r.seed for r in records if r is not None}) == 3


def test_a_partly_used_list_is_finished_before_a_new_one_starts() -> None:
    platform = new_platform()
    organisation_id = platform.organisation.id
    tiny = dataclasses.replace(
        new_status_list(organisation_id, CONFIG, now=NOW), length=4, bits=bytes(1), allocated=1
    )
    platform.uow.status_lists.add(tiny)
    slots = allocate_status_slots(platform.uow, CONFIG, organisation_id, 5, now=NOW)
    assert [s.list_id for s in slots[:3]] == [tiny.id] * 3
    assert {s.index for s in slots[:3]} == set(range(4)) - {IndexPermutation(tiny.seed, 4).index(0)}
    fresh = platform.uow.status_lists.get(slots[3].list_id)
    assert isinstance(fresh, StatusListRecord)
    assert fresh.length == CONFIG.status_list_length
    assert fresh.id != tiny.id
    assert slots[4].list_id == fresh.id


def test_allocating_nothing_takes_nothing() -> None:
    platform = new_platform()
    assert allocate_status_slots(platform.uow, CONFIG, platform.organisation.id, 0, now=NOW) == []


def test_the_permutation_cache_starts_over_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    cache = status_allocation._PermutationCache(2)
    monkeypatch.setattr(status_allocation, "_PERMUTATIONS", cache)
    records = [new_status_list(uuid4(), CONFIG, now=NOW) for _ in range(3)]
    first = status_allocation.permutation(records[0])
    assert status_allocation.permutation(records[0]) is first
    status_allocation.permutation(records[1])
    status_allocation.permutation(records[2])  # full: forgets the others
    again = status_allocation.permutation(records[0])
    assert again is not first
    assert [again.index(p) for p in range(9)] == [first.index(p) for p in range(9)]
