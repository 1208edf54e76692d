"""``/api/v1/credentials``: issue one, search, read, revoke, suspend, reinstate."""

from __future__ import annotations

from typing import Any

import pytest

from credstack.core.status.bitstring import StatusList
from tests.web.conftest import BASE_URL, TestClient, World, assert_problem


def _status_bit(client: TestClient, credential: dict[str, Any]) -> bool:
    response = client.get(credential["status_list_url"].removeprefix(BASE_URL))
    assert response.status_code == 200
    encoded = response.json()["credentialSubject"]["encodedList"]
    return StatusList.decode(encoded).is_set(credential["status_index"])


def test_issuing_answers_201_with_the_record_and_the_signed_credential(
    client: TestClient, world: World, issued: dict[str, Any], achievement: dict[str, Any]
) -> None:
    document = issued["credential"]
    assert issued["state"] == "active"
    assert issued["recipient"] == "did:example:ada"
    assert issued["suite"] == "eddsa-rdfc-2022"
    assert issued["achievement_version_id"] == achievement["version_id"]
    assert issued["hosted_url"].startswith(f"{BASE_URL}/c/")
    assert document["id"] == issued["credential_id"]
    assert document["issuer"]["id"] == world.a.did
    assert document["credentialSubject"]["achievement"]["id"] == achievement["url"]
    assert document["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022"
    assert document["credentialStatus"]["statusListCredential"] == issued["status_list_url"]


def test_issuing_sets_the_location(
    client: TestClient, world: World, achievement: dict[str, Any]
) -> None:
    response = client.post(
        "/api/v1/credentials",
        json={"achievement_id": achievement["id"], "recipient": "Ada@Example.org"},
        headers=world.a.headers,
    )
    assert response.status_code == 201
    assert response.headers["Location"] == f"/api/v1/credentials/{response.json()['id']}"
    assert response.json()["recipient"] == "ada@example.org"


def test_a_vc_jwt_credential_is_the_compact_jws(
    client: TestClient, world: World, achievement: dict[str, Any]
) -> None:
    response = client.post(
        "/api/v1/credentials",
        json={
            "achievement_id": achievement["id"],
            "recipient": "did:example:ada",
            "suite": "vc-jwt",
            "valid_until": "2099-01-01T00:00:00Z",
            "credits_earned": 5,
            "results": [{"status": "Completed"}],
            "evidence": [{"id": "https://portfolio.example/ada", "name": "Project"}],
        },
        headers=world.a.headers,
    )
    assert response.status_code == 201, response.text
    token = response.json()["credential"]
    assert isinstance(token, str)
    assert token.count(".") == 2


@pytest.mark.parametrize(
    "member", ["issuer", "id", "proof", "credentialStatus", "validFrom", "organisation_id"]
)
def test_server_set_members_are_refused(
    client: TestClient, world: World, achievement: dict[str, Any], member: str
) -> None:
    response = client.post(
        "/api/v1/credentials",
        json={"achievement_id": achievement["id"], "recipient": "did:example:a", member: "x"},
        headers=world.a.headers,
    )
    problem = assert_problem(response, 422, "INVALID_REQUEST")
    [error] = problem["errors"]
    assert error["pointer"] == f"/{member}"
    assert error["message"].startswith(f"'{member}' is set by the server and cannot be sent: ")


def test_a_recipient_that_is_neither_did_url_nor_email_is_refused(
    client: TestClient, world: World, achievement: dict[str, Any]
) -> None:
    response = client.post(
        "/api/v1/credentials",
        json={"achievement_id": achievement["id"], "recipient": "ada"},
        headers=world.a.headers,
    )
    problem = assert_problem(response, 422, "INVALID_REQUEST")
    assert problem["field"] == "recipient"


def test_a_date_without_a_zone_is_refused(
    client: TestClient, world: World, achievement: dict[str, Any]
) -> None:
    response = client.post(
        "/api/v1/credentials",
        json={
            "achievement_id": achievement["id"],
            "recipient": "did:example:a",
            "valid_until": "2099-01-01T00:00:00",
        },
        headers=world.a.headers,
    )
    problem = assert_problem(response, 422, "INVALID_REQUEST")
    assert problem["errors"][0]["pointer"] == "/valid_until"


def test_issuing_an_unknown_achievement_is_404(client: TestClient, world: World) -> None:
    response = client.post(
        "/api/v1/credentials",
        json={
            "achievement_id": "00000000-0000-4000-8000-000000000000",
            "recipient": "did:example:a",
        },
        headers=world.a.headers,
    )
    assert_problem(response, 404, "NOT_FOUND")


def test_a_viewer_cannot_issue(
    client: TestClient, world: World, achievement: dict[str, Any]
) -> None:
    response = client.post(
        "/api/v1/credentials",
        json={"achievement_id": achievement["id"], "recipient": "did:example:a"},
        headers=world.viewer,
    )
    assert_problem(response, 403, "PERMISSION_DENIED")


def test_a_credential_can_be_read(client: TestClient, world: World, issued: dict[str, Any]) -> None:
    response = client.get(f"/api/v1/credentials/{issued['id']}", headers=world.viewer)
    assert response.status_code == 200
    assert response.json() == issued


def test_search_filters_and_pages(
    client: TestClient, world: World, achievement: dict[str, Any]
) -> None:
    for recipient in ("did:example:1", "did:example:2", "did:example:3"):
        response = client.post(
            "/api/v1/credentials",
            json={"achievement_id": achievement["id"], "recipient": recipient},
            headers=world.a.headers,
        )
        assert response.status_code == 201
    page = client.get("/api/v1/credentials?limit=2&offset=1", headers=world.a.headers).json()
    assert page["total"] == 3
    assert (page["limit"], page["offset"]) == (2, 1)
    assert len(page["items"]) == 2
    assert "credential" not in page["items"][0]

    one = client.get(
        "/api/v1/credentials",
        params={"recipient": "did:example:2", "achievement_id": achievement["id"]},
        headers=world.a.headers,
    ).json()
    assert [c["recipient"] for c in one["items"]] == ["did:example:2"]
    assert one["total"] == 1
    revoked = client.get("/api/v1/credentials?state=revoked", headers=world.a.headers).json()
    assert revoked == {"items": [], "total": 0, "limit": 50, "offset": 0}


@pytest.mark.parametrize("query", ["limit=501", "limit=0", "offset=-1", "offset=2147483648"])
def test_pages_out_of_range_are_refused(client: TestClient, world: World, query: str) -> None:
    response = client.get(f"/api/v1/credentials?{query}", headers=world.a.headers)
    problem = assert_problem(response, 422, "INVALID_REQUEST")
    assert problem["errors"][0]["parameter"] == query.split("=")[0]


def test_revocation_is_visible_in_the_status_list(
    client: TestClient, world: World, issued: dict[str, Any]
) -> None:
    assert _status_bit(client, issued) is False
    response = client.post(
        f"/api/v1/credentials/{issued['id']}/revoke",
        json={"reason": "plagiarism"},
        headers=world.a.headers,
    )
    assert response.status_code == 200
    assert response.json()["state"] == "revoked"
    assert response.json()["state_reason"] == "plagiarism"
    assert _status_bit(client, issued) is True


def test_revocation_is_final(client: TestClient, world: World, issued: dict[str, Any]) -> None:
    path = f"/api/v1/credentials/{issued['id']}"
    assert client.post(f"{path}/revoke", headers=world.a.headers).status_code == 200
    for action in ("revoke", "suspend", "reinstate"):
        problem = assert_problem(
            client.post(f"{path}/{action}", headers=world.a.headers),
            409,
            "INVALID_STATE_TRANSITION",
        )
        assert problem["state"] == "revoked"


def test_suspension_and_reinstatement_leave_the_public_list_alone(
    client: TestClient, world: World, issued: dict[str, Any]
) -> None:
    path = f"/api/v1/credentials/{issued['id']}"
    suspended = client.post(f"{path}/suspend", json={}, headers=world.a.headers)
    assert suspended.json()["state"] == "suspended"
    assert suspended.json()["state_changed_at"] is not None
    assert _status_bit(client, issued) is False
    reinstated = client.post(f"{path}/reinstate", headers=world.a.headers)
    assert reinstated.json()["state"] == "active"
    problem = assert_problem(
        client.post(f"{path}/reinstate", headers=world.a.headers), 409, "INVALID_STATE_TRANSITION"
    )
    assert problem["action"] == "reinstate"


def test_a_viewer_cannot_revoke(client: TestClient, world: World, issued: dict[str, Any]) -> None:
    response = client.post(f"/api/v1/credentials/{issued['id']}/revoke", headers=world.viewer)
    assert_problem(response, 403, "PERMISSION_DENIED")


def test_a_status_change_takes_only_a_reason(
    client: TestClient, world: World, issued: dict[str, Any]
) -> None:
    response = client.post(
        f"/api/v1/credentials/{issued['id']}/revoke",
        json={"reason": "x", "state": "active"},
        headers=world.a.headers,
    )
    problem = assert_problem(response, 422, "INVALID_REQUEST")
    assert problem["errors"][0]["pointer"] == "/state"


def test_a_reason_longer_than_the_maximum_is_refused(
    client: TestClient, world: World, issued: dict[str, Any]
) -> None:
    response = client.post(
        f"/api/v1/credentials/{issued['id']}/revoke",
        json={"reason": "x" * 501},
        headers=world.a.headers,
    )
    assert_problem(response, 422, "INVALID_REQUEST")


def test_changing_an_unknown_credential_is_404(client: TestClient, world: World) -> None:
    response = client.post(
        "/api/v1/credentials/00000000-0000-4000-8000-000000000000/suspend",
        headers=world.a.headers,
    )
    assert_problem(response, 404, "NOT_FOUND")
