"""Every error is an RFC 9457 problem document with a stable code."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from credstack.services.keys import clear_key_cache
from credstack.services.records import Permission
from credstack.services.tokens import revoke_api_token, token_hash
from credstack.web.app import create_app
from credstack.web.body import BodyLimitMiddleware
from credstack.web.problems import PayloadTooLargeError, _invalid_member, problem_response
from tests.services.fakes import FakeKeyStore
from tests.web.conftest import (
    BASE_URL,
    PROBLEM,
    TestClient,
    World,
    add_token,
    assert_problem,
    bearer,
    make_platform,
    minimal_definition,
)

# --- authentication: 401 -------------------------------------------------------------------


def test_a_request_without_a_token_is_401_with_a_bearer_challenge(client: TestClient) -> None:
    response = client.get("/api/v1/achievements")
    problem = assert_problem(response, 401, "AUTHENTICATION_REQUIRED")
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="credstack"'
    assert "Authorization: Bearer" in problem["detail"]


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer cst_not-a-token",
        "Bearer cst_" + "A" * 43,  # well formed, unknown
        "Bearer something-else",
        "Bearer",
    ],
)
def test_malformed_and_unknown_tokens_are_401(
    client: TestClient, world: World, authorization: str
) -> None:
    response = client.get("/api/v1/achievements", headers={"Authorization": authorization})
    assert_problem(response, 401, "AUTHENTICATION_REQUIRED")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_token_presented_and_refused_is_an_invalid_token(client: TestClient) -> None:
    response = client.get("/api/v1/achievements", headers=bearer("cst_" + "B" * 43))
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="credstack", error="invalid_token"'


def test_another_authorization_scheme_is_401(client: TestClient, world: World) -> None:
    response = client.get(
        "/api/v1/achievements", headers={"Authorization": f"Basic {world.a.token}"}
    )
    assert_problem(response, 401, "AUTHENTICATION_REQUIRED")


def test_a_revoked_token_is_401(client: TestClient, world: World) -> None:
    secret = add_token(world.platform, world.a.id, Permission.READ)
    assert client.get("/api/v1/achievements", headers=bearer(secret)).status_code == 200
    with world.platform.uow_factory() as uow:
        token = uow.tokens.by_hash(token_hash(secret))
        assert token is not None
        revoke_api_token(
            uow, organisation_id=world.a.id, token_id=token.id, now=world.platform.clock()
        )
        uow.commit()
    response = client.get("/api/v1/achievements", headers=bearer(secret))
    problem = assert_problem(response, 401, "TOKEN_REVOKED")
    assert "revoked" in problem["detail"]


# --- permissions: 403 ------------------------------------------------------------------------


def test_a_viewer_token_cannot_define_achievements(client: TestClient, world: World) -> None:
    response = client.post(
        "/api/v1/achievements",
        json={"slug": "x", "definition": minimal_definition()},
        headers=world.viewer,
    )
    problem = assert_problem(response, 403, "PERMISSION_DENIED")
    assert problem["permission"] == "manage"


# --- routing: 404, 405 -----------------------------------------------------------------------


def test_an_unknown_route_is_404(client: TestClient) -> None:
    problem = assert_problem(client.get("/no/such/thing"), 404, "NOT_FOUND")
    assert "/no/such/thing" in problem["detail"]


def test_an_unknown_object_is_404(client: TestClient, world: World) -> None:
    response = client.get(
        "/api/v1/achievements/00000000-0000-4000-8000-000000000000", headers=world.a.headers
    )
    assert_problem(response, 404, "NOT_FOUND")


def test_a_method_a_route_does_not_take_is_405_with_allow(client: TestClient) -> None:
    response = client.delete("/healthz")
    problem = assert_problem(response, 405, "METHOD_NOT_ALLOWED")
    assert response.headers["Allow"] == "GET"
    assert "DELETE" in problem["detail"]


# --- bodies: 413, 415, 400, 422 --------------------------------------------------------------


@pytest.fixture
def small_client() -> Iterator[TestClient]:
    """A service accepting bodies of at most 1024 bytes."""
    with TestClient(create_app(make_platform(max_request_bytes=1024)), base_url=BASE_URL) as c:
        yield c


def test_a_declared_length_over_the_limit_is_413_before_reading(
    small_client: TestClient,
) -> None:
    response = small_client.post(
        "/credentials/verify",
        content=b"{" + b" " * 2000 + b"}",
        headers={"Content-Type": "application/json"},
    )
    problem = assert_problem(response, 413, "PAYLOAD_TOO_LARGE")
    assert "1024" in problem["detail"]


def test_a_streamed_body_is_counted_while_it_is_read(small_client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:  # no Content-Length: the body is sent chunked
        yield b'{"verifiableCredential": "'
        for _ in range(40):
            yield b"x" * 100
        yield b'"}'

    response = small_client.post(
        "/credentials/verify", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert "content-length" not in response.request.headers
    assert_problem(response, 413, "PAYLOAD_TOO_LARGE")


def test_a_false_small_content_length_does_not_get_past_the_limit() -> None:
    # a client cannot announce 10 bytes and send more: the count, not the header, decides
    sent: list[dict[str, Any]] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        while True:
            message = await receive()
            if not message.get("more_body"):
                break

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"x" * 600, "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    middleware = BodyLimitMiddleware(app, max_bytes=1024)
    scope = {"type": "http", "headers": [(b"content-length", b"10")]}
    with pytest.raises(PayloadTooLargeError):
        asyncio.run(middleware(scope, receive, send))


def test_an_unreadable_content_length_is_left_to_the_count() -> None:
    received: list[bytes] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        received.append((await receive())["body"])

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"{}", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        raise AssertionError("nothing is sent for a body within the limit")

    scope = {"type": "http", "headers": [(b"content-length", b"two")]}
    asyncio.run(BodyLimitMiddleware(app, max_bytes=1024)(scope, receive, send))
    assert received == [b"{}"]


def test_an_upload_over_the_limit_is_413(small_client: TestClient) -> None:
    response = small_client.post(
        "/api/v1/jobs",
        files={"file": ("big.csv", b"recipient\r\n" + b"did:example:a\r\n" * 200, "text/csv")},
        data={"achievement_id": "00000000-0000-4000-8000-000000000000"},
        headers=bearer("cst_" + "A" * 43),
    )
    assert_problem(response, 413, "PAYLOAD_TOO_LARGE")


def test_a_body_that_is_not_json_is_415(client: TestClient, world: World) -> None:
    response = client.post(
        "/api/v1/achievements",
        content=b"slug=x",
        headers={**world.a.headers, "Content-Type": "application/x-www-form-urlencoded"},
    )
    problem = assert_problem(response, 415, "UNSUPPORTED_MEDIA_TYPE")
    assert problem["content_type"] == "application/x-www-form-urlencoded"


def test_a_body_without_a_content_type_is_415(client: TestClient) -> None:
    response = client.post("/credentials/verify", content=b'{"verifiableCredential": "x"}')
    assert_problem(response, 415, "UNSUPPORTED_MEDIA_TYPE")


def test_a_json_suffix_media_type_is_accepted(client: TestClient, world: World) -> None:
    response = client.post(
        "/api/v1/achievements",
        content=b'{"slug": "x", "definition": {}}',
        headers={**world.a.headers, "Content-Type": "application/merge-patch+json"},
    )
    assert response.status_code != 415


def test_malformed_json_is_400_parsing_error(client: TestClient) -> None:
    response = client.post(
        "/credentials/verify",
        content=b'{"verifiableCredential": ',
        headers={"Content-Type": "application/json"},
    )
    problem = assert_problem(response, 400, "PARSING_ERROR")
    assert problem["line"] == 1


@pytest.mark.parametrize("text", [b'{"a": NaN}', b'{"a": Infinity}', b"[" * 200 + b"]" * 200])
def test_json_that_parsers_disagree_on_is_400(client: TestClient, text: bytes) -> None:
    response = client.post(
        "/credentials/verify", content=text, headers={"Content-Type": "application/json"}
    )
    assert_problem(response, 400, "PARSING_ERROR")


def test_a_duplicate_key_is_400(client: TestClient, world: World) -> None:
    response = client.post(
        "/api/v1/credentials",
        content=b'{"recipient": "did:example:a", "recipient": "did:example:b"}',
        headers={**world.a.headers, "Content-Type": "application/json"},
    )
    problem = assert_problem(response, 400, "DUPLICATE_KEY_ERROR")
    assert problem["key"] == "recipient"


def test_a_duplicate_key_deep_inside_a_credential_is_400(client: TestClient) -> None:
    text = b'{"verifiableCredential": {"credentialSubject": {"id": "a", "id": "b"}}}'
    response = client.post(
        "/credentials/verify", content=text, headers={"Content-Type": "application/json"}
    )
    assert_problem(response, 400, "DUPLICATE_KEY_ERROR")


def test_validation_errors_are_422_with_pointers(client: TestClient, world: World) -> None:
    response = client.post(
        "/api/v1/achievements",
        json={"slug": 5, "definition": [], "colour": "red"},
        headers=world.a.headers,
    )
    problem = assert_problem(response, 422, "INVALID_REQUEST")
    by_pointer = {e["pointer"]: e for e in problem["errors"]}
    assert set(by_pointer) == {"/slug", "/definition", "/colour"}
    assert all(e["in"] == "body" for e in problem["errors"])
    assert by_pointer["/colour"]["message"] == "'colour' is not a member of this request"
    assert "see errors" in problem["detail"]


def test_a_missing_body_is_422(client: TestClient, world: World) -> None:
    response = client.post("/api/v1/achievements", headers=world.a.headers)
    problem = assert_problem(response, 422, "INVALID_REQUEST")
    assert problem["errors"] == [
        {"in": "body", "pointer": "", "message": "this request needs a JSON body"}
    ]


def test_invalid_parameters_are_named(client: TestClient, world: World) -> None:
    response = client.get("/api/v1/credentials?limit=0&state=lost", headers=world.a.headers)
    problem = assert_problem(response, 422, "INVALID_REQUEST")
    assert {(e["in"], e["parameter"]) for e in problem["errors"]} == {
        ("query", "limit"),
        ("query", "state"),
    }


def test_an_unknown_query_parameter_is_refused(client: TestClient, world: World) -> None:
    response = client.get("/api/v1/credentials?limt=5", headers=world.a.headers)
    problem = assert_problem(response, 422, "INVALID_REQUEST")
    assert problem["errors"] == [
        {
            "in": "query",
            "parameter": "limt",
            "message": "this request takes no query parameter 'limt'",
        }
    ]


def test_public_documents_ignore_unknown_query_parameters(client: TestClient, world: World) -> None:
    assert client.get("/orgs/uni-a?utm_source=social").status_code == 200


def test_nul_characters_are_refused_in_bodies(client: TestClient, world: World) -> None:
    response = client.post(
        "/api/v1/credentials",
        content=b'{"achievement_id": "00000000-0000-4000-8000-000000000000", '
        b'"results": [{"value": "8\\u0000"}], "recipient": "did:example:a"}',
        headers={**world.a.headers, "Content-Type": "application/json"},
    )
    problem = assert_problem(response, 422, "INVALID_REQUEST")
    assert problem["errors"] == [
        {
            "in": "body",
            "pointer": "/results/0/value",
            "message": "text may not contain NUL characters",
        }
    ]


def test_nul_characters_are_refused_in_keys_and_on_the_vc_api(client: TestClient) -> None:
    response = client.post(
        "/credentials/verify",
        content=b'{"verifiableCredential": {"a\\u0000": 1}}',
        headers={"Content-Type": "application/json"},
    )
    problem = assert_problem(response, 400, "INVALID_REQUEST")
    assert problem["errors"][0]["pointer"] == "/verifiableCredential/a\\0"


def test_an_escaped_backslash_before_u0000_is_not_a_nul(client: TestClient, world: World) -> None:
    text = b'{"slug": "x", "definition": {"id": "https://uni.example/a", "title": "t", '
    text += b'"description": "a literal \\\\u0000", "criteria": "c"}}'
    response = client.post(
        "/api/v1/achievements",
        content=text,
        headers={**world.a.headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 201, response.text
    assert response.json()["definition"]["description"] == "a literal \\u0000"


@pytest.mark.parametrize(
    ("url", "where"),
    [("/orgs/a%00b", ("path", "")), ("/api/v1/credentials?recipient=a%00", ("query", "recipient"))],
)
def test_nul_characters_are_refused_in_urls(
    client: TestClient, world: World, url: str, where: tuple[str, str]
) -> None:
    problem = assert_problem(client.get(url, headers=world.a.headers), 422, "INVALID_REQUEST")
    assert (problem["errors"][0]["in"], problem["errors"][0]["parameter"]) == where


def test_a_malformed_path_id_is_422(client: TestClient, world: World) -> None:
    response = client.get("/api/v1/achievements/not-a-uuid", headers=world.a.headers)
    problem = assert_problem(response, 422, "INVALID_REQUEST")
    assert problem["errors"][0]["in"] == "path"


def test_pointers_escape_slash_and_tilde() -> None:
    error = {"loc": ("body", "a/b", "c~d", 0), "msg": "bad", "type": "value_error"}
    assert _invalid_member(error)["pointer"] == "/a~1b/c~0d/0"


# --- core and service errors -------------------------------------------------------------


def test_a_policy_violation_is_422_with_every_violation(client: TestClient, world: World) -> None:
    response = client.post(
        "/api/v1/achievements",
        json={"slug": "x", "definition": minimal_definition(), "profiles": ["eu-annex1"]},
        headers=world.a.headers,
    )
    problem = assert_problem(response, 422, "POLICY_VIOLATION")
    assert len(problem["violations"]) > 1
    assert set(problem["violations"][0]) == {"profile", "element", "rule", "message"}


def test_a_conflict_is_409(client: TestClient, world: World, achievement: dict[str, Any]) -> None:
    response = client.post(
        "/api/v1/achievements",
        json={"slug": achievement["slug"], "definition": minimal_definition()},
        headers=world.a.headers,
    )
    problem = assert_problem(response, 409, "ALREADY_EXISTS")
    assert problem["field"] == "slug"


def test_extra_members_never_replace_the_standard_ones() -> None:
    response = problem_response(
        404, "NOT_FOUND", "gone", extra={"status": 200, "code": "OK", "what": 1}
    )
    assert response.status_code == 404
    assert b'"status":404' in response.body
    assert b'"what":1' in response.body
    assert b'"OK"' not in response.body


def test_a_key_store_failure_is_a_500_problem_naming_no_secret(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    key_store = world.platform.key_store
    assert isinstance(key_store, FakeKeyStore)
    with TestClient(create_app(world.platform), base_url=BASE_URL) as client:
        achievement = client.post(
            "/api/v1/achievements",
            json={"slug": "x", "definition": minimal_definition()},
            headers=world.a.headers,
        ).json()
        key_store.secrets.clear()
        clear_key_cache()  # signing keys are kept unsealed in memory once loaded
        with caplog.at_level(logging.ERROR, logger="credstack.web"):
            response = client.post(
                "/api/v1/credentials",
                json={"achievement_id": achievement["id"], "recipient": "did:example:a"},
                headers=world.a.headers,
            )
    assert_problem(response, 500, "KEY_STORE_ERROR")
    assert "KEY_STORE_ERROR on POST /api/v1/credentials" in caplog.text


# --- the last resort ----------------------------------------------------------------------


def test_an_unexpected_error_is_a_500_problem_without_internals(
    caplog: pytest.LogCaptureFixture,
) -> None:
    app = create_app(make_platform())

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret internals: password=hunter2")

    with (
        TestClient(app, base_url=BASE_URL, raise_server_exceptions=False) as client,
        caplog.at_level(logging.ERROR, logger="credstack.web"),
    ):
        response = client.get("/boom")
    problem = assert_problem(response, 500, "INTERNAL_ERROR")
    assert "hunter2" not in response.text
    assert "RuntimeError" not in response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    assert "/boom" in caplog.text
    assert "hunter2" in caplog.text  # the log keeps what the client is not told
    assert problem["detail"].startswith("the service failed")
