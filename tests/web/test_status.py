"""``GET /status/{list_id}``: the signed status list, with caching headers and 304s."""

from __future__ import annotations

from datetime import timedelta
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

import pytest

from tests.web.conftest import BASE_URL, TestClient, World, assert_problem


@pytest.fixture
def list_path(issued: dict[str, Any]) -> str:
    return str(issued["status_list_url"]).removeprefix(BASE_URL)


def test_the_status_list_is_signed_and_cacheable(
    client: TestClient, world: World, list_path: str
) -> None:
    response = client.get(list_path)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/vc+ld+json"
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert response.headers["ETag"].startswith('"')
    assert parsedate_to_datetime(response.headers["Last-Modified"]).tzinfo is not None
    document = response.json()
    assert document["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert document["issuer"] == world.a.did
    assert document["proof"]


def test_the_current_etag_gets_304_without_a_body(client: TestClient, list_path: str) -> None:
    first = client.get(list_path)
    again = client.get(list_path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Cache-Control"] == "public, max-age=300"


@pytest.mark.parametrize("form", ['"other", {etag}', "W/{etag}", "*"])
def test_if_none_match_lists_weak_tags_and_star(
    client: TestClient, list_path: str, form: str
) -> None:
    etag = client.get(list_path).headers["ETag"]
    response = client.get(list_path, headers={"If-None-Match": form.format(etag=etag)})
    assert response.status_code == 304


def test_another_etag_gets_the_document(client: TestClient, list_path: str) -> None:
    response = client.get(list_path, headers={"If-None-Match": '"stale"'})
    assert response.status_code == 200
    assert response.json()["proof"]


def test_if_modified_since_applies_without_if_none_match(
    client: TestClient, list_path: str
) -> None:
    modified = parsedate_to_datetime(client.get(list_path).headers["Last-Modified"])
    same = client.get(list_path, headers={"If-Modified-Since": format_datetime(modified, True)})
    assert same.status_code == 304
    earlier = format_datetime(modified - timedelta(seconds=1), True)
    assert client.get(list_path, headers={"If-Modified-Since": earlier}).status_code == 200
    for unreadable in ("yesterday", "Sun, 01 Jan 2090 00:00:00 -0000"):  # no date, no zone
        response = client.get(list_path, headers={"If-Modified-Since": unreadable})
        assert response.status_code == 200
    # If-None-Match wins over If-Modified-Since
    both = client.get(
        list_path,
        headers={"If-None-Match": '"stale"', "If-Modified-Since": format_datetime(modified, True)},
    )
    assert both.status_code == 200


def test_a_revocation_changes_the_etag(
    client: TestClient, world: World, issued: dict[str, Any], list_path: str
) -> None:
    before = client.get(list_path).headers["ETag"]
    client.post(f"/api/v1/credentials/{issued['id']}/revoke", headers=world.a.headers)
    response = client.get(list_path, headers={"If-None-Match": before})
    assert response.status_code == 200
    assert response.headers["ETag"] != before


def test_an_unknown_list_is_404(client: TestClient) -> None:
    response = client.get("/status/00000000-0000-4000-8000-000000000000")
    assert_problem(response, 404, "NOT_FOUND")


def test_a_malformed_list_id_is_422(client: TestClient) -> None:
    assert_problem(client.get("/status/seven"), 422, "INVALID_REQUEST")
