"""The issuer: the organisation that awards micro-credentials (OB 3.0 ``Profile``).

Annex I asks for the *awarding body* and the *country / region of the issuer*; both live here
(``name`` and ``address``), so an achievement is checked together with its issuer.
"""

from __future__ import annotations

from dataclasses import dataclass

from credstack.core.model.descriptors import IdentifierEntry, Image
from credstack.core.model.vocabularies import IssuerKind


@dataclass(frozen=True, slots=True)
class Address:
    """A postal address; ``country_code`` is ISO 3166-1 alpha-2 (``NL``, ``NZ``)."""

    country_code: str | None = None
    country: str | None = None
    region: str | None = None
    locality: str | None = None
    street_address: str | None = None
    postal_code: str | None = None


@dataclass(frozen=True, slots=True)
class Issuer:
    """An issuer profile.

    ``id`` is the issuer's identifier: a ``did:web`` for organisations (``did:key`` in tests) or
    an HTTPS URL. ``kind`` says whether it is a university, a MOOC platform, an employer, …
    """

    id: str
    name: str | None = None
    url: str | None = None
    email: str | None = None
    phone: str | None = None
    description: str | None = None
    address: Address | None = None
    kind: IssuerKind | None = None
    image: Image | None = None
    other_identifiers: tuple[IdentifierEntry, ...] = ()

    @property
    def country_code(self) -> str | None:
        """The ISO 3166-1 alpha-2 code of the issuer's country, if known."""
        return self.address.country_code if self.address else None

    @property
    def region(self) -> str | None:
        """The issuer's region within its country, if known."""
        return self.address.region if self.address else None


__all__ = ["Address", "Issuer"]
