"""Organisations: creation with a key and a status list, issuer profiles, profile documents."""

from __future__ import annotations

import dataclasses
import json
from typing import Any
from uuid import uuid4

import jsonschema
import pytest

from credstack.core.errors import ErrorCode
from credstack.core.issuing import issue_credential
from credstack.core.jsonld import contexts, rdfc
from credstack.core.jsonld.pins import resolve_pinned_contexts
from credstack.core.model import Address, IdentifierEntry, Image, IssuerKind
from credstack.core.ob3 import CREDSTACK_CONTEXT, parse_profile
from credstack.services.config import ServiceConfig
from credstack.services.errors import (
    ConflictError,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
)
from credstack.services.keys import signing_key
from credstack.services.organisations import (
    ISSUER_KINDS,
    create_organisation,
    get_organisation_by_slug,
    issuer_profile,
    profile_document,
    update_organisation,
)
from credstack.services.principal import Principal
from credstack.services.records import Organisation, OrganisationKind, Permission
from tests.factories import HOLDER, NOW, REPO, achievement
from tests.services.fakes import FakeKeyStore, FakeUnitOfWork

CONFIG = ServiceConfig(base_url="https://credentials.uni.example", status_list_length=131_072)
PROFILE: dict[str, Any] = {
    "url": "https://www.tu-delta.example/",
    "email": "registrar@tu-delta.example",
    "phone": "+31 15 000 0000",
    "description": "A university of technology.",
    "image": {"id": "https://www.tu-delta.example/logo.png", "caption": "TU Delta logo"},
    "address": {"addressLocality": "Delta", "postalCode": "2600 AA"},
    "otherIdentifier": [{"identifier": "NL DELTA01", "identifierType": "ext:ErasmusCode"}],
}
SERVED_CONTEXT = "https://credentials.uni.example/contexts/credstack/v1"
PROFILE_SCHEMA = REPO / "src/credstack/core/resources/schemas/1edtech/ob_v3p0_profile_schema.json"


def _create(
    uow: FakeUnitOfWork | None = None,
    key_store: FakeKeyStore | None = None,
    **changes: Any,
) -> Organisation:
    arguments: dict[str, Any] = {
        "slug": "tu-delta",
        "name": "TU Delta",
        "kind": OrganisationKind.UNIVERSITY,
        "profile": PROFILE,
        "now": NOW,
        "country": "nl",
        **changes,
    }
    return create_organisation(
        uow or FakeUnitOfWork(), key_store or FakeKeyStore(), CONFIG, **arguments
    )


def _refused(**changes: Any) -> InvalidRequestError:
    uow = FakeUnitOfWork()
    with pytest.raises(InvalidRequestError) as caught:
        _create(uow, **changes)
    assert uow.state["organisations"] == {}
    return caught.value


# --- creating ----------------------------------------------------------------------------


