"""A verifier credstack does not control verifies an EU micro-credential a server issued.

A credstack server runs in the test (uvicorn on a free port, embedded SQLite) with a freshly
created organisation, which defines an achievement against the ``eu-annex1`` policy profile
and issues it through the issuer API. The credential uses the credstack extension context
(learning outcomes, workload, assessment, …), named where the server publishes it,
``{base}/contexts/credstack/v1``, and pinned to its digest.

Digital Bazaar's verifier gets the credential as the learner shares it (its hosted URL) and
has only the W3C and 1EdTech contexts bundled. Everything else — the extension context, the
organisation's did:web DID document, the status list — it fetches over HTTP from the server;
any other URL its document loader refuses (``node/webDocumentLoader.mjs``), so a bundled copy
of credstack's context cannot make the test pass. What it fetched is checked too: the context
came from the server, as ``application/ld+json``, byte for byte the bundled file, with the
digest the credential pins.
"""

from __future__ import annotations

import base64
import hashlib
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from credstack.bootstrap import Platform, build_platform
from credstack.core.issuing import SignatureSuite
from credstack.core.jsonld.contexts import bundled_context_bytes
from credstack.core.ob3 import CREDSTACK_CONTEXT
from credstack.services.organisations import create_organisation
from credstack.services.records import Permission
from credstack.services.tokens import create_api_token
from credstack.settings import Settings
from credstack.web.app import create_app
from tests.factories import issue
from tests.interop.conftest import DigitalBazaar, NodeVerification
from tests.services.issuing_support import PROFILE, definition

pytestmark = pytest.mark.interop

STARTUP_TIMEOUT = 15.0
DATA_INTEGRITY = pytest.mark.parametrize(
    "suite", [SignatureSuite.EDDSA_RDFC_2022, SignatureSuite.EDDSA_JCS_2022], ids=str
)


@dataclass
class LiveServer:
    """A credstack server on 127.0.0.1, and an API client of its one organisation."""

    origin: str
    platform: Platform
    api: httpx.Client
    achievement_id: str

    def issue(self, suite: SignatureSuite, recipient: str = "ada@example.org") -> dict[str, Any]:
        response = self.api.post(
            "/api/v1/credentials",
            json={"achievement_id": self.achievement_id, "recipient": recipient, "suite": suite},
        )
        assert response.status_code == 201, response.text
        issued: dict[str, Any] = response.json()
        return issued

    def shared(self, issued: dict[str, Any]) -> dict[str, Any]:
        """The credential as the learner shares it: fetched from its hosted URL."""
        response = httpx.get(issued["hosted_url"])
        assert response.status_code == 200, response.text
        credential: dict[str, Any] = response.json()
        return credential


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    origin = f"http://127.0.0.1:{listener.getsockname()[1]}"
    settings = Settings(data_dir=Path(tmp_path_factory.mktemp("credstack")), base_url=origin)
    platform = build_platform(settings, migrate=True)
    token = _new_organisation(platform)
    uvicorn_server = uvicorn.Server(
        uvicorn.Config(create_app(platform), log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=uvicorn_server.run, kwargs={"sockets": [listener]})
    thread.start()
    try:
        _wait_until_started(uvicorn_server, thread)
        with httpx.Client(
            base_url=origin, headers={"Authorization": f"Bearer {token}"}, timeout=30
        ) as api:
            response = api.post(
                "/api/v1/achievements",
                json={
                    "slug": "data-analysis",
                    "definition": definition(),
                    "profiles": ["eu-annex1"],
                },
            )
            assert response.status_code == 201, response.text
            yield LiveServer(origin, platform, api, response.json()["id"])
    finally:
        uvicorn_server.should_exit = True
        thread.join(timeout=STARTUP_TIMEOUT)
        listener.close()


def _new_organisation(platform: Platform) -> str:
    """A new organisation (a university in the Netherlands) and its owner's API token."""
    with platform.uow_factory() as uow:
        organisation = create_organisation(
            uow,
            platform.key_store,
            platform.config,
            slug="tu-delta",
            name="TU Delta",
            kind="university",
            country="NL",
            profile=PROFILE,
            now=platform.clock(),
        )
        _, secret = create_api_token(
            uow,
            organisation_id=organisation.id,
            name="registrar",
            permissions=frozenset(Permission),
            now=platform.clock(),
        )
        uow.commit()
    return secret


def _wait_until_started(server: uvicorn.Server, thread: threading.Thread) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the credstack server did not start")
        time.sleep(0.02)


def _sri(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def _uses_the_extension(credential: dict[str, Any]) -> None:
    achievement = credential["credentialSubject"]["achievement"]
    assert achievement["learningOutcome"], "an EU micro-credential states its learning outcomes"
    assert achievement["creditSystem"] == "ECTS"
    assert "assessmentType" in achievement
    assert "participationForm" in achievement


@DATA_INTEGRITY
def test_an_eu_micro_credential_verifies_where_nothing_of_credstack_is_bundled(
    digitalbazaar: DigitalBazaar, server: LiveServer, suite: SignatureSuite
) -> None:
    credential = server.shared(server.issue(suite))
    _uses_the_extension(credential)
    served = f"{server.origin}/contexts/credstack/v1"
    assert credential["@context"][-1] == served
    [pin] = credential["relatedResource"]
    assert pin["id"] == served

    result = digitalbazaar.verify_on_the_web(credential, server.origin)

    assert result.verified, result.errors
    assert result.statuses == (("revocation", False),)
    assert result.read_errors == ()
    context = result.fetched_from(served)
    assert (context.status, context.content_type) == (200, "application/ld+json")
    assert context.body == bundled_context_bytes(CREDSTACK_CONTEXT)
    assert _sri(context.body) == pin["digestSRI"]
    assert result.fetched_from(f"{server.origin}/orgs/tu-delta/did.json").status == 200
    status_list = credential["credentialStatus"]["statusListCredential"]
    assert result.fetched_from(status_list).status == 200
    assert all(f.url.startswith(f"{server.origin}/") for f in result.fetched)


def test_a_revocation_reaches_that_verifier(
    digitalbazaar: DigitalBazaar, server: LiveServer
) -> None:
    issued = server.issue(SignatureSuite.EDDSA_RDFC_2022, recipient="grace@example.org")
    revoked = server.api.post(f"/api/v1/credentials/{issued['id']}/revoke", json={})
    assert revoked.status_code == 200, revoked.text
    result = digitalbazaar.verify_on_the_web(server.shared(issued), server.origin)
    assert result.verified, result.errors  # the signatures hold; the bit says revoked
    assert result.statuses == (("revocation", True),)


def test_that_verifier_cannot_load_the_unregistered_w3id_identifier(
    digitalbazaar: DigitalBazaar, server: LiveServer
) -> None:
    # what an EU micro-credential named before the contexts were published: the verifier has
    # no copy of it and refuses to look anywhere but the server (w3id.org does not know it)
    credential = issue(suite=SignatureSuite.EDDSA_RDFC_2022)
    assert CREDSTACK_CONTEXT in credential["@context"]
    result: NodeVerification = digitalbazaar.verify_on_the_web(credential, server.origin)
    assert not result.verified
    refused = f'refuses "{CREDSTACK_CONTEXT}"'
    assert any(refused in error for error in result.errors), result.errors
    assert any(refused in error for error in result.read_errors), result.read_errors
    assert result.fetched == ()
