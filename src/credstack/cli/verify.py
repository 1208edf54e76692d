"""``credstack verify``: verify a credential or presentation, offline, and explain every check."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import click
import orjson
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from credstack.cli.files import UsageError, read_bytes, read_json
from credstack.core.did.methods import document_resolver, resolver
from credstack.core.errors import CredstackError
from credstack.core.profiles.catalogue import load_profile
from credstack.core.timestamps import parse_datetime
from credstack.core.verify import (
    StatusListSigners,
    VerificationReport,
    VerifyOptions,
    verify_document,
)
from credstack.core.verify.report import CheckStatus

NO_CHALLENGE_HINT = (
    "A presentation verifies only against the challenge you gave its holder: pass it with "
    "--challenge (and your domain with --domain)."
)
STATUS_LIST_TYPES = {"BitstringStatusListCredential", "StatusList2021Credential"}
_MARKS = {
    CheckStatus.PASSED: "[green]passed[/]",
    CheckStatus.FAILED: "[red]FAILED[/]",
    CheckStatus.WARNING: "[yellow]warning[/]",
    CheckStatus.SKIPPED: "[dim]skipped[/]",
}


def _types(document: Mapping[str, Any]) -> set[str]:
    value = document.get("type")
    return set(value) if isinstance(value, list) else {str(value)}


def _parse_resolve(values: tuple[str, ...]) -> dict[str, Mapping[str, Any]]:
    documents: dict[str, Mapping[str, Any]] = {}
    for value in values:
        identifier, sep, path = value.partition("=")
        if not sep or not identifier or not path:
            raise UsageError(f"--resolve takes ID=FILE, not {value!r}")
        document = read_json(path)
        if not isinstance(document, dict):
            raise UsageError(f"{path} must hold a JSON object")
        documents[identifier] = document
    return documents


def _parse_signers(values: tuple[str, ...], from_documents: bool) -> StatusListSigners:
    trusted: dict[str, list[str]] = {}
    for value in values:
        issuer, sep, signer = value.partition("=")
        if not sep or not issuer.strip() or not signer.strip():
            raise UsageError(f"--status-list-signer takes ISSUER=SIGNER, not {value!r}")
        trusted.setdefault(issuer.strip(), []).append(signer.strip())
    return StatusListSigners.from_json(trusted, issuer_document=from_documents)


def _check_profile(value: str | None) -> None:
    if value is None:
        return
    try:
        load_profile(value)
    except CredstackError as exc:
        raise UsageError(f"--profile: {exc.message}") from exc


def _parse_now(value: str | None) -> datetime:
    if value is None:
        return datetime.now(UTC)
    try:
        return parse_datetime(value)
    except CredstackError as exc:
        raise UsageError(f"--now: {exc.message}") from exc


@click.command("verify")
@click.argument("file")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--now", help="Verify as of this time (ISO 8601 with a zone), not the clock.")
@click.option(
    "--status-list",
    "status_lists",
    multiple=True,
    metavar="FILE",
    help="A status list credential to check revocation against (repeatable).",
)
@click.option(
    "--resolve",
    "resolves",
    multiple=True,
    metavar="ID=FILE",
    help="Use FILE as the DID/controller document or status list for ID (repeatable).",
)
@click.option(
    "--profile", help="Also report the achievement against a bundled policy profile (by name)."
)
@click.option(
    "--challenge",
    help="The challenge you gave the holder; a presentation verifies only against it.",
)
@click.option("--domain", help="Your domain, which a presentation's proof must then name.")
@click.option(
    "--allow-holder-not-subject",
    is_flag=True,
    help="Accept, with a warning, a presentation signed by someone other than the subject of "
    "its credentials.",
)
@click.option(
    "--status-list-signer",
    "status_list_signers",
    multiple=True,
    metavar="ISSUER=SIGNER",
    help="Accept status lists that SIGNER (a DID or verification method) signs for the "
    "credentials of ISSUER ('*': of every issuer); by default only the issuer (repeatable).",
)
@click.option(
    "--status-list-signers-from-did-documents",
    "signers_from_documents",
    is_flag=True,
    help="Also accept a status list signed with a key the issuer's DID document names for "
    "assertions (supply the document with --resolve DID=FILE).",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Fail, not warn, on a proof of an unsupported type beside a verified one, on an "
    "issuer that no key can belong to (such as urn:uuid), and on a presented credential "
    "whose subject no key can belong to.",
)
def verify_command(
    file: str,
    as_json: bool,
    now: str | None,
    status_lists: tuple[str, ...],
    resolves: tuple[str, ...],
    profile: str | None,
    status_list_signers: tuple[str, ...],
    signers_from_documents: bool,
    challenge: str | None,
    domain: str | None,
    allow_holder_not_subject: bool,
    strict: bool,
) -> None:
    """Verify FILE: a credential or presentation as JSON, or a compact JWS (VC-JWT).

    A presentation verifies only when its holder signed it, answering --challenge, and is the
    subject of its credentials.

    Exit status: 0 verified, 1 not verified (a file that is not a credential at all, such as
    an image, is not verified either), 2 unusable arguments (FILE missing or unreadable).
    """
    data = sys.stdin.buffer.read() if file == "-" else read_bytes(file)
    _check_profile(profile)
    signers = _parse_signers(status_list_signers, signers_from_documents)
    documents = _parse_resolve(resolves)
    lists: dict[str, Mapping[str, Any]] = {}
    for path in status_lists:
        document = read_json(path)
        if not isinstance(document, dict) or not isinstance(document.get("id"), str):
            raise UsageError(f"{path} is not a status list credential (no id)")
        lists[document["id"]] = document
    for identifier, document in documents.items():
        if _types(document) & STATUS_LIST_TYPES:
            lists[identifier] = document
    options = VerifyOptions(
        resolve=resolver(documents),
        now=_parse_now(now),
        fetch_status_list=lists.get,
        profile=profile,
        challenge=challenge,
        domain=domain,
        # as Digital Bazaar's vc.verify: a presentation passes only against a challenge
        require_challenge=True,
        allow_holder_not_subject=allow_holder_not_subject,
        strict=strict,
        status_list_signers=signers,
        resolve_document=document_resolver(documents),
    )
    report = verify_document(data, options)
    if as_json:
        click.echo(orjson.dumps(report.to_json(), option=orjson.OPT_INDENT_2).decode())
    else:
        print_report(report)
        if report.kind == "presentation" and challenge is None:
            click.echo(NO_CHALLENGE_HINT, err=True)
    sys.exit(0 if report.verified else 1)


def print_report(report: VerificationReport, title: str | None = None) -> None:
    console = Console(highlight=False, emoji=False)
    table = Table(title=title, show_lines=False)
    table.add_column("check")
    table.add_column("result")
    table.add_column("code")
    table.add_column("explanation", overflow="fold")
    for check in report.checks:
        table.add_row(check.id, _MARKS[check.status], check.code or "", escape(check.message))
    console.print(table)
    for index, nested in enumerate(report.nested, start=1):
        print_report(nested, title=f"credential {index} in the presentation")
    verdict = "[green]VERIFIED[/]" if report.verified else "[red]NOT VERIFIED[/]"
    console.print(verdict)
