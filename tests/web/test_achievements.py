"""``/api/v1/achievements``: define, read, version and list achievements."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import BASE_URL, TestClient, World, assert_problem, minimal_definition


def test_creating_an_achievement_answers_201_with_its_location(
    client: TestClient, world: World
) -> None:
    response = client.post(
        "/api/v1/achievements",
        json={"slug": "intro-git", "definition": minimal_definition()},
        headers=world.a.headers,
    )
    assert response.status_code == 201
    body = response.json()
    assert response.headers["Location"] == f"/api/v1/achievements/{body['id']}"
    assert body["slug"] == "intro-git"
    assert body["version"] == 1
    assert body["url"] == f"{BASE_URL}/orgs/uni-a/achievements/{body['id']}?v=1"
    assert body["definition"]["title"] == "Introduction to Git"


def test_an_achievement_can_be_read_listed_and_versioned(
    client: TestClient, world: World, achievement: dict[str, Any]
) -> None:
    path = f"/api/v1/achievements/{achievement['id']}"
    assert client.get(path, headers=world.a.headers).json() == achievement

    updated = client.put(
        path,
        json={"definition": minimal_definition(title="Git for researchers")},
        headers=world.a.headers,
    )
    assert updated.status_code == 200
    assert updated.json()["version"] == 2
    assert updated.json()["id"] == achievement["id"]

    latest = client.get(path, headers=world.a.headers).json()
    assert latest["definition"]["title"] == "Git for researchers"
    first = client.get(f"{path}?version=1", headers=world.a.headers).json()
    assert first["definition"]["title"] == "Introduction to Git"

    versions = client.get(f"{path}/versions", headers=world.a.headers).json()["items"]
    assert [v["version"] for v in versions] == [1, 2]
    listed = client.get("/api/v1/achievements", headers=world.a.headers).json()["items"]
    assert [(a["slug"], a["version"]) for a in listed] == [("intro-git", 2)]


def test_a_viewer_may_read_achievements(
    client: TestClient, world: World, achievement: dict[str, Any]
) -> None:
    response = client.get(f"/api/v1/achievements/{achievement['id']}", headers=world.viewer)
    assert response.status_code == 200


def test_a_viewer_may_not_update_achievements(
    client: TestClient, world: World, achievement: dict[str, Any]
) -> None:
    response = client.put(
        f"/api/v1/achievements/{achievement['id']}",
        json={"definition": minimal_definition()},
        headers=world.viewer,
    )
    assert_problem(response, 403, "PERMISSION_DENIED")


def test_an_unknown_version_is_404(
    client: TestClient, world: World, achievement: dict[str, Any]
) -> None:
    response = client.get(
        f"/api/v1/achievements/{achievement['id']}?version=9", headers=world.a.headers
    )
    problem = assert_problem(response, 404, "NOT_FOUND")
    assert problem["achievement_id"] == achievement["id"]


def test_version_zero_is_invalid(
    client: TestClient, world: World, achievement: dict[str, Any]
) -> None:
    response = client.get(
        f"/api/v1/achievements/{achievement['id']}?version=0", headers=world.a.headers
    )
    problem = assert_problem(response, 422, "INVALID_REQUEST")
    assert problem["errors"][0]["parameter"] == "version"


def test_versions_of_an_unknown_achievement_are_404(client: TestClient, world: World) -> None:
    response = client.get(
        "/api/v1/achievements/00000000-0000-4000-8000-000000000000/versions",
        headers=world.a.headers,
    )
    assert_problem(response, 404, "NOT_FOUND")


def test_updating_an_unknown_achievement_is_404(client: TestClient, world: World) -> None:
    response = client.put(
        "/api/v1/achievements/00000000-0000-4000-8000-000000000000",
        json={"definition": minimal_definition()},
        headers=world.a.headers,
    )
    assert_problem(response, 404, "NOT_FOUND")


def test_a_bad_slug_is_refused_naming_the_field(client: TestClient, world: World) -> None:
    response = client.post(
        "/api/v1/achievements",
        json={"slug": "Not A Slug", "definition": minimal_definition()},
        headers=world.a.headers,
    )
    problem = assert_problem(response, 422, "INVALID_REQUEST")
    assert problem["field"] == "slug"


def test_a_definition_that_is_not_an_achievement_is_422(client: TestClient, world: World) -> None:
    response = client.post(
        "/api/v1/achievements",
        json={"slug": "x", "definition": {"title": "only a title"}},
        headers=world.a.headers,
    )
    assert_problem(response, 422, "INVALID_ACHIEVEMENT")


def test_a_definition_may_not_name_another_issuer(client: TestClient, world: World) -> None:
    definition = minimal_definition(issuer={"id": "did:web:elsewhere.example", "name": "Else"})
    response = client.post(
        "/api/v1/achievements",
        json={"slug": "x", "definition": definition},
        headers=world.a.headers,
    )
    problem = assert_problem(response, 422, "INVALID_REQUEST")
    assert problem["field"] == "definition.issuer"


def test_the_organisation_id_is_set_by_the_server(client: TestClient, world: World) -> None:
    response = client.post(
        "/api/v1/achievements",
        json={"slug": "x", "definition": minimal_definition(), "organisation_id": str(world.b.id)},
        headers=world.a.headers,
    )
    problem = assert_problem(response, 422, "INVALID_REQUEST")
    assert problem["errors"] == [
        {
            "in": "body",
            "pointer": "/organisation_id",
            "message": "'organisation_id' is set by the server and cannot be sent: it is "
            "always the organisation of the API token",
        }
    ]


def test_an_unknown_policy_profile_is_422(client: TestClient, world: World) -> None:
    response = client.post(
        "/api/v1/achievements",
        json={"slug": "x", "definition": minimal_definition(), "profiles": ["no-such"]},
        headers=world.a.headers,
    )
    assert_problem(response, 422, "UNKNOWN_POLICY_PROFILE")
