"""The VC-API on requests whose credential is not one, or that are not requests at all.

Two kinds of answer, never a 500:

- the request itself cannot be used: a **problem document** — 415 for a body that is not
  ``application/json``, 400 ``PARSING_ERROR`` for a body that is not strict JSON (binary,
  UTF-16, a byte order mark, truncated), 400 ``INVALID_REQUEST`` for JSON of another shape
  (not an object, no ``verifiableCredential``, one that is neither an object nor a string);
- the request is well formed, but what it carries is not a credential (an empty string, an
  SVG badge, words): **200 with a report** whose ``format`` check failed, exactly like the
  CLI's report of such a file.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson
import pytest

from credstack.core.verify.inputs import NOT_READ_YET
from tests.factories import VECTORS, issue
from tests.web.conftest import (
    BASE_URL,
    TestClient,
    assert_problem,
    create_app,
    make_platform,
    no_server_errors,
)

SAMPLES = VECTORS / "samples" / "ob-v3p0" / "1edtech-validator"
ENDPOINTS = {
    "/credentials/verify": "verifiableCredential",
    "/presentations/verify": "verifiablePresentation",
}
JSON = {"Content-Type": "application/json"}


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(make_platform()), base_url=BASE_URL) as test_client:
        test_client.event_hooks = {"request": [], "response": [no_server_errors]}
        yield test_client


@pytest.fixture(params=list(ENDPOINTS))
def endpoint(request: pytest.FixtureRequest) -> str:
    path: str = request.param
    return path


def _body(endpoint: str, document: Any) -> bytes:
    return orjson.dumps({ENDPOINTS[endpoint]: document})


# --- the request cannot be used: problem documents ----------------------------------------


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"verify this", "unexpected character"),
        (b" \r\n", "input data is empty"),
        (b'{"verifiableCredential": {"type": [', "unexpected end of data"),
        (bytes(range(256)), "not UTF-8 text (byte 0x80 at offset 128)"),
        ((SAMPLES / "simple-json.png").read_bytes(), "not UTF-8 text (byte 0x89 at offset 0)"),
        ('{"verifiableCredential": {}}'.encode("utf-16"), "the text is UTF-16"),
        (b'\xef\xbb\xbf{"verifiableCredential": {}}', "the text begins with a byte order mark"),
    ],
    ids=["words", "whitespace", "truncated", "binary", "png", "utf16", "byte-order-mark"],
)
def test_a_body_that_is_not_strict_json_is_400_parsing_error(
    client: TestClient, endpoint: str, body: bytes, words: str
) -> None:
    problem = assert_problem(
        client.post(endpoint, content=body, headers=JSON), 400, "PARSING_ERROR"
    )
    assert problem["detail"].startswith("the request body is not acceptable JSON: not valid JSON")
    assert words in problem["detail"]


@pytest.mark.parametrize(
    ("body", "kind"),
    [(b"[]", "an array"), (b"null", "null"), (b"42", "a number"), (b'"x"', "a string")],
)
def test_a_body_that_is_not_an_object_is_400(
    client: TestClient, endpoint: str, body: bytes, kind: str
) -> None:
    problem = assert_problem(
        client.post(endpoint, content=body, headers=JSON), 400, "INVALID_REQUEST"
    )
    assert problem["errors"] == [
        {
            "in": "body",
            "pointer": "",
            "message": f"the request body must be a JSON object, not {kind}",
        }
    ]


@pytest.mark.parametrize(
    ("document", "kind"), [(42, "a number"), ([], "an array"), (None, "null"), (True, "a boolean")]
)
def test_a_document_neither_object_nor_string_is_one_error(
    client: TestClient, endpoint: str, document: Any, kind: str
) -> None:
    response = client.post(endpoint, content=_body(endpoint, document), headers=JSON)
    problem = assert_problem(response, 400, "INVALID_REQUEST")
    pointer = "/" + ENDPOINTS[endpoint]
    message = f"must be an object, or a compact JWS (VC-JWT) as a string, not {kind}"
    assert problem["errors"] == [{"in": "body", "pointer": pointer, "message": message}]
    assert problem["detail"] == f"{pointer}: {message}"


def test_an_empty_body_is_400(client: TestClient, endpoint: str) -> None:
    for headers in (JSON, {}):
        problem = assert_problem(
            client.post(endpoint, content=b"", headers=headers), 400, "INVALID_REQUEST"
        )
        assert problem["detail"] == "this request needs a JSON body"


def test_a_request_without_the_document_is_400(client: TestClient, endpoint: str) -> None:
    problem = assert_problem(
        client.post(endpoint, content=b"{}", headers=JSON), 400, "INVALID_REQUEST"
    )
    assert problem["errors"][0]["pointer"] == "/" + ENDPOINTS[endpoint]


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        (None, b'{"verifiableCredential": {}}'),
        ("text/plain", b'{"verifiableCredential": {}}'),
        ("application/x-www-form-urlencoded", b"verifiableCredential=x"),
        ("image/png", (SAMPLES / "simple-json.png").read_bytes()),
        ("image/svg+xml", (SAMPLES / "simple-json.svg").read_bytes()),
    ],
    ids=["none", "text", "form", "png", "svg"],
)
def test_a_body_of_another_media_type_is_415(
    client: TestClient, endpoint: str, content_type: str | None, body: bytes
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    problem = assert_problem(
        client.post(endpoint, content=body, headers=headers), 415, "UNSUPPORTED_MEDIA_TYPE"
    )
    assert problem["detail"].startswith("this request takes application/json, not ")


# --- the request is well formed, its document is not a credential: a report ----------------


@pytest.mark.parametrize(
    ("document", "code", "words"),
    [
        ("", "PARSING_ERROR", "the document is empty"),
        (" \n ", "PARSING_ERROR", "the document is only whitespace"),
        ("verify this", "PARSING_ERROR", "neither JSON nor a compact JWS"),
        ("[1, 2]", "PARSING_ERROR", "must be a JSON object, not an array"),
        ('{"type": ', "PARSING_ERROR", "unexpected end of data"),
        ((SAMPLES / "simple-json.svg").read_text(), "UNSUPPORTED_MEDIA_TYPE", NOT_READ_YET),
        ("<!doctype html><html></html>", "UNSUPPORTED_MEDIA_TYPE", "an HTML page"),
        ({}, "MALFORMED_VALUE_ERROR", "must include"),
    ],
    ids=["empty", "whitespace", "words", "array-text", "truncated", "baked-svg", "html", "object"],
)
def test_a_document_that_is_not_a_credential_is_a_report(
    client: TestClient, endpoint: str, document: Any, code: str, words: str
) -> None:
    response = client.post(endpoint, content=_body(endpoint, document), headers=JSON)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    result = response.json()
    assert result["verified"] is False
    assert result["checks"] == ["format"]
    [error] = result["errors"]
    assert (error["check"], error["code"]) == ("format", code)
    assert words in error["detail"]
    [check] = result["report"]["checks"]
    assert (check["id"], check["status"], check["code"]) == ("format", "failed", code)


def test_a_credential_as_a_json_string_is_verified_like_the_object(client: TestClient) -> None:
    credential = issue()
    text = orjson.dumps(credential).decode()
    as_text = client.post("/credentials/verify", json={"verifiableCredential": "\ufeff" + text})
    as_object = client.post("/credentials/verify", json={"verifiableCredential": credential})
    assert as_text.status_code == as_object.status_code == 200
    assert as_object.json()["verified"] is True
    assert as_text.json() == as_object.json()
