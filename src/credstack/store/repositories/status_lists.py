"""Bitstring status lists: taking positions and flipping bits without losing an update."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import ColumnElement, case, insert, select, update

from credstack.core.errors import ErrorCode
from credstack.services.errors import InvalidRequestError, NotFoundError
from credstack.services.records import StatusListRecord
from credstack.store.repositories.base import SqlRepository, table
from credstack.store.tables import StatusListRow


class SqlStatusListRepository(SqlRepository):
    """:class:`~credstack.services.ports.StatusListRepository` over ``status_lists``.

    Both changing operations are safe under concurrency. On PostgreSQL they lock the list's
    row (``FOR UPDATE``); on SQLite the unit of work already holds the database's write lock
    from its first statement (``BEGIN IMMEDIATE``, see :mod:`credstack.store.engine`), so
    the read and the write that follows it cannot be interleaved with another writer.
    """

    def add(self, status_list: StatusListRecord) -> None:
        """Store a new list; its ``updated_at`` is also kept as its creation time, which
        :meth:`current` orders by."""
        self._write(
            insert(table(StatusListRow)).values(
                id=status_list.id,
                organisation_id=status_list.organisation_id,
                purpose=status_list.purpose,
                length=status_list.length,
                seed=status_list.seed,
                allocated=status_list.allocated,
                bits=status_list.bits,
                revision=status_list.revision,
                updated_at=status_list.updated_at,
                created_at=status_list.updated_at,
            )
        )

    def get(self, list_id: UUID) -> StatusListRecord | None:
        """Any organisation's list: status lists are public documents."""
        row = self._first(select(StatusListRow).where(StatusListRow.id == list_id))
        return _status_list(row) if row else None

    def current(self, organisation_id: UUID, purpose: str) -> StatusListRecord | None:
        """The organisation's newest list of ``purpose`` that still has free positions."""
        row = self._first(
            select(StatusListRow)
            .where(
                StatusListRow.organisation_id == organisation_id,
                StatusListRow.purpose == purpose,
                StatusListRow.allocated < StatusListRow.length,
            )
            .order_by(StatusListRow.created_at.desc(), StatusListRow.id.desc())
            .limit(1)
        )
        return _status_list(row) if row else None

    def reserve(self, list_id: UUID, count: int) -> tuple[int, int]:
        """Atomically take up to ``count`` free positions of the list's permutation.

        Returns ``(start, stop)``: positions ``start`` to ``stop - 1`` now belong to the
        caller (fewer than ``count`` when the list fills up, none when it is full).
        Raises :class:`NotFoundError` for an unknown list.
        """
        if count < 0:
            raise InvalidRequestError(f"cannot reserve {count} positions", field="count")
        lists = table(StatusListRow)
        if self.dialect == "postgresql":
            # one statement: the sub-select locks the row and reads the count as it was
            # before this update, which RETURNING alone cannot report
            before = (
                select(lists.c.id, lists.c.allocated, lists.c.length)
                .where(lists.c.id == list_id)
                .with_for_update()
                .subquery("before")
            )
            taken = self._session.execute(
                update(lists)
                .where(lists.c.id == before.c.id)
                .values(allocated=_capped(before.c.allocated + count, before.c.length))
                .returning(before.c.allocated, lists.c.allocated)
            ).one_or_none()
            if taken is None:
                raise NotFoundError(f"there is no status list {list_id}")
            return int(taken[0]), int(taken[1])
        # SQLite: RETURNING cannot name the FROM side of an UPDATE, so read, then update;
        # the write lock held since BEGIN IMMEDIATE keeps the two together
        start = self._session.execute(
            select(lists.c.allocated).where(lists.c.id == list_id)
        ).scalar_one_or_none()
        if start is None:
            raise NotFoundError(f"there is no status list {list_id}")
        stop = self._session.execute(
            update(lists)
            .where(lists.c.id == list_id)
            .values(allocated=_capped(lists.c.allocated + count, lists.c.length))
            .returning(lists.c.allocated)
        ).scalar_one()
        return int(start), int(stop)

    def set_bit(self, list_id: UUID, index: int, value: bool, at: datetime) -> int:
        """Set or clear bit ``index`` (most significant bit of byte 0 is index 0, as in the
        Bitstring Status List); returns the revision after the change. Setting a bit to the
        value it already has changes nothing, so the revision (and the ETag) stay."""
        lists = table(StatusListRow)
        found = self._session.execute(
            select(lists.c.bits, lists.c.length, lists.c.revision)
            .where(lists.c.id == list_id)
            .with_for_update()
        ).one_or_none()
        if found is None:
            raise NotFoundError(f"there is no status list {list_id}")
        bits, length, revision = bytearray(found[0]), int(found[1]), int(found[2])
        if not 0 <= index < min(length, len(bits) * 8):
            raise InvalidRequestError(
                f"index {index} is outside the status list (0 to {length - 1})",
                code=ErrorCode.RANGE_ERROR,
            )
        mask = 0x80 >> (index & 7)
        if bool(bits[index >> 3] & mask) == value:
            return revision
        bits[index >> 3] ^= mask
        new_revision = self._session.execute(
            update(lists)
            .where(lists.c.id == list_id)
            .values(bits=bytes(bits), revision=lists.c.revision + 1, updated_at=at)
            .returning(lists.c.revision)
        ).scalar_one()
        return int(new_revision)


def _capped(wanted: ColumnElement[int], length: ColumnElement[int]) -> ColumnElement[int]:
    # min(wanted, length), spelt the same in both dialects
    return case((wanted > length, length), else_=wanted)


def _status_list(row: StatusListRow) -> StatusListRecord:
    return StatusListRecord(
        id=row.id,
        organisation_id=row.organisation_id,
        purpose=row.purpose,
        length=row.length,
        seed=row.seed,
        allocated=row.allocated,
        bits=row.bits,
        revision=row.revision,
        updated_at=row.updated_at,
    )


__all__ = ["SqlStatusListRepository"]
