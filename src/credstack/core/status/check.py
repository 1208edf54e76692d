"""Checking a credential's ``credentialStatus`` against Bitstring Status List credentials.

:func:`check_status` follows the validate algorithm of Bitstring Status List v1.0 for each
status entry and returns one :class:`StatusResult` per entry. It never raises for bad input:
a list that cannot be fetched, does not verify or cannot be decoded gives a result carrying the
error code, and the verification report turns results into checks. :func:`read_status` is the
step underneath, for one entry and a list credential already in hand; it raises
:class:`~credstack.core.errors.StatusListError`.

Legacy ``StatusList2021Entry`` / ``StatusList2021Credential`` use the same encoding and are read
the same way. Two leniencies, each reported as a warning on the result: a ``statusListIndex``
given as a JSON number rather than a string (the 1EdTech validator's own fixtures do this), and
an entry type this module does not know, which is reported as not checked instead of failing.
A third is the caller's choice (``allow_short``): a signed list shorter than the 131,072
entries the specification requires is read, with a ``STATUS_LIST_LENGTH_ERROR`` warning, as
Digital Bazaar's reader does (the Digital Credentials Consortium publishes 100,000-entry lists).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from credstack.core.errors import CredstackError, ErrorCode, StatusListError
from credstack.core.status.bitstring import (
    MIN_ENTRIES,
    StatusList,
    StatusMessage,
    StatusPurpose,
    check_status_messages,
    check_status_size,
    parse_status_message,
)
from credstack.core.timestamps import parse_datetime

#: Entry type → (list credential type, list subject type).
LIST_TYPES: Mapping[str, tuple[str, str]] = {
    "BitstringStatusListEntry": ("BitstringStatusListCredential", "BitstringStatusList"),
    "StatusList2021Entry": ("StatusList2021Credential", "StatusList2021"),
}

ListFetcher = Callable[[str], Mapping[str, Any] | None]
ListVerifier = Callable[[Mapping[str, Any]], str | None]
"""Checks a list credential's proofs and signer; raises, or returns a note on who signed it."""

_INDEX = re.compile(r"\A[0-9]+\Z")
_MAX_INDEX_DIGITS = 30  # far past any list a decoder accepts; keeps int() cheap
_URL = re.compile(r"\A[A-Za-z][A-Za-z0-9+.-]*:\S+\Z")
_NOT_BEFORE = ("validFrom", "issuanceDate")
_NOT_AFTER = ("validUntil", "expirationDate")


@dataclass(frozen=True, slots=True)
class StatusEntry:
    """A validated ``credentialStatus`` entry."""

    type: str
    purpose: str
    index: int
    list_url: str
    status_size: int = 1
    messages: tuple[StatusMessage, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StatusResult:
    """The outcome of one status entry.

    ``code`` is ``None`` when nothing is wrong (the entry is clear, or its purpose does not
    invalidate the credential), ``CREDENTIAL_REVOKED`` / ``CREDENTIAL_SUSPENDED`` when the
    issuer set the bit, or the error code when the status could not be established.
    """

    purpose: str
    index: int | None
    list_url: str | None
    value: int
    is_set: bool
    code: ErrorCode | None
    message: str
    status_message: str | None = None
    warnings: tuple[str, ...] = ()
    warning_code: ErrorCode | None = None
    """The code the warnings come under (``MALFORMED_VALUE_ERROR`` for a leniency of reading,
    ``STATUS_LIST_LENGTH_ERROR`` for a list shorter than the minimum)."""

    @property
    def is_error(self) -> bool:
        """True when the status could not be established (fetch, verify or decode failed)."""
        return self.code is not None and self.code not in _STATUS_CODES.values()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "purpose": self.purpose,
            "index": self.index,
            "statusListCredential": self.list_url,
            "value": self.value,
            "isSet": self.is_set,
            "code": None if self.code is None else str(self.code),
            "message": self.message,
            "statusMessage": self.status_message,
            "warnings": list(self.warnings),
            "warningCode": None if self.warning_code is None else str(self.warning_code),
        }


_STATUS_CODES = {
    StatusPurpose.REVOCATION: ErrorCode.CREDENTIAL_REVOKED,
    StatusPurpose.SUSPENSION: ErrorCode.CREDENTIAL_SUSPENDED,
}


