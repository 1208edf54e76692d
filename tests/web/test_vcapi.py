"""The W3C VC-API: issue and verify credentials (presentations: test_vcapi_presentations)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.factories import issue, sign_ed25519_2020
from tests.web.conftest import TestClient, World, assert_problem
from tests.web.payloads import OB_V3
from tests.web.payloads import vc_api_template as template


def _issue(client: TestClient, world: World, body: dict[str, Any]) -> Any:
    return client.post("/credentials/issue", json=body, headers=world.a.headers)


# --- issue ---------------------------------------------------------------------------------


def test_vc_api_issues_the_achievement_named_by_its_url(
    client: TestClient, world: World, achievement: dict[str, Any]
) -> None:
    response = _issue(client, world, {"credential": template(achievement["url"])})
    assert response.status_code == 201, response.text
    credential = response.json()["verifiableCredential"]
    assert credential["issuer"]["id"] == world.a.did
    assert credential["credentialSubject"]["id"] == "did:example:ada"
    assert credential["credentialSubject"]["achievement"]["id"] == achievement["url"]
    assert credential["name"] == "Introduction to Git"
    assert credential["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022"
    assert credential["credentialStatus"]["type"] == "BitstringStatusListEntry"
    listed = client.get("/api/v1/credentials", headers=world.a.headers).json()
    assert listed["items"][0]["credential_id"] == credential["id"]


@pytest.mark.parametrize("issuer", ["did", {"id": "did"}])
def test_the_organisation_may_be_named_as_issuer(
    client: TestClient, world: World, achievement: dict[str, Any], issuer: Any
) -> None:
    named = world.a.did if issuer == "did" else {"id": world.a.did}
    response = _issue(
        client,
        world,
        {
            "credential": template(None, issuer=named, validUntil="2099-01-01T00:00:00Z"),
            "options": {
                "achievementId": achievement["id"],
                "credentialStatus": {"type": "BitstringStatusListEntry"},
            },
        },
    )
    assert response.status_code == 201, response.text
    assert response.json()["verifiableCredential"]["validUntil"] == "2099-01-01T00:00:00Z"


def test_another_issuer_is_refused(
    client: TestClient, world: World, achievement: dict[str, Any]
) -> None:
    body = {"credential": template(achievement["url"], issuer=world.b.did)}
    problem = assert_problem(_issue(client, world, body), 422, "INVALID_REQUEST")
    assert problem["field"] == "credential.issuer"


@pytest.mark.parametrize("member", ["id", "proof", "credentialStatus", "validFrom"])
def test_server_set_members_are_refused_with_400(
    client: TestClient, world: World, achievement: dict[str, Any], member: str
) -> None:
    body = {"credential": template(achievement["url"], **{member: "x"})}
    problem = assert_problem(_issue(client, world, body), 400, "INVALID_REQUEST")
    [error] = problem["errors"]
    assert error["pointer"] == f"/credential/{member}"
    assert "set by the server" in error["message"]


@pytest.mark.parametrize(
    ("changes", "pointer"),
    [
        ({"type": ["VerifiableCredential"]}, "/credential/type"),
        ({"@context": [OB_V3]}, "/credential/@context"),
        ({"credentialSubject": {"type": "AchievementSubject"}}, "/credential/credentialSubject/id"),
    ],
)
def test_a_template_of_the_wrong_shape_is_400(
    client: TestClient,
    world: World,
    achievement: dict[str, Any],
    changes: dict[str, Any],
    pointer: str,
) -> None:
    body = {"credential": template(achievement["url"], **changes)}
    problem = assert_problem(_issue(client, world, body), 400, "INVALID_REQUEST")
    assert problem["errors"][0]["pointer"] == pointer


def test_the_achievement_must_be_named(client: TestClient, world: World) -> None:
    problem = assert_problem(
        _issue(client, world, {"credential": template(None)}), 422, "INVALID_REQUEST"
    )
    assert problem["field"] == "credential.credentialSubject.achievement.id"


def test_two_different_achievements_are_refused(
    client: TestClient, world: World, achievement: dict[str, Any]
) -> None:
    body = {
        "credential": template(achievement["url"]),
        "options": {"achievementId": "00000000-0000-4000-8000-000000000000"},
    }
    problem = assert_problem(_issue(client, world, body), 422, "INVALID_REQUEST")
    assert problem["field"] == "options.achievementId"


def test_an_old_version_is_refused(
    client: TestClient, world: World, achievement: dict[str, Any]
) -> None:
    client.put(
        f"/api/v1/achievements/{achievement['id']}",
        json={"definition": achievement["definition"]},
        headers=world.a.headers,
    )
    body = {"credential": template(achievement["url"])}  # names ?v=1; 2 is the latest
    problem = assert_problem(_issue(client, world, body), 422, "INVALID_REQUEST")
    assert problem["detail"].endswith("(2), not version 1")


@pytest.mark.parametrize("suffix", ["", "?v=x", "?v=1&v=2", "?w=1", "#frag", "/more", "not-a-uuid"])
def test_urls_that_name_no_achievement_of_the_organisation_are_404(
    client: TestClient, world: World, achievement: dict[str, Any], suffix: str
) -> None:
    base = achievement["url"].split("?")[0]
    url = base.rsplit("/", 1)[0] + "/" + suffix if suffix == "not-a-uuid" else base + suffix
    response = _issue(client, world, {"credential": template(url)})
    if suffix == "":
        assert response.status_code == 201  # the unversioned URL names the latest version
    else:
        assert_problem(response, 404, "NOT_FOUND")


def test_vc_api_issue_needs_a_token(client: TestClient, achievement: dict[str, Any]) -> None:
    response = client.post("/credentials/issue", json={"credential": template(achievement["url"])})
    assert_problem(response, 401, "AUTHENTICATION_REQUIRED")


def test_a_vc_jwt_is_issued_enveloped_and_verifies(
    client: TestClient, world: World, achievement: dict[str, Any]
) -> None:
    body = {"credential": template(achievement["url"]), "options": {"suite": "vc-jwt"}}
    response = _issue(client, world, body)
    assert response.status_code == 201
    enveloped = response.json()["verifiableCredential"]
    assert enveloped["type"] == "EnvelopedVerifiableCredential"
    assert enveloped["id"].startswith("data:application/vc+jwt,ey")
    verified = client.post("/credentials/verify", json={"verifiableCredential": enveloped})
    assert verified.json()["verified"] is True
    token = enveloped["id"].split(",", 1)[1]
    as_text = client.post("/credentials/verify", json={"verifiableCredential": token})
    assert as_text.json()["verified"] is True


# --- verify --------------------------------------------------------------------------------


def test_a_credential_issued_through_the_api_verifies(
    client: TestClient, issued: dict[str, Any]
) -> None:
    response = client.post(
        "/credentials/verify", json={"verifiableCredential": issued["credential"]}
    )
    assert response.status_code == 200
    result = response.json()
    assert result["verified"] is True
    assert result["errors"] == []
    assert {"format", "proof", "key", "status", "dates"} <= set(result["checks"])
    assert result["report"]["verified"] is True
    assert [c["id"] for c in result["report"]["checks"]][:2] == ["format", "contexts"]


def test_a_tampered_credential_does_not_verify_but_is_200(
    client: TestClient, issued: dict[str, Any]
) -> None:
    tampered = copy.deepcopy(issued["credential"])
    tampered["credentialSubject"]["id"] = "did:example:mallory"
    response = client.post("/credentials/verify", json={"verifiableCredential": tampered})
    assert response.status_code == 200
    result = response.json()
    assert result["verified"] is False
    [error] = result["errors"]
    assert error["check"] == "proof"
    assert error["code"] == "PROOF_VERIFICATION_ERROR"
    assert error["type"].endswith("#PROOF_VERIFICATION_ERROR")


@pytest.mark.parametrize(
    ("edit", "path"),
    [
        (lambda c: c["credentialSubject"]["achievement"].__setitem__("grade", "A+"),
         "credentialSubject.achievement.grade"),
        (lambda c: c["credentialSubject"].__setitem__("poison", "x"), "credentialSubject.poison"),
    ],
    ids=["grade", "poison"],
)  # fmt: skip
def test_a_claim_the_signature_does_not_cover_does_not_verify(
    client: TestClient, issued: dict[str, Any], edit: Any, path: str
) -> None:
    widened = copy.deepcopy(issued["credential"])
    edit(widened)
    legacy = sign_ed25519_2020(issue())
    edit(legacy)
    for document, options in (
        (widened, {}),
        (widened, {"options": {"strict": True}}),
        (legacy, {}),
    ):
        response = client.post(
            "/credentials/verify", json={"verifiableCredential": document, **options}
        )
        assert response.status_code == 200
        result = response.json()
        assert result["verified"] is False
        [error] = result["errors"]
        assert (error["check"], error["code"]) == ("proof", "UNSIGNED_CONTENT")
        assert path in error["detail"]
        proof = next(c for c in result["report"]["checks"] if c["id"] == "proof")
        assert proof["detail"] == {"paths": [path]}


def test_a_revoked_credential_does_not_verify(
    client: TestClient, world: World, issued: dict[str, Any]
) -> None:
    client.post(f"/api/v1/credentials/{issued['id']}/revoke", headers=world.a.headers)
    result = client.post(
        "/credentials/verify", json={"verifiableCredential": issued["credential"]}
    ).json()
    assert result["verified"] is False
    assert [(e["check"], e["code"]) for e in result["errors"]] == [("status", "CREDENTIAL_REVOKED")]


def test_a_suspended_credential_does_not_verify_on_the_platform(
    client: TestClient, world: World, issued: dict[str, Any]
) -> None:
    client.post(f"/api/v1/credentials/{issued['id']}/suspend", headers=world.a.headers)
    result = client.post(
        "/credentials/verify", json={"verifiableCredential": issued["credential"]}
    ).json()
    assert [e["code"] for e in result["errors"]] == ["CREDENTIAL_SUSPENDED"]


def test_something_that_is_not_a_credential_is_verified_false(client: TestClient) -> None:
    response = client.post("/credentials/verify", json={"verifiableCredential": {"a": 1}})
    assert response.status_code == 200
    assert response.json()["verified"] is False


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"verifiableCredential": 5},
        {"verifiableCredential": "x", "options": {"checks": ["proof"]}},
        {"credential": {}},
    ],
)
def test_a_malformed_verify_request_is_400(client: TestClient, body: dict[str, Any]) -> None:
    problem = assert_problem(client.post("/credentials/verify", json=body), 400, "INVALID_REQUEST")
    assert problem["errors"]


def test_strict_verification_is_an_option(client: TestClient, issued: dict[str, Any]) -> None:
    response = client.post(
        "/credentials/verify",
        json={"verifiableCredential": issued["credential"], "options": {"strict": True}},
    )
    assert response.json()["verified"] is True
