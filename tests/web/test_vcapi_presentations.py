"""The W3C VC-API ``POST /presentations/verify``: signed by the subject, for the challenge.

Like Digital Bazaar's verifier, the route verifies a presentation only when it is signed, by
the subject of its credentials, answering the challenge the request gives (decision 0010).
A presentation that does not verify is a 200 answer with ``verified: false``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from tests.factories import HOLDER, OTHER, add_signature, presentation
from tests.web.conftest import TestClient, World, assert_problem

VERIFIER = {"challenge": "c0ffee", "domain": "verifier.example"}


def _issue(client: TestClient, world: World, achievement: dict[str, Any], recipient: Any) -> Any:
    response = client.post(
        "/api/v1/credentials",
        json={"achievement_id": achievement["id"], "recipient": recipient},
        headers=world.a.headers,
    )
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
def held(client: TestClient, world: World, achievement: dict[str, Any]) -> dict[str, Any]:
    """A credential of organisation A about HOLDER, who presents it."""
    created: dict[str, Any] = _issue(client, world, achievement, HOLDER.controller)
    return created


def _vp(credentials: list[Any], **changes: Any) -> dict[str, Any]:
    return presentation(credentials, created=datetime.now(UTC).replace(microsecond=0), **changes)


def _verify(client: TestClient, vp: Any, **options: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"verifiablePresentation": vp}
    if options:
        body["options"] = options
    response = client.post("/presentations/verify", json=body)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def _errors(result: dict[str, Any]) -> set[tuple[str, str]]:
    return {(e["check"], e["code"]) for e in result["errors"]}


def test_a_presentation_verifies_with_its_challenge_and_domain(
    client: TestClient, held: dict[str, Any]
) -> None:
    result = _verify(client, _vp([held["credential"]]), **VERIFIER)
    assert result["verified"] is True, result
    assert result["checks"][:7] == [
        "format", "contexts", "proof", "key", "challenge", "holder", "presentation",
    ]  # fmt: skip
    assert result["warnings"] == []
    assert result["report"]["credentials"][0]["verified"] is True


@pytest.mark.parametrize(
    ("options", "code"),
    [
        ({"challenge": "other"}, "INVALID_CHALLENGE_ERROR"),
        ({"challenge": "c0ffee", "domain": "other.example"}, "INVALID_DOMAIN_ERROR"),
        ({}, "NO_CHALLENGE"),
        ({"domain": "verifier.example"}, "NO_CHALLENGE"),
    ],
    ids=["wrong-challenge", "wrong-domain", "no-options", "no-challenge"],
)
def test_a_presentation_not_bound_to_this_verification_fails(
    client: TestClient, held: dict[str, Any], options: dict[str, str], code: str
) -> None:
    result = _verify(client, _vp([held["credential"]]), **options)
    assert result["verified"] is False
    assert _errors(result) == {("challenge", code)}


def test_an_unsigned_presentation_fails(client: TestClient, held: dict[str, Any]) -> None:
    result = _verify(client, _vp([held["credential"]], holder=None), **VERIFIER)
    assert result["verified"] is False
    assert _errors(result) == {("proof", "NO_PROOF")}
    assert result["report"]["credentials"][0]["verified"] is True


def test_a_presentation_by_someone_other_than_the_subject(
    client: TestClient, world: World, achievement: dict[str, Any]
) -> None:
    about_ada = _issue(client, world, achievement, "did:example:ada")
    vp = _vp([about_ada["credential"]])
    result = _verify(client, vp, **VERIFIER)
    assert result["verified"] is False
    assert _errors(result) == {("holder", "HOLDER_NOT_SUBJECT")}
    allowed = _verify(client, vp, **VERIFIER, allowHolderNotSubject=True)
    assert allowed["verified"] is True
    assert [(w["check"], w["code"]) for w in allowed["warnings"]] == [
        ("holder", "HOLDER_NOT_SUBJECT")
    ]


def test_a_holder_that_did_not_sign(client: TestClient, held: dict[str, Any]) -> None:
    unsigned = {**_vp([held["credential"]], holder=None), "holder": HOLDER.controller}
    created = datetime.now(UTC).replace(microsecond=0)
    vp = add_signature(unsigned, OTHER, created=created, proof_purpose="authentication", **VERIFIER)
    result = _verify(client, vp, **VERIFIER)
    assert result["verified"] is False
    assert _errors(result) == {("holder", "HOLDER_MISMATCH")}


def test_a_hashed_email_subject_warns_or_fails_when_strict(
    client: TestClient, world: World, achievement: dict[str, Any]
) -> None:
    by_email = _issue(client, world, achievement, "ada@example.org")
    vp = _vp([by_email["credential"]])
    result = _verify(client, vp, **VERIFIER)
    assert result["verified"] is True
    assert [(w["check"], w["code"]) for w in result["warnings"]] == [
        ("holder", "SUBJECT_NOT_BINDABLE")
    ]
    strict = _verify(client, vp, **VERIFIER, strict=True)
    assert strict["verified"] is False
    assert _errors(strict) == {("holder", "SUBJECT_NOT_BINDABLE")}
    subject = by_email["credential"]["credentialSubject"]
    assert "id" not in subject
    assert subject["identifier"][0]["hashed"] is True


def test_a_revoked_credential_fails_its_presentation(
    client: TestClient, world: World, held: dict[str, Any]
) -> None:
    client.post(f"/api/v1/credentials/{held['id']}/revoke", headers=world.a.headers)
    result = _verify(client, _vp([held["credential"]]), **VERIFIER)
    assert result["verified"] is False
    assert ("status", "CREDENTIAL_REVOKED") in _errors(result)


@pytest.mark.parametrize(
    "body",
    [
        {"verifiablePresentation": []},
        {"verifiablePresentation": {}, "options": {"allowHolderNotSubject": "yes"}},
        {"verifiablePresentation": {}, "options": {"allow_holder_not_subject": True}},
    ],
    ids=["not-a-presentation", "not-a-boolean", "python-name"],
)
def test_a_malformed_presentation_request_is_400(client: TestClient, body: dict[str, Any]) -> None:
    response = client.post("/presentations/verify", json=body)
    assert_problem(response, 400, "INVALID_REQUEST")
