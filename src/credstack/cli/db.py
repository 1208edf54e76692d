"""``credstack db``: the database schema."""

from __future__ import annotations

import click

from credstack.cli.platform import load_settings


@click.group("db")
def db_group() -> None:
    """Manage the database schema (CREDSTACK_DATABASE_URL)."""


@db_group.command("upgrade")
@click.option("--revision", default="head", show_default=True, help="Target revision.")
def upgrade_command(revision: str) -> None:
    """Create or upgrade the schema (and, with the procrastinate queue, its tables)."""
    from credstack.settings import TaskQueueKind
    from credstack.store.engine import create_engine_for
    from credstack.store.migrate import current_revision, upgrade

    settings = load_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = create_engine_for(settings.resolved_database_url)
    try:
        upgrade(engine, revision)
        click.echo(f"database at revision {current_revision(engine)}")
    finally:
        engine.dispose()
    if settings.task_queue is TaskQueueKind.PROCRASTINATE:
        from credstack.adapters.procrastinate_queue import install_procrastinate_schema

        install_procrastinate_schema(settings.resolved_database_url)
        click.echo("task queue schema installed")


__all__ = ["db_group"]
