"""W3C VC-API issuance: ``POST /credentials/issue``, for the organisation of the API token.

The request's ``credential`` is a template of an ``OpenBadgeCredential``; the platform issues
the organisation's stored achievement, so the template only says *which* achievement and *to
whom*:

- the achievement is ``credentialSubject.achievement.id`` — its platform URL,
  ``{base}/orgs/{slug}/achievements/{id}`` (``?v=n`` may name the latest version) — or
  ``options.achievementId``; other members of the template's achievement are not read;
- the recipient is ``credentialSubject.id`` (a DID or URL);
- ``validUntil``, ``credentialSubject.creditsEarned``, ``activityStartDate`` and
  ``activityEndDate`` are taken over; ``name`` and ``description`` are accepted and replaced
  by the achievement's.

Decision — server-set members are refused, not ignored: ``id``, ``proof``,
``credentialStatus``, ``validFrom`` and ``awardedDate`` in the template are answered with a
400 problem naming the member, because silently replacing them would hand back a credential
that differs from what the client asked for. ``issuer`` is the one exception: VC-API clients
must send one, so the organisation's own DID (as a string or as ``{"id": …}``) is accepted;
any other issuer is refused (422).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, urlsplit
from uuid import UUID

from fastapi import APIRouter
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from credstack.core.issuing import SignatureSuite
from credstack.core.ob3 import VC_V2_CONTEXT
from credstack.services.errors import InvalidRequestError, NotFoundError
from credstack.services.issue_request import parse_issue_request
from credstack.services.issuing import issue_credential
from credstack.services.ports import UnitOfWork
from credstack.services.principal import Principal
from credstack.services.records import Organisation
from credstack.services.urls import organisation_url
from credstack.web.auth import PrincipalDep
from credstack.web.body import VcApiRoute
from credstack.web.deps import PlatformDep
from credstack.web.problems import problem_responses
from credstack.web.routes.common import BODY_PROBLEMS, ISSUER_PROBLEMS, organisation_of

router = APIRouter(
    tags=["vc-api"],
    route_class=VcApiRoute,
    responses=problem_responses(*BODY_PROBLEMS, *ISSUER_PROBLEMS, 409),
)

CREDENTIAL_TYPES = ("OpenBadgeCredential", "AchievementCredential")
"""Open Badges 3.0 names the type both ways."""


class AchievementTemplate(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str | None = Field(default=None, description="the achievement's platform URL")


class SubjectTemplate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="the recipient: a DID or a URL")
    type: str | list[str] | None = None
    achievement: AchievementTemplate | None = None
    credits_earned: float | None = Field(default=None, alias="creditsEarned", ge=0)
    activity_start_date: AwareDatetime | None = Field(default=None, alias="activityStartDate")
    activity_end_date: AwareDatetime | None = Field(default=None, alias="activityEndDate")


class CredentialTemplate(BaseModel):
    """An unsigned ``OpenBadgeCredential`` naming an achievement and a recipient."""

    model_config = ConfigDict(extra="forbid")

    context: list[str | dict[str, Any]] = Field(
        alias="@context", json_schema_extra={"prefixItems": [{"const": VC_V2_CONTEXT}]}
    )
    type: list[str] = Field(
        json_schema_extra={
            "allOf": [
                {"contains": {"const": "VerifiableCredential"}},
                {"contains": {"enum": list(CREDENTIAL_TYPES)}},
            ]
        }
    )
    issuer: str | dict[str, Any] | None = Field(
        default=None, description="if given, the organisation's DID"
    )
    name: str | None = None
    description: str | None = None
    credential_subject: SubjectTemplate = Field(alias="credentialSubject")
    valid_until: AwareDatetime | None = Field(default=None, alias="validUntil")

    @field_validator("context")
    @classmethod
    def _vc2(cls, value: list[str | dict[str, Any]]) -> list[str | dict[str, Any]]:
        if not value or value[0] != VC_V2_CONTEXT:
            raise ValueError(f"the first context must be {VC_V2_CONTEXT}")
        return value

    @field_validator("type")
    @classmethod
    def _open_badge(cls, value: list[str]) -> list[str]:
        if "VerifiableCredential" not in value or not set(CREDENTIAL_TYPES) & set(value):
            raise ValueError("the type must include VerifiableCredential and OpenBadgeCredential")
        return value


class CredentialStatusOption(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: str = Field(default="BitstringStatusListEntry", pattern="^BitstringStatusListEntry$")


class IssueOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    achievement_id: UUID | None = Field(default=None, alias="achievementId")
    suite: SignatureSuite | None = Field(default=None, description="default: the deployment's")
    credential_status: CredentialStatusOption | None = Field(
        default=None,
        alias="credentialStatus",
        description="every credential gets a revocation entry; only this type is offered",
    )


class IssueCredentialRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    credential: CredentialTemplate
    options: IssueOptions = IssueOptions()


class IssueCredentialResponse(BaseModel):
    verifiable_credential: dict[str, Any] = Field(
        alias="verifiableCredential",
        description="the signed credential; a VC-JWT comes as an EnvelopedVerifiableCredential",
    )


@router.post(
    "/credentials/issue",
    status_code=201,
    summary="Issue a credential (VC-API)",
)
def issue(
    body: IssueCredentialRequest, platform: PlatformDep, principal: PrincipalDep
) -> IssueCredentialResponse:
    """Issue one of the organisation's achievements to ``credentialSubject.id``."""
    template = body.credential
    subject = template.credential_subject
    request = parse_issue_request(
        {
            "recipient": subject.id,
            "valid_until": _iso(template.valid_until),
            "credits_earned": subject.credits_earned,
            "activity_start_date": _iso(subject.activity_start_date),
            "activity_end_date": _iso(subject.activity_end_date),
        }
    )
    with platform.uow_factory() as uow:
        organisation = organisation_of(uow, principal)
        _check_issuer(template.issuer, organisation)
        achievement_id = _achievement(uow, principal, organisation, body, platform.config.base_url)
        record = issue_credential(
            uow,
            platform.key_store,
            platform.config,
            principal,
            achievement_id=achievement_id,
            request=request,
            suite=body.options.suite,
            now=platform.clock(),
        )
        uow.commit()
    document = record.document
    if isinstance(document, str):
        enveloped = {
            "@context": [VC_V2_CONTEXT],
            "id": f"data:application/vc+jwt,{document}",
            "type": "EnvelopedVerifiableCredential",
        }
        return IssueCredentialResponse(verifiableCredential=enveloped)
    return IssueCredentialResponse(verifiableCredential=dict(document))


