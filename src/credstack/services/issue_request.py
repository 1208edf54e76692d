"""What a caller asks for when issuing one credential: the JSON shape, read and checked.

One request names one recipient of an achievement. The single-issue API takes it as its JSON
body; a bulk job takes one per row (a JSON array of them, or CSV whose columns are the scalar
fields below). Everything else in the credential is set by the platform.

::

    {
      "recipient": "ada@example.org",              // required: a DID, a URL or an e-mail address
      "recipient_name": "Ada Lovelace",            // optional, shown in the credential as-is
      "valid_until": "2030-06-30T00:00:00Z",       // optional expiry (date-time with a zone)
      "credits_earned": 5,                         // optional; a number, or its text ("5")
      "activity_start_date": "2025-02-03T00:00:00Z",  // optional: when the learning took place
      "activity_end_date": "2025-05-30T00:00:00Z",
      "results": [                                 // optional: what the learner achieved
        {"result_description": "https://…/final-grade",  // the id of one of the
                                                          // achievement's grading.results
         "value": "8.5",                           // one of its allowed values, if it names them
         "status": "Completed",                    // Open Badges ResultStatus
         "achieved_level": "https://…/levels/distinction"}
      ],
      "evidence": [                                // optional: links to, or notes on, the work
        {"id": "https://portfolio.example/ada/project", "name": "Final project",
         "description": "…", "narrative": "…", "genre": "Project", "audience": "Employers"}
      ]
    }

Rules:

- An e-mail address is trimmed and lower-cased, then published only as a salted SHA-256
  ``IdentityObject`` (a fresh salt per credential), so the credential can be matched to the
  address without revealing it. A DID or URL is published as ``credentialSubject.id``.
- ``recipient_name`` is published in plain text (an ``IdentityObject`` of type ``name``): give
  it only when the learner's name belongs on the credential.
- Optional fields may be ``null`` or empty text (an empty CSV cell): both mean "not given".
- Unknown fields are refused (with a suggestion for a near miss such as ``validUntil``), and
  so are the fields the platform sets itself — ``issuer``, ``id``, ``proof``,
  ``credentialStatus``, ``validFrom``, ``awardedDate`` — with the reason.

- Every field has the bound of :mod:`credstack.core.ob3.limits` (documented in
  ``examples/README.md``, *Limits*): the recipient and every URI 2,048 characters, the
  recipient's name and evidence names 256, a result's value 128, evidence descriptions and
  narratives 10,000, at most 100 results and 100 evidence entries. A longer field is refused
  with ``FIELD_TOO_LONG``, a longer list with ``TOO_MANY_ITEMS``, a result description, an
  achieved level or an evidence id that is not an absolute URI with ``NOT_ABSOLUTE_URI``.
  Whether ``credits_earned`` fits the achievement (``CREDITS_EXCEED_ACHIEVEMENT``) is checked
  when the request is issued, against the achievement's credits.

Every problem raises :class:`~credstack.services.errors.InvalidRequestError` whose
``detail["field"]`` is the path of the offending field (``results[0].status``); its code is
``INVALID_REQUEST`` unless a rule above names another.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from credstack.core.errors import DocumentError, ErrorCode
from credstack.core.model import Evidence, Result, ResultStatus
from credstack.core.ob3 import limits
from credstack.core.timestamps import parse_datetime
from credstack.services.errors import InvalidRequestError

MAX_TEXT = limits.LONG_TEXT
"""Characters in the longest text fields (evidence descriptions and narratives)."""
MAX_ITEMS = limits.LIST_BOUNDS["results"]
"""Results or evidence entries in one request."""
MAX_RECIPIENT = limits.URI

FIELDS = (
    "recipient",
    "recipient_name",
    "valid_until",
    "credits_earned",
    "activity_start_date",
    "activity_end_date",
    "results",
    "evidence",
)
RESULT_FIELDS = ("result_description", "value", "status", "achieved_level")
EVIDENCE_FIELDS = ("id", "name", "description", "narrative", "genre", "audience")
SERVER_SET = {
    "issuer": "the issuer is always the organisation, signing with its own key",
    "id": "every credential gets a new urn:uuid identifier",
    "proof": "the platform signs the credential with the organisation's key",
    "credentialStatus": "the platform allocates the credential's revocation entry",
    "validFrom": "a credential is valid from the moment it is issued",
    "awardedDate": "a credential is awarded at the moment it is issued",
}

_EMAIL = re.compile(r"^[^@\s:/<>]+@[^@\s/<>]+\.[^@\s/<>.]+$")


@dataclass(frozen=True, slots=True)
class IssueRequest:
    """One recipient of an achievement and what is specific to them (see the module docs)."""

    recipient: str
    """A DID or URL as given, or an e-mail address (trimmed, lower-cased)."""
    recipient_name: str | None = None
    valid_until: datetime | None = None
    credits_earned: float | None = None
    activity_start_date: datetime | None = None
    activity_end_date: datetime | None = None
    results: tuple[Result, ...] = ()
    evidence: tuple[Evidence, ...] = ()

    @property
    def is_email(self) -> bool:
        """True when the recipient is an e-mail address (published as a salted hash)."""
        return _EMAIL.match(self.recipient) is not None


def parse_issue_request(data: Mapping[str, Any]) -> IssueRequest:
    """Read one issue request (the JSON shape in the module docstring).

    Raises :class:`InvalidRequestError` naming the field (``detail["field"]``).
    """
    if not isinstance(data, Mapping):
        raise _invalid("", f"an issue request must be an object, not {_kind(data)}")
    _reject_unknown(data, FIELDS, "")
    start = _datetime(data, "activity_start_date", "")
    end = _datetime(data, "activity_end_date", "")
    if start is not None and end is not None and end < start:
        raise _invalid("activity_end_date", "the activity cannot end before it starts")
    return IssueRequest(
        recipient=_recipient(data.get("recipient")),
        recipient_name=_text(data, "recipient_name", "", limit=limits.NAME),
        valid_until=_datetime(data, "valid_until", ""),
        credits_earned=_credits(data.get("credits_earned")),
        activity_start_date=start,
        activity_end_date=end,
        results=tuple(_result(item, f"results[{i}]") for i, item in _items(data, "results")),
        evidence=tuple(_evidence(item, f"evidence[{i}]") for i, item in _items(data, "evidence")),
    )


def _recipient(value: Any) -> str:
    if _absent(value):
        raise _invalid("recipient", "the recipient is required: a DID, a URL or an e-mail address")
    if not isinstance(value, str):
        raise _invalid("recipient", f"the recipient must be text, not {_kind(value)}")
    text = value.strip()
    if len(text) > MAX_RECIPIENT:
        raise _too_long("recipient", MAX_RECIPIENT, text)
    if _EMAIL.match(text):
        return text.lower()
    if limits.is_absolute_uri(text):
        return text
    raise _invalid(
        "recipient",
        f"the recipient must be a DID (did:…), a URL or an e-mail address, not {text!r}",
    )


def _result(item: Any, path: str) -> Result:
    data = _object(item, path)
    _reject_unknown(data, RESULT_FIELDS, path)
    description = _uri(data, "result_description", path, "the id (a URI) of a result description")
    status_text = _text(data, "status", path, limit=limits.LABEL)
    status = None
    if status_text is not None:
        try:
            status = ResultStatus(status_text)
        except ValueError:
            allowed = ", ".join(s.value for s in ResultStatus)
            raise _invalid(f"{path}.status", f"one of {allowed}, not {status_text!r}") from None
    result = Result(
        result_description=description,
        value=_text(data, "value", path, limit=limits.LABEL),
        status=status,
        achieved_level=_uri(data, "achieved_level", path, "the id (a URI) of a rubric level"),
    )
    if result.value is None and result.status is None and result.achieved_level is None:
        raise _invalid(path, "a result needs a value, a status or an achieved_level")
    return result


def _evidence(item: Any, path: str) -> Evidence:
    data = _object(item, path)
    _reject_unknown(data, EVIDENCE_FIELDS, path)
    evidence = Evidence(
        id=_uri(data, "id", path, "the evidence id must be a URL"),
        name=_text(data, "name", path, limit=limits.NAME),
        description=_text(data, "description", path),
        narrative=_text(data, "narrative", path),
        genre=_text(data, "genre", path, limit=limits.NAME),
        audience=_text(data, "audience", path, limit=limits.NAME),
    )
    if evidence == Evidence():
        raise _invalid(path, "evidence needs at least one of " + ", ".join(EVIDENCE_FIELDS))
    return evidence


def _credits(value: Any) -> float | None:
    if _absent(value):
        return None
    number: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            number = None
    if number is None or not math.isfinite(number) or number < 0:
        raise _invalid("credits_earned", f"a number of credits of 0 or more, not {value!r}")
    return number


def _text(data: Mapping[str, Any], key: str, path: str, *, limit: int = MAX_TEXT) -> str | None:
    value = data.get(key)
    if _absent(value):
        return None
    field = _join(path, key)
    if not isinstance(value, str):
        raise _invalid(field, f"text, not {_kind(value)}")
    text = value.strip()
    if len(text) > limit:
        raise _too_long(field, limit, text)
    return text


def _uri(data: Mapping[str, Any], key: str, path: str, what: str) -> str | None:
    text = _text(data, key, path, limit=limits.URI)
    if text is not None and not limits.is_absolute_uri(text):
        raise InvalidRequestError(
            f"{_join(path, key)}: {what}, an absolute URI such as https://uni.example/…, "
            f"not {text!r}",
            code=ErrorCode.NOT_ABSOLUTE_URI,
            field=_join(path, key),
        )
    return text


def _too_long(field: str, limit: int, text: str) -> InvalidRequestError:
    return InvalidRequestError(
        f"{field}: at most {limit:,} characters, not {len(text):,}",
        code=ErrorCode.FIELD_TOO_LONG,
        field=field,
        limit=limit,
    )


def _datetime(data: Mapping[str, Any], key: str, path: str) -> datetime | None:
    text = _text(data, key, path, limit=64)
    if text is None:
        return None
    try:
        return parse_datetime(text)
    except DocumentError:
        raise _invalid(
            _join(path, key), f"a date-time with a time zone (2030-06-30T00:00:00Z), not {text!r}"
        ) from None


def _items(data: Mapping[str, Any], key: str) -> list[tuple[int, Any]]:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise _invalid(key, f"a list, not {_kind(value)}")
    if len(value) > MAX_ITEMS:
        raise InvalidRequestError(
            f"{key}: at most {MAX_ITEMS} entries, not {len(value)}",
            code=ErrorCode.TOO_MANY_ITEMS,
            field=key,
            limit=MAX_ITEMS,
        )
    return list(enumerate(value))


def _object(item: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(item, Mapping):
        raise _invalid(path, f"an object, not {_kind(item)}")
    return item


def _reject_unknown(data: Mapping[str, Any], known: tuple[str, ...], path: str) -> None:
    for key in data:
        if key in known:
            continue
        field = _join(path, str(key))
        if not path and key in SERVER_SET:
            raise _invalid(field, f"'{key}' is set by the platform: {SERVER_SET[key]}")
        close = difflib.get_close_matches(_snake(str(key)), known, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise _invalid(field, f"unknown field {key!r} (known: {', '.join(known)}){hint}")


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def _absent(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__


def _invalid(field: str, message: str) -> InvalidRequestError:
    where = f"{field}: " if field else ""
    return InvalidRequestError(f"{where}{message}", field=field)


__all__ = [
    "EVIDENCE_FIELDS",
    "FIELDS",
    "MAX_ITEMS",
    "MAX_TEXT",
    "RESULT_FIELDS",
    "SERVER_SET",
    "IssueRequest",
    "parse_issue_request",
]