def test_an_organisation_gets_a_did_a_key_and_a_status_list() -> None:
    uow, key_store = FakeUnitOfWork(), FakeKeyStore()
    organisation = _create(uow, key_store)
    assert organisation.slug == "tu-delta"
    assert organisation.did == "did:web:credentials.uni.example:orgs:tu-delta"
    assert organisation.kind is OrganisationKind.UNIVERSITY
    assert organisation.created_at == NOW
    assert uow.organisations.by_slug("tu-delta") == organisation

    (key,) = uow.keys.history(organisation.id)
    assert key.valid_from == NOW
    assert key.valid_until is None
    assert (key.id, organisation.id) in key_store.secrets

    status_list = uow.status_lists.current(organisation.id, "revocation")
    assert status_list is not None
    assert status_list.length == CONFIG.status_list_length
    assert status_list.bits == bytes(CONFIG.status_list_length // 8)
    assert (status_list.allocated, status_list.revision) == (0, 0)
    assert len(status_list.seed) == 32
    assert [e.action for e in uow.state["audit"].values()] == [
        "organisation.created",
        "signing_key.created",
    ]


def test_two_organisations_get_different_status_list_seeds() -> None:
    uow = FakeUnitOfWork()
    first, second = _create(uow), _create(uow, slug="other")
    seeds = {
        s.seed
        for o in (first, second)
        if (s := uow.status_lists.current(o.id, "revocation")) is not None
    }
    assert len(seeds) == 2


def test_the_kind_may_be_given_by_value() -> None:
    assert _create(kind="mooc-platform").kind is OrganisationKind.MOOC_PLATFORM


def test_a_development_base_url_still_gets_a_did_web() -> None:
    config = ServiceConfig(base_url="http://127.0.0.1:8000")
    organisation = create_organisation(
        FakeUnitOfWork(),
        FakeKeyStore(),
        config,
        slug="dev",
        name="Dev",
        kind="other",
        profile={},
        now=NOW,
    )
    assert organisation.did == "did:web:127.0.0.1%3A8000:orgs:dev"


def test_a_taken_slug_conflicts() -> None:
    uow = FakeUnitOfWork()
    _create(uow)
    with pytest.raises(ConflictError):
        _create(uow, name="Another")


@pytest.mark.parametrize("slug", ["a", "tu-delta", "x1", "a" * 63, "0-9"])
def test_good_slugs_are_accepted(slug: str) -> None:
    assert _create(slug=slug).slug == slug


@pytest.mark.parametrize(
    "slug", ["", "-tu", "tu-", "TU", "tu_delta", "tu delta", "a" * 64, "tü", "../x", "a.b"]
)
def test_bad_slugs_are_refused(slug: str) -> None:
    assert _refused(slug=slug).detail["field"] == "slug"


@pytest.mark.parametrize("name", ["", "  ", "x" * 201, None])
def test_a_bad_name_is_refused(name: Any) -> None:
    assert _refused(name=name).detail["field"] == "name"


def test_an_unknown_kind_is_refused() -> None:
    error = _refused(kind="castle")
    assert error.detail["field"] == "kind"
    assert "'university'" in error.message


# --- the country ------------------------------------------------------------------------------


def test_the_country_is_stored_in_upper_case() -> None:
    assert _create(country="nl").country == "NL"
    assert _create(country=None).country is None


@pytest.mark.parametrize(
    ("country", "message"),
    [
        ("Netherlands", "an ISO 3166-1 alpha-2 country code such as 'NL'"),
        ("XX", "'XX' is not an assigned ISO 3166-1 alpha-2 country code"),
        ("UK", "write 'GB' instead"),
        (31, "not 31"),
    ],
)
def test_a_bad_country_is_refused_and_nothing_is_stored(country: Any, message: str) -> None:
    error = _refused(country=country)
    assert error.code is ErrorCode.INVALID_COUNTRY_CODE
    assert error.detail == {"field": "country"}
    assert message in error.message


def test_the_issuer_profile_names_the_country_by_code_and_name() -> None:
    issuer = issuer_profile(_create(profile={}, country="NZ"), CONFIG)
    assert issuer.address == Address(country_code="NZ", country="New Zealand")
    assert issuer.country_code == "NZ"


# --- updating --------------------------------------------------------------------------------


def _owner(organisation: Organisation, *permissions: Permission) -> Principal:
    return Principal(organisation.id, "token:owner", frozenset(permissions or Permission))


def test_an_owner_updates_the_name_country_and_profile() -> None:
    uow = FakeUnitOfWork()
    organisation = _create(uow, country=None)
    updated = update_organisation(
        uow,
        _owner(organisation),
        name="  TU Delta University ",
        country="nl",
        profile={"url": "https://tu-delta.example/", "address": {"addressRegion": "Zuid-Holland"}},
        now=NOW,
    )
    assert (updated.name, updated.country) == ("TU Delta University", "NL")
    assert updated.profile == {
        "url": "https://tu-delta.example/",
        "address": {"type": ["Address"], "addressRegion": "Zuid-Holland"},
    }
    assert uow.organisations.get(organisation.id) == updated
    assert (updated.slug, updated.did, updated.kind) == (
        organisation.slug,
        organisation.did,
        organisation.kind,
    )
    event = list(uow.state["audit"].values())[-1]
    assert (event.action, event.actor) == ("organisation.updated", "token:owner")
    assert event.details == {"changed": ["country", "name", "profile"], "country": "NL"}
    issuer = issuer_profile(updated, CONFIG)
    assert issuer.address == Address(
        country_code="NL", country="Netherlands", region="Zuid-Holland"
    )


def test_what_is_not_given_stays_and_the_country_can_be_removed() -> None:
    uow = FakeUnitOfWork()
    organisation = _create(uow)
    updated = update_organisation(uow, _owner(organisation), country=None, now=NOW)
    assert updated.country is None
    assert (updated.name, updated.profile) == (organisation.name, organisation.profile)
    assert list(uow.state["audit"].values())[-1].details == {
        "changed": ["country"],
        "country": None,
    }


def test_an_update_that_changes_nothing_writes_no_event() -> None:
    uow = FakeUnitOfWork()
    organisation = _create(uow)
    events = len(uow.state["audit"])
    assert update_organisation(uow, _owner(organisation), country="NL", now=NOW) == organisation
    assert len(uow.state["audit"]) == events


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"country": "ZZ"}, "country", ErrorCode.INVALID_COUNTRY_CODE),
        ({"name": " "}, "name", ErrorCode.INVALID_REQUEST),
        (
            {"profile": {"address": {"addressCountryCode": "NL"}}},
            "profile.address.addressCountryCode",
            ErrorCode.INVALID_REQUEST,
        ),
    ],
)
def test_a_bad_update_changes_nothing(changes: dict[str, Any], field: str, code: ErrorCode) -> None:
    uow = FakeUnitOfWork()
    organisation = _create(uow)
    with pytest.raises(InvalidRequestError) as caught:
        update_organisation(uow, _owner(organisation), **{"country": "DE", **changes}, now=NOW)
    assert (caught.value.code, caught.value.detail["field"]) == (code, field)
    assert uow.organisations.get(organisation.id) == organisation


