"""Demo data for ``credstack serve --demo`` (``make run``).

One institution with an owner account and an API token, two micro-credential specifications
from ``examples/``, a learner, and a few issued credentials (one of them revoked). Seeding
happens once per database; the token and password are kept in ``{data_dir}/demo.json``
(mode 0600) so later runs can print them again.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml
from rich.console import Console

from credstack.bootstrap import Platform
from credstack.core.issuing import SignatureSuite
from credstack.services.achievements import create_achievement
from credstack.services.credentials import change_status
from credstack.services.identity import add_member, create_learner, create_user
from credstack.services.issuing import issue_credential, parse_issue_request
from credstack.services.organisations import create_organisation
from credstack.services.principal import system_principal
from credstack.services.records import OrganisationKind, Permission, Role
from credstack.services.tokens import create_api_token
from credstack.services.urls import hosted_credential_url

DEMO_SLUG = "tu-delta"
DEMO_EMAIL = "owner@tu-delta.example"
LEARNER_EMAIL = "ada.learner@example.org"
LEARNER_DID = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
DEFINITIONS = (
    ("data-analysis-python", "achievement.yaml"),
    ("nz-data-literacy", "achievement-nzqa.yaml"),
)


@dataclass(frozen=True, slots=True)
class DemoInfo:
    organisation: str
    email: str
    password: str
    api_token: str
    achievements: list[str]
    credentials: list[str]
    """Hosted URLs of the demo credentials."""


def seed_demo(platform: Platform, examples: Path) -> DemoInfo:
    """Seed the demo organisation unless it exists; return what to show the user."""
    saved = platform.settings.data_dir / "demo.json"
    with platform.uow_factory() as uow:
        existing = uow.organisations.by_slug(DEMO_SLUG)
    if existing is not None and saved.exists():
        return DemoInfo(**json.loads(saved.read_text(encoding="utf-8")))
    if existing is not None:
        raise SystemExit(
            f"the database has a {DEMO_SLUG!r} organisation but {saved} is missing: "
            "remove the database to seed the demo again"
        )
    info = _seed(platform, examples)
    saved.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(saved, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(asdict(info), handle, indent=2)
    return info


def _seed(platform: Platform, examples: Path) -> DemoInfo:
    now = platform.clock()
    config, keys = platform.config, platform.key_store
    password = secrets.token_urlsafe(12)
    with platform.uow_factory() as uow:
        org = create_organisation(
            uow,
            keys,
            config,
            slug=DEMO_SLUG,
            name="TU Delta (demo)",
            kind=OrganisationKind.UNIVERSITY,
            profile={
                "url": "https://www.tu-delta.example",
                "email": "credentials@tu-delta.example",
            },
            now=now,
            country="NL",
        )
        owner = create_user(uow, email=DEMO_EMAIL, name="Demo Owner", password=password, now=now)
        add_member(uow, user_id=owner.id, organisation_id=org.id, role=Role.OWNER)
        _, token = create_api_token(
            uow,
            organisation_id=org.id,
            name="demo",
            permissions=frozenset(Permission),
            now=now,
            user_id=owner.id,
        )
        create_learner(uow, email=LEARNER_EMAIL, name="Ada Learner", did=LEARNER_DID, now=now)
        principal = system_principal(org.id)
        versions = []
        for slug, filename in DEFINITIONS:
            definition = yaml.safe_load((examples / filename).read_text(encoding="utf-8"))
            definition.pop("issuer", None)  # the organisation is the issuer
            versions.append(
                create_achievement(
                    uow, principal, config, slug=slug, definition=definition, now=now
                )
            )
        issued = []
        for version, recipient, suite in (
            (versions[0], LEARNER_DID, SignatureSuite.EDDSA_RDFC_2022),
            (versions[1], LEARNER_EMAIL, SignatureSuite.EDDSA_JCS_2022),
            (versions[0], "did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG", None),
        ):
            issued.append(
                issue_credential(
                    uow,
                    keys,
                    config,
                    principal,
                    achievement_id=version.achievement_id,
                    request=parse_issue_request({"recipient": recipient}),
                    suite=suite,
                    now=now,
                )
            )
        change_status(
            uow,
            principal,
            issued[-1].id,
            action="revoke",
            reason="issued to the wrong learner (demo)",
            now=now,
        )
        uow.commit()
    return DemoInfo(
        organisation=DEMO_SLUG,
        email=DEMO_EMAIL,
        password=password,
        api_token=token,
        achievements=[str(v.achievement_id) for v in versions],
        credentials=[hosted_credential_url(config.base_url, c.public_token) for c in issued],
    )


def print_demo(console: Console, info: DemoInfo, url: str) -> None:
    console.rule("credstack demo data")
    console.print(f"institution      {url}/orgs/{info.organisation}  (DID document: /did.json)")
    console.print(f"owner account    {info.email} / {info.password}")
    console.print(f"API token        {info.api_token}")
    console.print(f"API docs         {url}/docs")
    for hosted in info.credentials:
        console.print(f"credential       {hosted}")
    console.print("last one is revoked; try:")
    console.print(f"  curl -s -H 'Authorization: Bearer {info.api_token}' {url}/api/v1/credentials")
    console.print(
        f"  curl -s {info.credentials[0]} | jq '{{verifiableCredential: .}}' | "
        f"curl -s -X POST -H 'Content-Type: application/json' -d @- {url}/credentials/verify"
    )


__all__ = ["DemoInfo", "print_demo", "seed_demo"]