def parse_status_entry(entry: Any) -> StatusEntry:
    """Validate a ``credentialStatus`` entry; raise ``MALFORMED_VALUE_ERROR`` if it is not one."""
    if not isinstance(entry, Mapping):
        raise _malformed(f"a credentialStatus entry must be an object, got {type(entry).__name__}")
    entry_type = _supported_type(entry)
    if entry_type is None:
        raise _malformed(f"unsupported status type {_type_label(entry)}")
    purpose = entry.get("statusPurpose")
    if not isinstance(purpose, str) or not purpose:
        raise _malformed("statusPurpose must be a non-empty string")
    index, warnings = _parse_index(entry.get("statusListIndex"))
    url = entry.get("statusListCredential")
    if not isinstance(url, str) or not _is_url(url):
        raise _malformed(f"statusListCredential must be a URL, got {url!r}")
    size = check_status_size(entry.get("statusSize", 1))
    raw_messages = entry.get("statusMessage")
    messages: tuple[StatusMessage, ...] = ()
    if raw_messages is not None:
        if not isinstance(raw_messages, list):
            raise _malformed("statusMessage must be an array")
        messages = check_status_messages([parse_status_message(m) for m in raw_messages], size)
    elif size > 1:
        raise _malformed(f"statusSize {size} requires a statusMessage array")
    return StatusEntry(entry_type, purpose, index, url, size, messages, warnings)


def read_status(
    entry: Mapping[str, Any] | StatusEntry,
    list_credential: Mapping[str, Any],
    *,
    now: datetime,
    allow_short: bool = False,
    signed_by: str | None = None,
) -> StatusResult:
    """Read one entry's status from a list credential that was fetched and verified.

    Raises :class:`StatusListError`: ``MALFORMED_VALUE_ERROR`` (entry, dates or encoded list),
    ``STATUS_VERIFICATION_ERROR`` (wrong type, outside its validity period at ``now``),
    ``STATUS_PURPOSE_MISMATCH``, ``STATUS_LIST_LENGTH_ERROR`` (unless ``allow_short``: then a
    list of fewer than 131,072 entries is read and the result carries a warning),
    ``STATUS_LIST_DECOMPRESSION_LIMIT`` and ``RANGE_ERROR``. ``signed_by`` is a note on the
    list's signer, added to the result's message.
    """
    _require_aware(now)
    parsed = entry if isinstance(entry, StatusEntry) else parse_status_entry(entry)
    if parsed.type not in LIST_TYPES:
        raise _malformed(f"unsupported status type '{parsed.type}'")
    credential_type, subject_type = LIST_TYPES[parsed.type]
    if credential_type not in _types(list_credential.get("type")):
        raise _unverified(f"the status list credential's type does not include {credential_type}")
    _check_validity(list_credential, now)
    subject = _subject(list_credential)
    if subject_type not in _types(subject.get("type")):
        raise _unverified(f"the status list's credentialSubject type must be {subject_type}")
    purposes = subject.get("statusPurpose")
    purposes = [purposes] if isinstance(purposes, str) else purposes
    if (
        not isinstance(purposes, list)
        or not purposes
        or not all(isinstance(p, str) for p in purposes)
    ):
        raise _malformed("the status list's statusPurpose must be one or more strings")
    if parsed.purpose not in purposes:
        raise StatusListError(
            f"the entry's statusPurpose is '{parsed.purpose}' but the status list is for "
            + ", ".join(repr(p) for p in purposes),
            code=ErrorCode.STATUS_PURPOSE_MISMATCH,
        )
    if "statusSize" in subject and check_status_size(subject["statusSize"]) != parsed.status_size:
        raise _unverified(
            f"the status list uses statusSize {subject['statusSize']} "
            f"but the entry says {parsed.status_size}"
        )
    if "encodedList" not in subject:
        raise _malformed("the status list credential has no encodedList")
    status_list = StatusList.decode(
        subject["encodedList"],
        status_size=parsed.status_size,
        min_entries=1 if allow_short else MIN_ENTRIES,
    )
    value = status_list.get(parsed.index)
    result = _result(parsed, value, _status_message(parsed, subject, value), signed_by)
    if status_list.length >= MIN_ENTRIES:
        return result
    short = (
        f"the status list holds {status_list.length:,} entries, fewer than the "
        f"{MIN_ENTRIES:,} the specification requires (a short list gives the credentials "
        "on it less herd privacy); read all the same"
    )
    return replace(
        result,
        warnings=(*result.warnings, short),
        warning_code=ErrorCode.STATUS_LIST_LENGTH_ERROR,
    )


