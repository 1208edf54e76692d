"""Organisations, members and audit reading shared by the identity and token tests."""

from __future__ import annotations

from credstack.services.config import ServiceConfig
from credstack.services.identity import add_member, create_user
from credstack.services.organisations import create_organisation
from credstack.services.records import AuditEvent, Organisation, OrganisationKind, Role, User
from tests.factories import NOW
from tests.services.fakes import FakeKeyStore, FakeUnitOfWork

PASSWORD = "correct horse battery"
CONFIG = ServiceConfig(base_url="https://credentials.uni.example")


def new_organisation(uow: FakeUnitOfWork, slug: str = "tu-delta") -> Organisation:
    return create_organisation(
        uow,
        FakeKeyStore(),
        CONFIG,
        slug=slug,
        name="TU Delta",
        kind=OrganisationKind.UNIVERSITY,
        profile={},
        now=NOW,
    )


def new_user(uow: FakeUnitOfWork, email: str = "Ada@Uni.Example") -> User:
    return create_user(uow, email=email, name="Ada Lovelace", password=PASSWORD, now=NOW)


def new_member(uow: FakeUnitOfWork, role: Role = Role.ISSUER) -> tuple[Organisation, User]:
    organisation, user = new_organisation(uow), new_user(uow)
    add_member(uow, user_id=user.id, organisation_id=organisation.id, role=role, now=NOW)
    return organisation, user


def audit_actions(uow: FakeUnitOfWork) -> list[str]:
    return [event.action for event in uow.state["audit"].values()]


def last_audit_event(uow: FakeUnitOfWork) -> AuditEvent:
    event: AuditEvent = list(uow.state["audit"].values())[-1]
    return event


def assert_no_secret_in_audit(uow: FakeUnitOfWork, *secrets: str) -> None:
    text = repr(list(uow.state["audit"].values()))
    for secret in secrets:
        assert secret not in text
