"""``/api/v1/credentials``: issue one credential, find credentials, change their status.

``POST /credentials`` takes the achievement, optionally the signature suite, and the fields of
one issue request (:mod:`credstack.services.issue_request`): the recipient and what is
specific to them. Everything else in the credential — ``issuer``, ``id``, ``proof``,
``credentialStatus``, ``validFrom`` — is set by the platform, and a request naming one of
them is refused with a problem that says so.

Revocation sets the credential's bit in its public status list; suspension and reinstatement
are recorded on the platform only (see :mod:`credstack.services.credentials`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import Query, Response
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from credstack.core.issuing import SignatureSuite
from credstack.services.credentials import (
    MAX_PAGE,
    MAX_REASON,
    Action,
    change_status,
    get_credential,
    search_credentials,
)
from credstack.services.issue_request import parse_issue_request
from credstack.services.issuing import issue_credential
from credstack.services.records import CredentialRecord, CredentialState
from credstack.services.urls import hosted_credential_url, status_list_url
from credstack.web.auth import PrincipalDep
from credstack.web.deps import PlatformDep
from credstack.web.routes.common import issuer_router, with_body

router = issuer_router("credentials")

MAX_OFFSET = 2**31 - 1
"""Deepest page start: every database takes it (an unbounded number overflows SQLite)."""


class ResultIn(BaseModel):
    """What the learner achieved against one of the achievement's result descriptions."""

    model_config = ConfigDict(extra="forbid")

    result_description: str | None = Field(
        default=None, description="id of a grading.results entry"
    )
    value: str | None = None
    status: str | None = Field(default=None, description="Open Badges ResultStatus (Completed, …)")
    achieved_level: str | None = None


class EvidenceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(default=None, description="a URL of the work")
    name: str | None = None
    description: str | None = None
    narrative: str | None = None
    genre: str | None = None
    audience: str | None = None


class IssueFields(BaseModel):
    """One recipient of an achievement, and what is specific to them."""

    model_config = ConfigDict(extra="forbid")

    recipient: str = Field(
        description="a DID, a URL or an e-mail address (published as a salted hash)",
        examples=["ada@example.org"],
    )
    recipient_name: str | None = Field(default=None, description="published in plain text if given")
    valid_until: AwareDatetime | None = None
    credits_earned: float | None = Field(default=None, ge=0)
    activity_start_date: AwareDatetime | None = None
    activity_end_date: AwareDatetime | None = None
    results: list[ResultIn] = Field(default_factory=list)
    evidence: list[EvidenceIn] = Field(default_factory=list)


class CredentialIssue(IssueFields):
    achievement_id: UUID = Field(description="the achievement; its latest version is issued")
    suite: SignatureSuite | None = Field(default=None, description="default: the deployment's")


def issue_request_fields(body: IssueFields) -> dict[str, Any]:
    """The issue-request members of ``body``, as JSON, for the use case to check."""
    return body.model_dump(mode="json", include=set(IssueFields.model_fields), exclude_none=True)


class StatusChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str | None = Field(default=None, max_length=MAX_REASON)


class CredentialSummary(BaseModel):
    id: UUID
    credential_id: str = Field(description="the credential's id (urn:uuid:…)")
    achievement_version_id: UUID
    recipient: str
    suite: str
    state: CredentialState
    state_reason: str | None
    issued_at: datetime
    state_changed_at: datetime | None
    status_list_url: str
    status_index: int
    hosted_url: str = Field(description="the public address of the credential")
    job_id: UUID | None


class CredentialOut(CredentialSummary):
    credential: dict[str, Any] | str = Field(
        description="the signed credential: JSON with an embedded proof, or a VC-JWT"
    )


class CredentialPage(BaseModel):
    items: list[CredentialSummary]
    total: int = Field(description="how many credentials match the filters")
    limit: int
    offset: int


