"""Organisations: the tenants that issue, with their public issuer profile.

Creating an organisation gives it everything it needs to issue at once: a ``did:web`` under
the platform's base URL, a first signing key and a first revocation status list.

The profile is kept as Open Badges 3.0 ``Profile`` members (``url``, ``email``, ``phone``,
``description``, ``image``, ``address``, ``otherIdentifier``), checked on the way in, so that
every credential issued later carries an issuer profile that passes the Open Badges schema.

The organisation's **country** (Annex I: *country of the issuer*, which the ``eu-annex1``
profile requires) is a field of its own, an ISO 3166-1 alpha-2 code checked against the
assigned codes (:mod:`credstack.core.model.countries`; ``INVALID_COUNTRY_CODE`` otherwise). The
issuer profile of every credential carries it in its ``address`` as ``addressCountryCode``,
with the country's English name as ``addressCountry``; the profile's own ``address`` holds
the rest (region, locality, street, postal code) and may not name a country itself.
Owners change the name, country and profile with :func:`update_organisation`.
"""

from __future__ import annotations

import dataclasses
import re
import secrets
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final
from urllib.parse import urlsplit
from uuid import uuid4

from credstack.core.errors import DocumentError
from credstack.core.model import Address, IdentifierEntry, Image, Issuer, IssuerKind
from credstack.core.model.countries import country_name, parse_country_code
from credstack.core.ob3 import OB_V3_CONTEXT, VC_V2_CONTEXT, limits, to_profile_json
from credstack.core.ob3.terms import uses_extension
from credstack.services.audit import record_event
from credstack.services.config import ServiceConfig
from credstack.services.errors import InvalidRequestError, NotFoundError
from credstack.services.keys import create_signing_key
from credstack.services.ports import KeyStore, UnitOfWork
from credstack.services.principal import Principal
from credstack.services.records import (
    Organisation,
    OrganisationKind,
    Permission,
    StatusListRecord,
)
from credstack.services.urls import extension_context_url, organisation_did, organisation_url

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
"""A DNS label: it becomes a path segment of URLs and of the organisation's did:web."""
REVOCATION = "revocation"
MAX_NAME_LENGTH = 200
MAX_TEXT_LENGTH = 4000

ISSUER_KINDS: Mapping[OrganisationKind, IssuerKind] = {
    OrganisationKind.UNIVERSITY: IssuerKind.HEI,
    OrganisationKind.HIGHER_EDUCATION_INSTITUTION: IssuerKind.HEI,
    OrganisationKind.VOCATIONAL_PROVIDER: IssuerKind.VET_PROVIDER,
    OrganisationKind.MOOC_PLATFORM: IssuerKind.MOOC,
    OrganisationKind.EMPLOYER: IssuerKind.EMPLOYER,
    OrganisationKind.QA_BODY: IssuerKind.QA_BODY,
    OrganisationKind.OTHER: IssuerKind.OTHER,
}
"""The issuer kind (what policy profiles check) of each kind of organisation."""

PROFILE_FIELDS = frozenset(
    {"url", "email", "phone", "description", "image", "address", "otherIdentifier"}
)
ADDRESS_FIELDS: Mapping[str, str] = {
    "addressRegion": "region",
    "addressLocality": "locality",
    "streetAddress": "street_address",
    "postalCode": "postal_code",
}
"""Open Badges ``Address`` members of a profile → :class:`~credstack.core.model.Address`
fields (the country members come from :attr:`Organisation.country`)."""
COUNTRY_MEMBERS = ("addressCountryCode", "addressCountry")
UNCHANGED: Final = object()
"""Default of :func:`update_organisation`'s arguments: leave this one as it is."""
IDENTIFIER_TYPES = frozenset(
    {
        "name", "sourcedId", "systemId", "productId", "userName", "accountId", "emailAddress",
        "nationalIdentityNumber", "isbn", "issn", "lisSourcedId", "oneRosterSourcedId",
        "sisSourcedId", "ltiContextId", "ltiDeploymentId", "ltiToolId", "ltiPlatformId",
        "ltiUserId", "identifier",
    }
)  # fmt: skip
"""Open Badges ``IdentifierTypeEnum``; other types are extensions named ``ext:…``."""

