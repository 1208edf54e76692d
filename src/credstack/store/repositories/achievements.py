"""Achievement versions and the public halves of signing keys."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import func, insert, or_, select, update

from credstack.services.records import AchievementVersion, SigningKeyRecord
from credstack.store.repositories.base import SqlRepository, table
from credstack.store.tables import AchievementVersionRow, SigningKeyRow

_Version = AchievementVersionRow


class SqlAchievementRepository(SqlRepository):
    """:class:`~credstack.services.ports.AchievementRepository` over ``achievement_versions``.

    Versions are never updated: a change is a new row with the next ``version``.
    """

    def add_version(self, version: AchievementVersion) -> None:
        """Unique per ``(achievement_id, version)`` and per ``(organisation_id, slug, version)``."""
        self._write(
            insert(table(_Version)).values(
                id=version.id,
                achievement_id=version.achievement_id,
                organisation_id=version.organisation_id,
                slug=version.slug,
                version=version.version,
                definition=dict(version.definition),
                created_at=version.created_at,
            )
        )

    def version(self, organisation_id: UUID, version_id: UUID) -> AchievementVersion | None:
        row = self._first(
            select(_Version).where(
                _Version.organisation_id == organisation_id, _Version.id == version_id
            )
        )
        return _achievement(row) if row else None

    def latest(self, organisation_id: UUID, achievement_id: UUID) -> AchievementVersion | None:
        row = self._first(
            select(_Version)
            .where(
                _Version.organisation_id == organisation_id,
                _Version.achievement_id == achievement_id,
            )
            .order_by(_Version.version.desc())
            .limit(1)
        )
        return _achievement(row) if row else None

    def latest_by_slug(self, organisation_id: UUID, slug: str) -> AchievementVersion | None:
        row = self._first(
            select(_Version)
            .where(_Version.organisation_id == organisation_id, _Version.slug == slug)
            .order_by(_Version.version.desc())
            .limit(1)
        )
        return _achievement(row) if row else None

    def versions(self, organisation_id: UUID, achievement_id: UUID) -> list[AchievementVersion]:
        """Oldest first."""
        rows = self._all(
            select(_Version)
            .where(
                _Version.organisation_id == organisation_id,
                _Version.achievement_id == achievement_id,
            )
            .order_by(_Version.version)
        )
        return [_achievement(row) for row in rows]

    def list_latest(self, organisation_id: UUID) -> list[AchievementVersion]:
        """The latest version of each of the organisation's achievements, by slug."""
        newest = (
            select(_Version.achievement_id, func.max(_Version.version).label("version"))
            .where(_Version.organisation_id == organisation_id)
            .group_by(_Version.achievement_id)
            .subquery()
        )
        rows = self._all(
            select(_Version)
            .join(
                newest,
                (newest.c.achievement_id == _Version.achievement_id)
                & (newest.c.version == _Version.version),
            )
            .where(_Version.organisation_id == organisation_id)
            .order_by(_Version.slug, _Version.achievement_id)
        )
        return [_achievement(row) for row in rows]


class SqlKeyRepository(SqlRepository):
    """:class:`~credstack.services.ports.KeyRepository` over ``signing_keys``.

    A key is valid from ``valid_from`` (inclusive) until ``valid_until`` (exclusive), as in
    :meth:`credstack.core.did.verification_method.VerificationMethod.is_valid_at`.
    """

    def add(self, key: SigningKeyRecord) -> None:
        self._write(
            insert(table(SigningKeyRow)).values(
                id=key.id,
                organisation_id=key.organisation_id,
                fragment=key.fragment,
                public_key_multibase=key.public_key_multibase,
                valid_from=key.valid_from,
                valid_until=key.valid_until,
                created_at=key.created_at,
            )
        )

    def history(self, organisation_id: UUID) -> list[SigningKeyRecord]:
        """Every key the organisation has had, oldest first (by ``valid_from``)."""
        rows = self._all(
            select(SigningKeyRow)
            .where(SigningKeyRow.organisation_id == organisation_id)
            .order_by(SigningKeyRow.valid_from, SigningKeyRow.created_at, SigningKeyRow.id)
        )
        return [_key(row) for row in rows]

    def active(self, organisation_id: UUID, at: datetime) -> SigningKeyRecord | None:
        """The newest key valid at ``at`` (the latest ``valid_from`` not after it)."""
        row = self._first(
            select(SigningKeyRow)
            .where(
                SigningKeyRow.organisation_id == organisation_id,
                SigningKeyRow.valid_from <= at,
                or_(SigningKeyRow.valid_until.is_(None), SigningKeyRow.valid_until > at),
            )
            .order_by(
                SigningKeyRow.valid_from.desc(),
                SigningKeyRow.created_at.desc(),
                SigningKeyRow.id.desc(),
            )
            .limit(1)
        )
        return _key(row) if row else None

    def end_validity(self, organisation_id: UUID, key_id: UUID, at: datetime) -> None:
        """The key stops being valid at ``at``. A key that already ended earlier keeps its
        end (validity is only ever shortened); another organisation's key is left alone."""
        keys = table(SigningKeyRow)
        self._write(
            update(keys)
            .where(
                keys.c.id == key_id,
                keys.c.organisation_id == organisation_id,
                or_(keys.c.valid_until.is_(None), keys.c.valid_until > at),
            )
            .values(valid_until=at)
        )


def _achievement(row: AchievementVersionRow) -> AchievementVersion:
    return AchievementVersion(
        id=row.id,
        achievement_id=row.achievement_id,
        organisation_id=row.organisation_id,
        slug=row.slug,
        version=row.version,
        definition=row.definition,
        created_at=row.created_at,
    )


def _key(row: SigningKeyRow) -> SigningKeyRecord:
    return SigningKeyRecord(
        id=row.id,
        organisation_id=row.organisation_id,
        fragment=row.fragment,
        public_key_multibase=row.public_key_multibase,
        valid_from=row.valid_from,
        valid_until=row.valid_until,
        created_at=row.created_at,
    )


__all__ = ["SqlAchievementRepository", "SqlKeyRepository"]