def _summary_fields(record: CredentialRecord, base_url: str) -> dict[str, Any]:
    return {
        "id": record.id,
        "credential_id": record.credential_id,
        "achievement_version_id": record.achievement_version_id,
        "recipient": record.recipient,
        "suite": record.suite,
        "state": record.state,
        "state_reason": record.state_reason,
        "issued_at": record.issued_at,
        "state_changed_at": record.state_changed_at,
        "status_list_url": status_list_url(base_url, record.status_list_id),
        "status_index": record.status_index,
        "hosted_url": hosted_credential_url(base_url, record.public_token),
        "job_id": record.job_id,
    }


def credential_out(record: CredentialRecord, base_url: str) -> CredentialOut:
    document = record.document if isinstance(record.document, str) else dict(record.document)
    return CredentialOut(**_summary_fields(record, base_url), credential=document)


@router.post(
    "/credentials", status_code=201, summary="Issue a credential", responses=with_body(409)
)
def post_credential(
    body: CredentialIssue, response: Response, platform: PlatformDep, principal: PrincipalDep
) -> CredentialOut:
    """Issue the latest version of an achievement to one recipient (``issue`` permission)."""
    request = parse_issue_request(issue_request_fields(body))
    with platform.uow_factory() as uow:
        record = issue_credential(
            uow,
            platform.key_store,
            platform.config,
            principal,
            achievement_id=body.achievement_id,
            request=request,
            suite=body.suite,
            now=platform.clock(),
        )
        uow.commit()
    response.headers["Location"] = f"/api/v1/credentials/{record.id}"
    return credential_out(record, platform.config.base_url)


@router.get("/credentials", summary="Search credentials")
def list_credentials(
    platform: PlatformDep,
    principal: PrincipalDep,
    achievement_id: UUID | None = None,
    recipient: Annotated[str | None, Query(description="as issued; e-mail addresses")] = None,
    state: CredentialState | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> CredentialPage:
    """The organisation's credentials, newest first, with the number that match."""
    with platform.uow_factory() as uow:
        records, total = search_credentials(
            uow,
            principal,
            achievement_id=achievement_id,
            recipient=recipient,
            state=state,
            limit=limit,
            offset=offset,
        )
    base = platform.config.base_url
    return CredentialPage(
        items=[CredentialSummary(**_summary_fields(r, base)) for r in records],
        total=total,
        limit=limit,
        offset=offset,
    )


@router.get("/credentials/{record_id}", summary="Read a credential")
def read_credential(
    record_id: UUID, platform: PlatformDep, principal: PrincipalDep
) -> CredentialOut:
    """One credential of the organisation, with the signed document."""
    with platform.uow_factory() as uow:
        record = get_credential(uow, principal, record_id)
    return credential_out(record, platform.config.base_url)


def _status_route(action: Action, summary: str, doc: str) -> Callable[..., CredentialOut]:
    def change(
        record_id: UUID,
        platform: PlatformDep,
        principal: PrincipalDep,
        body: StatusChange | None = None,
    ) -> CredentialOut:
        with platform.uow_factory() as uow:
            record = change_status(
                uow,
                principal,
                record_id,
                action=action,
                reason=body.reason if body is not None else None,
                now=platform.clock(),
            )
            uow.commit()
        return credential_out(record, platform.config.base_url)

    change.__name__ = f"{action}_credential"
    change.__doc__ = doc
    router.post(f"/credentials/{{record_id}}/{action}", summary=summary, responses=with_body(409))(
        change
    )
    return change


revoke_credential = _status_route(
    "revoke",
    "Revoke a credential",
    "Set the credential's bit in its status list: every verifier sees it within the status "
    "list's cache time. Final (``revoke`` permission).",
)
suspend_credential = _status_route(
    "suspend",
    "Suspend a credential",
    "Put the credential on hold on the platform (its own verification and hosted page show "
    "it); third-party verifiers, which read only the revocation list, are not told.",
)
reinstate_credential = _status_route(
    "reinstate", "Reinstate a credential", "Lift a suspension: the credential is active again."
)


__all__ = [
    "CredentialIssue",
    "CredentialOut",
    "CredentialPage",
    "CredentialSummary",
    "EvidenceIn",
    "IssueFields",
    "ResultIn",
    "StatusChange",
    "credential_out",
    "issue_request_fields",
    "router",
]
