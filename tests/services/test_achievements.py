"""Achievements: versioned definitions, checked against policy profiles, scoped to a tenant."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any
from uuid import uuid4

import pytest

from credstack.core.errors import DocumentError, ErrorCode, PolicyError
from credstack.core.ob3 import to_achievement_json
from credstack.services import achievements
from credstack.services.achievements import (
    achievement_model,
    achievement_versions,
    create_achievement,
    get_achievement,
    list_achievements,
    update_achievement,
)
from credstack.services.errors import (
    ConflictError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
)
from credstack.services.principal import Principal
from credstack.services.records import AchievementVersion, Permission
from credstack.services.urls import achievement_url
from tests.factories import NOW, achievement
from tests.services.issuing_support import (
    CONFIG,
    Platform,
    definition,
    new_platform,
    principal,
)

MINIMAL = {
    "title": "Spreadsheet basics",
    "description": "Formulas and charts.",
    "criteria": "Pass the quiz.",
}


def _create(platform: Platform, **arguments: Any) -> AchievementVersion:
    values: dict[str, Any] = {"slug": "python-101", "definition": definition(), "now": NOW}
    values.update(arguments)
    who = values.pop("principal", platform.owner)
    return create_achievement(platform.uow, who, platform.config, **values)


def _update(platform: Platform, achievement_id: Any, **arguments: Any) -> AchievementVersion:
    values: dict[str, Any] = {"definition": definition(title="Python 102"), "now": NOW}
    values.update(arguments)
    who = values.pop("principal", platform.owner)
    return update_achievement(
        platform.uow, who, platform.config, achievement_id=achievement_id, **values
    )


# --- creating ------------------------------------------------------------------------------


def test_creating_stores_version_1_as_given(platform: Platform) -> None:
    given = definition()
    version = _create(platform, definition=given, profiles=["eu-annex1", "emc-cmf"])
    assert version.version == 1
    assert version.slug == "python-101"
    assert version.organisation_id == platform.organisation.id
    assert version.definition == given
    assert version.created_at == NOW
    stored = platform.uow.achievements.latest(platform.organisation.id, version.achievement_id)
    assert stored == version


def test_creating_writes_an_audit_event(platform: Platform) -> None:
    version = _create(platform)
    event = platform.uow.audit.recent(platform.organisation.id)[0]
    assert event.action == "achievement.created"
    assert event.object_id == str(version.achievement_id)
    assert event.details == {"slug": "python-101", "version": 1}


def test_the_definition_is_stored_as_normalised_json(platform: Platform) -> None:
    version = _create(platform, definition=definition(tags=("python", "data")))
    assert version.definition["tags"] == ["python", "data"]
    assert json.loads(json.dumps(version.definition)) == version.definition


@pytest.mark.parametrize(
    "value", [date(2025, 1, 1), float("nan"), {1, 2}], ids=["date", "nan", "set"]
)
def test_a_definition_that_is_not_json_is_refused(platform: Platform, value: Any) -> None:
    with pytest.raises(InvalidRequestError) as raised:
        _create(platform, definition=definition(version=value))
    assert raised.value.detail["field"] == "definition"


def test_a_definition_that_is_not_an_object_is_refused(platform: Platform) -> None:
    with pytest.raises(InvalidRequestError, match="must be an object"):
        _create(platform, definition=["title"])


def test_an_issuer_block_is_refused_because_the_organisation_issues(platform: Platform) -> None:
    with pytest.raises(InvalidRequestError, match="organisation is the issuer") as raised:
        _create(platform, definition=definition(issuer={"id": "did:web:x", "name": "X"}))
    assert raised.value.detail["field"] == "definition.issuer"


def test_an_open_badges_achievement_object_is_accepted(platform: Platform) -> None:
    ob3 = to_achievement_json(achievement())
    version = _create(platform, definition=ob3, profiles=["eu-annex1"])
    model = achievement_model(version, platform.organisation, CONFIG)
    assert model.name == achievement().name
    assert model.id == achievement_url(
        CONFIG.base_url, platform.organisation.slug, version.achievement_id, 1
    )


def test_the_id_may_be_left_out_and_is_always_the_platform_url(platform: Platform) -> None:
    given = definition()
    del given["id"]
    version = _create(platform, definition=given)
    model = achievement_model(version, platform.organisation, CONFIG)
    assert model.id == (
        f"{CONFIG.base_url}/orgs/tu-delta/achievements/{version.achievement_id}?v=1"
    )
    assert "id" not in version.definition


def test_errors_of_the_definition_pass_through_with_their_field(platform: Platform) -> None:
    bad = definition()
    bad["titel"] = bad.pop("title")
    with pytest.raises(DocumentError) as raised:
        _create(platform, definition=bad)
    assert raised.value.code is ErrorCode.INVALID_ACHIEVEMENT
    assert "did you mean 'title'" in raised.value.message


@pytest.mark.parametrize("given", ["relative/id", "https://", "data-analysis"])
def test_a_given_id_must_be_an_absolute_uri(platform: Platform, given: str) -> None:
    stored = dict(platform.uow.state["achievements"])
    with pytest.raises(DocumentError) as raised:
        _create(platform, definition=definition(id=given))
    assert raised.value.code is ErrorCode.NOT_ABSOLUTE_URI
    assert raised.value.detail == {"path": "id"}
    assert platform.uow.state["achievements"] == stored


def test_an_open_badges_achievement_with_a_relative_id_is_refused(platform: Platform) -> None:
    data = to_achievement_json(achievement())
    data["id"] = "relative/id"
    with pytest.raises(DocumentError) as raised:
        _create(platform, definition=data)
    assert raised.value.code is ErrorCode.NOT_ABSOLUTE_URI


def test_a_given_id_must_be_text(platform: Platform) -> None:
    with pytest.raises(DocumentError) as raised:
        _create(platform, definition=definition(id=42))
    assert raised.value.code is ErrorCode.INVALID_ACHIEVEMENT
    assert raised.value.detail == {"path": "id"}


@pytest.mark.parametrize(
    ("changes", "code", "path"),
    [
        ({"title": "T" * 1_000_000}, ErrorCode.FIELD_TOO_LONG, "title"),
        ({"tags": ["t"] * 51}, ErrorCode.TOO_MANY_ITEMS, "tags"),
        ({"criteria": {"narrative": "n" * 10_001}}, ErrorCode.FIELD_TOO_LONG, "criteria.narrative"),
    ],
)
def test_a_definition_beyond_the_bounds_is_refused_and_not_stored(
    platform: Platform, changes: dict[str, Any], code: ErrorCode, path: str
) -> None:
    stored = dict(platform.uow.state["achievements"])
    with pytest.raises(DocumentError) as raised:
        _create(platform, definition=definition(**changes))
    assert raised.value.code is code
    assert raised.value.detail["path"] == path
    with pytest.raises(DocumentError) as raised:
        _update(platform, platform.version.achievement_id, definition=definition(**changes))
    assert raised.value.code is code
    assert platform.uow.state["achievements"] == stored


@pytest.mark.parametrize("slug", ["", "Python", "-python", "python-", "py_thon", "p" * 64, 7])
def test_a_bad_slug_is_refused(platform: Platform, slug: Any) -> None:
    with pytest.raises(InvalidRequestError) as raised:
        _create(platform, slug=slug)
    assert raised.value.detail["field"] == "slug"


def test_a_slug_is_unique_within_the_organisation(platform: Platform) -> None:
    _create(platform)
    with pytest.raises(ConflictError, match="update it instead"):
        _create(platform)


def test_two_organisations_may_use_the_same_slug(platform: Platform) -> None:
    other = platform.other()
    first = _create(platform)
    second = _create(other, principal=other.owner)
    assert first.achievement_id != second.achievement_id


def test_defining_achievements_needs_the_manage_permission(platform: Platform) -> None:
    issuer = principal(platform.organisation, Permission.READ, Permission.ISSUE)
    with pytest.raises(PermissionDeniedError):
        _create(platform, principal=issuer)


def test_an_unknown_organisation_is_not_found(platform: Platform) -> None:
    stranger = Principal(uuid4(), "user:x", frozenset(Permission))
    with pytest.raises(NotFoundError):
        _create(platform, principal=stranger)


# --- policy profiles ----------------------------------------------------------------------


def test_every_failing_element_of_every_profile_is_reported(platform: Platform) -> None:
    with pytest.raises(PolicyError) as raised:
        _create(platform, definition=MINIMAL, profiles=["eu-annex1", "emc-cmf"])
    error = raised.value
    assert error.code is ErrorCode.POLICY_VIOLATION
    violations = error.detail["violations"]
    assert {v["profile"] for v in violations} == {"eu-annex1", "emc-cmf"}
    assert all(set(v) == {"profile", "element", "rule", "message"} for v in violations)
    elements = {v["element"] for v in violations if v["profile"] == "eu-annex1"}
    assert {"learning_outcomes", "workload", "level.eqf", "participation"} <= elements
    assert f"and {len(violations) - 1} more" in error.message
    assert platform.uow.achievements.latest_by_slug(platform.organisation.id, "python-101") is None


def test_one_violation_is_reported_without_a_count(platform: Platform) -> None:
    with pytest.raises(PolicyError) as raised:
        _create(platform, definition=definition(participation=None), profiles=["eu-annex1"])
    assert len(raised.value.detail["violations"]) == 1
    assert "more" not in raised.value.message


def test_warnings_do_not_stop_an_achievement(platform: Platform) -> None:
    # 5 ECTS in 200 hours: outside the 25-30 hours per credit that eu-annex1 warns about
    relaxed = definition(workload={"credits": 5, "system": "ECTS", "hours": 200})
    assert _create(platform, definition=relaxed, profiles=["eu-annex1"]).version == 1


def test_profiles_are_checked_against_the_organisations_issuer_profile() -> None:
    stateless = new_platform(profile={"url": "https://nowhere.example/"}, country=None)
    with pytest.raises(PolicyError) as raised:
        _create(stateless, profiles=["eu-annex1"])
    assert [v["element"] for v in raised.value.detail["violations"]] == ["issuer.country"]


def test_an_unknown_profile_passes_through(platform: Platform) -> None:
    with pytest.raises(PolicyError) as raised:
        _create(platform, profiles=["no-such-profile"])
    assert raised.value.code is ErrorCode.UNKNOWN_POLICY_PROFILE


# --- updating -------------------------------------------------------------------------------


def test_an_update_writes_the_next_version_and_keeps_the_old_one(platform: Platform) -> None:
    first = _create(platform)
    second = _update(platform, first.achievement_id, now=NOW + timedelta(days=1))
    assert (second.version, second.slug, second.achievement_id) == (
        2,
        first.slug,
        first.achievement_id,
    )
    assert second.definition["title"] == "Python 102"
    versions = achievement_versions(platform.uow, platform.owner, first.achievement_id)
    assert versions == [first, second]
    assert versions[0].definition["title"] == "Data Analysis with Python"
    actions = [e.action for e in platform.uow.audit.recent(platform.organisation.id)]
    assert actions[0] == "achievement.updated"


def test_an_update_is_checked_against_the_profiles(platform: Platform) -> None:
    first = _create(platform)
    with pytest.raises(PolicyError):
        _update(platform, first.achievement_id, definition=MINIMAL, profiles=["eu-annex1"])
    assert get_achievement(platform.uow, platform.owner, first.achievement_id) == first


def test_updating_an_unknown_achievement_is_not_found(platform: Platform) -> None:
    with pytest.raises(NotFoundError):
        _update(platform, uuid4())


def test_updating_another_organisations_achievement_is_not_found(platform: Platform) -> None:
    other = platform.other()
    with pytest.raises(NotFoundError):
        _update(other, platform.version.achievement_id, principal=other.owner)


def test_updating_needs_the_manage_permission(platform: Platform) -> None:
    issuer = principal(platform.organisation, Permission.READ, Permission.ISSUE)
    with pytest.raises(PermissionDeniedError):
        _update(platform, platform.version.achievement_id, principal=issuer)


# --- reading -------------------------------------------------------------------------------


def test_get_returns_the_latest_or_the_asked_version(platform: Platform) -> None:
    first = platform.version
    second = _update(platform, first.achievement_id)
    reader = principal(platform.organisation, Permission.READ)
    assert get_achievement(platform.uow, reader, first.achievement_id) == second
    assert get_achievement(platform.uow, reader, first.achievement_id, version=1) == first


def test_an_unknown_version_is_not_found(platform: Platform) -> None:
    with pytest.raises(NotFoundError, match="version 9"):
        get_achievement(platform.uow, platform.owner, platform.version.achievement_id, version=9)


def test_another_organisations_achievement_is_not_found(platform: Platform) -> None:
    other = platform.other()
    with pytest.raises(NotFoundError):
        get_achievement(other.uow, other.owner, platform.version.achievement_id)
    with pytest.raises(NotFoundError):
        achievement_versions(other.uow, other.owner, platform.version.achievement_id)


def test_reading_needs_the_read_permission(platform: Platform) -> None:
    nobody = Principal(platform.organisation.id, "token:x", frozenset())
    with pytest.raises(PermissionDeniedError):
        get_achievement(platform.uow, nobody, platform.version.achievement_id)
    with pytest.raises(PermissionDeniedError):
        list_achievements(platform.uow, nobody)
    with pytest.raises(PermissionDeniedError):
        achievement_versions(platform.uow, nobody, platform.version.achievement_id)


def test_the_list_holds_the_latest_version_of_each_own_achievement(platform: Platform) -> None:
    python = _create(platform)
    newer = _update(platform, python.achievement_id)
    platform.other()  # its achievement is not listed
    listed = list_achievements(platform.uow, platform.owner)
    assert listed == [platform.version, newer]


def test_versions_of_an_unknown_achievement_are_not_found(platform: Platform) -> None:
    with pytest.raises(NotFoundError):
        achievement_versions(platform.uow, platform.owner, uuid4())


# --- the model ----------------------------------------------------------------------------


def test_the_model_is_identified_by_the_versioned_url(platform: Platform) -> None:
    second = _update(platform, platform.version.achievement_id)
    model = achievement_model(second, platform.organisation, CONFIG)
    assert model.id.endswith(f"/achievements/{second.achievement_id}?v=2")
    assert model.name == "Python 102"


def test_the_model_is_parsed_once_per_version(platform: Platform) -> None:
    first = achievement_model(platform.version, platform.organisation, CONFIG)
    again = achievement_model(platform.version, platform.organisation, CONFIG)
    assert first is again


def test_the_model_cache_starts_over_when_full(
    platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(achievements, "_MODELS", achievements._ModelCache(1))
    first = achievement_model(platform.version, platform.organisation, CONFIG)
    second = _update(platform, platform.version.achievement_id)
    achievement_model(second, platform.organisation, CONFIG)
    again = achievement_model(platform.version, platform.organisation, CONFIG)
    assert again is not first
    assert again == first
