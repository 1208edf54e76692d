"""``/api/v1/organisation``: the token's organisation, its country and profile."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from tests.factories import EXAMPLES
from tests.web.conftest import BASE_URL, TestClient, World, assert_problem


def _eu_definition() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        (EXAMPLES / "achievement.yaml").read_text(encoding="utf-8")
    )
    del data["issuer"]  # the organisation is the issuer
    return data


def _patch(client: TestClient, world: World, body: dict[str, Any], **kwargs: Any) -> Any:
    headers = kwargs.pop("headers", world.a.headers)
    return client.patch("/api/v1/organisation", json=body, headers=headers)


def _organisation(client: TestClient, world: World) -> dict[str, Any]:
    body: dict[str, Any] = client.get("/api/v1/organisation", headers=world.a.headers).json()
    return body


def test_the_country_is_set_and_shown_in_the_issuer_profile(
    client: TestClient, world: World
) -> None:
    response = _patch(client, world, {"country": "be"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["country"] == "BE"
    assert body["profile"]["address"] == {
        "type": ["Address"],
        "addressCountry": "Belgium",
        "addressCountryCode": "BE",
    }
    assert _organisation(client, world) == body
    public = client.get("/orgs/uni-a").json()
    assert public["address"]["addressCountryCode"] == "BE"


def test_the_eu_annex1_profile_needs_the_country_the_platform_now_sets(
    client: TestClient, world: World
) -> None:
    assert _patch(client, world, {"country": None}).json()["country"] is None
    create = {"slug": "data-analysis", "profiles": ["eu-annex1"], "definition": _eu_definition()}
    refused = client.post("/api/v1/achievements", json=create, headers=world.a.headers)
    problem = assert_problem(refused, 422, "POLICY_VIOLATION")
    assert [v["element"] for v in problem["violations"]] == ["issuer.country"]

    assert _patch(client, world, {"country": "NL"}).status_code == 200
    created = client.post("/api/v1/achievements", json=create, headers=world.a.headers)
    assert created.status_code == 201, created.text
    issued = client.post(
        "/api/v1/credentials",
        json={"achievement_id": created.json()["id"], "recipient": "did:example:ada"},
        headers=world.a.headers,
    )
    assert issued.status_code == 201, issued.text
    issuer = issued.json()["credential"]["issuer"]
    assert issuer["address"] == {
        "type": ["Address"],
        "addressCountry": "Netherlands",
        "addressCountryCode": "NL",
    }


def test_name_and_profile_are_changed_and_what_is_left_out_stays(
    client: TestClient, world: World
) -> None:
    body = _patch(
        client,
        world,
        {
            "name": "University A of Applied Sciences",
            "profile": {"url": "https://a.example/", "address": {"addressLocality": "Delft"}},
        },
    ).json()
    assert body["name"] == "University A of Applied Sciences"
    assert body["country"] == "NL"
    assert body["profile"]["url"] == "https://a.example/"
    assert body["profile"]["address"] == {
        "type": ["Address"],
        "addressCountry": "Netherlands",
        "addressCountryCode": "NL",
        "addressLocality": "Delft",
    }
    audit = client.get("/api/v1/audit", headers=world.a.headers).json()["items"]
    assert audit[0]["action"] == "organisation.updated"
    assert audit[0]["details"] == {"changed": ["name", "profile"]}


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ({"country": "XX"}, "INVALID_COUNTRY_CODE", "country"),
        ({"country": "Netherlands"}, "INVALID_COUNTRY_CODE", "country"),
        ({"country": "UK"}, "INVALID_COUNTRY_CODE", "country"),
        ({"name": " "}, "INVALID_REQUEST", "name"),
        ({"name": None}, "INVALID_REQUEST", "name"),
        ({"profile": None}, "INVALID_REQUEST", "profile"),
        (
            {"profile": {"address": {"addressCountryCode": "NL"}}},
            "INVALID_REQUEST",
            "profile.address.addressCountryCode",
        ),
        ({"country": "DE", "profile": {"url": "nowhere"}}, "INVALID_REQUEST", "profile.url"),
    ],
)
def test_a_bad_value_is_422_and_changes_nothing(
    client: TestClient, world: World, body: dict[str, Any], code: str, field: str
) -> None:
    before = _organisation(client, world)
    problem = assert_problem(_patch(client, world, body), 422, code)
    assert problem["field"] == field
    assert _organisation(client, world) == before


def test_unknown_members_are_refused(client: TestClient, world: World) -> None:
    problem = assert_problem(_patch(client, world, {"slug": "other"}), 422, "INVALID_REQUEST")
    assert problem["errors"][0]["pointer"] == "/slug"


def test_changing_the_organisation_needs_the_manage_permission(
    client: TestClient, world: World
) -> None:
    response = _patch(client, world, {"country": "DE"}, headers=world.viewer)
    assert_problem(response, 403, "PERMISSION_DENIED")
    assert _organisation(client, world)["country"] == "NL"


def test_each_token_changes_only_its_own_organisation(client: TestClient, world: World) -> None:
    assert _patch(client, world, {"country": "DE"}, headers=world.b.headers).status_code == 200
    assert _organisation(client, world)["country"] == "NL"
    profile = client.get(f"{BASE_URL}/orgs/uni-b").json()
    assert profile["address"]["addressCountryCode"] == "DE"
