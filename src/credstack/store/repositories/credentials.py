"""Issued credentials: the signed document as written, and its lifecycle state."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, func, insert, select, update

from credstack.services.records import CredentialRecord, CredentialState
from credstack.store.repositories.base import SqlRepository, table
from credstack.store.tables import AchievementVersionRow, CredentialRow
from credstack.store.types import dump_json, load_json

JSON_FORMAT = "json"
JWS_FORMAT = "jws"

# bounds the parameters of one ``IN (...)`` list (SQLite allows 32,766 per statement)
_IN_CHUNK = 1000


class SqlCredentialRepository(SqlRepository):
    """:class:`~credstack.services.ports.CredentialRepository` over ``credentials``.

    The document is kept as text with its format (``json`` or ``jws``), so it comes back
    exactly as signed: same keys, same key order, same numbers.
    """

    def add(self, credential: CredentialRecord) -> None:
        """Unique per ``credential_id``, ``public_token``, ``(status_list_id, status_index)``
        and ``(job_id, job_row)``."""
        self._write(insert(table(CredentialRow)).values(**_values(credential)))

    def add_many(self, credentials: Sequence[CredentialRecord]) -> None:
        """Insert every record in one batched statement (bulk issuance writes its chunks
        through here); a clash with any of them raises ``ConflictError`` for all."""
        if credentials:
            self._write(insert(table(CredentialRow)), [_values(c) for c in credentials])

    def get(self, organisation_id: UUID, record_id: UUID) -> CredentialRecord | None:
        row = self._first(
            select(CredentialRow).where(
                CredentialRow.organisation_id == organisation_id, CredentialRow.id == record_id
            )
        )
        return _credential(row) if row else None

    def by_public_token(self, token: str) -> CredentialRecord | None:
        """Any organisation's credential: the token is the capability to see it."""
        row = self._first(select(CredentialRow).where(CredentialRow.public_token == token))
        return _credential(row) if row else None

    def search(
        self,
        organisation_id: UUID,
        *,
        achievement_id: UUID | None = None,
        recipient: str | None = None,
        state: CredentialState | None = None,
        job_id: UUID | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[CredentialRecord]:
        """Newest first (by ``issued_at``, ties in a stable order)."""
        rows = self._all(
            select(CredentialRow)
            .where(*_filters(organisation_id, achievement_id, recipient, state, job_id))
            .order_by(CredentialRow.issued_at.desc(), CredentialRow.id.desc())
            .limit(limit)
            .offset(offset)
        )
        return [_credential(row) for row in rows]

    def count(
        self,
        organisation_id: UUID,
        *,
        achievement_id: UUID | None = None,
        recipient: str | None = None,
        state: CredentialState | None = None,
        job_id: UUID | None = None,
    ) -> int:
        counted = self._session.execute(
            select(func.count())
            .select_from(CredentialRow)
            .where(*_filters(organisation_id, achievement_id, recipient, state, job_id))
        ).scalar_one()
        return int(counted)

    def set_state(
        self,
        organisation_id: UUID,
        record_id: UUID,
        state: CredentialState,
        reason: str | None,
        at: datetime,
    ) -> None:
        """Record the new state, its reason and when it changed (another organisation's
        credential is left alone, as is a missing one)."""
        credentials = table(CredentialRow)
        self._write(
            update(credentials)
            .where(
                credentials.c.organisation_id == organisation_id,
                credentials.c.id == record_id,
            )
            .values(state=state.value, state_reason=reason, state_changed_at=at)
        )

    def by_credential_id(
        self, organisation_id: UUID, credential_id: str
    ) -> CredentialRecord | None:
        row = self._first(
            select(CredentialRow).where(
                CredentialRow.organisation_id == organisation_id,
                CredentialRow.credential_id == credential_id,
            )
        )
        return None if row is None else _credential(row)

    def for_job_rows(self, job_id: UUID, rows: Sequence[int]) -> dict[int, CredentialRecord]:
        """The credentials already issued for these rows of a job, by row."""
        wanted = sorted(set(rows))
        found: dict[int, CredentialRecord] = {}
        for start in range(0, len(wanted), _IN_CHUNK):
            for row in self._all(
                select(CredentialRow).where(
                    CredentialRow.job_id == job_id,
                    CredentialRow.job_row.in_(wanted[start : start + _IN_CHUNK]),
                )
            ):
                if row.job_row is not None:
                    found[row.job_row] = _credential(row)
        return found


def _filters(
    organisation_id: UUID,
    achievement_id: UUID | None,
    recipient: str | None,
    state: CredentialState | None,
    job_id: UUID | None,
) -> list[ColumnElement[bool]]:
    conditions = [CredentialRow.organisation_id == organisation_id]
    if achievement_id is not None:
        # credentials name the exact version; the achievement is what the versions share
        versions = select(AchievementVersionRow.id).where(
            AchievementVersionRow.organisation_id == organisation_id,
            AchievementVersionRow.achievement_id == achievement_id,
        )
        conditions.append(CredentialRow.achievement_version_id.in_(versions))
    if recipient is not None:
        conditions.append(CredentialRow.recipient == recipient)
    if state is not None:
        conditions.append(CredentialRow.state == state.value)
    if job_id is not None:
        conditions.append(CredentialRow.job_id == job_id)
    return conditions


def _values(credential: CredentialRecord) -> dict[str, Any]:
    document = credential.document
    if isinstance(document, str):
        format_, text = JWS_FORMAT, document
    else:
        format_, text = JSON_FORMAT, dump_json(document)
    return {
        "id": credential.id,
        "organisation_id": credential.organisation_id,
        "achievement_version_id": credential.achievement_version_id,
        "credential_id": credential.credential_id,
        "public_token": credential.public_token,
        "recipient": credential.recipient,
        "learner_id": credential.learner_id,
        "suite": credential.suite,
        "format": format_,
        "document": text,
        "status_list_id": credential.status_list_id,
        "status_index": credential.status_index,
        "state": credential.state.value,
        "state_reason": credential.state_reason,
        "issued_at": credential.issued_at,
        "state_changed_at": credential.state_changed_at,
        "job_id": credential.job_id,
        "job_row": credential.job_row,
    }


def _credential(row: CredentialRow) -> CredentialRecord:
    document: Mapping[str, Any] | str = (
        row.document if row.format == JWS_FORMAT else load_json(row.document)
    )
    return CredentialRecord(
        id=row.id,
        organisation_id=row.organisation_id,
        achievement_version_id=row.achievement_version_id,
        credential_id=row.credential_id,
        public_token=row.public_token,
        recipient=row.recipient,
        learner_id=row.learner_id,
        suite=row.suite,
        document=document,
        status_list_id=row.status_list_id,
        status_index=row.status_index,
        state=CredentialState(row.state),
        state_reason=row.state_reason,
        issued_at=row.issued_at,
        state_changed_at=row.state_changed_at,
        job_id=row.job_id,
        job_row=row.job_row,
    )


__all__ = ["JSON_FORMAT", "JWS_FORMAT", "SqlCredentialRepository"]