def check_status(
    credential: Mapping[str, Any],
    *,
    fetch_list: ListFetcher,
    verify_list: ListVerifier,
    now: datetime,
    allow_short: bool = False,
) -> list[StatusResult]:
    """Check every ``credentialStatus`` entry of ``credential``; one result per entry.

    ``fetch_list(url)`` returns the list credential or ``None``; returning ``None`` or raising
    gives ``STATUS_RETRIEVAL_ERROR``. ``verify_list(list_credential)`` checks its proofs and
    its signer and raises a :class:`CredstackError` when they fail, which gives
    ``STATUS_VERIFICATION_ERROR`` with the inner message (a :class:`StatusListError` of
    another code keeps its code: ``STATUS_LIST_SIGNER_NOT_ACCEPTED``); it may return a note
    on the signer for the result's message. Each list is fetched and verified once per call.
    ``allow_short`` is :func:`read_status`'s.
    """
    _require_aware(now)
    if not isinstance(credential, Mapping):
        error = _malformed(f"a credential must be a JSON object, got {type(credential).__name__}")
        return [_error("", None, None, error, ())]
    raw = credential.get("credentialStatus")
    if raw is None:
        return []
    entries: Sequence[Any] = raw if isinstance(raw, list) else [raw]
    lists: dict[str, _Verified | StatusListError] = {}
    return [
        _check_one(entry, fetch_list, verify_list, now, lists, allow_short=allow_short)
        for entry in entries
    ]


_Verified = tuple[Mapping[str, Any], str | None]
"""A list credential that verified, and the note on its signer."""


def _check_one(
    raw: Any,
    fetch_list: ListFetcher,
    verify_list: ListVerifier,
    now: datetime,
    lists: dict[str, _Verified | StatusListError],
    *,
    allow_short: bool,
) -> StatusResult:
    if isinstance(raw, Mapping) and _supported_type(raw) is None:
        label = f"unsupported status type {_type_label(raw)}; this status was not checked"
        return StatusResult(
            purpose=_text(raw.get("statusPurpose")),
            index=None,
            list_url=_text(raw.get("statusListCredential")) or None,
            value=0,
            is_set=False,
            code=None,
            message=label,
            warnings=(label,),
            warning_code=ErrorCode.MALFORMED_VALUE_ERROR,
        )
    try:
        entry = parse_status_entry(raw)
    except StatusListError as exc:
        purpose = _text(raw.get("statusPurpose")) if isinstance(raw, Mapping) else ""
        return _error(purpose, None, None, exc, ())
    if entry.list_url not in lists:
        lists[entry.list_url] = _fetch_and_verify(entry.list_url, fetch_list, verify_list)
    verified = lists[entry.list_url]
    if isinstance(verified, StatusListError):
        return _error(entry.purpose, entry.index, entry.list_url, verified, entry.warnings)
    list_credential, signed_by = verified
    try:
        return read_status(
            entry, list_credential, now=now, allow_short=allow_short, signed_by=signed_by
        )
    except StatusListError as exc:
        return _error(entry.purpose, entry.index, entry.list_url, exc, entry.warnings)


def _fetch_and_verify(
    url: str, fetch_list: ListFetcher, verify_list: ListVerifier
) -> _Verified | StatusListError:
    retrieval = ErrorCode.STATUS_RETRIEVAL_ERROR
    try:
        list_credential = fetch_list(url)
    except Exception as exc:  # noqa: BLE001 - whatever the fetcher raises, retrieval failed
        return StatusListError(f"the status list could not be retrieved: {exc}", code=retrieval)
    if list_credential is None:
        return StatusListError("no status list credential was found at that URL", code=retrieval)
    if not isinstance(list_credential, Mapping):
        return StatusListError("the status list credential is not a JSON object", code=retrieval)
    try:
        signed_by = verify_list(list_credential)
    except StatusListError as exc:
        if exc.code is ErrorCode.STATUS_VERIFICATION_ERROR:
            return _unverified(f"the status list credential did not verify: {exc.message}")
        return exc
    except CredstackError as exc:
        return _unverified(f"the status list credential did not verify: {exc.message}")
    except Exception as exc:  # noqa: BLE001 - fail closed on a verifier that breaks
        return _unverified(f"the status list credential could not be verified: {exc!r}")
    return list_credential, signed_by


