"""Users, memberships and learners."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import pytest

from credstack.core.errors import ErrorCode
from credstack.services.errors import (
    AuthenticationError,
    ConflictError,
    InvalidRequestError,
    NotFoundError,
)
from credstack.services.identity import (
    add_member,
    authenticate_user,
    create_learner,
    create_user,
    hash_password,
    verify_password,
)
from credstack.services.records import (
    Permission,
    Role,
)
from tests.factories import NOW
from tests.services.fakes import FakeUnitOfWork
from tests.services.identity_support import (
    PASSWORD,
    assert_no_secret_in_audit,
    audit_actions,
    last_audit_event,
    new_member,
    new_organisation,
    new_user,
)

# --- passwords --------------------------------------------------------------------------


def test_a_password_hash_verifies_only_its_password() -> None:
    hashed = hash_password(PASSWORD)
    assert hashed.startswith("$argon2id$")
    assert PASSWORD not in hashed
    assert verify_password(PASSWORD, hashed) is True
    assert verify_password(PASSWORD + "!", hashed) is False


def test_two_hashes_of_one_password_differ() -> None:
    assert hash_password(PASSWORD) != hash_password(PASSWORD)


def test_a_malformed_hash_does_not_verify() -> None:
    assert verify_password(PASSWORD, "not a hash") is False
    assert verify_password(PASSWORD, "") is False


@pytest.mark.parametrize("password", ["", "short", "elevenchars", "x" * 1025])
def test_a_password_outside_the_length_rules_is_refused(password: str) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        hash_password(password)
    assert caught.value.detail["field"] == "password"


def test_a_twelve_character_password_is_enough() -> None:
    assert verify_password("twelve chars", hash_password("twelve chars"))


# --- users and memberships ----------------------------------------------------------------


def test_a_user_is_created_with_a_normalised_address_and_a_hash() -> None:
    uow = FakeUnitOfWork()
    user = new_user(uow, "  Ada@Uni.Example ")
    assert user.email == "ada@uni.example"
    assert user.name == "Ada Lovelace"
    assert user.created_at == NOW
    assert verify_password(PASSWORD, user.password_hash)
    assert uow.users.by_email("ada@uni.example") == user
    (event,) = uow.state["audit"].values()
    assert (event.action, event.object_id, event.organisation_id) == (
        "user.created",
        str(user.id),
        None,
    )
    assert_no_secret_in_audit(uow, PASSWORD, user.password_hash)


@pytest.mark.parametrize(
    "email", ["", "ada", "ada@", "@uni.example", "ada@uni", "a da@uni.example", "a@b@c.d"]
)
def test_a_malformed_address_is_refused(email: str) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        new_user(FakeUnitOfWork(), email)
    assert caught.value.detail["field"] == "email"


def test_an_overlong_address_is_refused() -> None:
    with pytest.raises(InvalidRequestError):
        new_user(FakeUnitOfWork(), "a" * 250 + "@uni.example")


@pytest.mark.parametrize("name", ["", "   ", "x" * 201])
def test_a_bad_name_is_refused(name: str) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        create_user(FakeUnitOfWork(), email="a@uni.example", name=name, password=PASSWORD, now=NOW)
    assert caught.value.detail["field"] == "name"


def test_a_short_password_is_refused_and_nothing_is_written() -> None:
    uow = FakeUnitOfWork()
    with pytest.raises(InvalidRequestError):
        create_user(uow, email="a@uni.example", name="Ada", password="too short", now=NOW)
    assert uow.state["users"] == {}
    assert audit_actions(uow) == []


def test_an_address_is_unique_whatever_its_case() -> None:
    uow = FakeUnitOfWork()
    new_user(uow, "ada@uni.example")
    with pytest.raises(ConflictError):
        new_user(uow, "ADA@uni.example")


def test_a_member_gets_a_role_in_an_organisation() -> None:
    uow = FakeUnitOfWork()
    organisation, user = new_member(uow, Role.OWNER)
    membership = uow.users.membership(user.id, organisation.id)
    assert membership is not None
    assert membership.role is Role.OWNER
    event = last_audit_event(uow)
    assert (event.action, event.details) == ("member.added", {"role": "owner"})
    assert event.organisation_id == organisation.id


def test_a_role_may_be_given_by_name() -> None:
    uow = FakeUnitOfWork()
    organisation, user = new_organisation(uow), new_user(uow)
    membership = add_member(
        uow, user_id=user.id, organisation_id=organisation.id, role="viewer", now=NOW
    )
    assert membership.role is Role.VIEWER


def test_a_membership_without_a_time_is_audited_at_the_current_time() -> None:
    uow = FakeUnitOfWork()
    organisation, user = new_organisation(uow), new_user(uow)
    before = datetime.now(UTC)
    add_member(uow, user_id=user.id, organisation_id=organisation.id, role=Role.VIEWER)
    assert before <= last_audit_event(uow).at <= datetime.now(UTC)


def test_an_unknown_role_is_refused() -> None:
    uow = FakeUnitOfWork()
    organisation, user = new_organisation(uow), new_user(uow)
    with pytest.raises(InvalidRequestError) as caught:
        add_member(uow, user_id=user.id, organisation_id=organisation.id, role="admin", now=NOW)
    assert caught.value.detail["field"] == "role"


def test_a_member_needs_an_existing_user_and_organisation() -> None:
    uow = FakeUnitOfWork()
    organisation, user = new_organisation(uow), new_user(uow)
    with pytest.raises(NotFoundError):
        add_member(uow, user_id=uuid4(), organisation_id=organisation.id, role=Role.OWNER, now=NOW)
    with pytest.raises(NotFoundError):
        add_member(uow, user_id=user.id, organisation_id=uuid4(), role=Role.OWNER, now=NOW)


def test_a_second_membership_in_one_organisation_conflicts() -> None:
    uow = FakeUnitOfWork()
    organisation, user = new_member(uow)
    with pytest.raises(ConflictError):
        add_member(uow, user_id=user.id, organisation_id=organisation.id, role="owner", now=NOW)


# --- signing in --------------------------------------------------------------------------


def test_a_member_signs_in_with_the_permissions_of_the_role() -> None:
    uow = FakeUnitOfWork()
    organisation, user = new_member(uow, Role.ISSUER)
    principal = authenticate_user(uow, "ADA@uni.example ", PASSWORD, "tu-delta")
    assert principal.organisation_id == organisation.id
    assert principal.actor == f"user:{user.id}"
    assert principal.permissions == {Permission.READ, Permission.ISSUE, Permission.REVOKE}


@pytest.mark.parametrize(
    ("email", "password", "slug"),
    [
        ("nobody@uni.example", PASSWORD, "tu-delta"),
        ("ada@uni.example", "wrong password!", "tu-delta"),
        ("not an address", PASSWORD, "tu-delta"),
        ("ada@uni.example", PASSWORD, "no-such-org"),
        ("ada@uni.example", PASSWORD, "other-org"),
    ],
    ids=["unknown-email", "wrong-password", "malformed-email", "unknown-org", "not-a-member"],
)
def test_every_failed_sign_in_looks_the_same(email: str, password: str, slug: str) -> None:
    uow = FakeUnitOfWork()
    new_member(uow)
    new_organisation(uow, "other-org")
    with pytest.raises(AuthenticationError) as caught:
        authenticate_user(uow, email, password, slug)
    assert caught.value.code is ErrorCode.AUTHENTICATION_REQUIRED
    assert caught.value.message == ("the e-mail address, password or organisation was not accepted")
    assert caught.value.detail == {}


# --- learners ---------------------------------------------------------------------------


def test_a_learner_by_email_with_a_password() -> None:
    uow = FakeUnitOfWork()
    learner = create_learner(
        uow, email="Grace@Example.org", name="Grace", password=PASSWORD, now=NOW
    )
    assert learner.email == "grace@example.org"
    assert learner.name == "Grace"
    assert learner.password_hash is not None
    assert verify_password(PASSWORD, learner.password_hash)
    assert uow.learners.get(learner.id) == learner
    assert audit_actions(uow) == ["learner.created"]
    assert_no_secret_in_audit(uow, PASSWORD, learner.password_hash)


def test_a_learner_by_did_only() -> None:
    uow = FakeUnitOfWork()
    did = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
    learner = create_learner(uow, did=did, now=NOW)
    assert (learner.did, learner.email, learner.password_hash) == (did, None, None)


def test_a_learner_needs_an_email_or_a_did() -> None:
    with pytest.raises(InvalidRequestError):
        create_learner(FakeUnitOfWork(), name="Nobody", now=NOW)


def test_a_learner_password_needs_an_email() -> None:
    with pytest.raises(InvalidRequestError):
        create_learner(FakeUnitOfWork(), did="did:web:grace.example", password=PASSWORD, now=NOW)


@pytest.mark.parametrize(
    "did", ["grace", "did:", "did:web", "did:web:", "DID:web:x", "did:web:a b"]
)
def test_a_malformed_did_is_refused(did: str) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        create_learner(FakeUnitOfWork(), did=did, now=NOW)
    assert caught.value.detail["field"] == "did"


def test_a_learner_with_a_malformed_email_short_password_or_empty_name_is_refused() -> None:
    with pytest.raises(InvalidRequestError):
        create_learner(FakeUnitOfWork(), email="grace", now=NOW)
    with pytest.raises(InvalidRequestError):
        create_learner(FakeUnitOfWork(), email="g@example.org", password="short", now=NOW)
    with pytest.raises(InvalidRequestError):
        create_learner(FakeUnitOfWork(), email="g@example.org", name="", now=NOW)


def test_a_learner_address_is_unique() -> None:
    uow = FakeUnitOfWork()
    create_learner(uow, email="grace@example.org", now=NOW)
    with pytest.raises(ConflictError):
        create_learner(uow, email="GRACE@example.org", now=NOW)
