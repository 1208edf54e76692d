"""Handing out status list indexes: one per credential, in a secret random order.

Each revocation list of an organisation has ``length`` entries. The store hands out
*positions* ``0, 1, 2, …`` of the list in order (:meth:`StatusListRepository.reserve`, atomic
under concurrency); :class:`IndexPermutation` turns a position into the credential's
``statusListIndex`` through a secret pseudo-random permutation of ``range(length)`` keyed by
the list's 32-byte random ``seed``.

Why (herd privacy): a verifier fetches the whole list, never "the status of credential X", so
the issuer does not learn which credential is being checked. That only hides the credential
among the others of the list if the index itself says nothing. Sequential indexes would tell
anyone who sees two credentials which was issued first, and roughly when (a credential at
index 40,000 of a list opened in May was issued after one at index 10,000); credentials from
one bulk job would sit next to each other. A permuted index is indistinguishable from a
uniformly random one to anyone without the seed, while, unlike drawing random indexes, a
permutation never hands out an index twice, needs no collision check against the database,
and keeps every index of the list usable.

The permutation is an 8-round balanced Feistel network over the smallest even number of bits
covering ``length``, with BLAKE2b keyed by the seed as round function, and cycle walking
(apply again until the result falls below ``length``) to restrict it to ``range(length)``.
A Feistel network is a bijection whatever its round function, so indexes are unique by
construction; with a pseudo-random round function it is a pseudo-random permutation
(Luby–Rackoff), and eight rounds leave a wide margin for the small half-widths of a list.
It needs no table and no state: every process and worker machine computes the same index for
the same position, and the result is fixed by this code, not by a library's shuffle
algorithm, which may change between Python versions.

When a list is full, a new one (a fresh random seed) is created and allocation continues
there; credentials of one request may therefore span two lists.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID, uuid4

from credstack.core.status.bitstring import StatusPurpose
from credstack.services.config import ServiceConfig
from credstack.services.ports import UnitOfWork
from credstack.services.records import StatusListRecord

SEED_BYTES = 32
ROUNDS = 8
_PERSON = b"credstack-status"
_CACHE_SIZE = 256


@dataclass(frozen=True, slots=True)
class StatusSlot:
    """Where one credential's status lives: a list and an index in it."""

    list_id: UUID
    index: int


class IndexPermutation:
    """A keyed pseudo-random permutation of ``range(length)`` (see the module docstring)."""

    __slots__ = ("_half", "_length", "_mask", "_rounds")

    def __init__(self, seed: bytes, length: int) -> None:
        if length < 1:
            raise ValueError(f"a status list needs at least one entry, not {length}")
        if not 16 <= len(seed) <= 64:
            raise ValueError(f"the permutation seed must be 16 to 64 bytes, not {len(seed)}")
        self._length = length
        self._half = max(1, ((length - 1).bit_length() + 1) // 2)
        self._mask = (1 << self._half) - 1
        # one keyed hash state per round, copied per use: keying BLAKE2b costs more than
        # hashing the eight bytes of a half
        self._rounds = tuple(
            hashlib.blake2b(key=seed, digest_size=8, salt=bytes([r]) * 16, person=_PERSON)
            for r in range(ROUNDS)
        )

    @property
    def length(self) -> int:
        return self._length

    def index(self, position: int) -> int:
        """The status list index of allocation ``position`` (``0 <= position < length``)."""
        if not 0 <= position < self._length:
            raise ValueError(f"position {position} is outside the list (0 to {self._length - 1})")
        value = self._permute(position)
        while value >= self._length:  # cycle walking: at most a few steps on average
            value = self._permute(value)
        return value

    def _permute(self, value: int) -> int:
        half, mask = self._half, self._mask
        left, right = value >> half, value & mask
        for state in self._rounds:
            h = state.copy()
            h.update(right.to_bytes(8, "big"))
            left, right = right, left ^ (int.from_bytes(h.digest(), "big") & mask)
        return (left << half) | right


class _PermutationCache:
    def __init__(self, size: int) -> None:
        self._size = size
        self._items: dict[tuple[UUID, bytes, int], IndexPermutation] = {}
        self._lock = threading.Lock()

    def get(self, record: StatusListRecord) -> IndexPermutation:
        key = (record.id, record.seed, record.length)
        with self._lock:
            found = self._items.get(key)
            if found is None:
                if len(self._items) >= self._size:
                    self._items.clear()
                found = self._items[key] = IndexPermutation(record.seed, record.length)
            return found


_PERMUTATIONS = _PermutationCache(_CACHE_SIZE)


def permutation(record: StatusListRecord) -> IndexPermutation:
    """The index permutation of a status list (cached in-process per list)."""
    return _PERMUTATIONS.get(record)


def new_status_list(
    organisation_id: UUID,
    config: ServiceConfig,
    *,
    now: datetime,
    purpose: str = StatusPurpose.REVOCATION.value,
) -> StatusListRecord:
    """An empty list of ``config.status_list_length`` entries with a fresh random seed."""
    length = config.status_list_length
    return StatusListRecord(
        id=uuid4(),
        organisation_id=organisation_id,
        purpose=purpose,
        length=length,
        seed=secrets.token_bytes(SEED_BYTES),
        allocated=0,
        bits=bytes(-(-length // 8)),
        revision=0,
        updated_at=now,
    )


def allocate_status_slots(
    uow: UnitOfWork,
    config: ServiceConfig,
    organisation_id: UUID,
    count: int,
    *,
    now: datetime,
    purpose: str = StatusPurpose.REVOCATION.value,
) -> list[StatusSlot]:
    """Reserve ``count`` fresh indexes of the organisation's lists of ``purpose``.

    Takes them from the current list and, when it fills up, from new lists created here.
    The slots are in allocation order; nothing else can ever receive them.
    """
    slots: list[StatusSlot] = []
    record = uow.status_lists.current(organisation_id, purpose)
    while len(slots) < count:
        if record is None:
            record = new_status_list(organisation_id, config, now=now, purpose=purpose)
            uow.status_lists.add(record)
        start, stop = uow.status_lists.reserve(record.id, count - len(slots))
        mapping = permutation(record)
        slots.extend(StatusSlot(record.id, mapping.index(p)) for p in range(start, stop))
        if len(slots) < count:
            record = None  # this one is full: continue in a new list
    return slots


__all__ = [
    "ROUNDS",
    "SEED_BYTES",
    "IndexPermutation",
    "StatusSlot",
    "allocate_status_slots",
    "new_status_list",
    "permutation",
]
