"""Issued credentials: reading them, and revoking, suspending and reinstating them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import uuid4

import pytest

from credstack.core.errors import ErrorCode
from credstack.core.status.bitstring import StatusList
from credstack.services.credentials import (
    MAX_PAGE,
    MAX_REASON,
    change_status,
    get_credential,
    hosted_credential,
    search_credentials,
)
from credstack.services.errors import (
    ConflictError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
)
from credstack.services.records import CredentialRecord, CredentialState, Permission
from tests.factories import NOW
from tests.services.issuing_support import Platform, principal

LATER = NOW + timedelta(hours=1)
ACTIVE, SUSPENDED, REVOKED = (
    CredentialState.ACTIVE,
    CredentialState.SUSPENDED,
    CredentialState.REVOKED,
)


def _change(
    platform: Platform, record: CredentialRecord, action: Any, reason: str | None = None, **kw: Any
) -> CredentialRecord:
    who = kw.pop("principal", platform.owner)
    return change_status(
        platform.uow, who, record.id, action=action, reason=reason, now=kw.pop("now", LATER)
    )


def _in_state(platform: Platform, state: CredentialState) -> CredentialRecord:
    record = platform.issue()
    if state is SUSPENDED:
        record = _change(platform, record, "suspend")
    elif state is REVOKED:
        record = _change(platform, record, "revoke")
    return record


def _bit(platform: Platform, record: CredentialRecord) -> bool:
    bits = platform.status_list(record).bits
    return StatusList.from_bytes(bits).is_set(record.status_index)


# --- transitions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "action", "end"),
    [
        (ACTIVE, "revoke", REVOKED),
        (ACTIVE, "suspend", SUSPENDED),
        (SUSPENDED, "reinstate", ACTIVE),
        (SUSPENDED, "revoke", REVOKED),
    ],
)
def test_allowed_transitions(
    platform: Platform, start: CredentialState, action: str, end: CredentialState
) -> None:
    record = _in_state(platform, start)
    changed = _change(platform, record, action, "because", now=LATER + timedelta(minutes=1))
    assert changed.state is end
    assert changed.state_reason == "because"
    assert changed.state_changed_at == LATER + timedelta(minutes=1)
    assert get_credential(platform.uow, platform.owner, record.id) == changed


@pytest.mark.parametrize(
    ("start", "action"),
    [
        (ACTIVE, "reinstate"),
        (SUSPENDED, "suspend"),
        (REVOKED, "revoke"),
        (REVOKED, "suspend"),
        (REVOKED, "reinstate"),
    ],
)
def test_refused_transitions(platform: Platform, start: CredentialState, action: str) -> None:
    record = _in_state(platform, start)
    with pytest.raises(ConflictError) as raised:
        _change(platform, record, action)
    assert raised.value.code is ErrorCode.INVALID_STATE_TRANSITION
    assert raised.value.detail == {"state": start.value, "action": action}
    assert get_credential(platform.uow, platform.owner, record.id).state is start


def test_revocation_is_called_final(platform: Platform) -> None:
    record = _in_state(platform, REVOKED)
    with pytest.raises(ConflictError, match="revocation is final"):
        _change(platform, record, "reinstate")


def test_revoking_sets_the_bit_and_bumps_the_revision(platform: Platform) -> None:
    record = platform.issue()
    before = platform.status_list(record)
    assert not _bit(platform, record)
    _change(platform, record, "revoke")
    after = platform.status_list(record)
    assert _bit(platform, record)
    assert after.revision == before.revision + 1
    assert after.updated_at == LATER
    assert StatusList.from_bytes(after.bits).set_indexes() == [record.status_index]


def test_revoking_a_suspended_credential_sets_the_bit(platform: Platform) -> None:
    record = _in_state(platform, SUSPENDED)
    _change(platform, record, "revoke")
    assert _bit(platform, record)


@pytest.mark.parametrize("action", ["suspend", "reinstate"])
def test_suspension_never_touches_the_public_list(platform: Platform, action: str) -> None:
    record = _in_state(platform, SUSPENDED if action == "reinstate" else ACTIVE)
    before = platform.status_list(record)
    _change(platform, record, action)
    assert platform.status_list(record) == before


def test_a_blank_reason_is_no_reason(platform: Platform) -> None:
    assert _change(platform, platform.issue(), "suspend", "   ").state_reason is None


def test_a_reason_of_500_characters_is_kept(platform: Platform) -> None:
    reason = "r" * MAX_REASON
    assert _change(platform, platform.issue(), "revoke", reason).state_reason == reason


def test_a_longer_reason_is_refused(platform: Platform) -> None:
    record = platform.issue()
    with pytest.raises(InvalidRequestError) as raised:
        _change(platform, record, "revoke", "r" * (MAX_REASON + 1))
    assert raised.value.detail["field"] == "reason"
    assert not _bit(platform, record)


def test_an_unknown_action_is_refused(platform: Platform) -> None:
    with pytest.raises(InvalidRequestError) as raised:
        _change(platform, platform.issue(), "delete")
    assert raised.value.detail["field"] == "action"


def test_changes_are_audited_without_the_reason(platform: Platform) -> None:
    record = platform.issue()
    _change(platform, record, "suspend", "Ada asked for it")
    event = platform.uow.audit.recent(platform.organisation.id)[0]
    assert (event.action, event.object_id) == ("credential.suspended", str(record.id))
    assert event.details == {"from": "active", "to": "suspended", "reason": True}
    assert "Ada" not in repr(event)


@pytest.mark.parametrize("permission", [Permission.READ, Permission.ISSUE, Permission.MANAGE])
def test_changing_status_needs_the_revoke_permission(
    platform: Platform, permission: Permission
) -> None:
    record = platform.issue()
    with pytest.raises(PermissionDeniedError):
        _change(platform, record, "revoke", principal=principal(platform.organisation, permission))
    assert not _bit(platform, record)


def test_an_issuer_may_revoke(platform: Platform) -> None:
    issuer = principal(platform.organisation, Permission.READ, Permission.ISSUE, Permission.REVOKE)
    assert _change(platform, platform.issue(), "revoke", principal=issuer).state is REVOKED


def test_another_organisations_credential_cannot_be_changed(platform: Platform) -> None:
    record = platform.issue()
    other = platform.other()
    with pytest.raises(NotFoundError):
        _change(platform, record, "revoke", principal=other.owner)
    assert not _bit(platform, record)


def test_an_unknown_credential_cannot_be_changed(platform: Platform) -> None:
    with pytest.raises(NotFoundError):
        change_status(
            platform.uow, platform.owner, uuid4(), action="revoke", reason=None, now=LATER
        )


# --- reading -------------------------------------------------------------------------------


def test_get_needs_read_and_stays_in_the_tenant(platform: Platform) -> None:
    record = platform.issue()
    reader = principal(platform.organisation, Permission.READ)
    assert get_credential(platform.uow, reader, record.id) == record
    with pytest.raises(NotFoundError):
        get_credential(platform.uow, platform.other().owner, record.id)
    with pytest.raises(PermissionDeniedError):
        get_credential(platform.uow, principal(platform.organisation, Permission.ISSUE), record.id)


def test_search_filters_and_counts(platform: Platform) -> None:
    ada = [platform.issue({"recipient": "ada@uni.example"}) for _ in range(3)]
    grace = platform.issue({"recipient": "did:example:grace"})
    _change(platform, ada[0], "suspend")
    newer = platform.update()
    later = platform.issue({"recipient": "did:example:grace"})
    owner = platform.owner

    def found(**filters: Any) -> tuple[set[Any], int]:
        page, total = search_credentials(platform.uow, owner, **filters)
        return {r.id for r in page}, total

    assert found(recipient="ADA@uni.example ") == ({r.id for r in ada}, 3)
    assert found(recipient="did:example:grace") == ({grace.id, later.id}, 2)
    assert found(state=SUSPENDED) == ({ada[0].id}, 1)
    assert found(achievement_id=newer.achievement_id)[1] == 5
    page, total = search_credentials(platform.uow, owner, limit=2, offset=1)
    assert (len(page), total) == (2, 5)


def test_search_stays_in_the_tenant(platform: Platform) -> None:
    platform.issue()
    other = platform.other()
    assert search_credentials(other.uow, other.owner) == ([], 0)


@pytest.mark.parametrize(
    ("paging", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": MAX_PAGE + 1}, "limit"),
        ({"limit": True}, "limit"),
        ({"offset": -1}, "offset"),
        ({"offset": False}, "offset"),
    ],
)
def test_bad_paging_is_refused(platform: Platform, paging: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidRequestError) as raised:
        search_credentials(platform.uow, platform.owner, **paging)
    assert raised.value.detail["field"] == field


def test_search_needs_read(platform: Platform) -> None:
    with pytest.raises(PermissionDeniedError):
        search_credentials(platform.uow, principal(platform.organisation, Permission.ISSUE))


def test_the_hosted_credential_is_found_by_its_token_with_its_state(platform: Platform) -> None:
    record = platform.issue()
    _change(platform, record, "suspend")
    hosted = hosted_credential(platform.uow, record.public_token)
    assert hosted.id == record.id
    assert hosted.state is SUSPENDED


@pytest.mark.parametrize("token", ["", "not-a-token"])
def test_an_unknown_token_is_not_found(platform: Platform, token: str) -> None:
    platform.issue()
    with pytest.raises(NotFoundError):
        hosted_credential(platform.uow, token)
