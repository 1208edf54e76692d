"""Organisations, users and their memberships, learners, API tokens."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import insert, select, update

from credstack.services.records import (
    ApiToken,
    Learner,
    Membership,
    Organisation,
    OrganisationKind,
    Permission,
    Role,
    User,
)
from credstack.store.repositories.base import SqlRepository, table
from credstack.store.tables import (
    ApiTokenRow,
    LearnerRow,
    MembershipRow,
    OrganisationRow,
    UserRow,
)


class SqlOrganisationRepository(SqlRepository):
    """:class:`~credstack.services.ports.OrganisationRepository` over ``organisations``."""

    def add(self, organisation: Organisation) -> None:
        self._write(
            insert(table(OrganisationRow)).values(
                id=organisation.id,
                slug=organisation.slug,
                name=organisation.name,
                kind=organisation.kind.value,
                did=organisation.did,
                profile=dict(organisation.profile),
                created_at=organisation.created_at,
                country=organisation.country,
            )
        )

    def update(self, organisation: Organisation) -> None:
        """Write the organisation's name, profile and country (the rest never changes)."""
        organisations = table(OrganisationRow)
        self._write(
            update(organisations)
            .where(organisations.c.id == organisation.id)
            .values(
                name=organisation.name,
                profile=dict(organisation.profile),
                country=organisation.country,
            )
        )

    def get(self, organisation_id: UUID) -> Organisation | None:
        row = self._first(select(OrganisationRow).where(OrganisationRow.id == organisation_id))
        return _organisation(row) if row else None

    def by_slug(self, slug: str) -> Organisation | None:
        row = self._first(select(OrganisationRow).where(OrganisationRow.slug == slug))
        return _organisation(row) if row else None

    def every(self) -> list[Organisation]:
        """Every organisation, by slug."""
        rows = self._all(select(OrganisationRow).order_by(OrganisationRow.slug))
        return [_organisation(row) for row in rows]


class SqlUserRepository(SqlRepository):
    """:class:`~credstack.services.ports.UserRepository` over ``users`` and ``memberships``."""

    def add(self, user: User) -> None:
        self._write(
            insert(table(UserRow)).values(
                id=user.id,
                email=user.email.lower(),
                name=user.name,
                password_hash=user.password_hash,
                created_at=user.created_at,
            )
        )

    def get(self, user_id: UUID) -> User | None:
        row = self._first(select(UserRow).where(UserRow.id == user_id))
        return _user(row) if row else None

    def by_email(self, email: str) -> User | None:
        """Case-insensitive: e-mail addresses are stored lower-cased."""
        row = self._first(select(UserRow).where(UserRow.email == email.lower()))
        return _user(row) if row else None

    def add_membership(self, membership: Membership) -> None:
        self._write(
            insert(table(MembershipRow)).values(
                user_id=membership.user_id,
                organisation_id=membership.organisation_id,
                role=membership.role.value,
            )
        )

    def membership(self, user_id: UUID, organisation_id: UUID) -> Membership | None:
        row = self._first(
            select(MembershipRow).where(
                MembershipRow.user_id == user_id,
                MembershipRow.organisation_id == organisation_id,
            )
        )
        return _membership(row) if row else None

    def memberships(self, user_id: UUID) -> list[Membership]:
        """The user's memberships, by the organisations' slugs."""
        rows = self._all(
            select(MembershipRow)
            .join(OrganisationRow, OrganisationRow.id == MembershipRow.organisation_id)
            .where(MembershipRow.user_id == user_id)
            .order_by(OrganisationRow.slug)
        )
        return [_membership(row) for row in rows]


class SqlLearnerRepository(SqlRepository):
    """:class:`~credstack.services.ports.LearnerRepository` over ``learners``.

    E-mail addresses are stored lower-cased and looked up case-insensitively, as users' are.
    """

    def add(self, learner: Learner) -> None:
        self._write(
            insert(table(LearnerRow)).values(
                id=learner.id,
                email=learner.email.lower() if learner.email is not None else None,
                name=learner.name,
                did=learner.did,
                password_hash=learner.password_hash,
                created_at=learner.created_at,
            )
        )

    def get(self, learner_id: UUID) -> Learner | None:
        row = self._first(select(LearnerRow).where(LearnerRow.id == learner_id))
        return _learner(row) if row else None

    def by_email(self, email: str) -> Learner | None:
        row = self._first(select(LearnerRow).where(LearnerRow.email == email.lower()))
        return _learner(row) if row else None


class SqlTokenRepository(SqlRepository):
    """:class:`~credstack.services.ports.TokenRepository` over ``api_tokens``."""

    def add(self, token: ApiToken) -> None:
        self._write(
            insert(table(ApiTokenRow)).values(
                id=token.id,
                organisation_id=token.organisation_id,
                user_id=token.user_id,
                name=token.name,
                token_hash=token.token_hash,
                permissions=sorted(permission.value for permission in token.permissions),
                created_at=token.created_at,
                revoked_at=token.revoked_at,
                expires_at=token.expires_at,
            )
        )

    def by_hash(self, token_hash: str) -> ApiToken | None:
        row = self._first(select(ApiTokenRow).where(ApiTokenRow.token_hash == token_hash))
        return _token(row) if row else None

    def for_organisation(self, organisation_id: UUID) -> list[ApiToken]:
        """The organisation's tokens, oldest first (revoked ones included)."""
        rows = self._all(
            select(ApiTokenRow)
            .where(ApiTokenRow.organisation_id == organisation_id)
            .order_by(ApiTokenRow.created_at, ApiTokenRow.id)
        )
        return [_token(row) for row in rows]

    def revoke(self, organisation_id: UUID, token_id: UUID, at: datetime) -> bool:
        """Mark the token revoked; False when the organisation has no such token.

        Revoking a revoked token keeps its first revocation time and still returns True.
        """
        tokens = table(ApiTokenRow)
        mine = (tokens.c.id == token_id) & (tokens.c.organisation_id == organisation_id)
        revoked = self._write(
            update(tokens).where(mine, tokens.c.revoked_at.is_(None)).values(revoked_at=at)
        )
        if revoked.rowcount:
            return True
        return self._first(select(ApiTokenRow.id).where(mine)) is not None


def _organisation(row: OrganisationRow) -> Organisation:
    return Organisation(
        id=row.id,
        slug=row.slug,
        name=row.name,
        kind=OrganisationKind(row.kind),
        did=row.did,
        profile=row.profile,
        created_at=row.created_at,
        country=row.country,
    )


def _user(row: UserRow) -> User:
    return User(
        id=row.id,
        email=row.email,
        name=row.name,
        password_hash=row.password_hash,
        created_at=row.created_at,
    )


def _membership(row: MembershipRow) -> Membership:
    return Membership(user_id=row.user_id, organisation_id=row.organisation_id, role=Role(row.role))


def _learner(row: LearnerRow) -> Learner:
    return Learner(
        id=row.id,
        email=row.email,
        name=row.name,
        did=row.did,
        password_hash=row.password_hash,
        created_at=row.created_at,
    )


def _token(row: ApiTokenRow) -> ApiToken:
    return ApiToken(
        id=row.id,
        organisation_id=row.organisation_id,
        user_id=row.user_id,
        name=row.name,
        token_hash=row.token_hash,
        permissions=frozenset(Permission(value) for value in row.permissions),
        created_at=row.created_at,
        revoked_at=row.revoked_at,
        expires_at=row.expires_at,
    )


__all__ = [
    "SqlLearnerRepository",
    "SqlOrganisationRepository",
    "SqlTokenRepository",
    "SqlUserRepository",
]