def _iso(moment: AwareDatetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _check_issuer(issuer: str | Mapping[str, Any] | None, organisation: Organisation) -> None:
    named = issuer.get("id") if isinstance(issuer, Mapping) else issuer
    if issuer is not None and named != organisation.did:
        raise InvalidRequestError(
            f"the issuer is always the organisation of the API token, {organisation.did}; "
            f"the template names {named!r}",
            field="credential.issuer",
        )


def _achievement(
    uow: UnitOfWork,
    principal: Principal,
    organisation: Organisation,
    body: IssueCredentialRequest,
    base_url: str,
) -> UUID:
    """The achievement the request names, checked to be the organisation's (latest) one."""
    template = body.credential.credential_subject.achievement
    url = template.id if template is not None else None
    named = body.options.achievement_id
    version: int | None = None
    if url is not None:
        from_url, version = _parse_achievement_url(url, organisation, base_url)
        if named is not None and named != from_url:
            raise InvalidRequestError(
                "options.achievementId and credentialSubject.achievement.id name different "
                "achievements",
                field="options.achievementId",
            )
        named = from_url
    if named is None:
        raise InvalidRequestError(
            "name the achievement: credentialSubject.achievement.id (its URL) or "
            "options.achievementId",
            field="credential.credentialSubject.achievement.id",
        )
    latest = uow.achievements.latest(principal.organisation_id, named)
    if latest is None:
        raise NotFoundError(f"no achievement {named}", achievement_id=str(named))
    if version is not None and version != latest.version:
        raise InvalidRequestError(
            f"credentials are issued from the latest version of an achievement "
            f"({latest.version}), not version {version}",
            field="credential.credentialSubject.achievement.id",
        )
    return named


def _parse_achievement_url(
    url: str, organisation: Organisation, base_url: str
) -> tuple[UUID, int | None]:
    prefix = f"{organisation_url(base_url, organisation.slug)}/achievements/"
    parts = urlsplit(url)
    location = f"{parts.scheme}://{parts.netloc}{parts.path}"
    # another organisation's achievement is reported exactly like a missing one
    unknown = NotFoundError(f"no achievement of this organisation is {url!r}", achievement=url)
    if not location.startswith(prefix) or parts.fragment:
        raise unknown
    try:
        achievement_id = UUID(location[len(prefix) :])
    except ValueError:
        raise unknown from None
    query = parse_qs(parts.query)
    if set(query) - {"v"} or len(query.get("v", [])) > 1:
        raise unknown
    versions = query.get("v")
    if versions is None:
        return achievement_id, None
    if not versions[0].isdigit():
        raise unknown
    return achievement_id, int(versions[0])


__all__ = [
    "CREDENTIAL_TYPES",
    "AchievementTemplate",
    "CredentialStatusOption",
    "CredentialTemplate",
    "IssueCredentialRequest",
    "IssueCredentialResponse",
    "IssueOptions",
    "SubjectTemplate",
    "router",
]
