"""``credstack org``: set up an institution on a running platform (tokens: ``cli/tokens.py``).

    credstack org create --slug tu-delta --name "TU Delta" --kind university --country NL \\
        --owner-email registrar@tu-delta.example --owner-name "Registrar"
    credstack org update --org tu-delta --country NL --region Zuid-Holland

It acts on the database of the current settings (``CREDSTACK_*``). The owner's password is
printed once; only its hash is kept.
"""

from __future__ import annotations

import secrets
from typing import Any

import click

from credstack.cli.platform import command_error, command_platform
from credstack.core.errors import CredstackError
from credstack.services.identity import add_member, create_user
from credstack.services.organisations import (
    UNCHANGED,
    create_organisation,
    get_organisation_by_slug,
    update_organisation,
)
from credstack.services.principal import system_principal
from credstack.services.records import OrganisationKind, Role

KINDS = [kind.value for kind in OrganisationKind]


@click.group("org")
def org_group() -> None:
    """Organisations (tenants): universities, providers, employers, QA bodies."""


@org_group.command("create")
@click.option("--slug", required=True, help="Short name in URLs and the DID (a-z, 0-9, -).")
@click.option("--name", required=True, help="Display name.")
@click.option("--kind", type=click.Choice(KINDS), default="university", show_default=True)
@click.option("--url", help="The organisation's web site (its Open Badges profile url).")
@click.option("--email", help="Contact address published in its profile.")
@click.option(
    "--country",
    metavar="CODE",
    help="ISO 3166-1 alpha-2 code of its country (NL); Annex I and eu-annex1 require one.",
)
@click.option("--owner-email", required=True, help="The first owner's sign-in address.")
@click.option("--owner-name", required=True, help="The first owner's name.")
def create_org_command(
    slug: str,
    name: str,
    kind: str,
    url: str | None,
    email: str | None,
    country: str | None,
    owner_email: str,
    owner_name: str,
) -> None:
    """Create an organisation with its signing key, status list and first owner."""
    platform = command_platform()
    password = secrets.token_urlsafe(15)
    profile = {k: v for k, v in (("url", url), ("email", email)) if v}
    try:
        with platform.uow_factory() as uow:
            now = platform.clock()
            organisation = create_organisation(
                uow,
                platform.key_store,
                platform.config,
                slug=slug,
                name=name,
                kind=OrganisationKind(kind),
                profile=profile,
                now=now,
                country=country,
            )
            existing = uow.users.by_email(owner_email)
            owner = existing or create_user(
                uow, email=owner_email, name=owner_name, password=password, now=now
            )
            add_member(uow, user_id=owner.id, organisation_id=organisation.id, role=Role.OWNER)
            uow.commit()
    except CredstackError as exc:
        raise command_error(exc) from None
    finally:
        platform.close()
    where = f" ({organisation.country})" if organisation.country else ""
    click.echo(f"organisation {organisation.slug}{where}: {organisation.did}")
    if existing is None:
        click.echo(f"owner {owner.email}, password (shown once): {password}")
    else:
        click.echo(f"owner {owner.email} (an existing account) added")


@org_group.command("update")
@click.option("--org", "slug", required=True, help="The organisation's slug.")
@click.option("--name", help="A new display name.")
@click.option("--country", metavar="CODE", help="ISO 3166-1 alpha-2 code of its country (NL).")
@click.option("--no-country", is_flag=True, help="Remove the country.")
@click.option("--url", help="Its web site (replaces the profile's url).")
@click.option("--email", help="Its contact address (replaces the profile's email).")
@click.option("--region", help="Its region, e.g. Zuid-Holland (Annex I: region of the issuer).")
def update_org_command(
    slug: str,
    name: str | None,
    country: str | None,
    no_country: bool,
    url: str | None,
    email: str | None,
    region: str | None,
) -> None:
    """Change an organisation's name, country or profile; what is not given stays."""
    if country is not None and no_country:
        raise click.UsageError("--country and --no-country exclude each other")
    platform = command_platform()
    try:
        with platform.uow_factory() as uow:
            organisation = get_organisation_by_slug(uow, slug)
            profile: Any = UNCHANGED
            if url is not None or email is not None or region is not None:
                profile = dict(organisation.profile)
                profile.update({k: v for k, v in (("url", url), ("email", email)) if v})
                if region is not None:
                    profile["address"] = {**profile.get("address", {}), "addressRegion": region}
            updated = update_organisation(
                uow,
                system_principal(organisation.id),
                name=name if name is not None else UNCHANGED,
                country=None if no_country else (country if country is not None else UNCHANGED),
                profile=profile,
                now=platform.clock(),
            )
            uow.commit()
    except CredstackError as exc:
        raise command_error(exc) from None
    finally:
        platform.close()
    where = updated.country or "no country"
    click.echo(f"organisation {updated.slug}: {updated.name} ({where})")


__all__ = ["create_org_command", "org_group", "update_org_command"]
