"""Open Badges 3.0 JSON for issued credentials (``OpenBadgeCredential``).

:func:`build_credential` writes an unsigned credential that validates against the 1EdTech
OB 3.0 JSON Schema (arrays where it wants arrays, ``credentialSchema`` pointing at it) and uses
no JSON-LD term its contexts do not define. :func:`parse_credential` reads it back, and reads
other issuers' OB 3.0 credentials too (VC 1.1-era ``issuanceDate`` / ``expirationDate``
included); credstack extension terms are only read when the credstack context is listed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from functools import cache
from typing import Any, Final

from credstack.core.errors import ContextError, DocumentError, ErrorCode
from credstack.core.json.fields import FieldReader
from credstack.core.jsonld.contexts import bundled_context_bytes
from credstack.core.jsonld.pins import pinned_contexts, sri_digest
from credstack.core.model import (
    Achievement,
    Credential,
    Evidence,
    IdentityObject,
    Issuer,
    Recipient,
    Result,
    ResultStatus,
    StatusEntry,
)
from credstack.core.ob3.achievement import read_achievement, to_achievement_json
from credstack.core.ob3.profile import (
    JsonObject,
    put,
    read_alignments,
    read_enum,
    read_issuer_ref,
    to_alignment_json,
    to_profile_json,
)
from credstack.core.ob3.terms import (
    CREDENTIAL_TYPES,
    CREDSTACK_CONTEXT,
    JSON_SCHEMA_VALIDATOR_TYPE,
    OB_ACHIEVEMENT_CREDENTIAL_SCHEMA,
    OB_CREDENTIAL_TYPES,
    OB_V3_CONTEXT,
    OB_V3_EXTENSIONS_CONTEXT,
    VC_V2_CONTEXT,
    json_number,
    uses_extension,
)
from credstack.core.timestamps import format_datetime, parse_datetime

LD_JSON: Final = "application/ld+json"


def build_credential(
    *,
    id: str,
    issuer: Issuer,
    achievement: Achievement,
    recipient: str | IdentityObject | Recipient,
    valid_from: datetime,
    valid_until: datetime | None = None,
    awarded_date: datetime | None = None,
    results: Iterable[Result] = (),
    evidence: Iterable[Evidence] = (),
    credits_earned: float | None = None,
    status: Iterable[StatusEntry] = (),
    name: str | None = None,
    activity_start_date: datetime | None = None,
    activity_end_date: datetime | None = None,
    extension_context: str = CREDSTACK_CONTEXT,
) -> JsonObject:
    """An unsigned ``OpenBadgeCredential`` as JSON, ready to be signed.

    ``recipient`` is the learner's DID or URL, an :class:`IdentityObject` (e.g. a salted hash
    of their e-mail address), or a :class:`Recipient` with both. ``name`` defaults to the
    achievement's name. Datetimes must be timezone-aware; they are written in UTC to the second.
    ``extension_context`` is the URL at which the credstack extension context is named when
    the credential uses one of its terms (an installation's own copy, see
    :func:`to_credential_json`).
    """
    return to_credential_json(
        make_credential(
            id=id,
            issuer=issuer,
            achievement=achievement,
            recipient=recipient,
            valid_from=valid_from,
            valid_until=valid_until,
            awarded_date=awarded_date,
            results=results,
            evidence=evidence,
            credits_earned=credits_earned,
            status=status,
            name=name,
            activity_start_date=activity_start_date,
            activity_end_date=activity_end_date,
        ),
        extension_context=extension_context,
    )


def make_credential(
    *,
    id: str,
    issuer: Issuer,
    achievement: Achievement,
    recipient: str | IdentityObject | Recipient,
    valid_from: datetime,
    valid_until: datetime | None = None,
    awarded_date: datetime | None = None,
    results: Iterable[Result] = (),
    evidence: Iterable[Evidence] = (),
    credits_earned: float | None = None,
    status: Iterable[StatusEntry] = (),
    name: str | None = None,
    activity_start_date: datetime | None = None,
    activity_end_date: datetime | None = None,
) -> Credential:
    """The :class:`Credential` that :func:`build_credential` writes (dates to the second, UTC)."""
    return Credential(
        id=id,
        issuer=issuer,
        achievement=achievement,
        recipient=_recipient(recipient),
        valid_from=_second(valid_from),
        valid_until=_optional_second(valid_until),
        awarded_date=_optional_second(awarded_date),
        name=name if name is not None else achievement.name,
        results=tuple(results),
        evidence=tuple(evidence),
        credits_earned=None if credits_earned is None else float(credits_earned),
        activity_start_date=_optional_second(activity_start_date),
        activity_end_date=_optional_second(activity_end_date),
        status=tuple(status),
    )


def _recipient(recipient: str | IdentityObject | Recipient) -> Recipient:
    if isinstance(recipient, Recipient):
        result = recipient
    elif isinstance(recipient, IdentityObject):
        result = Recipient(identifiers=(recipient,))
    else:
        result = Recipient(id=recipient)
    if not result.id and not result.identifiers:
        raise FieldReader({}, "credentialSubject").error(
            None, "a recipient id (DID or URL) or at least one identity object"
        )
    return result


def _second(moment: datetime) -> datetime:
    return parse_datetime(format_datetime(moment))


def _optional_second(moment: datetime | None) -> datetime | None:
    return None if moment is None else _second(moment)


def to_credential_json(
    credential: Credential, *, extension_context: str = CREDSTACK_CONTEXT
) -> JsonObject:
    """The unsigned OB 3.0 JSON of a :class:`Credential`.

    When the credential uses a term of the credstack extension context, ``extension_context``
    is added to ``@context`` and pinned to the digest of the bundled context in
    ``relatedResource`` (VC 2.0 §5.3), so that a verifier that fetches it can check what it
    got, and one that does not can recognise it wherever it is served
    (:mod:`credstack.core.jsonld.pins`).
    """
    c = credential
    subject: JsonObject = {}
    put(subject, "id", c.recipient.id)
    subject["type"] = ["AchievementSubject"]
    put(subject, "identifier", [_identity_json(x) for x in c.recipient.identifiers])
    subject["achievement"] = to_achievement_json(c.achievement)
    if c.credits_earned is not None:
        subject["creditsEarned"] = json_number(c.credits_earned)
    _put_date(subject, "activityStartDate", c.activity_start_date)
    _put_date(subject, "activityEndDate", c.activity_end_date)
    put(subject, "result", [_result_json(r) for r in c.results])

    # The OB 3.0 extensions context defines the credentialSchema type
    # ``1EdTechJsonSchemaValidator2019``, which the OB 3.0 context itself leaves undefined.
    data: JsonObject = {
        "@context": [VC_V2_CONTEXT, OB_V3_CONTEXT, OB_V3_EXTENSIONS_CONTEXT],
        "id": c.id,
    }
    data["type"] = list(CREDENTIAL_TYPES)
    put(data, "name", c.name)
    put(data, "description", c.description)
    data["issuer"] = to_profile_json(c.issuer)
    data["validFrom"] = format_datetime(c.valid_from)
    _put_date(data, "validUntil", c.valid_until)
    _put_date(data, "awardedDate", c.awarded_date)
    data["credentialSubject"] = subject
    put(data, "evidence", [_evidence_json(e) for e in c.evidence])
    data["credentialSchema"] = [
        {"id": OB_ACHIEVEMENT_CREDENTIAL_SCHEMA, "type": JSON_SCHEMA_VALIDATOR_TYPE}
    ]
    statuses = [_status_json(s) for s in c.status]
    if statuses:
        # The OB 3.0 schema allows one status object; VC 2.0 allows an array for several.
        data["credentialStatus"] = statuses[0] if len(statuses) == 1 else statuses
    if uses_extension(data):
        data["@context"].append(extension_context)
        data["relatedResource"] = [extension_context_pin(extension_context)]
    return data


def extension_context_pin(url: str) -> JsonObject:
    """The ``relatedResource`` entry that pins ``url`` to the credstack extension context."""
    return {"id": url, "digestSRI": _extension_digest(), "mediaType": LD_JSON}


@cache
def _extension_digest() -> str:
    return sri_digest(bundled_context_bytes(CREDSTACK_CONTEXT))


def _put_date(target: JsonObject, key: str, moment: datetime | None) -> None:
    if moment is not None:
        target[key] = format_datetime(moment)


def _identity_json(identity: IdentityObject) -> JsonObject:
    data: JsonObject = {
        "type": "IdentityObject",
        "identityHash": identity.identity_hash,
        "identityType": identity.identity_type,
        "hashed": identity.hashed,
    }
    put(data, "salt", identity.salt)
    return data


def _result_json(result: Result) -> JsonObject:
    data: JsonObject = {"type": ["Result"]}
    put(data, "resultDescription", result.result_description)
    put(data, "value", result.value)
    put(data, "status", None if result.status is None else str(result.status))
    put(data, "achievedLevel", result.achieved_level)
    put(data, "alignment", [to_alignment_json(x) for x in result.alignments])
    return data


def _evidence_json(evidence: Evidence) -> JsonObject:
    data: JsonObject = {}
    put(data, "id", evidence.id)
    data["type"] = ["Evidence"]
    put(data, "name", evidence.name)
    put(data, "description", evidence.description)
    put(data, "narrative", evidence.narrative)
    put(data, "genre", evidence.genre)
    put(data, "audience", evidence.audience)
    return data


def _status_json(status: StatusEntry) -> JsonObject:
    data: JsonObject = {"id": status.id, "type": status.type}
    put(data, "statusPurpose", status.status_purpose)
    put(data, "statusListIndex", status.status_list_index)
    put(data, "statusListCredential", status.status_list_credential)
    return data


def parse_credential(data: object) -> Credential:
    """Read an OB 3.0 credential (ours or another issuer's) into a :class:`Credential`.

    Proofs, endorsements, refresh services and terms of use are not part of the model and are
    ignored. Raises :class:`~credstack.core.errors.DocumentError` (``MALFORMED_VALUE_ERROR``)
    naming the offending field.
    """
    reader = FieldReader(data, "", code=ErrorCode.MALFORMED_VALUE_ERROR, wrap_single=True)
    types = set(reader.types())
    if "VerifiableCredential" not in types or not types & OB_CREDENTIAL_TYPES:
        raise reader.error(
            "type", "'VerifiableCredential' and 'OpenBadgeCredential' (or 'AchievementCredential')"
        )
    extensions = _uses_extension_context(reader.data)
    subject = _subject(reader)
    achievement = subject.child("achievement")
    if achievement is None:
        raise subject.error("achievement", "an Achievement object (this field is required)")
    recipient = Recipient(
        id=subject.text("id"),
        identifiers=tuple(_read_identity(x) for x in subject.children("identifier")),
    )
    return Credential(
        id=reader.required_text("id"),
        issuer=read_issuer_ref(reader, "issuer", extensions=extensions),
        achievement=read_achievement(achievement, extensions=extensions),
        recipient=recipient,
        valid_from=_required_date(reader, ("validFrom", "issuanceDate")),
        valid_until=_date(reader, ("validUntil", "expirationDate")),
        awarded_date=_date(reader, ("awardedDate",)),
        name=reader.text("name"),
        description=reader.text("description"),
        results=tuple(_read_result(x) for x in subject.children("result")),
        evidence=tuple(_read_evidence(x) for x in reader.children("evidence")),
        credits_earned=subject.number("creditsEarned"),
        activity_start_date=_date(subject, ("activityStartDate",)),
        activity_end_date=_date(subject, ("activityEndDate",)),
        status=tuple(_read_status(x) for x in reader.children("credentialStatus")),
    )


def _contexts(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _uses_extension_context(data: Mapping[str, Any]) -> bool:
    """Whether ``@context`` names the credstack extension context, or a URL pinned to it."""
    named = _contexts(data.get("@context"))
    if CREDSTACK_CONTEXT in named:
        return True
    try:
        pins = pinned_contexts(data)
    except ContextError:
        return False  # the contexts check reports it; the terms are not read
    return any(pins.get(url) == CREDSTACK_CONTEXT for url in named if isinstance(url, str))


def _subject(reader: FieldReader) -> FieldReader:
    if not isinstance(reader.data.get("credentialSubject"), list):
        single = reader.child("credentialSubject")
        if single is None:
            raise reader.error("credentialSubject", "an AchievementSubject object")
        return single
    subjects = reader.children("credentialSubject")
    if len(subjects) != 1:
        raise reader.error("credentialSubject", "exactly one AchievementSubject object")
    return subjects[0]


def _date(reader: FieldReader, keys: Sequence[str]) -> datetime | None:
    for key in keys:
        value = reader.text(key)
        if value is not None:
            try:
                return parse_datetime(value)
            except DocumentError as exc:
                raise reader.error(
                    key, "a date-time with a time zone, e.g. 2025-01-01T00:00:00Z"
                ) from exc
    return None


def _required_date(reader: FieldReader, keys: Sequence[str]) -> datetime:
    moment = _date(reader, keys)
    if moment is None:
        raise reader.error(keys[0], "a date-time (this field is required)")
    return moment


def _read_identity(reader: FieldReader) -> IdentityObject:
    hashed = reader.boolean("hashed")
    if hashed is None:
        raise reader.error("hashed", "true or false (this field is required)")
    return IdentityObject(
        identity_hash=reader.required_text("identityHash"),
        identity_type=reader.required_text("identityType"),
        hashed=hashed,
        salt=reader.text("salt"),
    )


def _read_result(reader: FieldReader) -> Result:
    return Result(
        result_description=reader.text("resultDescription"),
        value=reader.text("value"),
        status=read_enum(reader, "status", ResultStatus) if reader.has("status") else None,
        achieved_level=reader.text("achievedLevel"),
        alignments=read_alignments(reader),
    )


def _read_evidence(reader: FieldReader) -> Evidence:
    return Evidence(
        id=reader.text("id"),
        name=reader.text("name"),
        description=reader.text("description"),
        narrative=reader.text("narrative"),
        genre=reader.text("genre"),
        audience=reader.text("audience"),
    )


def _read_status(reader: FieldReader) -> StatusEntry:
    index = reader.data.get("statusListIndex")
    if isinstance(index, int) and not isinstance(index, bool):
        index = str(index)
    elif index is not None and not isinstance(index, str):
        raise reader.error("statusListIndex", "a string of digits", index)
    return StatusEntry(
        id=reader.required_text("id"),
        type=reader.required_text("type"),
        status_purpose=reader.text("statusPurpose"),
        status_list_index=index,
        status_list_credential=reader.text("statusListCredential"),
    )


__all__ = [
    "LD_JSON",
    "build_credential",
    "extension_context_pin",
    "make_credential",
    "parse_credential",
    "to_credential_json",
]
