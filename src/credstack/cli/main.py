"""The ``credstack`` command line."""

from __future__ import annotations

import click

from credstack import __version__
from credstack.cli.achievement import achievement_group
from credstack.cli.admin import org_group
from credstack.cli.db import db_group
from credstack.cli.demo import demo_command
from credstack.cli.issue import issue_command
from credstack.cli.jobs import jobs_group
from credstack.cli.keys import keys_group
from credstack.cli.serve import serve_command
from credstack.cli.status import status_group
from credstack.cli.tokens import token_group
from credstack.cli.verify import verify_command
from credstack.cli.worker import worker_command


@click.group()
@click.version_option(__version__, prog_name="credstack")
def cli() -> None:
    """credstack: issue, verify and stack open-standard micro-credentials."""


cli.add_command(keys_group)
cli.add_command(achievement_group)
cli.add_command(issue_command)
cli.add_command(verify_command)
cli.add_command(status_group)
cli.add_command(demo_command)
cli.add_command(serve_command)
cli.add_command(db_group)
cli.add_command(worker_command)
cli.add_command(org_group)
cli.add_command(token_group)
cli.add_command(jobs_group)


def main() -> None:
    cli(prog_name="credstack")


__all__ = ["cli", "main"]
