"""The initial schema: tenants, people, achievements, keys, status lists, credentials, bulk
jobs and the audit trail.

Revision ID: 0001
Revises:
Create Date: 2026-11-22

Written from Alembic's autogenerate output and reviewed by hand. Like every migration it is a
frozen snapshot: it imports nothing from credstack, so later changes to the tables cannot
change what it creates.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# JSON payloads are jsonb on PostgreSQL; timestamps are timestamptz (UTC text on SQLite)
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TIMESTAMP = sa.DateTime(timezone=True)


def _organisation_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["organisation_id"],
        ["organisations.id"],
        name=op.f(f"fk_{table}_organisation_id_organisations"),
    )


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("slug", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("did", sa.String(), nullable=False),
        sa.Column("profile", JSON, nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
        sa.UniqueConstraint("slug", name=op.f("uq_organisations_slug")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("email", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("password_hash", sa.String(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    op.create_table(
        "memberships",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        _organisation_fk("memberships"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_memberships_user_id_users")
        ),
        sa.PrimaryKeyConstraint("user_id", "organisation_id", name=op.f("pk_memberships")),
    )
    op.create_index("ix_memberships_organisation_id", "memberships", ["organisation_id"])
    op.create_table(
        "learners",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("email", sa.String(), nullable=True),
        sa.Column("name", sa.String(), nullable=True),
        sa.Column("did", sa.String(), nullable=True),
        sa.Column("password_hash", sa.String(), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learners")),
        sa.UniqueConstraint("email", name=op.f("uq_learners_email")),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("token_hash", sa.String(), nullable=False),
        sa.Column("permissions", JSON, nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("revoked_at", TIMESTAMP, nullable=True),
        _organisation_fk("api_tokens"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_api_tokens_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    op.create_index(
        "ix_api_tokens_organisation_id_created_at",
        "api_tokens",
        ["organisation_id", "created_at"],
    )
    op.create_index("ix_api_tokens_user_id", "api_tokens", ["user_id"])
    op.create_table(
        "achievement_versions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("achievement_id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("slug", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("definition", JSON, nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.CheckConstraint("version >= 1", name=op.f("ck_achievement_versions_version_positive")),
        _organisation_fk("achievement_versions"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_achievement_versions")),
        sa.UniqueConstraint(
            "achievement_id",
            "version",
            name=op.f("uq_achievement_versions_achievement_id_version"),
        ),
        sa.UniqueConstraint(
            "organisation_id",
            "slug",
            "version",
            name=op.f("uq_achievement_versions_organisation_id_slug_version"),
        ),
    )
    op.create_table(
        "signing_keys",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("fragment", sa.String(), nullable=False),
        sa.Column("public_key_multibase", sa.String(), nullable=False),
        sa.Column("valid_from", TIMESTAMP, nullable=False),
        sa.Column("valid_until", TIMESTAMP, nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        _organisation_fk("signing_keys"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signing_keys")),
        sa.UniqueConstraint(
            "organisation_id", "fragment", name=op.f("uq_signing_keys_organisation_id_fragment")
        ),
    )
    op.create_index(
        "ix_signing_keys_organisation_id_valid_from",
        "signing_keys",
        ["organisation_id", "valid_from"],
    )
    # no foreign key to organisations: the key store may write before the organisation commits
    op.create_table(
        "sealed_keys",
        sa.Column("key_id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("blob", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("key_id", name=op.f("pk_sealed_keys")),
    )
    op.create_index("ix_sealed_keys_organisation_id", "sealed_keys", ["organisation_id"])
    op.create_table(
        "status_lists",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("purpose", sa.String(), nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("seed", sa.LargeBinary(), nullable=False),
        sa.Column("allocated", sa.Integer(), nullable=False),
        sa.Column("bits", sa.LargeBinary(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.CheckConstraint(
            "allocated >= 0 AND allocated <= length",
            name=op.f("ck_status_lists_allocated_in_range"),
        ),
        _organisation_fk("status_lists"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_lists")),
    )
    op.create_index(
        "ix_status_lists_organisation_id_purpose_created_at",
        "status_lists",
        ["organisation_id", "purpose", "created_at"],
    )
    op.create_table(
        "bulk_jobs",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("achievement_version_id", sa.Uuid(), nullable=False),
        sa.Column("idempotency_key", sa.String(), nullable=True),
        sa.Column("suite", sa.String(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("chunk_size", sa.Integer(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("started_at", TIMESTAMP, nullable=True),
        sa.Column("finished_at", TIMESTAMP, nullable=True),
        sa.Column("created_by", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["achievement_version_id"],
            ["achievement_versions.id"],
            name=op.f("fk_bulk_jobs_achievement_version_id_achievement_versions"),
        ),
        _organisation_fk("bulk_jobs"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bulk_jobs")),
        sa.UniqueConstraint(
            "organisation_id",
            "idempotency_key",
            name=op.f("uq_bulk_jobs_organisation_id_idempotency_key"),
        ),
    )
    op.create_index("ix_bulk_jobs_achievement_version_id", "bulk_jobs", ["achievement_version_id"])
    op.create_index(
        "ix_bulk_jobs_organisation_id_created_at", "bulk_jobs", ["organisation_id", "created_at"]
    )
    op.create_table(
        "credentials",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("achievement_version_id", sa.Uuid(), nullable=False),
        sa.Column("credential_id", sa.String(), nullable=False),
        sa.Column("public_token", sa.String(), nullable=False),
        sa.Column("recipient", sa.String(), nullable=False),
        sa.Column("learner_id", sa.Uuid(), nullable=True),
        sa.Column("suite", sa.String(), nullable=False),
        sa.Column("format", sa.String(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("status_list_id", sa.Uuid(), nullable=False),
        sa.Column("status_index", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("state_reason", sa.String(), nullable=True),
        sa.Column("issued_at", TIMESTAMP, nullable=False),
        sa.Column("state_changed_at", TIMESTAMP, nullable=True),
        sa.Column("job_id", sa.Uuid(), nullable=True),
        sa.Column("job_row", sa.Integer(), nullable=True),
        sa.CheckConstraint("format IN ('json', 'jws')", name=op.f("ck_credentials_format_known")),
        sa.ForeignKeyConstraint(
            ["achievement_version_id"],
            ["achievement_versions.id"],
            name=op.f("fk_credentials_achievement_version_id_achievement_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["job_id"], ["bulk_jobs.id"], name=op.f("fk_credentials_job_id_bulk_jobs")
        ),
        sa.ForeignKeyConstraint(
            ["learner_id"], ["learners.id"], name=op.f("fk_credentials_learner_id_learners")
        ),
        _organisation_fk("credentials"),
        sa.ForeignKeyConstraint(
            ["status_list_id"],
            ["status_lists.id"],
            name=op.f("fk_credentials_status_list_id_status_lists"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credentials")),
        sa.UniqueConstraint("credential_id", name=op.f("uq_credentials_credential_id")),
        sa.UniqueConstraint("job_id", "job_row", name=op.f("uq_credentials_job_id_job_row")),
        sa.UniqueConstraint("public_token", name=op.f("uq_credentials_public_token")),
        sa.UniqueConstraint(
            "status_list_id",
            "status_index",
            name=op.f("uq_credentials_status_list_id_status_index"),
        ),
    )
    op.create_index(
        "ix_credentials_achievement_version_id_issued_at",
        "credentials",
        ["achievement_version_id", "issued_at"],
    )
    op.create_index("ix_credentials_learner_id", "credentials", ["learner_id"])
    op.create_index(
        "ix_credentials_organisation_id_issued_at", "credentials", ["organisation_id", "issued_at"]
    )
    op.create_index(
        "ix_credentials_organisation_id_recipient",
        "credentials",
        ["organisation_id", "recipient", "issued_at"],
    )
    op.create_index(
        "ix_credentials_organisation_id_state",
        "credentials",
        ["organisation_id", "state", "issued_at"],
    )
    op.create_table(
        "bulk_rows",
        sa.Column("job_id", sa.Uuid(), nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.Column("data", JSON, nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("credential_id", sa.Uuid(), nullable=True),
        sa.Column("error_code", sa.String(), nullable=True),
        sa.Column("error_message", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["credential_id"],
            ["credentials.id"],
            name=op.f("fk_bulk_rows_credential_id_credentials"),
        ),
        sa.ForeignKeyConstraint(
            ["job_id"], ["bulk_jobs.id"], name=op.f("fk_bulk_rows_job_id_bulk_jobs")
        ),
        sa.PrimaryKeyConstraint("job_id", "row", name=op.f("pk_bulk_rows")),
    )
    op.create_index("ix_bulk_rows_credential_id", "bulk_rows", ["credential_id"])
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=True),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("object_type", sa.String(), nullable=False),
        sa.Column("object_id", sa.String(), nullable=False),
        sa.Column("at", TIMESTAMP, nullable=False),
        sa.Column("details", JSON, nullable=False),
        _organisation_fk("audit_events"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    op.create_index("ix_audit_events_organisation_id_at", "audit_events", ["organisation_id", "at"])


def downgrade() -> None:
    # dependants first; a table's indexes go with it
    for table in (
        "audit_events",
        "bulk_rows",
        "credentials",
        "bulk_jobs",
        "status_lists",
        "sealed_keys",
        "signing_keys",
        "achievement_versions",
        "api_tokens",
        "learners",
        "memberships",
        "users",
        "organisations",
    ):
        op.drop_table(table)