def test_updating_needs_the_manage_permission() -> None:
    uow = FakeUnitOfWork()
    organisation = _create(uow)
    issuer = _owner(organisation, Permission.READ, Permission.ISSUE)
    with pytest.raises(PermissionDeniedError):
        update_organisation(uow, issuer, country="DE", now=NOW)
    assert uow.organisations.get(organisation.id) == organisation


def test_updating_an_organisation_that_does_not_exist_is_not_found() -> None:
    nobody = Principal(uuid4(), "token:x", frozenset(Permission))
    with pytest.raises(NotFoundError):
        update_organisation(FakeUnitOfWork(), nobody, country="NL", now=NOW)


# --- profile members ------------------------------------------------------------------------


def test_the_profile_is_stored_normalised() -> None:
    organisation = _create(profile={**PROFILE, "image": "https://tu-delta.example/logo.png"})
    assert organisation.profile["image"] == {
        "id": "https://tu-delta.example/logo.png",
        "type": "Image",
    }
    assert organisation.profile["address"] == {
        "type": ["Address"],
        "addressLocality": "Delta",
        "postalCode": "2600 AA",
    }
    assert organisation.profile["otherIdentifier"] == [
        {"type": "IdentifierEntry", "identifier": "NL DELTA01", "identifierType": "ext:ErasmusCode"}
    ]


def test_a_data_uri_image_is_accepted() -> None:
    image = "data:image/png;base64,iVBORw0KGgo="
    assert _create(profile={"image": image}).profile["image"]["id"] == image


def test_empty_members_may_be_left_out_with_null() -> None:
    assert _create(profile={"url": None, "email": "a@b.example"}).profile == {
        "email": "a@b.example"
    }


@pytest.mark.parametrize(
    ("profile", "field"),
    [
        ({"id": "did:web:evil.example"}, "profile"),
        ({"name": "Other name"}, "profile"),
        ({"homepage": "https://x.example"}, "profile"),
        (["url"], "profile"),
        ({"url": "ftp://tu-delta.example"}, "profile.url"),
        ({"url": "tu-delta.example"}, "profile.url"),
        ({"url": "https://"}, "profile.url"),
        ({"url": "https://tu delta.example"}, "profile.url"),
        ({"url": 42}, "profile.url"),
        ({"email": "registrar"}, "profile.email"),
        ({"email": "a@b"}, "profile.email"),
        ({"phone": ""}, "profile.phone"),
        ({"phone": "1" * 51}, "profile.phone"),
        ({"description": "   "}, "profile.description"),
        ({"image": "javascript:alert(1)"}, "profile.image.id"),
        ({"image": {"url": "https://x.example/a.png"}}, "profile.image"),
        ({"image": {"id": "https://x.example/a.png", "type": "Logo"}}, "profile.image"),
        ({"image": {"id": "https://x.example/a.png", "caption": ""}}, "profile.image.caption"),
        ({"image": 7}, "profile.image"),
        ({"address": {}}, "profile.address"),
        ({"address": {"type": "Address"}}, "profile.address"),
        ({"address": {"country": "NL"}}, "profile.address"),
        ({"address": {"type": "Place", "addressLocality": "Delta"}}, "profile.address"),
        ({"address": "Delta, NL"}, "profile.address"),
        ({"address": {"addressCountryCode": "NL"}}, "profile.address.addressCountryCode"),
        ({"address": {"addressCountry": "Netherlands"}}, "profile.address.addressCountry"),
        ({"address": {"addressLocality": 5}}, "profile.address.addressLocality"),
        ({"otherIdentifier": {"identifier": "x"}}, "profile.otherIdentifier"),
        ({"otherIdentifier": ["x"]}, "profile.otherIdentifier[0]"),
        (
            {"otherIdentifier": [{"identifier": "x", "identifierType": "ext:A", "extra": 1}]},
            "profile.otherIdentifier[0]",
        ),
        (
            {"otherIdentifier": [{"type": "Id", "identifier": "x", "identifierType": "name"}]},
            "profile.otherIdentifier[0]",
        ),
        (
            {"otherIdentifier": [{"identifier": "", "identifierType": "name"}]},
            "profile.otherIdentifier[0].identifier",
        ),
        (
            {"otherIdentifier": [{"identifier": "x", "identifierType": "erasmus"}]},
            "profile.otherIdentifier[0].identifierType",
        ),
        (
            {"otherIdentifier": [{"identifier": "x", "identifierType": "ext:"}]},
            "profile.otherIdentifier[0].identifierType",
        ),
    ],
)
def test_a_bad_profile_member_is_refused_by_name(profile: Any, field: str) -> None:
    assert _refused(profile=profile).detail["field"] == field


