"""Public documents (issuer profiles, DID documents, hosted credentials), the token's
organisation, key rotation, the audit log and the health check."""

from __future__ import annotations

from types import TracebackType
from typing import Any

from credstack.bootstrap import Platform
from credstack.web.app import create_app
from tests.web.conftest import (
    BASE_URL,
    RecordingTaskQueue,
    TestClient,
    World,
    assert_problem,
    make_platform,
)

# --- public documents ----------------------------------------------------------------------


def test_the_issuer_profile_is_json_ld(client: TestClient, world: World) -> None:
    response = client.get("/orgs/uni-a")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/ld+json"
    profile = response.json()
    assert profile["id"] == world.a.did
    assert profile["name"] == "University UNI-A"
    assert profile["@context"][0] == "https://www.w3.org/ns/credentials/v2"


def test_the_did_document_lists_the_organisation_keys(client: TestClient, world: World) -> None:
    response = client.get("/orgs/uni-a/did.json")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/did+json"
    document = response.json()
    assert document["id"] == world.a.did
    assert len(document["verificationMethod"]) == 1


def test_an_unknown_organisation_is_404(client: TestClient) -> None:
    assert_problem(client.get("/orgs/nobody"), 404, "NOT_FOUND")
    assert_problem(client.get("/orgs/nobody/did.json"), 404, "NOT_FOUND")


def test_a_hosted_credential_is_the_signed_document(
    client: TestClient, issued: dict[str, Any]
) -> None:
    response = client.get(issued["hosted_url"].removeprefix(BASE_URL))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/vc+ld+json"
    assert response.headers["X-Robots-Tag"] == "noindex"
    assert response.json() == issued["credential"]


def test_a_hosted_vc_jwt_is_served_as_application_vc_jwt(
    client: TestClient, world: World, achievement: dict[str, Any]
) -> None:
    issued = client.post(
        "/api/v1/credentials",
        json={"achievement_id": achievement["id"], "recipient": "did:example:a", "suite": "vc-jwt"},
        headers=world.a.headers,
    ).json()
    response = client.get(issued["hosted_url"].removeprefix(BASE_URL))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/vc+jwt"
    assert response.text == issued["credential"]


def test_an_unknown_hosted_credential_is_404(client: TestClient, world: World) -> None:
    assert_problem(client.get("/c/not-a-published-token"), 404, "NOT_FOUND")


# --- the token's organisation, keys, audit ------------------------------------------------


def test_the_organisation_of_the_token(client: TestClient, world: World) -> None:
    response = client.get("/api/v1/organisation", headers=world.viewer)
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == str(world.a.id)
    assert body["slug"] == "uni-a"
    assert body["did"] == world.a.did
    assert body["permissions"] == ["read"]
    assert body["profile_url"] == f"{BASE_URL}/orgs/uni-a"
    assert body["did_document_url"] == f"{BASE_URL}/orgs/uni-a/did.json"
    assert body["profile"]["id"] == world.a.did


def test_rotating_the_key_adds_one_to_the_did_document(
    client: TestClient, world: World, issued: dict[str, Any]
) -> None:
    response = client.post("/api/v1/keys/rotate", headers=world.a.headers)
    assert response.status_code == 200
    key = response.json()
    assert key["verification_method"].startswith(f"{world.a.did}#key-")
    assert key["valid_until"] is None
    methods = client.get("/orgs/uni-a/did.json").json()["verificationMethod"]
    assert [m["id"] for m in methods][-1] == key["verification_method"]
    assert len(methods) == 2
    # what the old key signed still verifies
    verified = client.post(
        "/credentials/verify", json={"verifiableCredential": issued["credential"]}
    )
    assert verified.json()["verified"] is True


def test_a_viewer_cannot_rotate_keys(client: TestClient, world: World) -> None:
    assert_problem(
        client.post("/api/v1/keys/rotate", headers=world.viewer), 403, "PERMISSION_DENIED"
    )


def test_the_audit_log_shows_what_happened(
    client: TestClient, world: World, issued: dict[str, Any]
) -> None:
    response = client.get("/api/v1/audit?limit=2", headers=world.a.headers)
    assert response.status_code == 200
    events = response.json()["items"]
    assert len(events) == 2
    assert events[0]["action"] == "credential.issued"
    assert events[0]["object_id"] == issued["id"]
    assert events[0]["actor"].startswith("token:")


def test_the_audit_log_needs_the_manage_permission(client: TestClient, world: World) -> None:
    assert_problem(client.get("/api/v1/audit", headers=world.viewer), 403, "PERMISSION_DENIED")


# --- health --------------------------------------------------------------------------------


def test_the_health_check_reads_the_database(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


class _BrokenUnitOfWork:
    def __enter__(self) -> _BrokenUnitOfWork:
        raise ConnectionError("connection refused")

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None


def test_a_failing_database_makes_the_health_check_503() -> None:
    platform: Platform = make_platform()
    platform.uow_factory = _BrokenUnitOfWork
    with TestClient(create_app(platform), base_url=BASE_URL) as client:
        response = client.get("/healthz")
    problem = assert_problem(response, 503, "SERVICE_UNAVAILABLE")
    assert "connection refused" not in response.text
    assert problem["detail"] == "the database does not answer"


def test_the_app_starts_and_closes_the_platform() -> None:
    events: list[str] = []

    class Queue(RecordingTaskQueue):
        def start(self) -> None:
            events.append("started")

        def close(self) -> None:
            events.append("closed")

    platform = make_platform()
    platform.task_queue = queue = Queue()
    platform.resources.append(queue)
    app = create_app(platform)
    assert app.state.platform is platform
    assert events == []  # nothing happens before the server starts the app
    with TestClient(app, base_url=BASE_URL):
        assert events == ["started"]
    assert events == ["started", "closed"]


def test_public_documents_may_be_fetched_from_any_origin(
    client: TestClient, world: World, issued: dict[str, Any]
) -> None:
    # a wallet or verifier in a browser fetches the status list and the DID document
    origin = {"Origin": "https://wallet.example"}
    status_url = issued["credential"]["credentialStatus"]["statusListCredential"]
    for path in (status_url.removeprefix(BASE_URL), f"/orgs/{world.a.slug}/did.json"):
        response = client.get(path, headers=origin)
        assert response.status_code == 200
        assert response.headers["access-control-allow-origin"] == "*"
        assert "etag" in response.headers["access-control-expose-headers"].lower()


def test_a_browser_may_call_the_vc_api_but_sends_no_cookies(client: TestClient) -> None:
    preflight = client.options(
        "/credentials/verify",
        headers={
            "Origin": "https://verifier.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert "access-control-allow-credentials" not in preflight.headers