_EXTENSION_IDENTIFIER_TYPE = re.compile(r"^ext:[A-Za-z0-9._-]+$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_IMAGE_DATA = re.compile(r"^data:image/[a-z0-9.+-]+(;[^,]*)?,\S+$")


def create_organisation(
    uow: UnitOfWork,
    key_store: KeyStore,
    config: ServiceConfig,
    *,
    slug: str,
    name: str,
    kind: OrganisationKind | str,
    profile: Mapping[str, Any],
    now: datetime,
    actor: str = "system",
    country: str | None = None,
) -> Organisation:
    """Create an organisation with its first signing key and revocation status list.

    Raises :class:`InvalidRequestError` for a bad slug, name, kind, country
    (``INVALID_COUNTRY_CODE``) or profile member, and :class:`ConflictError` (from the store)
    when the slug is taken.
    """
    if not isinstance(slug, str) or not SLUG.match(slug):
        raise InvalidRequestError(
            f"{slug!r} is not a valid slug: 1 to 63 lower-case letters, digits and hyphens, "
            "starting and ending with a letter or digit",
            field="slug",
        )
    organisation = Organisation(
        id=uuid4(),
        slug=slug,
        name=_text(name, "name", MAX_NAME_LENGTH),
        kind=_kind(kind),
        did=organisation_did(config.base_url, slug),
        profile=validate_profile(profile),
        created_at=now,
        country=validate_country(country),
    )
    uow.organisations.add(organisation)
    record_event(
        uow,
        organisation_id=organisation.id,
        actor=actor,
        action="organisation.created",
        object_type="organisation",
        object_id=organisation.id,
        at=now,
        details={"slug": slug, "country": organisation.country},
    )
    create_signing_key(uow, key_store, organisation, now=now, actor=actor)
    uow.status_lists.add(
        StatusListRecord(
            id=uuid4(),
            organisation_id=organisation.id,
            purpose=REVOCATION,
            length=config.status_list_length,
            # the secret permutation of the list's positions derives from this seed
            seed=secrets.token_bytes(32),
            allocated=0,
            bits=bytes(config.status_list_length // 8),
            revision=0,
            updated_at=now,
        )
    )
    return organisation


def update_organisation(
    uow: UnitOfWork,
    principal: Principal,
    *,
    name: Any = UNCHANGED,
    country: Any = UNCHANGED,
    profile: Any = UNCHANGED,
    now: datetime,
) -> Organisation:
    """Change the principal's organisation: its name, its country (None removes it) or its
    whole profile; arguments left :data:`UNCHANGED` stay as they are.

    Needs :attr:`Permission.MANAGE`. Raises :class:`InvalidRequestError` as
    :func:`create_organisation` does; nothing changes unless every value is valid. Credentials
    issued before keep the profile they were signed with.
    """
    principal.require(Permission.MANAGE)
    organisation = uow.organisations.get(principal.organisation_id)
    if organisation is None:
        raise NotFoundError("the organisation does not exist")
    changes: dict[str, Any] = {}
    if name is not UNCHANGED:
        changes["name"] = _text(name, "name", MAX_NAME_LENGTH)
    if country is not UNCHANGED:
        changes["country"] = validate_country(country)
    if profile is not UNCHANGED:
        changes["profile"] = validate_profile(profile)
    changed = sorted(k for k, v in changes.items() if getattr(organisation, k) != v)
    if not changed:
        return organisation
    updated = dataclasses.replace(organisation, **changes)
    uow.organisations.update(updated)
    details: dict[str, Any] = {"changed": changed}
    if "country" in changed:
        details["country"] = updated.country
    record_event(
        uow,
        organisation_id=organisation.id,
        actor=principal.actor,
        action="organisation.updated",
        object_type="organisation",
        object_id=organisation.id,
        at=now,
        details=details,
    )
    return updated


def validate_country(value: Any, field: str = "country") -> str | None:
    """An ISO 3166-1 alpha-2 code in upper case, or None for no country.

    Raises :class:`InvalidRequestError` with code ``INVALID_COUNTRY_CODE`` otherwise.
    """
    if value is None:
        return None
    try:
        return parse_country_code(value, path=field)
    except DocumentError as exc:
        raise InvalidRequestError(exc.message, code=exc.code, field=field) from None


def get_organisation_by_slug(uow: UnitOfWork, slug: str) -> Organisation:
    """The organisation named ``slug``; :class:`NotFoundError` when there is none."""
    organisation = uow.organisations.by_slug(slug)
    if organisation is None:
        raise NotFoundError(f"there is no organisation {slug!r}")
    return organisation


def issuer_profile(organisation: Organisation, config: ServiceConfig) -> Issuer:
    """The organisation as the issuer of its credentials.

    Its ``url`` is the one in its profile, or else its public page on the platform; its
    address holds its country (code and English name) and the profile's address members.
    """
    profile = organisation.profile
    parts = {
        ADDRESS_FIELDS[k]: v
        for k, v in (profile.get("address") or {}).items()
        if k in ADDRESS_FIELDS
    }
    if organisation.country is not None:
        parts["country_code"] = organisation.country
        parts["country"] = country_name(organisation.country)
    image = profile.get("image")
    return Issuer(
        id=organisation.did,
        name=organisation.name,
        url=profile.get("url") or organisation_url(config.base_url, organisation.slug),
        email=profile.get("email"),
        phone=profile.get("phone"),
        description=profile.get("description"),
        address=Address(**parts) if parts else None,
        kind=ISSUER_KINDS[organisation.kind],
        image=Image(image["id"], image.get("caption")) if image else None,
        other_identifiers=tuple(
            IdentifierEntry(entry["identifier"], entry["identifierType"])
            for entry in profile.get("otherIdentifier", ())
        ),
    )


def profile_document(organisation: Organisation, config: ServiceConfig) -> dict[str, Any]:
    """The public JSON-LD ``Profile`` of the organisation (served at ``/orgs/{slug}``).

    It names the extension context where this platform publishes it, as its credentials do;
    a ``Profile`` has no ``relatedResource`` to pin it with (it is not signed either).
    """
    body = to_profile_json(issuer_profile(organisation, config))
    contexts = [VC_V2_CONTEXT, OB_V3_CONTEXT]
    if uses_extension(body):
        contexts.append(extension_context_url(config))
    return {"@context": contexts, **body}


def validate_profile(profile: Mapping[str, Any]) -> dict[str, Any]:
    """The profile members, checked and normalised (images and addresses as objects).

    Raises :class:`InvalidRequestError` naming the first member that is wrong.
    """
    if not isinstance(profile, Mapping):
        raise InvalidRequestError("the profile must be an object", field="profile")
    unknown = sorted(set(profile) - PROFILE_FIELDS)
    if unknown:
        raise InvalidRequestError(
            f"unknown profile member(s) {', '.join(map(repr, unknown))}; allowed: "
            f"{', '.join(sorted(PROFILE_FIELDS))}",
            field="profile",
        )
    checks = {
        "url": _url,
        "email": _email,
        "phone": lambda value: _text(value, "profile.phone", 50),
        "description": lambda value: _text(value, "profile.description", MAX_TEXT_LENGTH),
        "image": _image,
        "address": _address,
        "otherIdentifier": _identifiers,
    }
    return {key: checks[key](value) for key, value in profile.items() if value is not None}


def _kind(kind: OrganisationKind | str) -> OrganisationKind:
    try:
        return OrganisationKind(kind)
    except ValueError:
        allowed = ", ".join(repr(k.value) for k in OrganisationKind)
        raise InvalidRequestError(
            f"{kind!r} is not an organisation kind ({allowed})", field="kind"
        ) from None


def _text(value: Any, field: str, limit: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidRequestError(f"{field} must be non-empty text", field=field)
    if len(value.strip()) > limit:
        raise InvalidRequestError(f"{field} has at most {limit} characters", field=field)
    return value.strip()


def _url(value: Any, field: str = "profile.url") -> str:
    text = _text(value, field, 2000)
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in text):
        raise InvalidRequestError(
            f"{field} must be an http(s) URL such as https://uni.example/, not {text!r}",
            field=field,
        )
    return text


def _email(value: Any) -> str:
    text = _text(value, "profile.email", 254)
    if not _EMAIL.match(text):
        raise InvalidRequestError(
            f"profile.email must be an e-mail address, not {text!r}", field="profile.email"
        )
    return text


def _image(value: Any) -> dict[str, Any]:
    image = {"id": value} if isinstance(value, str) else value
    if not isinstance(image, Mapping) or set(image) - {"id", "type", "caption"}:
        raise InvalidRequestError(
            "profile.image must be a URL or an object with id (a URL) and an optional caption",
            field="profile.image",
        )
    if image.get("type", "Image") != "Image":
        raise InvalidRequestError("profile.image type must be 'Image'", field="profile.image")
    location = _text(image.get("id"), "profile.image.id", limits.IMAGE)
    if not _IMAGE_DATA.match(location):
        _url(location, "profile.image.id")
    result: dict[str, Any] = {"id": location, "type": "Image"}
    if image.get("caption") is not None:
        result["caption"] = _text(image["caption"], "profile.image.caption", MAX_NAME_LENGTH)
    return result


def _address(value: Any) -> dict[str, Any]:
    allowed = {"type", *ADDRESS_FIELDS}
    if isinstance(value, Mapping) and set(value) & set(COUNTRY_MEMBERS):
        member = next(m for m in COUNTRY_MEMBERS if m in value)
        raise InvalidRequestError(
            f"profile.address.{member}: the country is the organisation's own 'country' "
            "(an ISO 3166-1 alpha-2 code); set it there",
            field=f"profile.address.{member}",
        )
    if not isinstance(value, Mapping) or set(value) - allowed or not set(value) - {"type"}:
        raise InvalidRequestError(
            f"profile.address must be an object with some of {', '.join(ADDRESS_FIELDS)}",
            field="profile.address",
        )
    if value.get("type", ["Address"]) not in (["Address"], "Address"):
        raise InvalidRequestError("profile.address type must be 'Address'", field="profile.address")
    result: dict[str, Any] = {"type": ["Address"]}
    for key in ADDRESS_FIELDS:
        if key in value:
            result[key] = _text(value[key], f"profile.address.{key}", MAX_NAME_LENGTH)
    return result


def _identifiers(value: Any) -> list[dict[str, str]]:
    field = "profile.otherIdentifier"
    if not isinstance(value, list):
        raise InvalidRequestError(f"{field} must be a list", field=field)
    result = []
    for index, entry in enumerate(value):
        where = f"{field}[{index}]"
        if not isinstance(entry, Mapping) or set(entry) - {"type", "identifier", "identifierType"}:
            raise InvalidRequestError(
                f"{where} must be an object with identifier and identifierType", field=where
            )
        if entry.get("type", "IdentifierEntry") != "IdentifierEntry":
            raise InvalidRequestError(f"{where} type must be 'IdentifierEntry'", field=where)
        identifier = _text(entry.get("identifier"), f"{where}.identifier", MAX_NAME_LENGTH)
        kind = _text(entry.get("identifierType"), f"{where}.identifierType", MAX_NAME_LENGTH)
        if kind not in IDENTIFIER_TYPES and not _EXTENSION_IDENTIFIER_TYPE.match(kind):
            raise InvalidRequestError(
                f"{where}.identifierType {kind!r} is neither an Open Badges identifier type "
                "(sourcedId, systemId, …) nor an extension such as 'ext:ErasmusCode'",
                field=f"{where}.identifierType",
            )
        result.append({"type": "IdentifierEntry", "identifier": identifier, "identifierType": kind})
    return result


__all__ = [
    "ADDRESS_FIELDS",
    "COUNTRY_MEMBERS",
    "IDENTIFIER_TYPES",
    "ISSUER_KINDS",
    "PROFILE_FIELDS",
    "REVOCATION",
    "SLUG",
    "UNCHANGED",
    "create_organisation",
    "get_organisation_by_slug",
    "issuer_profile",
    "profile_document",
    "update_organisation",
    "validate_country",
    "validate_profile",
]
