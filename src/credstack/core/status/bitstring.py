"""W3C Bitstring Status List v1.0: the bitstring, its encoding and the credentials that carry it.

A status list is a bitstring with one entry per issued credential. Entry ``i`` occupies the
``status_size`` bits starting at bit ``i * status_size``; bit 0 is the most significant bit of
byte 0, and within a multi-bit entry the first bit is the most significant bit of the value.
The wire form (``encodedList``) is multibase base64url without padding (prefix ``u``) of the
GZIP-compressed bitstring.

Decoding is hostile-input work: the list is fetched from somewhere else and GZIP turns a
megabyte of input into a gigabyte of zeros. :meth:`StatusList.decode` therefore stream-
decompresses and stops as soon as the output passes a cap. The default cap allows
:data:`DEFAULT_MAX_ENTRIES` (16,777,216) entries of the given ``status_size`` — 2 MiB of
bitstring per bit of ``status_size``, so 16 MiB at the largest supported size of 8 bits.
That is 128 times the minimum list, well past any list an issuer publishes, while a hostile
list costs at most a few megabytes of memory and milliseconds of work before it is refused.

Checking a credential's status against a list lives in :mod:`credstack.core.status.check`.
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from credstack.core.crypto.multibase import decode_base64url, encode_base64url
from credstack.core.errors import CredstackError, ErrorCode, StatusListError

VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
STATUS_LIST_2021_CONTEXT = "https://w3id.org/vc/status-list/2021/v1"

#: Minimum number of entries in a list (16 KB of single-bit entries), per the specification.
MIN_ENTRIES = 131_072
#: Entries a decoded list may hold before decompression is refused (see the module docstring).
DEFAULT_MAX_ENTRIES = 16_777_216
#: Largest ``statusSize`` supported: 8 bits, i.e. 256 status messages.
MAX_STATUS_SIZE = 8

_BASE64URL = re.compile(r"\A[A-Za-z0-9_-]*\Z")
_HEX_STATUS = re.compile(r"\A0x[0-9a-fA-F]+\Z")


class StatusPurpose(StrEnum):
    """The ``statusPurpose`` values the specification gives a meaning to."""

    REVOCATION = "revocation"
    SUSPENSION = "suspension"
    REFRESH = "refresh"
    MESSAGE = "message"


@dataclass(frozen=True, slots=True)
class StatusMessage:
    """One ``statusMessage`` item: the meaning of a value of a multi-bit entry."""

    status: int
    message: str

    def to_dict(self) -> dict[str, str]:
        """JSON form: ``{"status": "0x2", "message": "rejected"}``."""
        return {"status": hex(self.status), "message": self.message}


def parse_status_message(value: Any) -> StatusMessage:
    """Read one ``statusMessage`` item; raise ``MALFORMED_VALUE_ERROR`` when it is not one."""
    if not isinstance(value, Mapping):
        raise _malformed(f"a statusMessage item must be an object, got {type(value).__name__}")
    status, message = value.get("status"), value.get("message")
    if not isinstance(status, str) or not _HEX_STATUS.match(status):
        raise _malformed(
            f"statusMessage status must be a hexadecimal string like '0x1': {status!r}"
        )
    if not isinstance(message, str):
        raise _malformed(f"statusMessage message must be a string: {message!r}")
    return StatusMessage(int(status, 16), message)


def check_status_size(status_size: Any) -> int:
    """Return ``status_size`` if it is a supported ``statusSize``; raise otherwise.

    Not a positive integer → ``MALFORMED_VALUE_ERROR``; above :data:`MAX_STATUS_SIZE` →
    ``RANGE_ERROR``.
    """
    if isinstance(status_size, bool) or not isinstance(status_size, int) or status_size < 1:
        raise _malformed(f"statusSize must be an integer greater than zero, got {status_size!r}")
    if status_size > MAX_STATUS_SIZE:
        raise StatusListError(
            f"statusSize {status_size} exceeds the supported maximum of {MAX_STATUS_SIZE}",
            code=ErrorCode.RANGE_ERROR,
        )
    return status_size


def check_status_messages(
    messages: Sequence[StatusMessage], status_size: int
) -> tuple[StatusMessage, ...]:
    """Messages must name each of the ``2**status_size`` values exactly once."""
    expected = 1 << status_size
    if len(messages) != expected:
        raise _malformed(
            f"statusSize {status_size} needs {expected} status messages, got {len(messages)}"
        )
    if sorted(m.status for m in messages) != list(range(expected)):
        raise _malformed(f"status messages must cover the values 0x0 to {hex(expected - 1)}")
    return tuple(messages)


class StatusList:
    """A mutable status bitstring of ``length`` entries of ``status_size`` bits each."""

    __slots__ = ("_bits", "_length", "_status_size")

    def __init__(self, length: int = MIN_ENTRIES, *, status_size: int = 1) -> None:
        check_status_size(status_size)
        if isinstance(length, bool) or not isinstance(length, int) or length < MIN_ENTRIES:
            raise StatusListError(
                f"a status list needs at least {MIN_ENTRIES:,} entries, asked for {length!r}",
                code=ErrorCode.STATUS_LIST_LENGTH_ERROR,
            )
        self._status_size = status_size
        self._length = length
        self._bits = bytearray(-(-length * status_size // 8))

    @classmethod
    def from_bytes(
        cls, data: bytes, *, status_size: int = 1, min_entries: int = MIN_ENTRIES
    ) -> StatusList:
        """Wrap an uncompressed bitstring; ``STATUS_LIST_LENGTH_ERROR`` if it holds fewer than
        ``min_entries`` entries (the specification's minimum unless a reader asks for less)."""
        check_status_size(status_size)
        length = len(data) * 8 // status_size
        if length < max(min_entries, 1):
            raise StatusListError(
                f"the status list holds {length:,} entries of {status_size} bit(s) "
                f"({len(data):,} bytes); the minimum is {max(min_entries, 1):,}",
                code=ErrorCode.STATUS_LIST_LENGTH_ERROR,
            )
        status_list = cls.__new__(cls)
        status_list._status_size = status_size
        status_list._length = length
        status_list._bits = bytearray(data)
        return status_list

    @property
    def length(self) -> int:
        """Number of entries."""
        return self._length

    @property
    def status_size(self) -> int:
        """Bits per entry."""
        return self._status_size

    def __repr__(self) -> str:
        return f"StatusList(length={self._length}, status_size={self._status_size})"

    def get(self, index: int) -> int:
        """The value of entry ``index`` (0 or 1 for single-bit lists)."""
        start = self._first_bit(index)
        value = 0
        for bit in range(start, start + self._status_size):
            value = (value << 1) | ((self._bits[bit >> 3] >> (7 - (bit & 7))) & 1)
        return value

    def is_set(self, index: int) -> bool:
        """True when entry ``index`` is not zero."""
        return self.get(index) != 0

    def set(self, index: int, value: int = 1) -> None:
        """Store ``value`` at entry ``index``; it must fit in ``status_size`` bits."""
        start = self._first_bit(index)
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not 0 <= value < (1 << self._status_size)
        ):
            raise StatusListError(
                f"value {value!r} does not fit in {self._status_size} bit(s)",
                code=ErrorCode.RANGE_ERROR,
            )
        for offset in range(self._status_size):
            bit = start + offset
            mask = 0x80 >> (bit & 7)
            if (value >> (self._status_size - 1 - offset)) & 1:
                self._bits[bit >> 3] |= mask
            else:
                self._bits[bit >> 3] &= ~mask & 0xFF

    def clear(self, index: int) -> None:
        """Reset entry ``index`` to zero."""
        self.set(index, 0)

    def set_indexes(self) -> list[int]:
        """Indexes of the entries that are not zero, in ascending order."""
        found: list[int] = []
        for byte_index, byte in enumerate(self._bits):
            if not byte:
                continue
            for bit in range(8):
                if byte & (0x80 >> bit):
                    index = (byte_index * 8 + bit) // self._status_size
                    # bits past the last whole entry are padding, not an entry
                    if index < self._length and (not found or found[-1] != index):
                        found.append(index)
        return found

    def to_bytes(self) -> bytes:
        """The uncompressed bitstring."""
        return bytes(self._bits)

    def encode(self) -> str:
        """``encodedList``: multibase base64url of GZIP (mtime 0, so the output is stable)."""
        return encode_base64url(gzip.compress(bytes(self._bits), compresslevel=9, mtime=0))

    @classmethod
    def decode(
        cls,
        encoded: str,
        *,
        status_size: int = 1,
        max_decompressed_bytes: int | None = None,
        min_entries: int = MIN_ENTRIES,
    ) -> StatusList:
        """Read an ``encodedList``.

        Raises ``MALFORMED_VALUE_ERROR`` (not multibase base64url, not GZIP),
        ``STATUS_LIST_DECOMPRESSION_LIMIT`` (more than ``max_decompressed_bytes``, by default
        :data:`DEFAULT_MAX_ENTRIES` entries of ``status_size`` bits) and
        ``STATUS_LIST_LENGTH_ERROR`` (fewer than ``min_entries``, by default
        :data:`MIN_ENTRIES`, and never none).
        """
        check_status_size(status_size)
        if max_decompressed_bytes is None:
            max_decompressed_bytes = DEFAULT_MAX_ENTRIES * status_size // 8
        data = _gunzip_capped(_unwrap_multibase(encoded), max_decompressed_bytes)
        return cls.from_bytes(data, status_size=status_size, min_entries=min_entries)

    def _first_bit(self, index: int) -> int:
        if isinstance(index, bool) or not isinstance(index, int):
            raise StatusListError(
                f"a status list index must be an integer, got {index!r}",
                code=ErrorCode.MALFORMED_VALUE_ERROR,
            )
        if not 0 <= index < self._length:
            raise StatusListError(
                f"index {index} is outside the status list (0 to {self._length - 1})",
                code=ErrorCode.RANGE_ERROR,
            )
        return index * self._status_size


