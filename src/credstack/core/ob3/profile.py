"""Open Badges 3.0 JSON for profiles (issuers) and the small shared classes.

``Image``, ``IdentifierEntry``, ``Address`` and ``Alignment`` appear in profiles, achievements
and results alike; their mapping lives here. Arrays are always written as arrays, because the
1EdTech JSON Schema requires them.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, TypeVar

from credstack.core.json.fields import FieldReader
from credstack.core.model import Address, Alignment, IdentifierEntry, Image, Issuer, IssuerKind

JsonObject = dict[str, Any]
E = TypeVar("E", bound=StrEnum)


def put(target: JsonObject, key: str, value: object) -> None:
    """Set ``target[key]`` unless ``value`` is ``None`` or an empty collection."""
    if value is None or (isinstance(value, list | tuple | dict) and not value):
        return
    target[key] = value


def to_image_json(image: Image) -> JsonObject:
    """OB 3.0 ``Image``."""
    data: JsonObject = {"id": image.id, "type": "Image"}
    put(data, "caption", image.caption)
    return data


def read_image(reader: FieldReader, key: str) -> Image | None:
    """An ``Image`` object, or the bare URL some issuers write instead."""
    value = reader.data.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return Image(value)
    image = reader.child(key)
    assert image is not None
    return Image(image.required_text("id"), image.text("caption"))


def to_identifier_entry_json(entry: IdentifierEntry) -> JsonObject:
    """OB 3.0 ``IdentifierEntry``."""
    return {
        "type": "IdentifierEntry",
        "identifier": entry.identifier,
        "identifierType": entry.identifier_type,
    }


def read_identifier_entries(reader: FieldReader, key: str) -> tuple[IdentifierEntry, ...]:
    """The ``otherIdentifier`` array."""
    return tuple(
        IdentifierEntry(item.required_text("identifier"), item.required_text("identifierType"))
        for item in reader.children(key)
    )


def to_alignment_json(alignment: Alignment) -> JsonObject:
    """OB 3.0 ``Alignment``."""
    data: JsonObject = {"type": ["Alignment"]}
    put(data, "targetCode", alignment.target_code)
    put(data, "targetDescription", alignment.target_description)
    data["targetName"] = alignment.target_name
    put(data, "targetFramework", alignment.target_framework)
    put(data, "targetType", alignment.target_type)
    data["targetUrl"] = alignment.target_url
    return data


def read_alignments(reader: FieldReader, key: str = "alignment") -> tuple[Alignment, ...]:
    """An ``alignment`` array."""
    return tuple(
        Alignment(
            target_name=item.required_text("targetName"),
            target_url=item.required_text("targetUrl"),
            target_code=item.text("targetCode"),
            target_description=item.text("targetDescription"),
            target_framework=item.text("targetFramework"),
            target_type=item.text("targetType"),
        )
        for item in reader.children(key)
    )


def to_address_json(address: Address) -> JsonObject:
    """OB 3.0 ``Address``."""
    data: JsonObject = {"type": ["Address"]}
    put(data, "addressCountry", address.country)
    put(data, "addressCountryCode", address.country_code)
    put(data, "addressRegion", address.region)
    put(data, "addressLocality", address.locality)
    put(data, "streetAddress", address.street_address)
    put(data, "postalCode", address.postal_code)
    return data


def read_address(reader: FieldReader) -> Address:
    """An OB 3.0 ``Address``."""
    return Address(
        country_code=reader.text("addressCountryCode"),
        country=reader.text("addressCountry"),
        region=reader.text("addressRegion"),
        locality=reader.text("addressLocality"),
        street_address=reader.text("streetAddress"),
        postal_code=reader.text("postalCode"),
    )


def to_profile_json(issuer: Issuer) -> JsonObject:
    """The OB 3.0 ``Profile`` of an issuer; ``issuerKind`` is a credstack extension term."""
    data: JsonObject = {"id": issuer.id, "type": ["Profile"]}
    put(data, "name", issuer.name)
    put(data, "url", issuer.url)
    put(data, "email", issuer.email)
    put(data, "phone", issuer.phone)
    put(data, "description", issuer.description)
    if issuer.image is not None:
        data["image"] = to_image_json(issuer.image)
    if issuer.address is not None:
        data["address"] = to_address_json(issuer.address)
    put(data, "otherIdentifier", [to_identifier_entry_json(e) for e in issuer.other_identifiers])
    if issuer.kind is not None:
        data["issuerKind"] = str(issuer.kind)
    return data


def parse_profile(data: object, *, extensions: bool = True) -> Issuer:
    """Read an OB 3.0 ``Profile``; ``extensions=False`` ignores credstack extension terms.

    Raises :class:`~credstack.core.errors.DocumentError` (``MALFORMED_VALUE_ERROR``) naming the
    field that is wrong.
    """
    return read_profile(FieldReader(data, "", wrap_single=True), extensions=extensions)


def read_profile(reader: FieldReader, *, extensions: bool = True) -> Issuer:
    """Read a profile from a reader (the path of its errors is the reader's)."""
    if "Profile" not in reader.types():
        raise reader.error("type", "a type list that contains 'Profile'", reader.data.get("type"))
    address = reader.child("address")
    kind: IssuerKind | None = None
    if extensions and reader.has("issuerKind"):
        kind = read_enum(reader, "issuerKind", IssuerKind)
    return Issuer(
        id=reader.required_text("id"),
        name=reader.text("name"),
        url=reader.text("url"),
        email=reader.text("email"),
        phone=reader.text("phone"),
        description=reader.text("description"),
        address=read_address(address) if address is not None else None,
        kind=kind,
        image=read_image(reader, "image"),
        other_identifiers=read_identifier_entries(reader, "otherIdentifier"),
    )


def read_enum(reader: FieldReader, key: str, enum: type[E]) -> E:
    """A string field whose value must be one of ``enum``'s values."""
    value = reader.required_text(key)
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(repr(str(member)) for member in enum)
        raise reader.error(key, f"one of {allowed}, not {value!r}") from None


def read_issuer_ref(reader: FieldReader, key: str, *, extensions: bool = True) -> Issuer:
    """``issuer``: a profile object or just the issuer's URI."""
    value = reader.data.get(key)
    if isinstance(value, str):
        if not value:
            raise reader.error(key, "a non-empty URI or a Profile object")
        return Issuer(id=value)
    child = reader.child(key)
    if child is None:
        raise reader.error(key, "a URI or a Profile object (this field is required)")
    return read_profile(child, extensions=extensions)


__all__ = [
    "JsonObject",
    "parse_profile",
    "put",
    "read_address",
    "read_alignments",
    "read_enum",
    "read_identifier_entries",
    "read_image",
    "read_issuer_ref",
    "read_profile",
    "to_address_json",
    "to_alignment_json",
    "to_identifier_entry_json",
    "to_image_json",
    "to_profile_json",
]
