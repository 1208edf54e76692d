"""Organisations, users, memberships, learners and API tokens round-trip and stay apart."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from uuid import uuid4

from credstack.services.records import Membership, Organisation, OrganisationKind, Role
from credstack.store.unit_of_work import SqlUnitOfWork
from tests.store import builders
from tests.store.builders import Tenant

UowFactory = Callable[[], SqlUnitOfWork]


def test_organisations_round_trip(uow_factory: UowFactory) -> None:
    zeta = builders.organisation("zeta", kind=OrganisationKind.HIGHER_EDUCATION_INSTITUTION)
    alpha = builders.organisation("alpha", profile={})
    with uow_factory() as uow:
        uow.organisations.add(zeta)
        uow.organisations.add(alpha)
        uow.commit()
    with uow_factory() as uow:
        assert uow.organisations.get(zeta.id) == zeta
        assert uow.organisations.by_slug("alpha") == alpha
        assert uow.organisations.get(uuid4()) is None
        assert uow.organisations.by_slug("nobody") is None
        assert uow.organisations.every() == [alpha, zeta]


def test_organisation_profiles_keep_nested_values(uow_factory: UowFactory) -> None:
    profile = {"email": "x@y.example", "address": {"lines": ["1", "2"]}, "rank": 1.5}
    org = builders.organisation("nested", profile=profile)
    with uow_factory() as uow:
        uow.organisations.add(org)
        uow.commit()
    with uow_factory() as uow:
        stored = uow.organisations.get(org.id)
    assert isinstance(stored, Organisation)
    assert dict(stored.profile) == profile


def test_an_organisation_s_name_profile_and_country_are_updated(uow_factory: UowFactory) -> None:
    org = builders.organisation("movable", country=None)
    other = builders.organisation("still")
    with uow_factory() as uow:
        uow.organisations.add(org)
        uow.organisations.add(other)
        uow.commit()
    moved = replace(
        org, name="Moved", profile={"url": "https://moved.example"}, country="NZ", slug="ignored"
    )
    with uow_factory() as uow:
        uow.organisations.update(moved)
        uow.commit()
    with uow_factory() as uow:
        # the slug (and kind, DID) never change
        assert uow.organisations.get(org.id) == replace(moved, slug="movable")
        assert uow.organisations.get(other.id) == other


def test_users_are_found_by_email_in_any_case(uow_factory: UowFactory) -> None:
    ada = builders.user("Ada@Uni.Example")
    with uow_factory() as uow:
        uow.users.add(ada)
        uow.commit()
    with uow_factory() as uow:
        stored = uow.users.get(ada.id)
        assert stored is not None
        assert stored.email == "ada@uni.example"
        assert stored == replace(ada, email="ada@uni.example")
        assert uow.users.by_email("ADA@uni.example") == stored
        assert uow.users.by_email("bob@uni.example") is None
        assert uow.users.get(uuid4()) is None


def test_memberships_round_trip(uow_factory: UowFactory, tenant: Tenant) -> None:
    other = builders.organisation("another")
    with uow_factory() as uow:
        uow.organisations.add(other)
        uow.users.add_membership(Membership(tenant.user.id, other.id, Role.VIEWER))
        uow.commit()
    with uow_factory() as uow:
        assert uow.users.membership(tenant.user.id, tenant.id) == Membership(
            tenant.user.id, tenant.id, Role.OWNER
        )
        assert uow.users.membership(tenant.user.id, uuid4()) is None
        # by the organisations' slugs: "another" before "uni-a"
        assert uow.users.memberships(tenant.user.id) == [
            Membership(tenant.user.id, other.id, Role.VIEWER),
            Membership(tenant.user.id, tenant.id, Role.OWNER),
        ]
        assert uow.users.memberships(uuid4()) == []


def test_learners_round_trip(uow_factory: UowFactory) -> None:
    grace = builders.learner("Grace@Mail.Example", password_hash="$argon2id$x")
    anonymous = builders.learner(None, name=None, did="did:web:grace.example")
    with uow_factory() as uow:
        uow.learners.add(grace)
        uow.learners.add(anonymous)
        uow.learners.add(builders.learner(None))  # several learners without an address
        uow.commit()
    with uow_factory() as uow:
        stored = uow.learners.get(grace.id)
        assert stored is not None
        assert stored.email == "grace@mail.example"
        assert uow.learners.by_email("GRACE@mail.example") == stored
        assert uow.learners.get(anonymous.id) == anonymous
        assert uow.learners.by_email("nobody@mail.example") is None


def test_tokens_round_trip_and_revoke_once(uow_factory: UowFactory, tenant: Tenant) -> None:
    first = builders.api_token(tenant.id, user_id=tenant.user.id, expires_at=builders.later(60))
    second = builders.api_token(tenant.id, created_at=builders.later(5))
    with uow_factory() as uow:
        uow.tokens.add(second)
        uow.tokens.add(first)
        uow.commit()
    with uow_factory() as uow:
        assert uow.tokens.by_hash(first.token_hash) == first
        assert uow.tokens.by_hash("0" * 64) is None
        assert uow.tokens.for_organisation(tenant.id) == [first, second]
        assert uow.tokens.revoke(tenant.id, first.id, builders.later(10)) is True
        assert uow.tokens.revoke(tenant.id, first.id, builders.later(20)) is True
        assert uow.tokens.revoke(tenant.id, uuid4(), builders.later(20)) is False
        uow.commit()
    with uow_factory() as uow:
        revoked = uow.tokens.by_hash(first.token_hash)
    assert revoked is not None
    assert revoked.revoked_at == builders.later(10)
    assert revoked.permissions == first.permissions


def test_another_organisations_tokens_are_invisible(
    uow_factory: UowFactory, tenant: Tenant, other_tenant: Tenant
) -> None:
    token = builders.api_token(tenant.id)
    with uow_factory() as uow:
        uow.tokens.add(token)
        uow.commit()
    with uow_factory() as uow:
        assert uow.tokens.for_organisation(other_tenant.id) == []
        assert uow.tokens.revoke(other_tenant.id, token.id, builders.NOW) is False
        uow.commit()
    with uow_factory() as uow:
        stored = uow.tokens.by_hash(token.token_hash)
    assert stored is not None
    assert stored.revoked_at is None
