"""The HTTP service under test: a platform, two organisations with API tokens, a client.

The ``platform`` fixture runs on the real store: SQLite always, and PostgreSQL too when
``CREDSTACK_TEST_DATABASE_URL`` is set (``tests/store/database.py``); ``make_platform()``
without a unit of work factory gives one on the in-memory doubles of
``tests/services/fakes.py``, for tests that need no database. Every response the ``client``
fixture receives is checked to be below 500: no request of the tests may reach the
last-resort handler or a server error.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import httpx
import pytest
from starlette.exceptions import StarletteDeprecationWarning

from credstack.bootstrap import Platform
from credstack.services.config import ServiceConfig
from credstack.services.organisations import create_organisation
from credstack.services.ports import UnitOfWork, UnitOfWorkFactory
from credstack.services.records import BulkJob, OrganisationKind, Permission
from credstack.services.tokens import create_api_token
from credstack.settings import Settings
from credstack.web.app import create_app
from tests.factories import EXAMPLES
from tests.services.fakes import FakeKeyStore, fake_uow_factory
from tests.store.database import (  # noqa: F401 — fixtures
    backend,
    blank_database_url,
    database_url,
    engine,
    postgresql_database,
    sqlite_template,
    uow_factory,
)

with warnings.catch_warnings():
    # Starlette now prefers the httpx2 fork for its test client; the development lock file
    # pins httpx, which works the same (the warning is about the package name only)
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

BASE_URL = "https://credentials.example"
PROBLEM = "application/problem+json"
PROFILE = {"url": "https://uni.example/"}


class RecordingTaskQueue:
    """A task queue that only records what it was asked to run."""

    def __init__(self) -> None:
        self.enqueued: list[tuple[UUID, int]] = []

    def enqueue_job(self, uow: UnitOfWork, job: BulkJob, chunks: int) -> None:
        self.enqueued.append((job.id, chunks))


@dataclass
class Tenant:
    """An organisation of the tests and its owner's API token."""

    id: UUID
    slug: str
    did: str
    token: str
    headers: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.headers = bearer(self.token)


@dataclass
class World:
    platform: Platform
    a: Tenant
    b: Tenant
    viewer: dict[str, str]
    """Headers of a read-only token of organisation A."""


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def minimal_definition(**changes: Any) -> dict[str, Any]:
    definition: dict[str, Any] = json.loads(
        (EXAMPLES / "achievement-minimal.json").read_text(encoding="utf-8")
    )
    return {**definition, **changes}


def make_platform(factory: UnitOfWorkFactory | None = None, **settings: Any) -> Platform:
    return Platform(
        settings=Settings(**settings),
        config=ServiceConfig(base_url=BASE_URL),
        uow_factory=factory or fake_uow_factory(),
        key_store=FakeKeyStore(),
        task_queue=RecordingTaskQueue(),
    )


def add_tenant(platform: Platform, slug: str, permissions: frozenset[Permission]) -> Tenant:
    with platform.uow_factory() as uow:
        organisation = create_organisation(
            uow,
            platform.key_store,
            platform.config,
            slug=slug,
            name=f"University {slug.upper()}",
            kind=OrganisationKind.UNIVERSITY,
            profile=PROFILE,
            country="NL",
            now=platform.clock(),
        )
        _, secret = create_api_token(
            uow,
            organisation_id=organisation.id,
            name="owner",
            permissions=permissions,
            now=platform.clock(),
        )
        uow.commit()
    return Tenant(organisation.id, organisation.slug, organisation.did, secret)


def add_token(platform: Platform, organisation_id: UUID, *permissions: Permission) -> str:
    with platform.uow_factory() as uow:
        _, secret = create_api_token(
            uow,
            organisation_id=organisation_id,
            name="extra",
            permissions=permissions,
            now=platform.clock(),
        )
        uow.commit()
    return secret


def no_server_errors(response: httpx.Response) -> None:
    assert response.status_code < 500, (response.request.url, response.read())


@pytest.fixture
def platform(uow_factory: UnitOfWorkFactory) -> Platform:  # noqa: F811 — the store's fixture
    return make_platform(uow_factory)


@pytest.fixture
def world(platform: Platform) -> World:
    a = add_tenant(platform, "uni-a", frozenset(Permission))
    b = add_tenant(platform, "uni-b", frozenset(Permission))
    viewer = bearer(add_token(platform, a.id, Permission.READ))
    return World(platform, a, b, viewer)


@pytest.fixture
def client(platform: Platform) -> Iterator[TestClient]:
    with TestClient(create_app(platform), base_url=BASE_URL) as test_client:
        test_client.event_hooks = {"request": [], "response": [no_server_errors]}
        yield test_client


@pytest.fixture
def achievement(client: TestClient, world: World) -> dict[str, Any]:
    """An achievement of organisation A (5 ECTS), created through the API."""
    definition = minimal_definition(workload={"credits": 5, "system": "ECTS"})
    response = client.post(
        "/api/v1/achievements",
        json={"slug": "intro-git", "definition": definition},
        headers=world.a.headers,
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


@pytest.fixture
def issued(client: TestClient, world: World, achievement: dict[str, Any]) -> dict[str, Any]:
    """A credential of organisation A (eddsa-rdfc-2022), issued through the API."""
    response = client.post(
        "/api/v1/credentials",
        json={"achievement_id": achievement["id"], "recipient": "did:example:ada"},
        headers=world.a.headers,
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def assert_problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """The problem document of ``response``, checked to be ``status`` / ``code``."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    problem: dict[str, Any] = response.json()
    assert problem["status"] == status
    assert problem["code"] == code
    assert problem["type"] == f"https://w3id.org/credstack/problems#{code}"
    assert problem["title"]
    assert isinstance(problem["detail"], str)
    assert problem["detail"]
    return problem
