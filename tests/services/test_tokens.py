"""API tokens: secrets shown once, permissions, expiry, revocation, refusals."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any
from uuid import uuid4

import pytest

from credstack.core.errors import ErrorCode
from credstack.services.errors import (
    AuthenticationError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
)
from credstack.services.principal import Principal
from credstack.services.records import (
    Organisation,
    Permission,
    Role,
)
from credstack.services.tokens import (
    MAX_LIFETIME,
    TokenRefusedError,
    TokenState,
    authenticate_token,
    create_api_token,
    grant_api_token,
    list_api_tokens,
    record_refusal,
    revoke_api_token,
    token_expiry,
    token_state,
)
from tests.factories import NOW
from tests.services.fakes import FakeUnitOfWork
from tests.services.identity_support import (
    assert_no_secret_in_audit,
    audit_actions,
    last_audit_event,
    new_member,
    new_organisation,
)

# --- API tokens ---------------------------------------------------------------------------


def test_a_token_secret_is_returned_once_and_only_its_hash_is_stored() -> None:
    uow = FakeUnitOfWork()
    organisation = new_organisation(uow)
    token, secret = create_api_token(
        uow, organisation_id=organisation.id, name="LMS", permissions=[Permission.ISSUE], now=NOW
    )
    assert secret.startswith("cst_")
    assert len(secret) == 4 + 43
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in repr(uow.state)
    assert token.permissions == {Permission.ISSUE}
    assert (token.name, token.user_id, token.created_at) == ("LMS", None, NOW)
    event = last_audit_event(uow)
    assert (event.action, event.object_id) == ("token.created", str(token.id))
    assert event.details == {"name": "LMS", "permissions": ["issue"]}
    assert_no_secret_in_audit(uow, secret, token.token_hash)


def test_two_tokens_have_different_secrets() -> None:
    uow = FakeUnitOfWork()
    organisation = new_organisation(uow)
    secrets = {
        create_api_token(
            uow, organisation_id=organisation.id, name="t", permissions=["read"], now=NOW
        )[1]
        for _ in range(5)
    }
    assert len(secrets) == 5


def test_a_token_authenticates_as_itself_with_its_permissions() -> None:
    uow = FakeUnitOfWork()
    organisation = new_organisation(uow)
    token, secret = create_api_token(
        uow,
        organisation_id=organisation.id,
        name="LMS",
        permissions=["read", Permission.ISSUE],
        now=NOW,
    )
    principal = authenticate_token(uow, secret, NOW)
    assert principal.organisation_id == organisation.id
    assert principal.actor == f"token:{token.id}"
    assert principal.permissions == {Permission.READ, Permission.ISSUE}


def test_a_token_for_a_user_stays_within_the_role() -> None:
    uow = FakeUnitOfWork()
    organisation, user = new_member(uow, Role.ISSUER)
    token, _ = create_api_token(
        uow,
        organisation_id=organisation.id,
        name="mine",
        permissions=["issue"],
        now=NOW,
        user_id=user.id,
    )
    assert token.user_id == user.id
    with pytest.raises(PermissionDeniedError) as caught:
        create_api_token(
            uow,
            organisation_id=organisation.id,
            name="too much",
            permissions=["issue", "manage"],
            now=NOW,
            user_id=user.id,
        )
    assert caught.value.detail["permissions"] == ["manage"]


def _token_error(uow: FakeUnitOfWork, **changes: Any) -> InvalidRequestError | NotFoundError:
    organisation_id = changes.pop("organisation_id", None) or new_organisation(uow).id
    arguments: dict[str, Any] = {"name": "t", "permissions": ["read"], "now": NOW, **changes}
    with pytest.raises((InvalidRequestError, NotFoundError)) as caught:
        create_api_token(uow, organisation_id=organisation_id, **arguments)
    assert isinstance(caught.value, InvalidRequestError | NotFoundError)
    return caught.value


def test_a_token_needs_a_permission() -> None:
    error = _token_error(FakeUnitOfWork(), permissions=[])
    assert isinstance(error, InvalidRequestError)
    assert error.detail["field"] == "permissions"


def test_a_token_with_an_unknown_permission_is_refused() -> None:
    error = _token_error(FakeUnitOfWork(), permissions=["read", "delete"])
    assert isinstance(error, InvalidRequestError)
    assert "'delete'" in error.message


def test_a_token_needs_a_name() -> None:
    error = _token_error(FakeUnitOfWork(), name=" ")
    assert isinstance(error, InvalidRequestError)


def test_a_token_needs_an_existing_organisation() -> None:
    assert isinstance(_token_error(FakeUnitOfWork(), organisation_id=uuid4()), NotFoundError)


def test_a_token_for_a_non_member_is_refused() -> None:
    error = _token_error(FakeUnitOfWork(), user_id=uuid4())
    assert isinstance(error, InvalidRequestError)
    assert error.detail["field"] == "user_id"


@pytest.mark.parametrize(
    "secret",
    [
        "",
        "cst_",
        "cst_short",
        "CST_" + "a" * 43,
        "xyz_" + "a" * 43,
        "cst_" + "a" * 42 + "!",
        "cst_" + "a" * 44,
        "Bearer cst_" + "a" * 43,
    ],
)
def test_a_malformed_token_is_refused(secret: str) -> None:
    with pytest.raises(AuthenticationError) as caught:
        authenticate_token(FakeUnitOfWork(), secret, NOW)
    assert caught.value.code is ErrorCode.AUTHENTICATION_REQUIRED
    assert "not a credstack API token" in caught.value.message


def test_an_unknown_token_is_refused() -> None:
    with pytest.raises(AuthenticationError) as caught:
        authenticate_token(FakeUnitOfWork(), "cst_" + "a" * 43, NOW)
    assert "not known" in caught.value.message


def test_a_revoked_token_is_refused() -> None:
    uow = FakeUnitOfWork()
    organisation = new_organisation(uow)
    token, secret = create_api_token(
        uow, organisation_id=organisation.id, name="t", permissions=["read"], now=NOW
    )
    revoke_api_token(uow, organisation_id=organisation.id, token_id=token.id, now=NOW)
    with pytest.raises(AuthenticationError) as caught:
        authenticate_token(uow, secret, NOW + timedelta(seconds=1))
    assert caught.value.code is ErrorCode.TOKEN_REVOKED
    assert caught.value.token == uow.tokens.by_hash(token.token_hash)
    assert "revoked" in caught.value.message
    assert audit_actions(uow)[-1] == "token.revoked"
    assert last_audit_event(uow).details == {"name": "t"}


def test_revoking_another_organisations_token_is_not_found() -> None:
    uow = FakeUnitOfWork()
    organisation, other = new_organisation(uow), new_organisation(uow, "other-org")
    token, secret = create_api_token(
        uow, organisation_id=organisation.id, name="t", permissions=["read"], now=NOW
    )
    with pytest.raises(NotFoundError):
        revoke_api_token(uow, organisation_id=other.id, token_id=token.id, now=NOW)
    with pytest.raises(NotFoundError):
        revoke_api_token(uow, organisation_id=organisation.id, token_id=uuid4(), now=NOW)
    assert authenticate_token(uow, secret, NOW).organisation_id == organisation.id


# --- expiry -------------------------------------------------------------------------------


def _expiring(uow: FakeUnitOfWork, expires_at: Any) -> tuple[Organisation, Any, str]:
    organisation = new_organisation(uow)
    token, secret = create_api_token(
        uow,
        organisation_id=organisation.id,
        name="term",
        permissions=["read"],
        now=NOW,
        expires_at=expires_at,
    )
    return organisation, token, secret


def test_a_token_works_until_it_expires_and_is_refused_from_then_on() -> None:
    uow = FakeUnitOfWork()
    _, token, secret = _expiring(uow, NOW + timedelta(days=90))
    assert token.expires_at == NOW + timedelta(days=90)
    assert last_audit_event(uow).details["expires_at"] == "2025-08-30T12:00:00Z"
    just_before = NOW + timedelta(days=90) - timedelta(seconds=1)
    assert authenticate_token(uow, secret, just_before).actor == f"token:{token.id}"
    with pytest.raises(TokenRefusedError) as caught:
        authenticate_token(uow, secret, NOW + timedelta(days=90))
    assert caught.value.code is ErrorCode.TOKEN_EXPIRED
    assert caught.value.message == "this API token expired at 2025-08-30T12:00:00Z"
    assert caught.value.detail == {}  # the token is no part of what the caller sees
    assert token_state(token, NOW + timedelta(days=91)) is TokenState.EXPIRED
    assert token_state(token, NOW) is TokenState.ACTIVE


def test_a_revoked_token_is_reported_revoked_even_after_it_expired() -> None:
    uow = FakeUnitOfWork()
    organisation, token, secret = _expiring(uow, NOW + timedelta(hours=1))
    revoke_api_token(uow, organisation_id=organisation.id, token_id=token.id, now=NOW)
    with pytest.raises(TokenRefusedError) as caught:
        authenticate_token(uow, secret, NOW + timedelta(days=1))
    assert caught.value.code is ErrorCode.TOKEN_REVOKED


@pytest.mark.parametrize(
    ("expires_at", "message"),
    [
        (NOW, "is not after now"),
        (NOW - timedelta(days=1), "is not after now"),
        (NOW + MAX_LIFETIME + timedelta(seconds=1), "at most 1098 days ahead"),
        (NOW.replace(tzinfo=None) + timedelta(days=1), "with a time zone"),
        ("2030-01-01", "with a time zone"),
    ],
)
def test_an_expiry_must_be_ahead_and_not_too_far(expires_at: Any, message: str) -> None:
    uow = FakeUnitOfWork()
    with pytest.raises(InvalidRequestError) as caught:
        _expiring(uow, expires_at)
    assert caught.value.detail["field"] == "expires_at"
    assert message in caught.value.message
    assert uow.state["tokens"] == {}


def test_an_expiry_is_given_in_seconds_or_as_a_moment() -> None:
    assert token_expiry(NOW) is None
    assert token_expiry(NOW, expires_in=3600) == NOW + timedelta(hours=1)
    assert token_expiry(NOW, expires_at=NOW + timedelta(days=2)) == NOW + timedelta(days=2)


@pytest.mark.parametrize(
    ("arguments", "field", "message"),
    [
        ({"expires_in": 0}, "expires_in", "a positive number of seconds"),
        ({"expires_in": -5}, "expires_in", "a positive number of seconds"),
        ({"expires_in": True}, "expires_in", "a positive number of seconds"),
        ({"expires_in": 1.5}, "expires_in", "a positive number of seconds"),
        ({"expires_in": 10**20}, "expires_in", "at most 1098 days ahead"),
        ({"expires_in": 60, "expires_at": NOW}, "expires_in", "not both"),
    ],
)
def test_a_bad_expiry_is_refused(arguments: dict[str, Any], field: str, message: str) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        token_expiry(NOW, **arguments)
    assert caught.value.detail["field"] == field
    assert message in caught.value.message


# --- refusals are audited -------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["revoked", "expired"])
def test_a_refusal_is_recorded_for_the_token_s_organisation(reason: str) -> None:
    uow = FakeUnitOfWork()
    organisation, token, secret = _expiring(uow, NOW + timedelta(hours=1))
    if reason == "revoked":
        revoke_api_token(uow, organisation_id=organisation.id, token_id=token.id, now=NOW)
    later = NOW + timedelta(hours=2)
    with pytest.raises(TokenRefusedError) as caught:
        authenticate_token(uow, secret, later)
    record_refusal(uow, caught.value, later)
    event = last_audit_event(uow)
    assert (event.action, event.actor, event.object_id) == (
        "token.refused",
        f"token:{token.id}",
        str(token.id),
    )
    assert (event.organisation_id, event.at, event.details) == (
        organisation.id,
        later,
        {"reason": reason},
    )
    assert_no_secret_in_audit(uow, secret, token.token_hash)


# --- through a principal: granting, listing -------------------------------------------------


def _principal(organisation: Organisation, *permissions: Permission) -> Principal:
    return Principal(organisation.id, "token:maker", frozenset(permissions or Permission))


def test_an_owner_grants_a_token_that_authenticates() -> None:
    uow = FakeUnitOfWork()
    organisation = new_organisation(uow)
    token, secret = grant_api_token(
        uow,
        _principal(organisation),
        name="LMS",
        permissions=["issue"],
        now=NOW,
        expires_at=NOW + timedelta(days=30),
    )
    assert (token.organisation_id, token.user_id) == (organisation.id, None)
    assert last_audit_event(uow).actor == "token:maker"
    assert authenticate_token(uow, secret, NOW).permissions == {Permission.ISSUE}


def test_granting_needs_manage_and_stays_within_the_granter_s_permissions() -> None:
    uow = FakeUnitOfWork()
    organisation = new_organisation(uow)
    with pytest.raises(PermissionDeniedError):
        grant_api_token(
            uow,
            _principal(organisation, Permission.ISSUE),
            name="x",
            permissions=["issue"],
            now=NOW,
        )
    manager = _principal(organisation, Permission.MANAGE, Permission.READ)
    with pytest.raises(PermissionDeniedError) as caught:
        grant_api_token(uow, manager, name="x", permissions=["read", "issue"], now=NOW)
    assert caught.value.detail["permissions"] == ["issue"]
    assert uow.state["tokens"] == {}


def test_the_list_holds_every_token_of_the_organisation_only() -> None:
    uow = FakeUnitOfWork()
    organisation, other = new_organisation(uow), new_organisation(uow, "other-org")
    first, _ = create_api_token(
        uow, organisation_id=organisation.id, name="a", permissions=["read"], now=NOW
    )
    second, _ = create_api_token(
        uow,
        organisation_id=organisation.id,
        name="b",
        permissions=["read"],
        now=NOW + timedelta(minutes=1),
    )
    create_api_token(uow, organisation_id=other.id, name="c", permissions=["read"], now=NOW)
    revoke_api_token(uow, organisation_id=organisation.id, token_id=first.id, now=NOW)
    listed = list_api_tokens(uow, _principal(organisation))
    assert [t.id for t in listed] == [first.id, second.id]
    assert listed[0].revoked_at == NOW
    with pytest.raises(PermissionDeniedError):
        list_api_tokens(uow, _principal(organisation, Permission.READ))


def test_revoking_twice_keeps_the_first_time() -> None:
    uow = FakeUnitOfWork()
    organisation = new_organisation(uow)
    token, _ = create_api_token(
        uow, organisation_id=organisation.id, name="t", permissions=["read"], now=NOW
    )
    first = revoke_api_token(uow, organisation_id=organisation.id, token_id=token.id, now=NOW)
    again = revoke_api_token(
        uow, organisation_id=organisation.id, token_id=token.id, now=NOW + timedelta(hours=1)
    )
    assert first.revoked_at == again.revoked_at == NOW
    assert audit_actions(uow).count("token.revoked") == 1
