"""``GET /contexts/{path}``: the extension context, byte for byte what credentials pin."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import pytest

from credstack.core.jsonld.contexts import bundled_context_bytes
from credstack.core.ob3 import CREDSTACK_CONTEXT
from tests.web.conftest import BASE_URL, TestClient, assert_problem

PATH = "/contexts/credstack/v1"
FILE = bundled_context_bytes(CREDSTACK_CONTEXT)
DIGEST = "sha384-" + base64.b64encode(hashlib.sha384(FILE).digest()).decode()


def test_the_extension_context_is_served_byte_for_byte(client: TestClient) -> None:
    response = client.get(PATH)
    assert response.status_code == 200
    assert response.content == FILE
    assert response.headers["content-type"] == "application/ld+json"
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert response.headers["etag"] == f'"{DIGEST}"'
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_an_issued_credential_names_the_served_url_and_its_digest(
    client: TestClient, issued: dict[str, Any]
) -> None:
    credential = issued["credential"]
    url = f"{BASE_URL}{PATH}"
    assert credential["@context"][-1] == url
    [pin] = credential["relatedResource"]
    assert pin == {"id": url, "digestSRI": DIGEST, "mediaType": "application/ld+json"}
    served = client.get(pin["id"].removeprefix(BASE_URL))
    assert served.headers["content-type"] == pin["mediaType"]
    digest = "sha384-" + base64.b64encode(hashlib.sha384(served.content).digest()).decode()
    assert digest == pin["digestSRI"]


@pytest.mark.parametrize(
    "tag", [f'"{DIGEST}"', f'W/"{DIGEST}"', f'"other", "{DIGEST}"', "*"], ids=str
)
def test_a_cached_copy_is_revalidated_without_a_body(client: TestClient, tag: str) -> None:
    response = client.get(PATH, headers={"If-None-Match": tag})
    assert response.status_code == 304
    assert response.content == b""
    assert response.headers["etag"] == f'"{DIGEST}"'
    assert response.headers["cache-control"].endswith("immutable")


def test_another_tag_gets_the_context(client: TestClient) -> None:
    response = client.get(PATH, headers={"If-None-Match": '"sha384-stale"'})
    assert response.status_code == 200
    assert response.content == FILE


def test_a_browser_on_any_origin_may_read_it(client: TestClient) -> None:
    response = client.get(PATH, headers={"Origin": "https://verifier.example"})
    assert response.status_code == 200
    assert response.headers.get_list("access-control-allow-origin") == ["*"]
    preflight = client.options(
        PATH,
        headers={"Origin": "https://verifier.example", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"


def test_a_shared_link_with_a_query_still_resolves(client: TestClient) -> None:
    assert client.get(f"{PATH}?utm_source=mail").content == FILE


@pytest.mark.parametrize(
    "path",
    [
        "/contexts/credstack/v2",
        "/contexts/credstack/v1.jsonld",
        "/contexts/credstack",
        "/contexts/",
        "/contexts/w3c/credentials-v2.jsonld",
        "/contexts/..%2Findex.json",
    ],
)
def test_only_the_published_contexts_are_served(client: TestClient, path: str) -> None:
    problem = assert_problem(client.get(path), 404, "NOT_FOUND")
    assert "/contexts/credstack/v1" in problem["detail"]
