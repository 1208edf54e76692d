"""Issued credentials: finding them, and their lifecycle (revoke, suspend, reinstate).

States and transitions::

    active ──suspend──▶ suspended ──reinstate──▶ active
       │                    │
       └──revoke──▶ revoked ◀──revoke──┘          (revoked is final)

Anything else (revoking twice, reinstating an active credential, …) raises
:class:`ConflictError` with ``INVALID_STATE_TRANSITION``.

Decision — revocation is public, suspension is platform-only:

An Open Badges 3.0 credential may carry exactly one ``credentialStatus`` entry (the 1EdTech
JSON Schema allows one object, not an array), and credstack gives every credential a
``revocation`` entry in a Bitstring Status List. A ``suspension`` entry — the only way the
W3C status list lets a third-party verifier see a reversible hold — would need a second
entry, and a credential carrying two would fail the Open Badges schema check of every
conforming verifier. The revocation bit cannot stand in for suspension either: verifiers
treat a set revocation bit as permanent, and the specification gives them no reason to
check again later.

So:

- **revoke** sets the credential's bit in its revocation list (a new revision of the list;
  every verifier sees it once its cached copy expires, ``config.status_list_ttl``). It is
  final: the bit is never cleared.
- **suspend** is recorded on the platform only (state and reason). The platform's own
  verification (:mod:`credstack.services.verification`) reports a suspended credential as a
  failed ``status`` check with ``CREDENTIAL_SUSPENDED``, and the hosted credential page
  (:func:`hosted_credential`, whose record carries the state) shows it suspended.
  Third-party verifiers, which only read the revocation list, still see it as valid.
- **reinstate** returns a suspended credential to active; nothing public changes.

An issuer who needs a hold that every verifier sees has to revoke and, if the hold ends,
issue a new credential.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Literal
from uuid import UUID

from credstack.core.errors import ErrorCode
from credstack.services.audit import record_event
from credstack.services.errors import ConflictError, InvalidRequestError, NotFoundError
from credstack.services.ports import UnitOfWork
from credstack.services.principal import Principal
from credstack.services.records import CredentialRecord, CredentialState, Permission

Action = Literal["revoke", "suspend", "reinstate"]
MAX_REASON = 500
MAX_PAGE = 500

_TRANSITIONS: dict[tuple[CredentialState, str], CredentialState] = {
    (CredentialState.ACTIVE, "revoke"): CredentialState.REVOKED,
    (CredentialState.ACTIVE, "suspend"): CredentialState.SUSPENDED,
    (CredentialState.SUSPENDED, "reinstate"): CredentialState.ACTIVE,
    (CredentialState.SUSPENDED, "revoke"): CredentialState.REVOKED,
}
_ACTIONS = ("revoke", "suspend", "reinstate")
_PAST = {"revoke": "revoked", "suspend": "suspended", "reinstate": "reinstated"}


def get_credential(uow: UnitOfWork, principal: Principal, record_id: UUID) -> CredentialRecord:
    """One of the organisation's credentials; another organisation's is :class:`NotFoundError`."""
    principal.require(Permission.READ)
    record = uow.credentials.get(principal.organisation_id, record_id)
    if record is None:
        raise _not_found(record_id)
    return record


def search_credentials(
    uow: UnitOfWork,
    principal: Principal,
    *,
    achievement_id: UUID | None = None,
    recipient: str | None = None,
    state: CredentialState | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[CredentialRecord], int]:
    """A page of the organisation's credentials (newest first) and the number that match.

    ``recipient`` matches the recipient as stored: a DID or URL as given, an e-mail address
    lower-cased. ``limit`` is 1 to :data:`MAX_PAGE`.
    """
    principal.require(Permission.READ)
    if isinstance(limit, bool) or not 1 <= limit <= MAX_PAGE:
        raise InvalidRequestError(f"limit must be 1 to {MAX_PAGE}, not {limit!r}", field="limit")
    if isinstance(offset, bool) or offset < 0:
        raise InvalidRequestError(f"offset must be 0 or more, not {offset!r}", field="offset")
    if recipient is not None:
        recipient = recipient.strip()
        if "@" in recipient and ":" not in recipient.split("@", 1)[0]:
            recipient = recipient.lower()  # e-mail addresses are stored lower-cased
    organisation_id = principal.organisation_id
    page = uow.credentials.search(
        organisation_id,
        achievement_id=achievement_id,
        recipient=recipient,
        state=state,
        limit=limit,
        offset=offset,
    )
    total = uow.credentials.count(
        organisation_id, achievement_id=achievement_id, recipient=recipient, state=state
    )
    return page, total


def change_status(
    uow: UnitOfWork,
    principal: Principal,
    record_id: UUID,
    *,
    action: Action,
    reason: str | None,
    now: datetime,
) -> CredentialRecord:
    """Revoke, suspend or reinstate a credential (see the module docstring); needs
    :attr:`Permission.REVOKE`. Returns the updated record."""
    principal.require(Permission.REVOKE)
    if action not in _ACTIONS:
        raise InvalidRequestError(
            f"action must be one of {', '.join(_ACTIONS)}, not {action!r}", field="action"
        )
    if reason is not None:
        reason = reason.strip() or None
    if reason is not None and len(reason) > MAX_REASON:
        raise InvalidRequestError(
            f"the reason is longer than {MAX_REASON} characters", field="reason"
        )
    record = uow.credentials.get(principal.organisation_id, record_id)
    if record is None:
        raise _not_found(record_id)
    target = _TRANSITIONS.get((record.state, action))
    if target is None:
        raise ConflictError(
            f"a {record.state.value} credential cannot be {_PAST[action]}"
            + (" (revocation is final)" if record.state is CredentialState.REVOKED else ""),
            code=ErrorCode.INVALID_STATE_TRANSITION,
            state=record.state.value,
            action=action,
        )
    if target is CredentialState.REVOKED:
        uow.status_lists.set_bit(record.status_list_id, record.status_index, True, now)
    uow.credentials.set_state(record.organisation_id, record.id, target, reason, now)
    record_event(
        uow,
        organisation_id=record.organisation_id,
        actor=principal.actor,
        action=f"credential.{_PAST[action]}",
        object_type="credential",
        object_id=record.id,
        at=now,
        # the reason may name the learner: the audit log keeps only that one was given
        details={"from": record.state.value, "to": target.value, "reason": reason is not None},
    )
    return dataclasses.replace(record, state=target, state_reason=reason, state_changed_at=now)


def hosted_credential(uow: UnitOfWork, public_token: str) -> CredentialRecord:
    """The credential behind a public hosted URL (``/c/{public_token}``), with its state.

    Anyone holding the link may see it; an unknown token is :class:`NotFoundError`.
    """
    record = uow.credentials.by_public_token(public_token) if public_token else None
    if record is None:
        raise NotFoundError("no credential is published at this address")
    return record


def _not_found(record_id: UUID) -> NotFoundError:
    return NotFoundError(f"no credential {record_id}", credential=str(record_id))


__all__ = [
    "MAX_PAGE",
    "MAX_REASON",
    "Action",
    "change_status",
    "get_credential",
    "hosted_credential",
    "search_credentials",
]