def _result(
    entry: StatusEntry, value: int, status_message: str | None, signed_by: str | None = None
) -> StatusResult:
    where = f"status list {entry.list_url}, index {entry.index}"
    if signed_by is not None:
        where += f"; {signed_by}"
    warnings = entry.warnings
    code = None
    if entry.purpose == StatusPurpose.REVOCATION:
        message = f"revoked by the issuer ({where})" if value else f"not revoked ({where})"
        code = _STATUS_CODES[StatusPurpose.REVOCATION] if value else None
    elif entry.purpose == StatusPurpose.SUSPENSION:
        message = f"suspended by the issuer ({where})" if value else f"not suspended ({where})"
        code = _STATUS_CODES[StatusPurpose.SUSPENSION] if value else None
    elif entry.purpose == StatusPurpose.REFRESH:
        message = (
            f"the issuer has a refreshed credential available ({where})"
            if value
            else f"no refresh signalled ({where})"
        )
    elif entry.purpose == StatusPurpose.MESSAGE:
        message = f"status {hex(value)}: {status_message} ({where})"
    else:
        message = f"status {hex(value)} for purpose '{entry.purpose}' ({where})"
        warnings += (f"statusPurpose '{entry.purpose}' has no defined meaning; not interpreted",)
    return StatusResult(
        purpose=entry.purpose,
        index=entry.index,
        list_url=entry.list_url,
        value=value,
        is_set=value != 0,
        code=code,
        message=message,
        status_message=status_message,
        warnings=warnings,
        warning_code=ErrorCode.MALFORMED_VALUE_ERROR if warnings else None,
    )


def _error(
    purpose: str,
    index: int | None,
    url: str | None,
    exc: StatusListError,
    warnings: tuple[str, ...],
) -> StatusResult:
    where = f" (status list {url}, index {index})" if url is not None else ""
    what = f"{purpose} status" if purpose else "status"
    return StatusResult(
        purpose=purpose,
        index=index,
        list_url=url,
        value=0,
        is_set=False,
        code=exc.code,
        message=f"could not check {what}{where}: {exc.message}",
        warnings=warnings,
        warning_code=ErrorCode.MALFORMED_VALUE_ERROR if warnings else None,
    )


def _status_message(entry: StatusEntry, subject: Mapping[str, Any], value: int) -> str | None:
    if entry.purpose != StatusPurpose.MESSAGE:
        return None
    messages = entry.messages
    if not messages and isinstance(subject.get("statusMessages"), list):
        parsed = [parse_status_message(m) for m in subject["statusMessages"]]
        messages = check_status_messages(parsed, entry.status_size)
    if not messages:
        return "set" if value else "unset"
    return next(m.message for m in messages if m.status == value)


def _parse_index(value: Any) -> tuple[int, tuple[str, ...]]:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        note = "statusListIndex is a JSON number; the specification requires a base-10 string"
        return value, (note,)
    if not isinstance(value, str) or not _INDEX.match(value):
        raise _malformed(
            f"statusListIndex must be a non-negative base-10 integer string: {value!r}"
        )
    if len(value) > _MAX_INDEX_DIGITS:
        raise StatusListError(
            f"statusListIndex has {len(value)} digits, past the end of any status list",
            code=ErrorCode.RANGE_ERROR,
        )
    return int(value), ()


def _check_validity(list_credential: Mapping[str, Any], now: datetime) -> None:
    for key in _NOT_BEFORE:
        if key in list_credential:
            start = _parse_time(list_credential[key], key)
            if now < start:
                raise _unverified(f"the status list credential is not valid before {start}")
    for key in _NOT_AFTER:
        if key in list_credential:
            end = _parse_time(list_credential[key], key)
            if now > end:
                raise _unverified(f"the status list credential expired at {end}")


def _parse_time(value: Any, key: str) -> datetime:
    try:
        return parse_datetime(value)
    except CredstackError as exc:
        raise _malformed(f"the status list credential's {key} is malformed: {exc.message}") from exc


def _subject(list_credential: Mapping[str, Any]) -> Mapping[str, Any]:
    subject = list_credential.get("credentialSubject")
    if isinstance(subject, list) and len(subject) == 1:
        subject = subject[0]
    if not isinstance(subject, Mapping):
        raise _malformed("the status list credential's credentialSubject must be one object")
    return subject


def _supported_type(entry: Mapping[str, Any]) -> str | None:
    return next((t for t in _types(entry.get("type")) if t in LIST_TYPES), None)


def _types(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _type_label(entry: Mapping[str, Any]) -> str:
    types = _types(entry.get("type"))
    return ", ".join(repr(t) for t in types) if types else "(no type)"


def _is_url(value: str) -> bool:
    if not _URL.match(value):
        return False
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:
        return False
    return parts.scheme.lower() not in ("http", "https") or bool(host)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _require_aware(now: datetime) -> None:
    if now.tzinfo is None:
        raise ValueError("now must be a timezone-aware datetime")


def _malformed(message: str) -> StatusListError:
    return StatusListError(message, code=ErrorCode.MALFORMED_VALUE_ERROR)


def _unverified(message: str) -> StatusListError:
    return StatusListError(message, code=ErrorCode.STATUS_VERIFICATION_ERROR)


__all__ = [
    "LIST_TYPES",
    "ListFetcher",
    "ListVerifier",
    "StatusEntry",
    "StatusResult",
    "check_status",
    "parse_status_entry",
    "read_status",
]
