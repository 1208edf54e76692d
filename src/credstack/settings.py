"""One typed settings object, read from ``CREDSTACK_*`` environment variables.

Every variable is optional: with none set, credstack runs embedded — a SQLite file and a
file key store under ``CREDSTACK_DATA_DIR`` (``./var``), jobs run in-process, and a master
key is created on first use in ``{data_dir}/master.key`` (mode 0600). In production set at
least ``CREDSTACK_DATABASE_URL`` (PostgreSQL), ``CREDSTACK_MASTER_KEY`` and
``CREDSTACK_BASE_URL``; see the README for a complete example.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from credstack.core.errors import CredstackError, ErrorCode
from credstack.core.issuing import SignatureSuite
from credstack.core.verify import StatusListSigners

PREFIX = "CREDSTACK_"
SIGNERS_FROM_DID_DOCUMENTS = "STATUS_LIST_SIGNERS_FROM_DID_DOCUMENTS"
E = TypeVar("E", bound=StrEnum)
MASTER_KEY_BYTES = 32


class SettingsError(CredstackError):
    default_code = ErrorCode.INVALID_SETTING


class KeyStoreKind(StrEnum):
    FILE = "file"
    DATABASE = "database"


class TaskQueueKind(StrEnum):
    IN_PROCESS = "in-process"
    PROCRASTINATE = "procrastinate"


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything credstack reads from its environment, checked once at start-up."""

    data_dir: Path = Path("var")
    database_url: str = ""
    """SQLAlchemy URL; empty means ``sqlite:///{data_dir}/credstack.db``."""
    base_url: str = "http://127.0.0.1:8000"
    """Public URL of the service: credential ids, status list URLs and did:web derive from it."""
    contexts_url: str = ""
    """Where issued credentials say the credstack JSON-LD contexts are published (the extension
    context is ``{contexts_url}/credstack/v1``); empty means ``{base_url}/contexts``, where the
    service serves them. Set it when a proxy or CDN serves them elsewhere, byte for byte."""
    master_key: bytes | None = field(default=None, repr=False)
    """32 bytes (``CREDSTACK_MASTER_KEY``, base64 or base64url); None: ``{data_dir}/master.key``."""
    key_store: KeyStoreKind = KeyStoreKind.FILE
    task_queue: TaskQueueKind = TaskQueueKind.IN_PROCESS
    host: str = "127.0.0.1"
    port: int = 8000
    default_suite: SignatureSuite = SignatureSuite.EDDSA_RDFC_2022
    status_list_length: int = 131_072
    status_list_ttl: int = 300
    """Seconds a status list may be cached (``Cache-Control: max-age``): revocation is visible
    to every verifier within this time."""
    bulk_chunk_size: int = 500
    max_request_bytes: int = 20 * 1024 * 1024
    status_list_signers: StatusListSigners = field(default_factory=StatusListSigners)
    """Who, besides a credential's issuer, may sign the status lists the verifier reads:
    ``CREDSTACK_STATUS_LIST_SIGNERS`` is JSON, ``{"<issuer id>" | "*": ["<signer DID>", …]}``;
    ``CREDSTACK_STATUS_LIST_SIGNERS_FROM_DID_DOCUMENTS=true`` also accepts a key the issuer's
    DID document names for assertions (``docs/decisions/0009-status-list-signers.md``)."""

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'credstack.db'}"

    @property
    def resolved_contexts_url(self) -> str:
        return self.contexts_url or f"{self.base_url}/contexts"

    @property
    def is_postgresql(self) -> bool:
        return self.resolved_database_url.startswith("postgresql")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read ``CREDSTACK_*`` variables (``os.environ`` by default); unknown ones are refused
        so a misspelt setting is never silently ignored."""
        env = {
            k[len(PREFIX) :]: v for k, v in (environ or os.environ).items() if k.startswith(PREFIX)
        }
        known = {f.upper() for f in cls.__dataclass_fields__}
        known |= {"TEST_DATABASE_URL"}  # read by the test suite, not by the service
        known |= {SIGNERS_FROM_DID_DOCUMENTS}  # part of status_list_signers
        unknown = sorted(set(env) - known)
        if unknown:
            raise SettingsError(
                f"unknown setting(s): {', '.join(PREFIX + u for u in unknown)}; "
                f"known: {', '.join(sorted(PREFIX + k for k in known))}"
            )
        defaults = cls()
        settings = cls(
            data_dir=Path(env.get("DATA_DIR", str(defaults.data_dir))),
            database_url=env.get("DATABASE_URL", defaults.database_url),
            base_url=_base_url(env.get("BASE_URL", defaults.base_url)),
            contexts_url=_base_url(env["CONTEXTS_URL"], "CONTEXTS_URL")
            if env.get("CONTEXTS_URL")
            else "",
            master_key=_master_key(env["MASTER_KEY"]) if "MASTER_KEY" in env else None,
            key_store=_choice(env, "KEY_STORE", KeyStoreKind, defaults.key_store),
            task_queue=_choice(env, "TASK_QUEUE", TaskQueueKind, defaults.task_queue),
            host=env.get("HOST", defaults.host),
            port=_int(env, "PORT", defaults.port, 1, 65535),
            default_suite=_choice(env, "DEFAULT_SUITE", SignatureSuite, defaults.default_suite),
            status_list_length=_int(
                env, "STATUS_LIST_LENGTH", defaults.status_list_length, 131_072, 2**24
            ),
            status_list_ttl=_int(env, "STATUS_LIST_TTL", defaults.status_list_ttl, 0, 86_400),
            bulk_chunk_size=_int(env, "BULK_CHUNK_SIZE", defaults.bulk_chunk_size, 1, 10_000),
            max_request_bytes=_int(
                env, "MAX_REQUEST_BYTES", defaults.max_request_bytes, 1024, 2**31
            ),
            status_list_signers=_status_list_signers(env),
        )
        if settings.status_list_length % 8:
            raise SettingsError(f"{PREFIX}STATUS_LIST_LENGTH must be a multiple of 8")
        if settings.task_queue is TaskQueueKind.PROCRASTINATE and not settings.is_postgresql:
            raise SettingsError(
                f"{PREFIX}TASK_QUEUE=procrastinate needs a PostgreSQL {PREFIX}DATABASE_URL"
            )
        return settings


def _base_url(value: str, name: str = "BASE_URL") -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise SettingsError(f"{PREFIX}{name} must be an http(s) URL without query: {value!r}")
    return value.rstrip("/")


def _master_key(value: str) -> bytes:
    text = value.strip()
    try:
        key = base64.urlsafe_b64decode(
            text.replace("+", "-").replace("/", "_") + "=" * (-len(text) % 4)
        )
    except (binascii.Error, ValueError) as exc:
        raise SettingsError(f"{PREFIX}MASTER_KEY is not base64: {exc}") from None
    if len(key) != MASTER_KEY_BYTES:
        raise SettingsError(
            f"{PREFIX}MASTER_KEY must be {MASTER_KEY_BYTES} bytes (base64), not {len(key)}"
        )
    return key


def _status_list_signers(env: Mapping[str, str]) -> StatusListSigners:
    flag = env.get(SIGNERS_FROM_DID_DOCUMENTS, "false").strip().lower()
    if flag not in ("true", "false"):
        raise SettingsError(f"{PREFIX}{SIGNERS_FROM_DID_DOCUMENTS} must be true or false: {flag!r}")
    text = env.get("STATUS_LIST_SIGNERS", "").strip()
    try:
        trusted = json.loads(text) if text else {}
    except ValueError as exc:
        raise SettingsError(f"{PREFIX}STATUS_LIST_SIGNERS is not JSON: {exc}") from None
    try:
        return StatusListSigners.from_json(trusted, issuer_document=flag == "true")
    except CredstackError as exc:
        raise SettingsError(f"{PREFIX}STATUS_LIST_SIGNERS: {exc.message}") from None


def _choice(env: Mapping[str, str], name: str, enum: type[E], default: E) -> E:
    if name not in env:
        return default
    try:
        return enum(env[name])
    except ValueError:
        allowed = ", ".join(e.value for e in enum)
        raise SettingsError(f"{PREFIX}{name} must be one of {allowed}: {env[name]!r}") from None


def _int(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    if name not in env:
        return default
    try:
        value = int(env[name])
    except ValueError:
        raise SettingsError(f"{PREFIX}{name} must be an integer: {env[name]!r}") from None
    if not low <= value <= high:
        raise SettingsError(f"{PREFIX}{name} must be between {low} and {high}: {value}")
    return value


__all__ = ["KeyStoreKind", "Settings", "SettingsError", "TaskQueueKind"]
