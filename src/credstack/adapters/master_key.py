"""The master key of the embedded deployment, kept in a file next to the data.

Production sets ``CREDSTACK_MASTER_KEY``; without it credstack creates a random key on first
start in ``{data_dir}/master.key`` (base64url text, mode 0600) and reads it afterwards. Whoever
can read that file can unseal every signing key, so a file that the group or others may read
or write is refused rather than used.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import os
import stat
import tempfile
from pathlib import Path

from credstack.core.crypto.envelope import MASTER_KEY_BYTES, new_master_key
from credstack.services.errors import KeyStoreError

FILE_MODE = 0o600


def load_or_create_master_key(path: Path) -> bytes:
    """The master key in ``path``, created (32 random bytes) when the file does not exist.

    Raises :class:`~credstack.services.errors.KeyStoreError` when the file is not a regular
    file, is accessible to the group or others, is not base64url, or does not hold 32 bytes.
    """
    path = Path(path)
    if not path.exists() and not path.is_symlink():
        _create(path)
    return _read(path)


def _create(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = base64.urlsafe_b64encode(new_master_key()).rstrip(b"=") + b"\n"
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, FILE_MODE)
        # link, not replace: when two processes start at once, the first key wins and the
        # other reads it, instead of one overwriting a key the other already used
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _read(path: Path) -> bytes:
    try:
        status = path.stat()
    except OSError as exc:
        raise KeyStoreError(f"cannot read the master key file {path}: {exc.strerror}") from exc
    if not stat.S_ISREG(status.st_mode):
        raise KeyStoreError(f"the master key file {path} is not a regular file")
    if status.st_mode & 0o077:
        raise KeyStoreError(
            f"the master key file {path} is accessible to other users (mode "
            f"{stat.S_IMODE(status.st_mode):04o}); run `chmod 600 {path}`",
        )
    try:
        text = path.read_bytes().strip()
    except OSError as exc:
        raise KeyStoreError(f"cannot read the master key file {path}: {exc.strerror}") from exc
    try:
        # validate=True: a stray character is an error, not silently skipped
        standard = text.replace(b"-", b"+").replace(b"_", b"/")
        key = base64.b64decode(standard + b"=" * (-len(standard) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise KeyStoreError(f"the master key file {path} does not hold base64url text") from None
    if len(key) != MASTER_KEY_BYTES:
        raise KeyStoreError(
            f"the master key file {path} holds {len(key)} bytes; a master key has "
            f"{MASTER_KEY_BYTES}"
        )
    return key


__all__ = ["FILE_MODE", "load_or_create_master_key"]
