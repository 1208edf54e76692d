"""Achievements: an organisation's micro-credential specifications, versioned.

An achievement is written in the definition format documented in ``examples/README.md`` (or
as an Open Badges 3.0 ``Achievement`` object) and stored exactly as given, as normalised JSON.
Versions are immutable: :func:`update_achievement` writes version n+1, and every credential
names the version it was issued from, so what a learner received never changes afterwards.

Decisions:

- **Who may define achievements**: :attr:`Permission.MANAGE` (owners). An achievement is the
  organisation's statement of what it certifies and which policy profiles it meets; issuers
  award existing achievements (:attr:`Permission.ISSUE`) but do not change their meaning.
  Reading needs :attr:`Permission.READ`.
- **The achievement's id** is the platform's URL of the version,
  ``{base}/orgs/{slug}/achievements/{achievement_id}?v={n}``
  (:func:`~credstack.services.urls.achievement_url`). A definition may leave ``id`` out; an
  ``id`` it carries (the file format requires one) is kept in the stored definition but the
  credentials always use the platform URL, which resolves and names the exact version. A
  given ``id`` must still be an absolute URI (``NOT_ABSOLUTE_URI``): the stored definition is
  handed back as it was written, and must not say what it could not mean.
- **Bounds**: every field keeps the bounds of :mod:`credstack.core.ob3.limits` (``FIELD_TOO_LONG``,
  ``TOO_MANY_ITEMS``, ``ACHIEVEMENT_TOO_LARGE``), checked by the core's parser; nothing is
  stored when one is broken.
- **The issuer** of every credential is the organisation, with the profile its owners set.
  A definition in the file format may not carry an ``issuer`` block: the awarding body an
  author wrote there would otherwise be silently replaced. Policy profiles are checked
  against the organisation's issuer profile (awarding body, country, region), so the
  ``eu-annex1`` profile needs the organisation's country (``PATCH /api/v1/organisation``).
- **Policy profiles** named at creation or update are checked with the core; if any rule of
  severity ``error`` fails, nothing is stored and :class:`~credstack.core.errors.PolicyError`
  (``POLICY_VIOLATION``) lists every failing element of every profile in
  ``detail["violations"]`` as ``{profile, element, rule, message}``.
- Another organisation's achievement is reported as :class:`NotFoundError`, exactly like a
  missing one: a permission error would tell the caller that it exists.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from credstack.core.errors import ErrorCode, PolicyError
from credstack.core.json.fields import FieldReader
from credstack.core.model import Achievement, Issuer
from credstack.core.ob3.definition import parse_achievement_definition
from credstack.core.ob3.limits import check_uri
from credstack.core.profiles.catalogue import check_achievement
from credstack.services.audit import record_event
from credstack.services.config import ServiceConfig
from credstack.services.errors import ConflictError, InvalidRequestError, NotFoundError
from credstack.services.organisations import SLUG, issuer_profile
from credstack.services.ports import UnitOfWork
from credstack.services.principal import Principal
from credstack.services.records import AchievementVersion, Organisation, Permission
from credstack.services.urls import achievement_url

_MODEL_CACHE_SIZE = 512


def create_achievement(
    uow: UnitOfWork,
    principal: Principal,
    config: ServiceConfig,
    *,
    slug: str,
    definition: Mapping[str, Any],
    profiles: Sequence[str] = (),
    now: datetime,
) -> AchievementVersion:
    """Define a new achievement of the principal's organisation; returns its version 1.

    Raises :class:`InvalidRequestError` (slug, definition that is not JSON or carries an
    ``issuer``), :class:`ConflictError` (the organisation already has ``slug``), the core's
    ``DocumentError`` (``INVALID_ACHIEVEMENT``, naming the field) and ``PolicyError``
    (``POLICY_VIOLATION``, ``UNKNOWN_POLICY_PROFILE``).
    """
    principal.require(Permission.MANAGE)
    if not isinstance(slug, str) or not SLUG.match(slug):
        raise InvalidRequestError(
            f"the slug must be 1 to 64 lowercase letters, digits and inner hyphens, not {slug!r}",
            field="slug",
        )
    organisation = _organisation(uow, principal)
    if uow.achievements.latest_by_slug(organisation.id, slug) is not None:
        # the store enforces this too; checking first gives the caller a clear message
        raise ConflictError(
            f"the organisation already has an achievement {slug!r}; update it instead",
            field="slug",
        )
    version = _new_version(
        config, organisation, achievement_id=uuid4(), slug=slug, number=1,
        definition=definition, profiles=profiles, now=now,
    )  # fmt: skip
    uow.achievements.add_version(version)
    _audit(uow, principal, "achievement.created", version, now)
    return version


def update_achievement(
    uow: UnitOfWork,
    principal: Principal,
    config: ServiceConfig,
    *,
    achievement_id: UUID,
    definition: Mapping[str, Any],
    profiles: Sequence[str] = (),
    now: datetime,
) -> AchievementVersion:
    """Write version n+1 of an achievement; earlier versions stay as they were.

    Raises what :func:`create_achievement` raises, and :class:`NotFoundError` when the
    organisation has no such achievement.
    """
    principal.require(Permission.MANAGE)
    organisation = _organisation(uow, principal)
    latest = uow.achievements.latest(organisation.id, achievement_id)
    if latest is None:
        raise _not_found(achievement_id)
    version = _new_version(
        config, organisation, achievement_id=achievement_id, slug=latest.slug,
        number=latest.version + 1, definition=definition, profiles=profiles, now=now,
    )  # fmt: skip
    uow.achievements.add_version(version)
    _audit(uow, principal, "achievement.updated", version, now)
    return version


def get_achievement(
    uow: UnitOfWork, principal: Principal, achievement_id: UUID, version: int | None = None
) -> AchievementVersion:
    """The latest version of an achievement, or version number ``version``."""
    principal.require(Permission.READ)
    if version is None:
        found = uow.achievements.latest(principal.organisation_id, achievement_id)
    else:
        versions = uow.achievements.versions(principal.organisation_id, achievement_id)
        found = next((v for v in versions if v.version == version), None)
    if found is None:
        raise _not_found(achievement_id, version)
    return found


def list_achievements(uow: UnitOfWork, principal: Principal) -> list[AchievementVersion]:
    """The latest version of each of the organisation's achievements, by slug."""
    principal.require(Permission.READ)
    return uow.achievements.list_latest(principal.organisation_id)


