"""A small world for the bulk issuance tests: an organisation with a graded achievement on the
in-memory doubles, a task queue that records what it is given, and shortcuts to submit and
run jobs."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

from credstack.services.achievements import create_achievement
from credstack.services.bulk import JobView, chunk_count, job_status, run_chunk, submit_job
from credstack.services.config import ServiceConfig
from credstack.services.organisations import create_organisation
from credstack.services.principal import Principal, system_principal
from credstack.services.records import (
    AchievementVersion,
    BulkJob,
    CredentialRecord,
    Organisation,
)
from tests.services.fakes import FakeDatabase, FakeKeyStore, FakeUnitOfWork, fake_uow_factory

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
DEFINITION = json.loads(
    (Path(__file__).parents[2] / "examples" / "achievement-minimal.json").read_text()
)
GRADED = {
    **DEFINITION,
    "grading": {
        "scheme": "Pass or fail",
        "results": [
            {"id": "https://uni.example/results/outcome", "name": "Outcome",
             "allowed": ["pass", "fail"]},
        ],
    },
}  # fmt: skip


@dataclass
class RecordingQueue:
    """A task queue that remembers what was enqueued, and in which unit of work."""

    enqueued: list[tuple[UUID, int]] = field(default_factory=list)
    units: list[Any] = field(default_factory=list)

    def enqueue_job(self, uow: Any, job: BulkJob, chunks: int) -> None:
        self.enqueued.append((job.id, chunks))
        self.units.append(uow)


@dataclass
class World:
    database: FakeDatabase
    factory: Callable[[], FakeUnitOfWork]
    key_store: FakeKeyStore
    config: ServiceConfig
    organisation: Organisation
    principal: Principal
    achievement: AchievementVersion
    queue: RecordingQueue = field(default_factory=RecordingQueue)
    clock: list[datetime] = field(default_factory=lambda: [T0])

    def now(self) -> datetime:
        return self.clock[0]

    def submit(self, rows: list[dict[str, Any]], **options: Any) -> tuple[BulkJob, bool]:
        options.setdefault("achievement_id", self.achievement.achievement_id)
        with self.factory() as uow:
            result = submit_job(
                uow, self.queue, self.config, self.principal, rows=rows, now=self.now(),
                **options,
            )  # fmt: skip
            uow.commit()
        return result

    def run(self, job: BulkJob, chunk: int) -> None:
        run_chunk(self.factory, self.key_store, self.config, job.id, chunk, now=self.now)

    def run_all(self, job: BulkJob) -> None:
        for chunk in range(chunk_count(job)):
            self.run(job, chunk)

    def credentials(self, job: BulkJob) -> list[CredentialRecord]:
        found = self.database.tables["credentials"].values()
        return sorted((c for c in found if c.job_id == job.id), key=lambda c: c.job_row or 0)

    def job(self, job: BulkJob) -> BulkJob:
        stored: BulkJob = self.database.tables["jobs"][job.id]
        return stored

    def status(self, job: BulkJob, at: datetime | None = None) -> JobView:
        with self.factory() as uow:
            return job_status(uow, self.principal, job.id, at or self.now())


def seed_issuer(
    uow: Any,
    key_store: Any,
    config: ServiceConfig,
    *,
    now: datetime,
    definition: dict[str, Any] = DEFINITION,
) -> tuple[Organisation, Principal, AchievementVersion]:
    """Organisation ``uni`` with an achievement ``intro``, in ``uow`` (not committed); the
    principal acts for the platform in it."""
    organisation = create_organisation(
        uow, key_store, config, slug="uni", name="University", kind="university",
        profile={}, now=now,
    )  # fmt: skip
    principal = system_principal(organisation.id)
    achievement = create_achievement(
        uow, principal, config, slug="intro", definition=definition, now=now
    )
    return organisation, principal, achievement


def make_world() -> World:
    """An organisation with a graded achievement, on a fresh in-memory database."""
    database = FakeDatabase()
    factory = fake_uow_factory(database)
    key_store = FakeKeyStore()
    config = ServiceConfig(base_url="https://creds.example", bulk_chunk_size=3)
    with factory() as uow:
        organisation, principal, achievement = seed_issuer(
            uow, key_store, config, now=T0 - timedelta(days=1), definition=GRADED
        )
        uow.commit()
    return World(database, factory, key_store, config, organisation, principal, achievement)


def rows_of(count: int) -> list[dict[str, Any]]:
    """``count`` valid issue requests, to distinct e-mail addresses."""
    return [{"recipient": f"learner{i}@example.org"} for i in range(count)]


def fields_of(job: BulkJob) -> dict[str, Any]:
    """The job's fields, to rebuild it with some changed."""
    return {name: getattr(job, name) for name in BulkJob.__dataclass_fields__}
