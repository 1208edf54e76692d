"""Tenant isolation, endpoint by endpoint: organisation B's token sees nothing of A's.

Another organisation's object is answered exactly like a missing one (404, never 403, which
would tell B that the object exists), and lists never show it.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.conftest import TestClient, World, assert_problem, minimal_definition
from tests.web.payloads import ROWS
from tests.web.payloads import vc_api_template as template


@pytest.fixture
def job(client: TestClient, world: World, achievement: dict[str, Any]) -> dict[str, Any]:
    response = client.post(
        "/api/v1/jobs",
        json={"achievement_id": achievement["id"], "rows": ROWS},
        headers={**world.a.headers, "Idempotency-Key": "shared-key"},
    )
    assert response.status_code == 202
    created: dict[str, Any] = response.json()
    return created


def _requests(
    achievement: dict[str, Any], issued: dict[str, Any], job: dict[str, Any]
) -> list[tuple[str, str, dict[str, Any] | None]]:
    """Every request on one of A's objects: (method, path, JSON body)."""
    a_id, c_id, j_id = achievement["id"], issued["id"], job["id"]
    return [
        ("GET", f"/api/v1/achievements/{a_id}", None),
        ("GET", f"/api/v1/achievements/{a_id}?version=1", None),
        ("GET", f"/api/v1/achievements/{a_id}/versions", None),
        ("PUT", f"/api/v1/achievements/{a_id}", {"definition": minimal_definition()}),
        ("POST", "/api/v1/credentials", {"achievement_id": a_id, "recipient": "did:ex:m"}),
        ("GET", f"/api/v1/credentials/{c_id}", None),
        ("POST", f"/api/v1/credentials/{c_id}/revoke", {"reason": "not yours"}),
        ("POST", f"/api/v1/credentials/{c_id}/suspend", None),
        ("POST", f"/api/v1/credentials/{c_id}/reinstate", None),
        ("POST", "/api/v1/jobs", {"achievement_id": a_id, "rows": ROWS}),
        ("GET", f"/api/v1/jobs/{j_id}", None),
        ("GET", f"/api/v1/jobs/{j_id}/results", None),
        ("POST", f"/api/v1/jobs/{j_id}/cancel", None),
        ("POST", "/credentials/issue", {"credential": template(achievement["url"])}),
        (
            "POST",
            "/credentials/issue",
            {"credential": template(None), "options": {"achievementId": a_id}},
        ),
    ]


def test_every_object_of_another_organisation_is_404(
    client: TestClient,
    world: World,
    achievement: dict[str, Any],
    issued: dict[str, Any],
    job: dict[str, Any],
) -> None:
    for method, path, body in _requests(achievement, issued, job):
        response = client.request(method, path, json=body, headers=world.b.headers)
        assert response.status_code == 404, (method, path, response.text)
        assert_problem(response, 404, "NOT_FOUND")


def test_nothing_of_a_changed_after_b_tried(
    client: TestClient,
    world: World,
    achievement: dict[str, Any],
    issued: dict[str, Any],
    job: dict[str, Any],
) -> None:
    for method, path, body in _requests(achievement, issued, job):
        client.request(method, path, json=body, headers=world.b.headers)
    credential = client.get(f"/api/v1/credentials/{issued['id']}", headers=world.a.headers)
    assert credential.json()["state"] == "active"
    versions = client.get(
        f"/api/v1/achievements/{achievement['id']}/versions", headers=world.a.headers
    )
    assert len(versions.json()["items"]) == 1
    assert client.get(f"/api/v1/jobs/{job['id']}", headers=world.a.headers).json()["state"] == (
        "queued"
    )
    listed = client.get("/api/v1/credentials", headers=world.a.headers).json()
    assert listed["total"] == 1


def test_lists_never_show_another_organisations_objects(
    client: TestClient,
    world: World,
    achievement: dict[str, Any],
    issued: dict[str, Any],
    job: dict[str, Any],
) -> None:
    assert client.get("/api/v1/achievements", headers=world.b.headers).json() == {"items": []}
    for query in ("", f"?achievement_id={achievement['id']}", "?recipient=did:example:ada"):
        page = client.get(f"/api/v1/credentials{query}", headers=world.b.headers).json()
        assert (page["items"], page["total"]) == ([], 0)
    events = client.get("/api/v1/audit", headers=world.b.headers).json()["items"]
    assert {e["object_id"] for e in events}.isdisjoint({achievement["id"], issued["id"], job["id"]})


def test_the_organisation_endpoint_is_the_tokens_own(client: TestClient, world: World) -> None:
    body = client.get("/api/v1/organisation", headers=world.b.headers).json()
    assert (body["id"], body["slug"]) == (str(world.b.id), "uni-b")


def test_idempotency_keys_are_per_organisation(
    client: TestClient, world: World, job: dict[str, Any]
) -> None:
    client.post(
        "/api/v1/achievements",
        json={"slug": "intro-git", "definition": minimal_definition()},
        headers=world.b.headers,
    )
    b_achievement = client.get("/api/v1/achievements", headers=world.b.headers).json()["items"][0]
    response = client.post(
        "/api/v1/jobs",
        json={"achievement_id": b_achievement["id"], "rows": ROWS},
        headers={**world.b.headers, "Idempotency-Key": "shared-key"},
    )
    assert response.status_code == 202
    assert response.json()["id"] != job["id"]


def test_rotating_bs_key_leaves_as_did_document_alone(client: TestClient, world: World) -> None:
    before = client.get("/orgs/uni-a/did.json").json()
    assert client.post("/api/v1/keys/rotate", headers=world.b.headers).status_code == 200
    assert client.get("/orgs/uni-a/did.json").json() == before
    assert len(client.get("/orgs/uni-b/did.json").json()["verificationMethod"]) == 2


def test_a_slug_may_be_reused_by_another_organisation(
    client: TestClient, world: World, achievement: dict[str, Any]
) -> None:
    response = client.post(
        "/api/v1/achievements",
        json={"slug": achievement["slug"], "definition": minimal_definition()},
        headers=world.b.headers,
    )
    assert response.status_code == 201
    assert response.json()["id"] != achievement["id"]