def achievement_versions(
    uow: UnitOfWork, principal: Principal, achievement_id: UUID
) -> list[AchievementVersion]:
    """Every version of an achievement, oldest first."""
    principal.require(Permission.READ)
    versions = uow.achievements.versions(principal.organisation_id, achievement_id)
    if not versions:
        raise _not_found(achievement_id)
    return versions


def achievement_model(
    version: AchievementVersion, organisation: Organisation, config: ServiceConfig
) -> Achievement:
    """The parsed achievement of ``version``, identified by its platform URL.

    Versions never change, so the parsed object is cached in-process: a bulk job's chunks
    parse the definition once, not once per chunk.
    """
    url = achievement_url(
        config.base_url, organisation.slug, version.achievement_id, version.version
    )
    return _MODELS.get(version.id, url, version.definition)


class _ModelCache:
    """Parsed achievements by (version id, URL). Bounded; a full cache simply starts over."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._models: dict[tuple[UUID, str], Achievement] = {}
        self._lock = threading.Lock()

    def get(self, version_id: UUID, url: str, definition: Mapping[str, Any]) -> Achievement:
        key = (version_id, url)
        with self._lock:
            cached = self._models.get(key)
        if cached is not None:
            return cached
        achievement = _parse(definition, url)
        with self._lock:
            if len(self._models) >= self._size:
                self._models.clear()
            self._models[key] = achievement
        return achievement


_MODELS = _ModelCache(_MODEL_CACHE_SIZE)


def _parse(definition: Mapping[str, Any], url: str) -> Achievement:
    achievement, _issuer = parse_achievement_definition({**definition, "id": url})
    return achievement


def _new_version(
    config: ServiceConfig,
    organisation: Organisation,
    *,
    achievement_id: UUID,
    slug: str,
    number: int,
    definition: Mapping[str, Any],
    profiles: Sequence[str],
    now: datetime,
) -> AchievementVersion:
    normalised = _normalise(definition)
    given_id = FieldReader(normalised, "", code=ErrorCode.INVALID_ACHIEVEMENT).text("id")
    check_uri(given_id, "id")
    url = achievement_url(config.base_url, organisation.slug, achievement_id, number)
    achievement = _parse(normalised, url)
    _check_profiles(achievement, issuer_profile(organisation, config), profiles)
    return AchievementVersion(
        id=uuid4(),
        achievement_id=achievement_id,
        organisation_id=organisation.id,
        slug=slug,
        version=number,
        definition=normalised,
        created_at=now,
    )


def _normalise(definition: Mapping[str, Any]) -> dict[str, Any]:
    """The definition as plain JSON (what the database stores and the API returns)."""
    if not isinstance(definition, Mapping):
        raise InvalidRequestError(
            f"the definition must be an object, not {type(definition).__name__}",
            field="definition",
        )
    try:
        text = json.dumps(definition, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        # YAML turns unquoted dates into date objects, and floats may be NaN: neither is JSON
        raise InvalidRequestError(
            f"the definition must hold only JSON values (text, numbers, true/false, lists, "
            f"objects); quote dates and other special values: {exc}",
            field="definition",
        ) from exc
    normalised: dict[str, Any] = json.loads(text)
    if "issuer" in normalised and "type" not in normalised:
        raise InvalidRequestError(
            "a definition on the platform has no 'issuer': the organisation is the issuer of "
            "its credentials (set its name, country and address on the organisation)",
            field="definition.issuer",
        )
    return normalised


def _check_profiles(achievement: Achievement, issuer: Issuer, profiles: Sequence[str]) -> None:
    violations = [
        violation
        for name in dict.fromkeys(profiles)  # each profile once, in the order given
        for violation in check_achievement(achievement, issuer, name)
        if violation.is_error
    ]
    if violations:
        first = violations[0]
        more = f" (and {len(violations) - 1} more)" if len(violations) > 1 else ""
        raise PolicyError(
            f"{first.profile}: {first.element}: {first.message}{more}",
            code=ErrorCode.POLICY_VIOLATION,
            violations=[
                {"profile": v.profile, "element": v.element, "rule": v.rule, "message": v.message}
                for v in violations
            ],
        )


def _organisation(uow: UnitOfWork, principal: Principal) -> Organisation:
    organisation = uow.organisations.get(principal.organisation_id)
    if organisation is None:
        raise NotFoundError("the organisation does not exist")
    return organisation


def _not_found(achievement_id: UUID, version: int | None = None) -> NotFoundError:
    which = f"version {version} of achievement" if version is not None else "achievement"
    return NotFoundError(f"no {which} {achievement_id}", achievement_id=str(achievement_id))


def _audit(
    uow: UnitOfWork, principal: Principal, action: str, version: AchievementVersion, at: datetime
) -> None:
    record_event(
        uow,
        organisation_id=version.organisation_id,
        actor=principal.actor,
        action=action,
        object_type="achievement",
        object_id=version.achievement_id,
        at=at,
        details={"slug": version.slug, "version": version.version},
    )


__all__ = [
    "achievement_model",
    "achievement_versions",
    "create_achievement",
    "get_achievement",
    "list_achievements",
    "update_achievement",
]
