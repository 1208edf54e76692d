"""``/api/v1/tokens``: API tokens that expire and can be revoked; refused ones are 401 and
audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.web.conftest import TestClient, World, assert_problem, bearer

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def at(world: World) -> Any:
    """Set the platform's clock: ``at(moment)``."""

    def set_clock(moment: datetime) -> None:
        world.platform.clock = lambda: moment

    set_clock(NOW)
    return set_clock


def _create(client: TestClient, world: World, **body: Any) -> Any:
    payload = {"name": "student system", "permissions": ["read", "issue"], **body}
    return client.post("/api/v1/tokens", json=payload, headers=world.a.headers)


def _tokens(client: TestClient, world: World) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = client.get("/api/v1/tokens", headers=world.a.headers).json()[
        "items"
    ]
    return items


def _audit(client: TestClient, world: World) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = client.get("/api/v1/audit", headers=world.a.headers).json()[
        "items"
    ]
    return items


def test_a_token_is_created_with_an_expiry_and_works_until_then(
    client: TestClient, world: World, at: Any
) -> None:
    response = _create(client, world, expires_in=3600)
    assert response.status_code == 201, response.text
    created = response.json()
    assert response.headers["Location"] == f"/api/v1/tokens/{created['id']}"
    assert created["secret"].startswith("cst_")
    assert created["state"] == "active"
    assert created["permissions"] == ["issue", "read"]
    assert datetime.fromisoformat(created["expires_at"]) == NOW + timedelta(hours=1)
    token = bearer(created["secret"])
    assert client.get("/api/v1/organisation", headers=token).status_code == 200

    at(NOW + timedelta(hours=1))
    response = client.get("/api/v1/organisation", headers=token)
    problem = assert_problem(response, 401, "TOKEN_EXPIRED")
    assert "expired at 2026-03-01T10:00:00Z" in problem["detail"]
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="credstack", error="invalid_token"'
    listed = {t["id"]: t for t in _tokens(client, world)}
    assert listed[created["id"]]["state"] == "expired"
    assert "secret" not in listed[created["id"]]
    [refused] = [e for e in _audit(client, world) if e["action"] == "token.refused"]
    assert (refused["object_id"], refused["actor"]) == (created["id"], f"token:{created['id']}")
    assert refused["details"] == {"reason": "expired"}


def test_a_token_may_expire_at_a_moment(client: TestClient, world: World, at: Any) -> None:
    created = _create(client, world, expires_at="2026-06-30T00:00:00+02:00").json()
    assert datetime.fromisoformat(created["expires_at"]) == datetime(2026, 6, 29, 22, tzinfo=UTC)


def test_a_token_without_an_expiry_never_expires(client: TestClient, world: World, at: Any) -> None:
    created = _create(client, world).json()
    assert created["expires_at"] is None
    at(NOW + timedelta(days=3650))
    response = client.get("/api/v1/organisation", headers=bearer(created["secret"]))
    assert response.status_code == 200


def test_a_revoked_token_is_401_and_the_refusal_is_audited(
    client: TestClient, world: World, at: Any
) -> None:
    created = _create(client, world).json()
    response = client.post(f"/api/v1/tokens/{created['id']}/revoke", headers=world.a.headers)
    assert response.status_code == 200, response.text
    assert response.json()["state"] == "revoked"
    assert datetime.fromisoformat(response.json()["revoked_at"]) == NOW
    again = client.post(f"/api/v1/tokens/{created['id']}/revoke", headers=world.a.headers)
    assert again.json()["revoked_at"] == response.json()["revoked_at"]

    response = client.get("/api/v1/achievements", headers=bearer(created["secret"]))
    problem = assert_problem(response, 401, "TOKEN_REVOKED")
    assert problem["detail"] == "this API token was revoked"
    mine = [e for e in _audit(client, world) if e["object_id"] == created["id"]]
    assert sorted((e["action"], e["details"].get("reason")) for e in mine) == [
        ("token.created", None),
        ("token.refused", "revoked"),
        ("token.revoked", None),  # once: revoking again changes nothing
    ]


