"""``credstack token``: the API tokens of an organisation, for machines (student information
systems, learning platforms).

    credstack token create --org tu-delta --name "student system" \\
        --permission issue --permission read --expires-in 90d
    credstack token list --org tu-delta
    credstack token revoke --org tu-delta 6f1c…

They act on the database of the current settings (``CREDSTACK_*``). The secret of a new
token is printed once, on the last line of the output; only its hash is kept. A revoked or
expired token is refused by the service with ``TOKEN_REVOKED`` / ``TOKEN_EXPIRED``.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime

import click
from rich.console import Console
from rich.table import Table

from credstack.cli.platform import command_error, command_platform
from credstack.core.errors import CredstackError
from credstack.core.timestamps import format_datetime, parse_datetime
from credstack.services.organisations import get_organisation_by_slug
from credstack.services.records import Permission
from credstack.services.tokens import (
    create_api_token,
    revoke_api_token,
    token_expiry,
    token_state,
)

PERMISSIONS = [permission.value for permission in Permission]
_DURATION = re.compile(r"^(\d+)([smhdw]?)$")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800}


def parse_duration(value: str) -> int:
    """Seconds of a duration written ``3600``, ``45m``, ``12h``, ``90d`` or ``2w``."""
    match = _DURATION.match(value.strip())
    if match is None:
        raise click.BadParameter(
            f"{value!r} is not a duration such as 3600 (seconds), 45m, 12h, 90d or 2w",
            param_hint="--expires-in",
        )
    return int(match.group(1)) * _UNITS[match.group(2)]


def _moment(value: str) -> datetime:
    try:
        return parse_datetime(value)
    except CredstackError:
        raise click.BadParameter(
            f"{value!r} is not a date-time with a time zone (2027-06-30T00:00:00Z)",
            param_hint="--expires-at",
        ) from None


@click.group("token")
def token_group() -> None:
    """API tokens for machines (student information systems, LMSs)."""


@token_group.command("create")
@click.option("--org", "slug", required=True, help="The organisation's slug.")
@click.option("--name", required=True, help="What the token is for.")
@click.option(
    "--permission",
    "permissions",
    type=click.Choice(PERMISSIONS),
    multiple=True,
    required=True,
    help="Repeat for each permission (read, issue, revoke, manage).",
)
@click.option("--expires-in", metavar="DURATION", help="Expire after 3600 (s), 45m, 12h, 90d, 2w.")
@click.option("--expires-at", metavar="TIME", help="Expire at this time (ISO 8601 with a zone).")
def create_token_command(
    slug: str,
    name: str,
    permissions: tuple[str, ...],
    expires_in: str | None,
    expires_at: str | None,
) -> None:
    """Create an API token; the secret is printed once, on the last line."""
    seconds = parse_duration(expires_in) if expires_in is not None else None
    moment = _moment(expires_at) if expires_at is not None else None
    platform = command_platform()
    try:
        now = platform.clock()
        with platform.uow_factory() as uow:
            organisation = get_organisation_by_slug(uow, slug)
            token, secret = create_api_token(
                uow,
                organisation_id=organisation.id,
                name=name,
                permissions=frozenset(Permission(p) for p in permissions),
                now=now,
                expires_at=token_expiry(now, expires_in=seconds, expires_at=moment),
            )
            uow.commit()
    except CredstackError as exc:
        raise command_error(exc) from None
    finally:
        platform.close()
    until = f", expires {format_datetime(token.expires_at)}" if token.expires_at else ""
    click.echo(f"token {token.id} for {slug} ({', '.join(sorted(permissions))}){until}")
    click.echo(secret)


@token_group.command("list")
@click.option("--org", "slug", required=True, help="The organisation's slug.")
def list_tokens_command(slug: str) -> None:
    """List an organisation's tokens (never their secrets), oldest first."""
    platform = command_platform()
    try:
        with platform.uow_factory() as uow:
            organisation = get_organisation_by_slug(uow, slug)
            tokens = uow.tokens.for_organisation(organisation.id)
        now = platform.clock()
    except CredstackError as exc:
        raise command_error(exc) from None
    finally:
        platform.close()
    table = Table("id", "name", "permissions", "state", "created", "expires", box=None)
    for token in tokens:
        table.add_row(
            str(token.id),
            token.name,
            ", ".join(sorted(p.value for p in token.permissions)),
            token_state(token, now).value,
            format_datetime(token.created_at),
            format_datetime(token.expires_at) if token.expires_at else "never",
        )
    Console(highlight=False, emoji=False, soft_wrap=True).print(table)


@token_group.command("revoke")
@click.option("--org", "slug", required=True, help="The organisation's slug.")
@click.argument("token_id", type=click.UUID)
def revoke_token_command(slug: str, token_id: uuid.UUID) -> None:
    """Revoke TOKEN_ID for good: the service refuses it from now on (TOKEN_REVOKED)."""
    platform = command_platform()
    try:
        with platform.uow_factory() as uow:
            organisation = get_organisation_by_slug(uow, slug)
            token = revoke_api_token(
                uow, organisation_id=organisation.id, token_id=token_id, now=platform.clock()
            )
            uow.commit()
    except CredstackError as exc:
        raise command_error(exc) from None
    finally:
        platform.close()
    assert token.revoked_at is not None
    click.echo(f"token {token.id} ({token.name}) revoked at {format_datetime(token.revoked_at)}")


__all__ = [
    "create_token_command",
    "list_tokens_command",
    "parse_duration",
    "revoke_token_command",
    "token_group",
]
