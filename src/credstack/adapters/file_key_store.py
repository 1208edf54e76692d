"""A key store on the local file system: one sealed file per signing key.

The embedded deployment keeps private keys here, each sealed (:mod:`credstack.core.crypto.envelope`)
under the master key and bound to its key id and organisation id, so a file copied to another
name or organisation does not unseal. Layout::

    {directory}/                        0700
        {organisation_id}/              0700
            {key_id}.sealed             0600

Paths are built from UUIDs only, so no caller input can name a path outside ``directory``.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from uuid import UUID

from credstack.core.crypto.envelope import seal, unseal
from credstack.core.errors import KeyMaterialError
from credstack.services.errors import KeyStoreError

DIRECTORY_MODE = 0o700
FILE_MODE = 0o600
SUFFIX = ".sealed"


class FileKeyStore:
    """:class:`~credstack.services.ports.KeyStore` keeping sealed secrets in ``directory``."""

    def __init__(self, directory: Path, master_key: bytes) -> None:
        self._directory = Path(directory)
        self._master_key = master_key

    def __repr__(self) -> str:  # never the master key
        return f"FileKeyStore({str(self._directory)!r})"

    def path(self, key_id: UUID, organisation_id: UUID) -> Path:
        """Where the sealed secret of ``key_id`` lives."""
        # only UUIDs ever become path segments, so nothing can climb out of the directory
        if not isinstance(key_id, UUID) or not isinstance(organisation_id, UUID):
            raise KeyStoreError("key ids and organisation ids must be UUIDs")
        return self._directory / str(organisation_id) / f"{key_id}{SUFFIX}"

    def put(self, key_id: UUID, organisation_id: UUID, secret: bytes) -> None:
        """Seal ``secret`` and write it atomically: a reader sees the old file or the new one,
        never a partial write, and the new one survives a crash once this returns."""
        path = self.path(key_id, organisation_id)
        try:
            blob = seal(self._master_key, secret, _aad(key_id, organisation_id))
        except KeyMaterialError as exc:
            raise KeyStoreError(
                f"cannot seal key {key_id}: {exc.message}", key_id=str(key_id)
            ) from None
        try:
            _make_private_directory(self._directory)
            _make_private_directory(path.parent)
            _write_atomically(path, blob)
        except OSError as exc:
            raise KeyStoreError(
                f"cannot write the sealed key {key_id} of organisation {organisation_id}: "
                f"{exc.strerror or type(exc).__name__}",
                key_id=str(key_id),
            ) from exc

    def get(self, key_id: UUID, organisation_id: UUID) -> bytes:
        """The unsealed secret; :class:`KeyStoreError` when missing or not unsealable."""
        path = self.path(key_id, organisation_id)
        try:
            blob = path.read_bytes()
        except FileNotFoundError:
            raise KeyStoreError(
                f"the key store has no key {key_id} for organisation {organisation_id}",
                key_id=str(key_id),
                reason="missing",
            ) from None
        except OSError as exc:
            raise KeyStoreError(
                f"cannot read the sealed key {key_id} of organisation {organisation_id}: "
                f"{exc.strerror or type(exc).__name__}",
                key_id=str(key_id),
            ) from exc
        try:
            return unseal(self._master_key, blob, _aad(key_id, organisation_id))
        except KeyMaterialError as exc:
            raise KeyStoreError(
                f"cannot unseal key {key_id} of organisation {organisation_id}: {exc.message}",
                key_id=str(key_id),
                reason=exc.detail.get("reason"),
            ) from None


def _aad(key_id: UUID, organisation_id: UUID) -> bytes:
    return key_id.bytes + organisation_id.bytes


def _make_private_directory(directory: Path) -> None:
    try:
        directory.mkdir(mode=DIRECTORY_MODE, parents=True)
    except FileExistsError:
        return
    # mkdir's mode is filtered by the umask; set it exactly on what we created
    directory.chmod(DIRECTORY_MODE)
    _fsync_directory(directory.parent)


def _write_atomically(path: Path, data: bytes) -> None:
    # mkstemp creates the file 0600 and exclusively, in the same directory as the target so
    # that os.replace is a rename within one file system
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, FILE_MODE)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _fsync_directory(path.parent)


def _fsync_directory(directory: Path) -> None:
    """Make a rename or a new entry in ``directory`` durable."""
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


__all__ = ["DIRECTORY_MODE", "FILE_MODE", "FileKeyStore"]