def _unwrap_multibase(encoded: Any) -> bytes:
    if not isinstance(encoded, str):
        raise _malformed(f"encodedList must be a string, got {type(encoded).__name__}")
    if not encoded.startswith("u"):
        prefix = repr(encoded[:1]) if encoded else "nothing"
        raise _malformed(
            f"encodedList must be multibase base64url (prefix 'u'), but starts with {prefix}"
        )
    body = encoded[1:]
    if not _BASE64URL.match(body):
        bad = sorted({c for c in body if not (c.isascii() and (c.isalnum() or c in "-_"))})
        raise _malformed(
            f"encodedList is not base64url without padding: unexpected characters {bad!r}"
        )
    if len(body) % 4 == 1:
        raise _malformed("encodedList is not base64url: its length is impossible for base64")
    try:
        return decode_base64url(encoded)
    except CredstackError as exc:
        raise _malformed(f"encodedList is not base64url: {exc.message}") from exc


def _gunzip_capped(compressed: bytes, limit: int) -> bytes:
    """Decompress every GZIP member of ``compressed``, refusing to produce more than ``limit``."""
    if not compressed.startswith(b"\x1f\x8b"):
        raise _malformed("encodedList does not hold GZIP data (no GZIP magic bytes)")
    out = bytearray()
    pending = compressed
    while pending:  # RFC 1952 allows several members, one after the other
        inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        data = pending
        try:
            while data and not inflater.eof:
                # Ask for one byte more than allowed: getting it proves the cap is exceeded.
                out += inflater.decompress(data, limit - len(out) + 1)
                if len(out) > limit:
                    raise StatusListError(
                        f"the status list decompresses to more than {limit:,} bytes",
                        code=ErrorCode.STATUS_LIST_DECOMPRESSION_LIMIT,
                        limit=limit,
                    )
                data = inflater.unconsumed_tail
        except zlib.error as exc:
            raise _malformed(f"encodedList is not valid GZIP data: {exc}") from exc
        if not inflater.eof:
            raise _malformed("encodedList holds truncated GZIP data")
        pending = inflater.unused_data
    return bytes(out)


