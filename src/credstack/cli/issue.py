"""``credstack issue``: issue one signed Open Badges 3.0 micro-credential."""

from __future__ import annotations

import dataclasses
import secrets
import uuid
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import click

from credstack.cli.achievement import load_definition
from credstack.cli.files import KeyFile, UsageError, write_json
from credstack.cli.status import load_status_list
from credstack.core.errors import CredstackError
from credstack.core.issuing import SignatureSuite, SigningKey, issue_credential
from credstack.core.model import IdentityObject, Issuer, StatusEntry
from credstack.core.ob3 import CREDSTACK_CONTEXT
from credstack.core.timestamps import parse_datetime
from credstack.core.verify import issuer_id


def _recipient(value: str) -> str | IdentityObject:
    """A DID or URL as it is; an e-mail address as a salted SHA-256 identity hash."""
    if "@" in value and ":" not in value.split("@", 1)[0]:
        salt = secrets.token_hex(8)
        return IdentityObject.hashed_value(value, salt)
    if ":" not in value:
        raise UsageError(f"--recipient must be a DID, a URL or an e-mail address, not {value!r}")
    return value


def _status(list_file: str | None, index: int | None, controller: str) -> list[StatusEntry]:
    if list_file is None:
        if index is not None:
            raise UsageError("--status-index needs --status-list")
        return []
    document, status_list, purpose = load_status_list(list_file)
    list_id = document.get("id")
    if not isinstance(list_id, str):
        raise UsageError(f"{list_file} is not a status list credential (no id)")
    if issuer_id(document) != controller:
        raise UsageError(
            f"{list_file} was issued by {issuer_id(document)!r}, not by the key's controller "
            f"{controller!r}; verifiers only trust a status list from the credential's issuer"
        )
    chosen = index if index is not None else secrets.randbelow(status_list.length)
    if not 0 <= chosen < status_list.length:
        raise UsageError(
            f"--status-index must be between 0 and {status_list.length - 1} for {list_file}"
        )
    return [
        StatusEntry(
            id=f"{list_id}#{chosen}",
            type="BitstringStatusListEntry",
            status_purpose=str(purpose),
            status_list_index=str(chosen),
            status_list_credential=list_id,
        )
    ]


def _context_url(value: str | None) -> str:
    if value is None:
        return CREDSTACK_CONTEXT
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.fragment:
        raise UsageError(f"--context-url must be an http(s) URL: {value!r}")
    return value


@click.command("issue")
@click.option("--key", "key_path", required=True, metavar="KEY.json", help="The issuer's key file.")
@click.option(
    "--achievement",
    "achievement_path",
    required=True,
    metavar="FILE",
    help="YAML or JSON definition.",
)
@click.option(
    "--recipient", required=True, help="The learner: a DID, a URL or an e-mail address (hashed)."
)
@click.option(
    "--suite",
    type=click.Choice([s.value for s in SignatureSuite]),
    default=SignatureSuite.EDDSA_RDFC_2022.value,
    show_default=True,
)
@click.option("--out", metavar="FILE", help="Write the credential here (default: standard output).")
@click.option("--id", "credential_id", help="The credential id (default: a new urn:uuid).")
@click.option("--valid-until", help="Expiry (ISO 8601 with a zone).")
@click.option("--now", help="Issue as of this time instead of the clock (ISO 8601 with a zone).")
@click.option(
    "--status-list", metavar="FILE", help="A status list credential to register the credential in."
)
@click.option("--status-index", type=int, help="Index in the status list (default: random).")
@click.option(
    "--credits-earned",
    type=click.FloatRange(min=0),
    help="Credits the learner earned: at most the achievement's workload.credits.",
)
@click.option(
    "--context-url",
    metavar="URL",
    help="Where you publish the credstack extension context (the file credstack serves at "
    "/contexts/credstack/v1), for verifiers that fetch contexts; the credential pins it to the "
    "context's digest (default: https://w3id.org/credstack/v1, which only verifiers with a "
    "copy of the context can read).",
)
def issue_command(
    key_path: str,
    achievement_path: str,
    recipient: str,
    suite: str,
    out: str | None,
    credential_id: str | None,
    valid_until: str | None,
    now: str | None,
    status_list: str | None,
    status_index: int | None,
    credits_earned: float | None,
    context_url: str | None,
) -> None:
    """Issue a micro-credential defined in FILE to a recipient, signed with KEY."""
    key = KeyFile.load(key_path)
    achievement, issuer = load_definition(achievement_path)
    if issuer is None:
        issuer = Issuer(id=key.controller)
    elif issuer.id != key.controller:
        click.echo(
            f"note: the issuer id {issuer.id} in {achievement_path} is replaced by the key's "
            f"controller {key.controller}, which is what verifiers can check",
            err=True,
        )
        issuer = dataclasses.replace(issuer, id=key.controller)
    try:
        moment = parse_datetime(now) if now else datetime.now(UTC)
        expiry = parse_datetime(valid_until) if valid_until else None
        credential = issue_credential(
            achievement=achievement,
            issuer=issuer,
            recipient=_recipient(recipient),
            key=SigningKey(key.key_pair, key.id, key.controller),
            credential_id=credential_id or f"urn:uuid:{uuid.uuid4()}",
            now=moment,
            suite=SignatureSuite(suite),
            valid_until=expiry,
            credits_earned=credits_earned,
            status=_status(status_list, status_index, key.controller),
            extension_context=_context_url(context_url),
        )
    except CredstackError as exc:
        raise UsageError(str(exc)) from exc
    if isinstance(credential, str):
        if out in (None, "-"):
            click.echo(credential)
        else:
            Path(out).write_text(credential + "\n", encoding="utf-8")
        return
    write_json(out, credential)
