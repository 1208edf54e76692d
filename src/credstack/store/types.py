"""Column types shared by the tables: UTC timestamps, JSON payloads, JSON text.

Both backends must hand back the same Python values: SQLite keeps no time zone and
PostgreSQL answers in the session's zone, so :class:`UtcDateTime` normalises both to aware
UTC datetimes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import JSON, DateTime, Dialect
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeDecorator, TypeEngine


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime stored as UTC.

    Naive datetimes are refused rather than guessed at: a time without a zone is a bug in
    the caller. SQLite stores the UTC wall time as text (its fixed-width format sorts in time
    order, so ``ORDER BY`` and comparisons stay correct); PostgreSQL uses ``timestamptz``.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value.isoformat()} cannot be stored; give a zone")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


JSON_OBJECT: TypeEngine[Any] = JSON().with_variant(JSONB(), "postgresql")
"""JSON payloads: ``jsonb`` on PostgreSQL (compact, indexable), JSON text elsewhere."""


def _plain(value: Any) -> Any:
    # records hold read-only mappings (``Mapping``), which orjson does not serialise itself
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def dump_json(value: Any) -> str:
    """Compact JSON text of ``value`` (also the engines' ``json_serializer``)."""
    return orjson.dumps(value, default=_plain).decode("utf-8")


def load_json(text: str | bytes) -> Any:
    """The value of JSON text written by :func:`dump_json`."""
    return orjson.loads(text)


__all__ = ["JSON_OBJECT", "UtcDateTime", "dump_json", "load_json"]
