"""Reading and writing the files the command line works with (JSON, YAML, key files)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click
import orjson
import yaml

from credstack.core.crypto.keys import KeyPair, key_pair_from_multikey
from credstack.core.errors import CredstackError
from credstack.core.json.text import parse_json


class UsageError(click.UsageError):
    """Unusable arguments or input files: exit status 2."""


def read_bytes(path: str) -> bytes:
    """The content of ``path``; a file that cannot be read is an unusable argument."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc}") from exc


def read_text(path: str) -> str:
    """A UTF-8 text file; a byte order mark at its start (editors write one) is ignored."""
    data = read_bytes(path)
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise UsageError(
            f"{path} is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from exc


def read_json(path: str) -> Any:
    """A JSON file, strictly parsed (duplicate keys are refused)."""
    try:
        return parse_json(read_text(path))
    except CredstackError as exc:
        raise UsageError(f"{path}: {exc}") from exc


def read_json_or_yaml(path: str) -> Any:
    """A definition file: YAML (``.yaml``/``.yml``) or JSON."""
    text = read_text(path)
    if path.endswith((".yaml", ".yml")):
        try:
            return yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise UsageError(f"{path} is not valid YAML: {exc}") from exc
    try:
        return parse_json(text)
    except CredstackError as exc:
        raise UsageError(f"{path}: {exc}") from exc


def write_json(path: str | None, value: Any) -> None:
    """Write pretty JSON to ``path``, or to standard output when ``path`` is None or ``-``."""
    data = orjson.dumps(value, option=orjson.OPT_INDENT_2) + b"\n"
    if path in (None, "-"):
        click.echo(data.decode("utf-8"), nl=False)
        return
    Path(path).write_bytes(data)


def write_private(path: str, data: bytes) -> None:
    """Create ``path`` readable by its owner only (mode 0600), refusing to overwrite."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as exc:
        raise UsageError(f"{path} already exists; refusing to overwrite a key file") from exc
    except OSError as exc:
        raise UsageError(f"cannot create {path}: {exc}") from exc
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


class KeyFile:
    """A private key file: the Multikey pair plus its verification method and controller."""

    def __init__(self, data: dict[str, Any], path: str) -> None:
        try:
            secret = data.get("secretKeyMultibase") or data["privateKeyMultibase"]
            self.key_pair: KeyPair = key_pair_from_multikey(secret)
            self.id: str = data["id"]
            self.controller: str = data["controller"]
        except (KeyError, TypeError, AttributeError) as exc:
            raise UsageError(
                f"{path} is not a credstack key file (needs id, controller, secretKeyMultibase)"
            ) from exc
        except CredstackError as exc:
            raise UsageError(f"{path}: {exc}") from exc
        public = data.get("publicKeyMultibase")
        if public is not None and public != self.key_pair.public_key.multikey:
            raise UsageError(f"{path}: publicKeyMultibase does not match the secret key")
        self.valid_from: str | None = data.get("validFrom")
        self.valid_until: str | None = data.get("expires")

    @classmethod
    def load(cls, path: str) -> KeyFile:
        data = read_json(path)
        if not isinstance(data, dict):
            raise UsageError(f"{path} is not a key file")
        return cls(data, path)
