"""The OpenAPI document: served, valid JSON, every route in it, every error a problem."""

from __future__ import annotations

import json
from typing import Any

from tests.web.conftest import TestClient

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}


def _document(client: TestClient) -> dict[str, Any]:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    document: dict[str, Any] = json.loads(response.content)
    return document


def test_the_document_names_the_service(client: TestClient) -> None:
    document = _document(client)
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "credstack"
    assert document["info"]["version"] == "0.1.0"
    assert "problem" in document["info"]["description"]


ROUTES = {
    ("get", "/api/v1/organisation"),
    ("patch", "/api/v1/organisation"),
    ("post", "/api/v1/achievements"),
    ("get", "/api/v1/achievements"),
    ("get", "/api/v1/achievements/{achievement_id}"),
    ("put", "/api/v1/achievements/{achievement_id}"),
    ("get", "/api/v1/achievements/{achievement_id}/versions"),
    ("post", "/api/v1/credentials"),
    ("get", "/api/v1/credentials"),
    ("get", "/api/v1/credentials/{record_id}"),
    ("post", "/api/v1/credentials/{record_id}/revoke"),
    ("post", "/api/v1/credentials/{record_id}/suspend"),
    ("post", "/api/v1/credentials/{record_id}/reinstate"),
    ("post", "/api/v1/jobs"),
    ("get", "/api/v1/jobs/{job_id}"),
    ("post", "/api/v1/jobs/{job_id}/cancel"),
    ("get", "/api/v1/jobs/{job_id}/results"),
    ("post", "/api/v1/keys/rotate"),
    ("post", "/api/v1/tokens"),
    ("get", "/api/v1/tokens"),
    ("post", "/api/v1/tokens/{token_id}/revoke"),
    ("get", "/api/v1/audit"),
    ("get", "/orgs/{slug}"),
    ("get", "/orgs/{slug}/did.json"),
    ("get", "/status/{list_id}"),
    ("get", "/c/{public_token}"),
    ("get", "/contexts/{path}"),
    ("post", "/credentials/issue"),
    ("post", "/credentials/verify"),
    ("post", "/presentations/verify"),
    ("get", "/healthz"),
}


def test_every_route_is_documented(client: TestClient) -> None:
    document = _document(client)
    documented = {(method, path) for path, ops in document["paths"].items() for method in ops}
    assert documented == ROUTES
    summaries = [op["summary"] for ops in document["paths"].values() for op in ops.values()]
    assert len(set(summaries)) == len(ROUTES)


def test_every_error_response_is_a_problem_document(client: TestClient) -> None:
    document = _document(client)
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert "default" in responses, (method, path)
            for status, response in responses.items():
                if status == "default" or int(status) >= 400:
                    assert response["content"] == {
                        "application/problem+json": {"schema": PROBLEM_REF}
                    }, (method, path, status)


def test_every_reference_resolves(client: TestClient) -> None:
    document = _document(client)
    schemas = document["components"]["schemas"]
    text = json.dumps(document)
    for name in {part.split('"')[0] for part in text.split('"#/components/schemas/')[1:]}:
        assert name in schemas, name
    assert "HTTPValidationError" not in schemas
    assert set(schemas["Problem"]["required"]) == {"type", "title", "status", "detail", "code"}


def test_the_issuer_api_declares_its_bearer_tokens(client: TestClient) -> None:
    document = _document(client)
    assert document["components"]["securitySchemes"]["ApiToken"]["scheme"] == "bearer"
    issue = document["paths"]["/api/v1/credentials"]["post"]
    assert issue["security"] == [{"ApiToken": []}]
    assert "security" not in document["paths"]["/credentials/verify"]["post"]


def test_requests_refuse_unknown_members(client: TestClient) -> None:
    schemas = _document(client)["components"]["schemas"]
    for name in ("AchievementCreate", "CredentialIssue", "JobCreate", "CredentialTemplate"):
        assert schemas[name]["additionalProperties"] is False, name


def test_bulk_jobs_take_json_or_a_csv_form(client: TestClient) -> None:
    body = _document(client)["paths"]["/api/v1/jobs"]["post"]["requestBody"]
    assert set(body["content"]) == {"application/json", "multipart/form-data"}


def test_the_interactive_documentation_is_served(client: TestClient) -> None:
    response = client.get("/docs")
    assert response.status_code == 200
    assert "/openapi.json" in response.text