# --- looking up ----------------------------------------------------------------------------


def test_an_organisation_is_found_by_slug() -> None:
    uow = FakeUnitOfWork()
    organisation = _create(uow)
    assert get_organisation_by_slug(uow, "tu-delta") == organisation


def test_an_unknown_slug_is_not_found() -> None:
    with pytest.raises(NotFoundError) as caught:
        get_organisation_by_slug(FakeUnitOfWork(), "nobody")
    assert "'nobody'" in caught.value.message


# --- the issuer profile and the public profile document -------------------------------------


def test_the_issuer_profile_carries_the_profile_members() -> None:
    issuer = issuer_profile(_create(), CONFIG)
    assert issuer.id == "did:web:credentials.uni.example:orgs:tu-delta"
    assert issuer.name == "TU Delta"
    assert issuer.url == "https://www.tu-delta.example/"
    assert issuer.email == "registrar@tu-delta.example"
    assert issuer.phone == "+31 15 000 0000"
    assert issuer.description == "A university of technology."
    assert issuer.image == Image("https://www.tu-delta.example/logo.png", "TU Delta logo")
    assert issuer.address == Address(
        country_code="NL", country="Netherlands", locality="Delta", postal_code="2600 AA"
    )
    assert issuer.kind is IssuerKind.HEI
    assert issuer.other_identifiers == (IdentifierEntry("NL DELTA01", "ext:ErasmusCode"),)


def test_without_a_url_the_issuer_links_to_its_page_on_the_platform() -> None:
    issuer = issuer_profile(_create(profile={}, country=None), CONFIG)
    assert issuer.url == "https://credentials.uni.example/orgs/tu-delta"
    assert (issuer.address, issuer.image, issuer.other_identifiers) == (None, None, ())


def test_every_organisation_kind_has_an_issuer_kind() -> None:
    assert set(ISSUER_KINDS) == set(OrganisationKind)


def test_the_profile_document_is_an_open_badges_profile() -> None:
    document = profile_document(_create(), CONFIG)
    assert document["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        SERVED_CONTEXT,
    ]
    assert document["id"] == "did:web:credentials.uni.example:orgs:tu-delta"
    assert document["type"] == ["Profile"]
    assert document["issuerKind"] == "hei"
    schema = json.loads(PROFILE_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validators.validator_for(schema)(schema).validate(document)
    # read as a verifier that fetched the served copy reads it: the extension context
    linked = resolve_pinned_contexts(document, pins={SERVED_CONTEXT: CREDSTACK_CONTEXT})
    contexts.check_contexts(linked)
    assert rdfc.find_undefined_terms(linked) == []
    assert parse_profile(document) == issuer_profile(_create(), CONFIG)


def test_the_profile_document_names_the_contexts_url_of_the_configuration() -> None:
    config = dataclasses.replace(CONFIG, contexts_url="https://cdn.uni.example/ld")
    document = profile_document(_create(), config)
    assert document["@context"][-1] == "https://cdn.uni.example/ld/credstack/v1"


def test_a_minimal_profile_document_is_valid_too() -> None:
    document = profile_document(_create(profile={}), CONFIG)
    schema = json.loads(PROFILE_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validators.validator_for(schema)(schema).validate(document)
    linked = resolve_pinned_contexts(document, pins={SERVED_CONTEXT: CREDSTACK_CONTEXT})
    assert rdfc.find_undefined_terms(linked) == []


def test_a_credential_issued_with_the_profile_passes_the_issuing_checks() -> None:
    uow, key_store = FakeUnitOfWork(), FakeKeyStore()
    organisation = _create(uow, key_store)
    signed = issue_credential(
        achievement=achievement(),
        issuer=issuer_profile(organisation, CONFIG),
        recipient=HOLDER.controller,
        key=signing_key(uow, key_store, organisation, now=NOW),
        credential_id="urn:uuid:00000000-0000-4000-8000-000000000077",
        now=NOW,
    )
    assert isinstance(signed, dict)
    assert signed["issuer"]["id"] == organisation.did
    assert signed["issuer"]["address"] == {
        "type": ["Address"],
        "addressCountry": "Netherlands",
        "addressCountryCode": "NL",
        "addressLocality": "Delta",
        "postalCode": "2600 AA",
    }
