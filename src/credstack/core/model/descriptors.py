"""Small descriptors shared by issuers and achievements: images, identifiers, alignments."""

from __future__ import annotations

from dataclasses import dataclass

EQF_URI_PREFIX = "http://data.europa.eu/snb/eqf/"
"""EU controlled-vocabulary IRI of an EQF level: ``http://data.europa.eu/snb/eqf/6``."""

EQF_FRAMEWORK = "European Qualifications Framework"
ESCO_FRAMEWORK = "ESCO"
COMPETENCY_TARGET_TYPE = "ceasn:Competency"


@dataclass(frozen=True, slots=True)
class Image:
    """An image of a badge or an organisation (URL or ``data:`` URI), with an optional caption."""

    id: str
    caption: str | None = None


@dataclass(frozen=True, slots=True)
class IdentifierEntry:
    """Another identifier of a profile or achievement (OB 3.0 ``IdentifierEntry``).

    ``identifier_type`` is an Open Badges identity type (``sourcedId``, ``identifier``, …) or an
    extension value starting with ``ext:`` (for example ``ext:ErasmusCode``).
    """

    identifier: str
    identifier_type: str


@dataclass(frozen=True, slots=True)
class Alignment:
    """A link from an achievement to a node in a framework (OB 3.0 ``Alignment``).

    Skills from ESCO use ``target_framework="ESCO"`` and ``target_type="ceasn:Competency"``
    (see :meth:`esco_skill`); the EQF level is an alignment to the EU vocabulary IRI
    (see :meth:`eqf_level`).
    """

    target_name: str
    target_url: str
    target_code: str | None = None
    target_description: str | None = None
    target_framework: str | None = None
    target_type: str | None = None

    @classmethod
    def esco_skill(cls, uri: str, name: str, description: str | None = None) -> Alignment:
        """An alignment to an ESCO skill or competence (``http://data.europa.eu/esco/skill/…``)."""
        return cls(
            target_name=name,
            target_url=uri,
            target_description=description,
            target_framework=ESCO_FRAMEWORK,
            target_type=COMPETENCY_TARGET_TYPE,
        )

    @classmethod
    def eqf_level(cls, level: int) -> Alignment:
        """The alignment that states an EQF level (1–8)."""
        return cls(
            target_name=f"EQF level {level}",
            target_url=f"{EQF_URI_PREFIX}{level}",
            target_code=str(level),
            target_framework=EQF_FRAMEWORK,
        )


__all__ = [
    "COMPETENCY_TARGET_TYPE",
    "EQF_FRAMEWORK",
    "EQF_URI_PREFIX",
    "ESCO_FRAMEWORK",
    "Alignment",
    "IdentifierEntry",
    "Image",
]
