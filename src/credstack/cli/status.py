"""``credstack status``: Bitstring Status Lists for revocation and suspension."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from typing import Any

import click

from credstack.cli.files import KeyFile, UsageError, read_json, write_json
from credstack.core.errors import CredstackError
from credstack.core.issuing import SignatureSuite, SigningKey, sign_credential
from credstack.core.status.bitstring import StatusList, StatusPurpose, status_list_credential
from credstack.core.timestamps import format_datetime, parse_datetime

_SUITES = [SignatureSuite.EDDSA_RDFC_2022.value, SignatureSuite.EDDSA_JCS_2022.value]


def _now(value: str | None) -> datetime:
    try:
        return parse_datetime(value) if value else datetime.now(UTC)
    except CredstackError as exc:
        raise UsageError(f"--now: {exc.message}") from exc


def _sign(document: dict[str, Any], key: KeyFile, suite: str, now: datetime) -> dict[str, Any]:
    try:
        signed = sign_credential(
            document,
            SigningKey(key.key_pair, key.id, key.controller),
            suite=SignatureSuite(suite),
            created=now,
        )
    except CredstackError as exc:
        raise UsageError(str(exc)) from exc
    assert isinstance(signed, dict)
    return signed


def load_status_list(path: str) -> tuple[dict[str, Any], StatusList, StatusPurpose]:
    """A status list credential file: the document, its decoded list and its purpose."""
    document = read_json(path)
    try:
        subject = document["credentialSubject"]
        purpose = StatusPurpose(subject["statusPurpose"])
        status_list = StatusList.decode(
            subject["encodedList"], status_size=int(subject.get("statusSize", 1))
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise UsageError(f"{path} is not a Bitstring Status List credential") from exc
    except CredstackError as exc:
        raise UsageError(f"{path}: {exc}") from exc
    return document, status_list, purpose


@click.group("status")
def status_group() -> None:
    """Create status lists, revoke, suspend and reinstate credentials."""


@status_group.command("create")
@click.option("--key", "key_path", required=True, metavar="KEY.json")
@click.option("--url", required=True, help="Where the list will be published (its id).")
@click.option(
    "--purpose",
    type=click.Choice(["revocation", "suspension"]),
    default="revocation",
    show_default=True,
)
@click.option(
    "--entries", type=int, default=131_072, show_default=True, help="Size (at least 131,072)."
)
@click.option("--suite", type=click.Choice(_SUITES), default=_SUITES[0], show_default=True)
@click.option("--out", metavar="FILE")
@click.option("--now", help="Issue as of this time (ISO 8601 with a zone).")
def status_create(
    key_path: str,
    url: str,
    purpose: str,
    entries: int,
    suite: str,
    out: str | None,
    now: str | None,
) -> None:
    """Create an empty, signed status list credential."""
    key = KeyFile.load(key_path)
    moment = _now(now)
    try:
        document = status_list_credential(
            id=url,
            issuer=key.controller,
            purpose=StatusPurpose(purpose),
            status_list=StatusList(entries),
            valid_from=format_datetime(moment),
        )
    except CredstackError as exc:
        raise UsageError(str(exc)) from exc
    write_json(out, _sign(document, key, suite, moment))


def _update(
    list_path: str,
    index: int,
    key_path: str,
    *,
    value: int,
    action: str,
    now: str | None,
    suite: str,
) -> None:
    key = KeyFile.load(key_path)
    document, status_list, purpose = load_status_list(list_path)
    if action == "revoke" and purpose is not StatusPurpose.REVOCATION:
        raise UsageError(f"{list_path} is a {purpose} list; revoke needs a revocation list")
    if action in ("suspend", "reinstate") and purpose is not StatusPurpose.SUSPENSION:
        raise UsageError(
            f"{list_path} is a {purpose} list; {action} needs a suspension list"
            + (" (revocation is permanent)" if action == "reinstate" else "")
        )
    try:
        status_list.set(index, value)
    except CredstackError as exc:
        raise UsageError(str(exc)) from exc
    moment = _now(now)
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    unsigned["validFrom"] = format_datetime(moment)
    unsigned["credentialSubject"] = {
        **document["credentialSubject"],
        "encodedList": status_list.encode(),
    }
    write_json(list_path, _sign(unsigned, key, suite, moment))
    click.echo(f"{action}: index {index} in {document.get('id')}", err=True)


def _update_command(name: str, value: int, help_text: str) -> click.Command:
    @click.command(name, help=help_text)
    @click.argument("list_file", metavar="LIST.json")
    @click.option("--index", required=True, type=int)
    @click.option("--key", "key_path", required=True, metavar="KEY.json")
    @click.option("--suite", type=click.Choice(_SUITES), default=_SUITES[0], show_default=True)
    @click.option("--now", help="As of this time (ISO 8601 with a zone).")
    def command(list_file: str, index: int, key_path: str, suite: str, now: str | None) -> None:
        _update(list_file, index, key_path, value=value, action=name, now=now, suite=suite)

    return command


status_group.add_command(
    _update_command("revoke", 1, "Revoke the credential at INDEX (permanent).")
)
status_group.add_command(_update_command("suspend", 1, "Suspend the credential at INDEX."))
status_group.add_command(
    _update_command("reinstate", 0, "Lift the suspension of the credential at INDEX.")
)


@status_group.command("show")
@click.argument("list_file", metavar="LIST.json")
def status_show(list_file: str) -> None:
    """Print a status list's purpose, size and the indexes that are set."""
    document, status_list, purpose = load_status_list(list_file)
    indexes = status_list.set_indexes()
    click.echo(f"list:    {document.get('id')}")
    click.echo(f"purpose: {purpose}")
    click.echo(f"entries: {status_list.length}")
    click.echo(f"set:     {', '.join(map(str, indexes)) if indexes else '(none)'}")
    sys.exit(0)