def status_list_credential(
    *,
    id: str,
    issuer: str | Mapping[str, Any],
    purpose: StatusPurpose | str,
    status_list: StatusList,
    valid_from: str,
    valid_until: str | None = None,
    ttl_ms: int | None = None,
    status_messages: Sequence[StatusMessage] | None = None,
) -> dict[str, Any]:
    """An unsigned ``BitstringStatusListCredential`` publishing ``status_list``.

    Multi-bit lists (``status_size`` > 1) need ``status_messages`` naming every value; they are
    published as ``credentialSubject.statusMessages`` with ``statusSize``, as are the messages
    of every ``message`` list (the specification requires both for that purpose).
    """
    purpose = _purpose(purpose)
    subject: dict[str, Any] = {
        "id": f"{id}#list",
        "type": "BitstringStatusList",
        "statusPurpose": str(purpose),
        "encodedList": status_list.encode(),
    }
    if ttl_ms is not None:
        if isinstance(ttl_ms, bool) or not isinstance(ttl_ms, int) or ttl_ms < 0:
            raise StatusListError(
                f"ttl must be a non-negative number of milliseconds, got {ttl_ms!r}",
                code=ErrorCode.RANGE_ERROR,
            )
        subject["ttl"] = ttl_ms
    subject.update(
        _size_and_messages(
            status_list.status_size,
            status_messages,
            "statusMessages",
            always=purpose is StatusPurpose.MESSAGE,
        )
    )
    credential: dict[str, Any] = {
        "@context": [VC_V2_CONTEXT],
        "id": id,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer if isinstance(issuer, str) else dict(issuer),
        "validFrom": valid_from,
    }
    if valid_until is not None:
        credential["validUntil"] = valid_until
    credential["credentialSubject"] = subject
    return credential


