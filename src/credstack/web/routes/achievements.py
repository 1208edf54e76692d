"""``/api/v1/achievements``: the organisation's micro-credential specifications.

An achievement is created as version 1; ``PUT`` writes the next version (versions never
change, and every credential names the one it was issued from). Definitions use the format of
``examples/README.md``; naming policy ``profiles`` checks the definition against them before
anything is stored (422 ``POLICY_VIOLATION`` with every ``violations`` entry otherwise).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import Query, Response
from pydantic import BaseModel, ConfigDict, Field

from credstack.services.achievements import (
    achievement_versions,
    create_achievement,
    get_achievement,
    list_achievements,
    update_achievement,
)
from credstack.services.records import AchievementVersion, Organisation
from credstack.services.urls import achievement_url
from credstack.web.auth import PrincipalDep
from credstack.web.deps import PlatformDep
from credstack.web.routes.common import issuer_router, organisation_of, with_body

router = issuer_router("achievements")

DEFINITION_DOC = "the definition (examples/README.md format, or an Open Badges Achievement)"
PROFILES_DOC = "policy profiles the definition must pass: eu-annex1, emc-cmf, nzqa, …"


class AchievementCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    slug: str = Field(min_length=1, max_length=64, examples=["intro-git"])
    definition: dict[str, Any] = Field(description=DEFINITION_DOC)
    profiles: list[str] = Field(default_factory=list, description=PROFILES_DOC)


class AchievementUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    definition: dict[str, Any] = Field(description=DEFINITION_DOC)
    profiles: list[str] = Field(default_factory=list, description=PROFILES_DOC)


class AchievementOut(BaseModel):
    id: UUID = Field(description="the achievement (the same for every version)")
    version_id: UUID
    slug: str
    version: int
    url: str = Field(description="the achievement's id in credentials: names this version")
    definition: dict[str, Any]
    created_at: datetime


class AchievementList(BaseModel):
    items: list[AchievementOut]


def achievement_out(
    version: AchievementVersion, organisation: Organisation, base_url: str
) -> AchievementOut:
    return AchievementOut(
        id=version.achievement_id,
        version_id=version.id,
        slug=version.slug,
        version=version.version,
        url=achievement_url(base_url, organisation.slug, version.achievement_id, version.version),
        definition=dict(version.definition),
        created_at=version.created_at,
    )


@router.post(
    "/achievements",
    status_code=201,
    summary="Define an achievement",
    responses=with_body(409),
)
def post_achievement(
    body: AchievementCreate, response: Response, platform: PlatformDep, principal: PrincipalDep
) -> AchievementOut:
    """Create version 1 of a new achievement (needs the ``manage`` permission)."""
    with platform.uow_factory() as uow:
        version = create_achievement(
            uow,
            principal,
            platform.config,
            slug=body.slug,
            definition=body.definition,
            profiles=body.profiles,
            now=platform.clock(),
        )
        organisation = organisation_of(uow, principal)
        uow.commit()
    response.headers["Location"] = f"/api/v1/achievements/{version.achievement_id}"
    return achievement_out(version, organisation, platform.config.base_url)


@router.get("/achievements", summary="List achievements")
def get_achievements(platform: PlatformDep, principal: PrincipalDep) -> AchievementList:
    """The latest version of each of the organisation's achievements, by slug."""
    with platform.uow_factory() as uow:
        versions = list_achievements(uow, principal)
        organisation = organisation_of(uow, principal)
    base = platform.config.base_url
    return AchievementList(items=[achievement_out(v, organisation, base) for v in versions])


@router.get("/achievements/{achievement_id}", summary="Read an achievement")
def get_one_achievement(
    achievement_id: UUID,
    platform: PlatformDep,
    principal: PrincipalDep,
    version: Annotated[int | None, Query(ge=1, description="a version (default: latest)")] = None,
) -> AchievementOut:
    """The latest version of the achievement, or the version asked for."""
    with platform.uow_factory() as uow:
        found = get_achievement(uow, principal, achievement_id, version)
        organisation = organisation_of(uow, principal)
    return achievement_out(found, organisation, platform.config.base_url)


@router.put(
    "/achievements/{achievement_id}",
    summary="Write a new version of an achievement",
    responses=with_body(409),
)
def put_achievement(
    achievement_id: UUID, body: AchievementUpdate, platform: PlatformDep, principal: PrincipalDep
) -> AchievementOut:
    """Store the definition as the next version; earlier versions stay as they were."""
    with platform.uow_factory() as uow:
        version = update_achievement(
            uow,
            principal,
            platform.config,
            achievement_id=achievement_id,
            definition=body.definition,
            profiles=body.profiles,
            now=platform.clock(),
        )
        organisation = organisation_of(uow, principal)
        uow.commit()
    return achievement_out(version, organisation, platform.config.base_url)


@router.get("/achievements/{achievement_id}/versions", summary="Every version of an achievement")
def get_achievement_versions(
    achievement_id: UUID, platform: PlatformDep, principal: PrincipalDep
) -> AchievementList:
    """Every version, oldest first."""
    with platform.uow_factory() as uow:
        versions = achievement_versions(uow, principal, achievement_id)
        organisation = organisation_of(uow, principal)
    base = platform.config.base_url
    return AchievementList(items=[achievement_out(v, organisation, base) for v in versions])


__all__ = [
    "AchievementCreate",
    "AchievementList",
    "AchievementOut",
    "AchievementUpdate",
    "achievement_out",
    "router",
]
