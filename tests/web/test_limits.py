"""What an issuer may sign, over HTTP: a 422 problem with the rule's code, and nothing stored."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.conftest import TestClient, World, assert_problem, minimal_definition
from tests.web.payloads import vc_api_template
from tests.web.test_jobs import run_queued


def _achievements(client: TestClient, world: World) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = client.get(
        "/api/v1/achievements", headers=world.a.headers
    ).json()["items"]
    return items


def _credentials(client: TestClient, world: World) -> int:
    total: int = client.get("/api/v1/credentials", headers=world.a.headers).json()["total"]
    return total


@pytest.mark.parametrize(
    ("changes", "code", "path"),
    [
        ({"id": "relative/id"}, "NOT_ABSOLUTE_URI", "id"),
        ({"title": "T" * 1_000_000}, "FIELD_TOO_LONG", "title"),
        ({"tags": ["t"] * 51}, "TOO_MANY_ITEMS", "tags"),
        ({"criteria": {"url": "criteria.html"}}, "NOT_ABSOLUTE_URI", "criteria.url"),
    ],
)
def test_an_achievement_beyond_the_bounds_is_422_and_not_stored(
    client: TestClient, world: World, changes: dict[str, Any], code: str, path: str
) -> None:
    response = client.post(
        "/api/v1/achievements",
        json={"slug": "too-much", "definition": minimal_definition(**changes)},
        headers=world.a.headers,
    )
    problem = assert_problem(response, 422, code)
    assert problem["path"] == path
    assert _achievements(client, world) == []


def test_an_update_beyond_the_bounds_is_422_and_keeps_the_version(
    client: TestClient, world: World, achievement: dict[str, Any]
) -> None:
    response = client.put(
        f"/api/v1/achievements/{achievement['id']}",
        json={"definition": minimal_definition(title="T" * 257)},
        headers=world.a.headers,
    )
    problem = assert_problem(response, 422, "FIELD_TOO_LONG")
    assert (problem["path"], problem["limit"]) == ("title", 256)
    assert [a["version"] for a in _achievements(client, world)] == [1]


def test_more_credits_than_the_achievement_offers_are_422_and_nothing_is_issued(
    client: TestClient, world: World, achievement: dict[str, Any]
) -> None:
    response = client.post(
        "/api/v1/credentials",
        json={
            "achievement_id": achievement["id"],
            "recipient": "did:example:ada",
            "credits_earned": 500,
        },
        headers=world.a.headers,
    )
    problem = assert_problem(response, 422, "CREDITS_EXCEED_ACHIEVEMENT")
    assert problem["field"] == "credits_earned"
    assert problem["detail"] == (
        "credits_earned: 500 is more than the 5 ECTS credits the achievement offers"
    )
    assert _credentials(client, world) == 0


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"recipient_name": "n" * 257}, "FIELD_TOO_LONG", "recipient_name"),
        ({"evidence": [{"id": "relative/id"}]}, "NOT_ABSOLUTE_URI", "evidence[0].id"),
        ({"evidence": [{"narrative": "n" * 10_001}]}, "FIELD_TOO_LONG", "evidence[0].narrative"),
        ({"results": [{"value": "8"}] * 101}, "TOO_MANY_ITEMS", "results"),
    ],
)
def test_an_issue_request_beyond_the_bounds_is_422(
    client: TestClient,
    world: World,
    achievement: dict[str, Any],
    changes: dict[str, Any],
    code: str,
    field: str,
) -> None:
    body = {"achievement_id": achievement["id"], "recipient": "did:example:ada", **changes}
    response = client.post("/api/v1/credentials", json=body, headers=world.a.headers)
    assert assert_problem(response, 422, code)["field"] == field
    assert _credentials(client, world) == 0


def test_the_vc_api_refuses_more_credits_than_the_achievement_offers(
    client: TestClient, world: World, achievement: dict[str, Any]
) -> None:
    template = vc_api_template(achievement["url"])
    template["credentialSubject"]["creditsEarned"] = 500
    response = client.post(
        "/credentials/issue", json={"credential": template}, headers=world.a.headers
    )
    assert_problem(response, 422, "CREDITS_EXCEED_ACHIEVEMENT")
    assert _credentials(client, world) == 0


def test_a_bulk_row_with_too_many_credits_fails_with_the_code(
    client: TestClient, world: World, achievement: dict[str, Any]
) -> None:
    rows = [
        {"recipient": "did:example:ada", "credits_earned": 5},
        {"recipient": "did:example:grace", "credits_earned": 500},
    ]
    response = client.post(
        "/api/v1/jobs",
        json={"achievement_id": achievement["id"], "rows": rows},
        headers=world.a.headers,
    )
    assert response.status_code == 202, response.text
    run_queued(world.platform)
    results = client.get(response.headers["Location"] + "/results", headers=world.a.headers)
    lines = [line for line in results.text.splitlines() if line]
    assert len(lines) == 2
    assert '"state":"done"' in lines[0].replace(" ", "")
    assert '"code":"CREDITS_EXCEED_ACHIEVEMENT"' in lines[1].replace(" ", "")