def status_entry(
    *,
    list_credential_id: str,
    index: int,
    purpose: StatusPurpose | str,
    status_size: int = 1,
    status_messages: Sequence[StatusMessage] | None = None,
) -> dict[str, Any]:
    """A ``BitstringStatusListEntry`` for a credential's ``credentialStatus``.

    ``id`` is ``<list>#<index>`` because the Open Badges 3.0 schema requires one;
    ``statusListIndex`` is a base-10 string, as the specification requires.
    """
    purpose = _purpose(purpose)
    if isinstance(index, bool) or not isinstance(index, int) or index < 0:
        raise StatusListError(
            f"statusListIndex must be a non-negative integer, got {index!r}",
            code=ErrorCode.RANGE_ERROR,
        )
    entry: dict[str, Any] = {
        "id": f"{list_credential_id}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": str(purpose),
        "statusListIndex": str(index),
        "statusListCredential": list_credential_id,
    }
    size = check_status_size(status_size)
    entry.update(_size_and_messages(size, status_messages, "statusMessage", always=False))
    return entry


def _purpose(purpose: StatusPurpose | str) -> StatusPurpose:
    try:
        return StatusPurpose(purpose)
    except ValueError as exc:
        known = ", ".join(p.value for p in StatusPurpose)
        raise _malformed(f"unknown statusPurpose {purpose!r} (expected one of {known})") from exc


def _size_and_messages(
    status_size: int, messages: Sequence[StatusMessage] | None, key: str, *, always: bool
) -> dict[str, Any]:
    """``statusSize`` and the messages, when the size or ``always`` calls for them."""
    if messages is None:
        if status_size > 1 or always:
            reason = f"statusSize {status_size}" if status_size > 1 else "statusPurpose 'message'"
            raise _malformed(f"{reason} requires a status message for every value")
        return {}
    checked = check_status_messages(messages, status_size)
    extra: dict[str, Any] = {key: [m.to_dict() for m in checked]}
    if status_size > 1 or always:
        extra = {"statusSize": status_size, **extra}
    return extra


def _malformed(message: str) -> StatusListError:
    return StatusListError(message, code=ErrorCode.MALFORMED_VALUE_ERROR)


__all__ = [
    "DEFAULT_MAX_ENTRIES",
    "MAX_STATUS_SIZE",
    "MIN_ENTRIES",
    "STATUS_LIST_2021_CONTEXT",
    "VC_V2_CONTEXT",
    "StatusList",
    "StatusMessage",
    "StatusPurpose",
    "check_status_messages",
    "check_status_size",
    "parse_status_message",
    "status_entry",
    "status_list_credential",
]
