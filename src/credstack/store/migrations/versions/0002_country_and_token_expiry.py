"""The organisation's country, and API tokens that expire.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01

- ``organisations.country``: the ISO 3166-1 alpha-2 code of the organisation's country (Annex
  I: *country of the issuer*). It used to be a member of the profile's address
  (``addressCountryCode``), which nothing on the platform could set; an organisation that has
  one keeps it, moved into the column, and the country members leave the profile (the issuer
  profile of credentials is built from the column from now on).
- ``api_tokens.expires_at``: the moment from which a token is refused (NULL: never).

A frozen snapshot like every migration: it imports nothing from credstack. SQLite cannot add
a column with a constraint in place, so the columns are added in batch mode (a table copy).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TIMESTAMP = sa.DateTime(timezone=True)
_CODE = re.compile(r"^[A-Za-z]{2}$")
_ORGANISATIONS = sa.table(
    "organisations",
    sa.column("id", sa.Uuid()),
    sa.column("profile", JSON),
    sa.column("country", sa.String(2)),
)


def upgrade() -> None:
    with op.batch_alter_table("organisations") as batch:
        batch.add_column(sa.Column("country", sa.String(length=2), nullable=True))
    with op.batch_alter_table("api_tokens") as batch:
        batch.add_column(sa.Column("expires_at", TIMESTAMP, nullable=True))
    connection = op.get_bind()
    for row in connection.execute(sa.select(_ORGANISATIONS.c.id, _ORGANISATIONS.c.profile)):
        profile = _as_object(row.profile)
        address = dict(profile.get("address") or {})
        code = address.pop("addressCountryCode", None)
        address.pop("addressCountry", None)
        if code is None and "address" not in profile:
            continue
        if set(address) - {"type"}:
            profile["address"] = address
        else:
            profile.pop("address", None)
        country = code.upper() if isinstance(code, str) and _CODE.match(code) else None
        connection.execute(
            sa.update(_ORGANISATIONS)
            .where(_ORGANISATIONS.c.id == row.id)
            .values(profile=profile, country=country)
        )


def downgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(_ORGANISATIONS.c.id, _ORGANISATIONS.c.profile, _ORGANISATIONS.c.country).where(
            _ORGANISATIONS.c.country.is_not(None)
        )
    )
    for row in rows:
        profile = _as_object(row.profile)
        address = {"type": ["Address"], **(profile.get("address") or {})}
        address["addressCountryCode"] = row.country
        profile["address"] = address
        connection.execute(
            sa.update(_ORGANISATIONS).where(_ORGANISATIONS.c.id == row.id).values(profile=profile)
        )
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_column("expires_at")
    with op.batch_alter_table("organisations") as batch:
        batch.drop_column("country")


def _as_object(value: Any) -> dict[str, Any]:
    loaded = json.loads(value) if isinstance(value, str) else value
    return dict(loaded) if isinstance(loaded, dict) else {}
