"""XML Schema ``dateTimeStamp`` values, as VC 2.0 uses them (a time zone is required)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from credstack.core.errors import DocumentError, ErrorCode

_DATE_TIME_STAMP = re.compile(
    r"^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"
)


def parse_datetime(value: object) -> datetime:
    """Parse a dateTimeStamp (``2025-01-01T00:00:00Z``); a value without a zone is refused."""
    if not isinstance(value, str) or not _DATE_TIME_STAMP.match(value):
        raise DocumentError(
            f"{value!r} is not an XML Schema dateTimeStamp such as 2025-01-01T00:00:00Z",
            code=ErrorCode.MALFORMED_VALUE_ERROR,
        )
    text = value[:-1] + "+00:00" if value.endswith("Z") else value
    try:
        return datetime.fromisoformat(text)
    except ValueError as exc:
        raise DocumentError(
            f"{value!r} is not a valid date and time: {exc}",
            code=ErrorCode.MALFORMED_VALUE_ERROR,
        ) from exc


def format_datetime(moment: datetime) -> str:
    """Format as UTC with a ``Z`` and no fractional seconds (``2025-01-01T00:00:00Z``)."""
    if moment.tzinfo is None:
        raise DocumentError(
            "a datetime without a time zone cannot be written as a dateTimeStamp",
            code=ErrorCode.MALFORMED_VALUE_ERROR,
        )
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


__all__ = ["format_datetime", "parse_datetime"]