def test_a_token_may_revoke_itself(client: TestClient, world: World, at: Any) -> None:
    created = _create(client, world, permissions=["manage"]).json()
    mine = bearer(created["secret"])
    assert client.post(f"/api/v1/tokens/{created['id']}/revoke", headers=mine).status_code == 200
    assert_problem(client.get("/api/v1/tokens", headers=mine), 401, "TOKEN_REVOKED")


def test_the_list_holds_the_organisation_s_tokens_only(
    client: TestClient, world: World, at: Any
) -> None:
    mine = _create(client, world).json()
    theirs = client.post(
        "/api/v1/tokens",
        json={"name": "b", "permissions": ["read"]},
        headers=world.b.headers,
    ).json()
    ids = [t["id"] for t in _tokens(client, world)]
    assert mine["id"] in ids
    assert theirs["id"] not in ids
    assert len(ids) == 3  # the owner's, the viewer's and the new one
    response = client.post(f"/api/v1/tokens/{theirs['id']}/revoke", headers=world.a.headers)
    assert_problem(response, 404, "NOT_FOUND")
    other = client.get("/api/v1/organisation", headers=bearer(theirs["secret"]))
    assert other.status_code == 200


@pytest.mark.parametrize(
    ("body", "status", "code", "where"),
    [
        ({"expires_in": 0}, 422, "INVALID_REQUEST", ("field", "expires_in")),
        ({"expires_in": 10**12}, 422, "INVALID_REQUEST", ("field", "expires_in")),
        ({"expires_at": "2026-02-01T00:00:00Z"}, 422, "INVALID_REQUEST", ("field", "expires_at")),
        (
            {"expires_in": 60, "expires_at": "2026-04-01T00:00:00Z"},
            422,
            "INVALID_REQUEST",
            ("field", "expires_in"),
        ),
        ({"expires_at": "2026-04-01T00:00:00"}, 422, "INVALID_REQUEST", None),
        ({"permissions": []}, 422, "INVALID_REQUEST", None),
        ({"permissions": ["delete"]}, 422, "INVALID_REQUEST", None),
        ({"name": " "}, 422, "INVALID_REQUEST", ("field", "name")),
        ({"token_hash": "0" * 64}, 422, "INVALID_REQUEST", None),
    ],
)
def test_a_bad_token_request_is_refused_and_nothing_is_made(
    client: TestClient,
    world: World,
    at: Any,
    body: dict[str, Any],
    status: int,
    code: str,
    where: tuple[str, str] | None,
) -> None:
    before = _tokens(client, world)
    problem = assert_problem(_create(client, world, **body), status, code)
    if where is not None:
        assert problem[where[0]] == where[1]
    assert _tokens(client, world) == before


def test_managing_tokens_needs_the_manage_permission(
    client: TestClient, world: World, at: Any
) -> None:
    created = _create(client, world).json()
    for response in (
        client.get("/api/v1/tokens", headers=world.viewer),
        client.post(
            "/api/v1/tokens", json={"name": "x", "permissions": ["read"]}, headers=world.viewer
        ),
        client.post(f"/api/v1/tokens/{created['id']}/revoke", headers=world.viewer),
    ):
        assert_problem(response, 403, "PERMISSION_DENIED")
    assert client.get("/api/v1/organisation", headers=bearer(created["secret"])).status_code == 200


def test_a_token_cannot_grant_what_it_lacks(client: TestClient, world: World, at: Any) -> None:
    manager = bearer(_create(client, world, permissions=["manage", "read"]).json()["secret"])
    response = client.post(
        "/api/v1/tokens", json={"name": "x", "permissions": ["issue"]}, headers=manager
    )
    problem = assert_problem(response, 403, "PERMISSION_DENIED")
    assert problem["permissions"] == ["issue"]
