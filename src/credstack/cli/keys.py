"""``credstack keys``: create signing keys and publish their DID documents."""

from __future__ import annotations

import secrets

import click
import orjson

from credstack.cli.files import KeyFile, UsageError, write_json, write_private
from credstack.core.crypto.keys import Ed25519KeyPair, KeyPair, P256KeyPair
from credstack.core.did.methods import (
    KeyHistoryEntry,
    did_key,
    did_key_verification_method,
    did_web_document,
)
from credstack.core.errors import CredstackError
from credstack.core.timestamps import parse_datetime


@click.group("keys")
def keys_group() -> None:
    """Create and inspect issuer keys."""


@keys_group.command("new")
@click.option("--out", "out", required=True, metavar="KEY.json", help="Where to write the key.")
@click.option(
    "--type",
    "key_type",
    type=click.Choice(["ed25519", "p256"]),
    default="ed25519",
    show_default=True,
    help="Ed25519 signs Data Integrity proofs and VC-JWT; P-256 signs VC-JWT (ES256).",
)
@click.option(
    "--did-web",
    metavar="DID",
    help="Make the key a method of this did:web issuer instead of a did:key.",
)
@click.option("--fragment", default="key-1", show_default=True, help="Key id within a did:web.")
def keys_new(out: str, key_type: str, did_web: str | None, fragment: str) -> None:
    """Write a new private key file (mode 0600) and print its identifier."""
    seed = secrets.token_bytes(32)
    pair: KeyPair = (
        Ed25519KeyPair.generate(seed) if key_type == "ed25519" else P256KeyPair.generate(seed)
    )
    public = pair.public_key
    if did_web is not None:
        if not did_web.startswith("did:web:"):
            raise UsageError("--did-web takes a did:web identifier")
        controller, vm_id = did_web, f"{did_web}#{fragment}"
    else:
        controller, vm_id = did_key(public), did_key_verification_method(public)
    document = {
        "@context": ["https://w3id.org/security/multikey/v1"],
        "id": vm_id,
        "type": "Multikey",
        "controller": controller,
        "publicKeyMultibase": public.multikey,
        "secretKeyMultibase": pair.secret_multikey,
    }
    write_private(out, orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n")
    click.echo(controller)


@keys_group.command("did-document")
@click.argument("key_files", nargs=-1, required=True, metavar="KEY.json...")
@click.option("--out", metavar="FILE", help="Write the document here instead of printing it.")
def keys_did_document(key_files: tuple[str, ...], out: str | None) -> None:
    """Print the did:web document (did.json) listing these keys, oldest first."""
    keys = [KeyFile.load(path) for path in key_files]
    controllers = {k.controller for k in keys}
    if len(controllers) != 1 or not next(iter(controllers)).startswith("did:web:"):
        raise UsageError("all keys must belong to the same did:web issuer")
    try:
        entries = [
            KeyHistoryEntry(
                fragment=k.id.partition("#")[2],
                public_key=k.key_pair.public_key,
                valid_until=parse_datetime(k.valid_until) if k.valid_until else None,
            )
            for k in keys
        ]
        write_json(out, did_web_document(controllers.pop(), entries))
    except CredstackError as exc:
        raise UsageError(str(exc)) from exc
