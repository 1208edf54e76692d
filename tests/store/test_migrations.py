"""The packaged migrations create exactly the schema of the tables, on every backend."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Uuid, bindparam, column, inspect, select, table, text

from credstack.store.engine import create_engine_for
from credstack.store.migrate import alembic_config, current_revision, upgrade
from credstack.store.tables import Base
from credstack.store.types import JSON_OBJECT


def _head() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_migrations_create_exactly_the_tables_schema(blank_database_url: str) -> None:
    engine = create_engine_for(blank_database_url)
    try:
        upgrade(engine)
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
            tables = set(inspect(connection).get_table_names())
    finally:
        engine.dispose()
    assert differences == []
    assert tables == {*Base.metadata.tables, "alembic_version"}


def test_upgrade_is_idempotent_and_reports_the_revision(blank_database_url: str) -> None:
    assert current_revision(blank_database_url) is None
    upgrade(blank_database_url)
    assert current_revision(blank_database_url) == _head() == "0002"
    upgrade(blank_database_url)
    upgrade(blank_database_url, "head")
    assert current_revision(blank_database_url) == "0002"


def test_downgrade_to_base_removes_every_table(blank_database_url: str) -> None:
    engine = create_engine_for(blank_database_url)
    try:
        upgrade(engine)
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "base")
        with engine.connect() as connection:
            assert set(inspect(connection).get_table_names()) == {"alembic_version"}
        assert current_revision(engine) is None
    finally:
        engine.dispose()


def _insert_organisation(connection: Any, slug: str, profile: dict[str, Any]) -> None:
    connection.execute(
        text(
            "INSERT INTO organisations (id, slug, name, kind, did, profile, created_at) "
            "VALUES (:id, :slug, :name, 'university', :did, :profile, :created_at)"
        ).bindparams(bindparam("profile", type_=JSON_OBJECT), bindparam("id", type_=Uuid())),
        {
            "id": uuid4(),
            "slug": slug,
            "name": slug.upper(),
            "did": f"did:web:uni.example:orgs:{slug}",
            "profile": profile,
            "created_at": datetime(2026, 1, 1, tzinfo=UTC).isoformat(),
        },
    )


def _organisations(connection: Any) -> dict[str, tuple[dict[str, Any], str | None]]:
    organisations = table(
        "organisations", column("slug"), column("profile", JSON_OBJECT), column("country")
    )
    rows = connection.execute(select(organisations)).all()
    return {row.slug: (row.profile, row.country) for row in rows}


def test_0002_moves_the_country_out_of_the_profile_and_back(blank_database_url: str) -> None:
    engine = create_engine_for(blank_database_url)
    located = {
        "url": "https://a.example/",
        "address": {"type": ["Address"], "addressCountryCode": "nl", "addressLocality": "Delft"},
    }
    only_country = {"address": {"type": ["Address"], "addressCountryCode": "NZ"}}
    try:
        upgrade(engine, "0001")
        with engine.begin() as connection:
            _insert_organisation(connection, "located", located)
            _insert_organisation(connection, "only-country", only_country)
            _insert_organisation(connection, "nowhere", {"url": "https://c.example/"})
        upgrade(engine, "0002")
        with engine.connect() as connection:
            assert _organisations(connection) == {
                "located": (
                    {
                        "url": "https://a.example/",
                        "address": {"type": ["Address"], "addressLocality": "Delft"},
                    },
                    "NL",
                ),
                "only-country": ({}, "NZ"),
                "nowhere": ({"url": "https://c.example/"}, None),
            }
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0001")
        with engine.connect() as connection:
            profiles = {
                row.slug: row.profile
                for row in connection.execute(
                    select(table("organisations", column("slug"), column("profile", JSON_OBJECT)))
                )
            }
            columns = {c["name"] for c in inspect(connection).get_columns("api_tokens")}
        assert profiles["located"]["address"] == {
            "type": ["Address"],
            "addressLocality": "Delft",
            "addressCountryCode": "NL",
        }
        assert profiles["only-country"] == {
            "address": {"type": ["Address"], "addressCountryCode": "NZ"}
        }
        assert profiles["nowhere"] == {"url": "https://c.example/"}
        assert "expires_at" not in columns
    finally:
        engine.dispose()
