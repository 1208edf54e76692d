"""A platform in memory for the issuing tests: an organisation with its key and status list,
an achievement, principals with chosen permissions, and verification against the database."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from typing import Any
from uuid import uuid4

import yaml

from credstack.core.did.methods import resolver
from credstack.core.verify import VerificationReport, VerifyOptions, verify_document
from credstack.services.achievements import create_achievement, update_achievement
from credstack.services.config import ServiceConfig
from credstack.services.issuing import issue_credential, parse_issue_request
from credstack.services.keys import did_document
from credstack.services.organisations import create_organisation
from credstack.services.principal import Principal
from credstack.services.records import (
    AchievementVersion,
    CredentialRecord,
    Organisation,
    Permission,
    StatusListRecord,
)
from credstack.services.status import status_list_credential
from tests.factories import EXAMPLES, NOW
from tests.services.fakes import FakeKeyStore, FakeUnitOfWork

CONFIG = ServiceConfig(base_url="https://credentials.uni.example")
CREATED = NOW - timedelta(days=30)
"""When the organisations of these tests were created (their first key is valid from then)."""
LATER = NOW + timedelta(minutes=5)
"""When credentials issued at :data:`NOW` are verified."""
PROFILE: dict[str, Any] = {
    "url": "https://www.tu-delta.example/",
    "address": {"addressRegion": "Zuid-Holland"},
}
RESULT_ID = (
    "https://credentials.tu-delta.example/achievements/data-analysis-python/v2/results/final-grade"
)
EVERYTHING = frozenset(Permission)


@cache
def _example() -> dict[str, Any]:
    data = yaml.safe_load((EXAMPLES / "achievement.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    del data["issuer"]  # on the platform the organisation is the issuer
    return data


def definition(**changes: Any) -> dict[str, Any]:
    """The example micro-credential (passes eu-annex1 and emc-cmf) as a platform definition."""
    return {**copy.deepcopy(_example()), **changes}


def principal(organisation: Organisation, *permissions: Permission) -> Principal:
    """A principal of ``organisation`` holding ``permissions`` (every permission if none)."""
    return Principal(organisation.id, f"user:{uuid4()}", frozenset(permissions) or EVERYTHING)


@dataclass
class Platform:
    """One organisation on an in-memory platform, with an achievement it can issue."""

    uow: FakeUnitOfWork
    key_store: FakeKeyStore
    config: ServiceConfig
    organisation: Organisation
    version: AchievementVersion

    @property
    def owner(self) -> Principal:
        return principal(self.organisation)

    def other(self, slug: str = "other-org") -> Platform:
        """A second organisation on the same platform (same database and key store)."""
        return new_platform(slug=slug, uow=self.uow, key_store=self.key_store, config=self.config)

    def update(self, new_definition: dict[str, Any] | None = None) -> AchievementVersion:
        """Write the next version of the achievement (titled "Python 102" unless given)."""
        return update_achievement(
            self.uow,
            self.owner,
            self.config,
            achievement_id=self.version.achievement_id,
            definition=new_definition or definition(title="Python 102"),
            now=NOW,
        )

    def issue(self, request: dict[str, Any] | None = None, **options: Any) -> CredentialRecord:
        """Issue the achievement at :data:`NOW` (to a DID unless ``request`` says otherwise)."""
        return issue_credential(
            self.uow,
            self.key_store,
            self.config,
            options.pop("principal", self.owner),
            achievement_id=options.pop("achievement_id", self.version.achievement_id),
            request=parse_issue_request(request or {"recipient": "did:example:ada"}),
            now=options.pop("now", NOW),
            **options,
        )

    def status_list(self, record: CredentialRecord) -> StatusListRecord:
        found = self.uow.status_lists.get(record.status_list_id)
        assert found is not None
        return found

    def verify_with_core(self, document: Any) -> VerificationReport:
        """Verify with the core alone: the organisation's DID document and its signed lists,
        as a verifier elsewhere would fetch them."""
        did = did_document(self.uow, self.organisation)

        def fetch_list(url: str) -> dict[str, Any] | None:
            list_id = url.rsplit("/", 1)[-1]
            for candidate in self.uow.state["status_lists"].values():
                if str(candidate.id) == list_id:
                    return status_list_credential(
                        self.uow, self.key_store, self.config, candidate.id, now=LATER
                    ).document
            return None

        options = VerifyOptions(
            resolve=resolver({self.organisation.did: did}), now=LATER, fetch_status_list=fetch_list
        )
        return verify_document(document, options)


def new_platform(
    *,
    slug: str = "tu-delta",
    config: ServiceConfig = CONFIG,
    uow: FakeUnitOfWork | None = None,
    key_store: FakeKeyStore | None = None,
    profile: dict[str, Any] | None = None,
    country: str | None = "NL",
) -> Platform:
    """An organisation created at :data:`CREATED` with the example achievement."""
    uow = uow if uow is not None else FakeUnitOfWork()
    key_store = key_store if key_store is not None else FakeKeyStore()
    organisation = create_organisation(
        uow,
        key_store,
        config,
        slug=slug,
        name=f"Organisation {slug}",
        kind="university",
        profile=PROFILE if profile is None else profile,
        now=CREATED,
        country=country,
    )
    version = create_achievement(
        uow,
        principal(organisation),
        config,
        slug="data-analysis",
        definition=definition(),
        now=CREATED,
    )
    return Platform(uow, key_store, config, organisation, version)
